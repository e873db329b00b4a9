#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the dfgov test-suite and print its URL.
#
#   eval "$(bash .ci/postgres.sh | tail -n 1)"   # sets DFGOV_TEST_POSTGRES_URL
#
# As root on Debian/Ubuntu it installs PostgreSQL from apt when absent. The
# cluster lives in $DFGOV_PG_DIR (default /tmp/dfgov-postgres), listens on
# 127.0.0.1 only, on a free port, with trust authentication (test use only),
# and runs as the 'postgres' user (as the calling user when not root).
# Idempotent: a second run reuses (or restarts) the same cluster.
# Stop it with:  bash .ci/postgres.sh stop
# The last line of output is DFGOV_TEST_POSTGRES_URL=postgresql+psycopg://...
set -euo pipefail

PG_DIR="${DFGOV_PG_DIR:-/tmp/dfgov-postgres}"
DB_NAME="${DFGOV_PG_DB:-dfgov_test}"

die() { echo "postgres.sh: error: $*" >&2; exit 1; }
log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]] && echo "$d"
}

BIN="$(find_bindir || true)"
if [[ -z "$BIN" ]]; then
  [[ "$(id -u)" -eq 0 ]] || die "PostgreSQL is not installed and installing it needs root."
  command -v apt-get >/dev/null || die "PostgreSQL is not installed and apt-get is unavailable."
  log "installing PostgreSQL from apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN="$(find_bindir || true)"
  [[ -n "$BIN" ]] || die "apt installed postgresql but no /usr/lib/postgresql/*/bin/initdb was found."
fi

if [[ "$(id -u)" -eq 0 ]]; then
  RUN_USER=postgres
  id -u "$RUN_USER" >/dev/null 2>&1 || die "user 'postgres' does not exist."
  as_pg() { runuser -u "$RUN_USER" -- "$@"; }
else
  RUN_USER="$(id -un)"
  as_pg() { "$@"; }
fi

DATA="$PG_DIR/data"
PORT_FILE="$PG_DIR/port"

if [[ "${1:-}" == "stop" ]]; then
  if [[ -d "$DATA" ]]; then as_pg "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2 || true; fi
  exit 0
fi

free_port() {
  python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

mkdir -p "$PG_DIR"
chown "$RUN_USER" "$PG_DIR"
chmod 700 "$PG_DIR"

if [[ ! -s "$DATA/PG_VERSION" ]]; then
  log "initialising a cluster in $DATA"
  rm -rf "$DATA"
  as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed."; }
  free_port >"$PORT_FILE"
fi
[[ -s "$PORT_FILE" ]] || free_port >"$PORT_FILE"
PORT="$(cat "$PORT_FILE")"

if ! as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "starting PostgreSQL on 127.0.0.1:$PORT"
  if ! as_pg "$BIN/pg_ctl" -D "$DATA" -l "$PG_DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PG_DIR" start >&2; then
    # The remembered port may have been taken meanwhile: try once on a fresh one.
    free_port >"$PORT_FILE"; PORT="$(cat "$PORT_FILE")"
    log "retrying on port $PORT"
    as_pg "$BIN/pg_ctl" -D "$DATA" -l "$PG_DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PG_DIR" start >&2 \
      || { tail -n 20 "$PG_DIR/server.log" >&2; die "the server did not start."; }
  fi
fi

PSQL=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
exists="$(as_pg "${PSQL[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" \
  || die "cannot connect to the server on 127.0.0.1:$PORT."
if [[ "$exists" != "1" ]]; then
  as_pg "${PSQL[@]}" -c "CREATE DATABASE \"$DB_NAME\"" >&2 || die "CREATE DATABASE failed."
fi

echo "DFGOV_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB_NAME"
