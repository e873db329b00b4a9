#!/usr/bin/env bash
# A throwaway SoftHSM2 token for the PKCS#11 tests; prints the settings to export.
#
#   while read -r line; do export "$line"; done < <(bash .ci/softhsm.sh)
#
# As root on Debian/Ubuntu it installs SoftHSM2 from apt when absent. The token
# store lives in $DFGOV_SOFTHSM_DIR (default /tmp/dfgov-softhsm) with its own
# softhsm2.conf; the token is labelled "dfgov-test" and has test PINs (user
# 1234, SO 12345678) -- test use only. Idempotent: a second run reuses the token.
# Output (stdout), one KEY=VALUE per line:
#   SOFTHSM2_CONF, DFGOV_TEST_PKCS11_MODULE, DFGOV_TEST_PKCS11_TOKEN, DFGOV_TEST_PKCS11_PIN
set -euo pipefail

DIR="${DFGOV_SOFTHSM_DIR:-/tmp/dfgov-softhsm}"
LABEL="dfgov-test"
PIN="1234"
SO_PIN="12345678"

die() { echo "softhsm.sh: error: $*" >&2; exit 1; }
log() { echo "softhsm.sh: $*" >&2; }

find_module() {
  local m
  for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so \
           /usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so /usr/local/lib/softhsm/libsofthsm2.so; do
    [[ -f "$m" ]] && { echo "$m"; return 0; }
  done
  return 1
}

MODULE="$(find_module || true)"
if [[ -z "$MODULE" ]] || ! command -v softhsm2-util >/dev/null; then
  [[ "$(id -u)" -eq 0 ]] || die "SoftHSM2 is not installed and installing it needs root."
  command -v apt-get >/dev/null || die "SoftHSM2 is not installed and apt-get is unavailable."
  log "installing SoftHSM2 from apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq softhsm2 >&2
  MODULE="$(find_module || true)"
  [[ -n "$MODULE" ]] || die "apt installed softhsm2 but libsofthsm2.so was not found."
fi

mkdir -p "$DIR/tokens"
chmod 700 "$DIR"
CONF="$DIR/softhsm2.conf"
cat > "$CONF" <<CONF
directories.tokendir = $DIR/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
CONF
export SOFTHSM2_CONF="$CONF"

if softhsm2-util --show-slots 2>/dev/null | grep -q "Label: *$LABEL *$"; then
  log "token '$LABEL' already initialised in $DIR"
else
  softhsm2-util --init-token --free --label "$LABEL" --so-pin "$SO_PIN" --pin "$PIN" >&2
fi

echo "SOFTHSM2_CONF=$CONF"
echo "DFGOV_TEST_PKCS11_MODULE=$MODULE"
echo "DFGOV_TEST_PKCS11_TOKEN=$LABEL"
echo "DFGOV_TEST_PKCS11_PIN=$PIN"
