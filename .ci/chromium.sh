#!/usr/bin/env bash
# Make sure headless Chromium and a CJK font are installed, for the browser test
# (tests/browser) and PDF output. Installs Debian's chromium and fonts-noto-cjk with
# apt-get only when missing; running it again does nothing. The last line printed is
# DFGOV_CHROMIUM=<path>, so the caller can:  export "$(bash .ci/chromium.sh | tail -n 1)"
set -euo pipefail

find_chromium() {
  for name in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
  done
  return 0
}

need=()
[ -n "$(find_chromium)" ] || need+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -qi "cjk\|han sans\|wenquanyi" || need+=(fonts-noto-cjk)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing ${need[*]} and this script is not root: install them with apt-get" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  echo "installed ${need[*]}"
else
  echo "chromium and a CJK font already installed"
fi
exe=$(find_chromium)
if [ -z "$exe" ]; then
  echo "chromium was installed but is not on PATH" >&2
  exit 1
fi
"$exe" --version 2>/dev/null | head -n 1 || true
echo "DFGOV_CHROMIUM=$exe"
