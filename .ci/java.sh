#!/usr/bin/env bash
# Make sure a Java runtime (17 or newer) is on PATH for the Spark tests (tests/spark).
# Installs Debian's openjdk-17-jre-headless with apt-get only when no suitable java is
# found; running it again does nothing. The last line printed is JAVA_HOME=<dir>, so the
# caller can:  export "$(bash .ci/java.sh | tail -n 1)"
set -euo pipefail

java_major() {
  # "17.0.15" -> 17, "1.8.0_392" -> 8; empty when java is absent
  command -v java >/dev/null 2>&1 || return 0
  java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}' \
    | awk -F. '{ if ($1 == "1") print $2; else print $1 }'
}

home_of() {  # JAVA_HOME of a java binary
  dirname "$(dirname "$(readlink -f "$1")")"
}

major=$(java_major)
if [ -n "$major" ] && [ "$major" -ge 17 ]; then
  echo "java $major already on PATH"
  echo "JAVA_HOME=$(home_of "$(command -v java)")"
  exit 0
fi

for dir in /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/java-2[0-9]-openjdk-*; do
  if [ -x "$dir/bin/java" ]; then
    echo "java found in $dir (not on PATH)"
    echo "JAVA_HOME=$dir"
    exit 0
  fi
done

if [ "$(id -u)" -ne 0 ]; then
  echo "java 17+ is missing and this script is not root: install openjdk-17-jre-headless" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# the JRE's post-install script expects the man directory to exist on slim images
mkdir -p /usr/share/man/man1
apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
major=$(java_major)
if [ -z "$major" ] || [ "$major" -lt 17 ]; then
  echo "openjdk-17-jre-headless installed but java 17+ is still not on PATH" >&2
  exit 1
fi
echo "java $major installed"
echo "JAVA_HOME=$(home_of "$(command -v java)")"
