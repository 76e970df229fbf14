#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster for fpmcoder's server tests, on 127.0.0.1 with
# password (SCRAM) authentication over TCP. Source it:  source .ci/postgres.sh
# It sets FPMCODER_TEST_POSTGRES (a superuser URL for the tests), FPMCODER_TEST_PGDATA and
# FPMCODER_TEST_PGBIN (so that a test can stop and start the server). Installs Debian's
# postgresql package when no server binaries are found. Everything lives in a temporary
# folder; nothing else on the machine is touched.
set -euo pipefail

pg_bin=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && pg_bin="$d"; done
if [ -z "$pg_bin" ]; then
  echo "ci: installing postgresql"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && pg_bin="$d"; done
fi

port="${FPMCODER_PG_PORT:-54329}"
# a port another server already listens on (an earlier run's) is passed over
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
base="$(mktemp -d /tmp/fpmcoder-pg.XXXXXX)"
pgdata="$base/data"
password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
printf '%s\n' "$password" > "$base/pw"

as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown -R postgres "$base"
  chmod 700 "$base"
  runuser_bin="$(command -v runuser || echo /usr/sbin/runuser)"
  as_pg=("$runuser_bin" -u postgres --)
fi
"${as_pg[@]}" "$pg_bin/initdb" -D "$pgdata" -U postgres --pwfile="$base/pw" \
  --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
rm -f "$base/pw"
cat >> "$pgdata/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$base'
synchronous_commit = on
fsync = on
max_connections = 200
CONF
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pgdata" -l "$base/log" -w start >/dev/null

export FPMCODER_TEST_POSTGRES="postgresql://postgres:$password@127.0.0.1:$port/postgres"
export FPMCODER_TEST_PGDATA="$pgdata"
export FPMCODER_TEST_PGBIN="$pg_bin"
echo "ci: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($pgdata)"
