#!/usr/bin/env bash
# Starts a streaming replica of the local PostgreSQL cluster (127.0.0.1:5432)
# on 127.0.0.1:5433, for the read-replica tests, and prints the line that
# switches them on:
#
#   eval "$(.ci/replica.sh)"      # exports INTEQRA_TEST_POSTGRES_REPLICA
#   .ci/replica.sh stop           # stops the replica, removes it and the
#                                 # primary's replication line in pg_hba.conf
#
# Run as root (it works as the postgres user). It is idempotent: a replica
# already running is kept, one stopped is started again, one that will not
# start is made anew. It lets the primary accept replication connections
# from 127.0.0.1 (a line in pg_hba.conf, then a reload). Whatever fails is
# said on stderr and ends the script with a non-zero status.
set -euo pipefail

PORT=5433
DIR=/var/lib/postgresql/replica
LOG=/var/lib/postgresql/replica.log
HBA_LINE="host replication all 127.0.0.1/32 trust"

fail() { echo "replica.sh: $*" >&2; exit 1; }
say() { echo "replica.sh: $*" >&2; }

[ "$(id -u)" = 0 ] || fail "must run as root (it runs PostgreSQL's tools as the postgres user)"
V=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
[ -n "$V" ] || fail "no PostgreSQL cluster in /etc/postgresql"
BIN=/usr/lib/postgresql/$V/bin
[ -x "$BIN/pg_basebackup" ] || fail "$BIN/pg_basebackup is missing"
as_pg() { runuser -u postgres -- "$@"; }

if [ "${1:-}" = stop ]; then
  if [ -f "$DIR/postmaster.pid" ]; then as_pg "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >&2 || true; fi
  rm -rf "$DIR" "$LOG"
  # And the primary no longer accepts replication from 127.0.0.1.
  hba=/etc/postgresql/$V/main/pg_hba.conf
  if [ -f "$hba" ] && grep -qxF "$HBA_LINE" "$hba"; then
    grep -vxF "$HBA_LINE" "$hba" >"$hba.new" && cat "$hba.new" >"$hba" && rm -f "$hba.new"
    if pg_isready -h 127.0.0.1 -p 5432 -q; then
      psql -h 127.0.0.1 -p 5432 -U postgres -Atc 'SELECT pg_reload_conf()' >/dev/null
    fi
  fi
  say "replica stopped and removed"
  exit 0
fi

pg_isready -h 127.0.0.1 -p 5432 -q || fail "the primary does not answer on 127.0.0.1:5432; start it first"

# The replica is ready when it answers and is in recovery.
standby() {
  [ "$(psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -Atc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ]
}

start() {
  as_pg "$BIN/pg_ctl" -D "$DIR" -l "$LOG" -w -t 60 start >&2 || return 1
  for _ in $(seq 1 30); do standby && return 0; sleep 1; done
  return 1
}

make_replica() {
  # The primary must let pg_basebackup and the replica stream its WAL.
  hba=$(psql -h 127.0.0.1 -p 5432 -U postgres -Atc 'SHOW hba_file')
  if ! grep -qxF "$HBA_LINE" "$hba"; then
    say "letting $hba accept replication from 127.0.0.1"
    echo "$HBA_LINE" >>"$hba"
    psql -h 127.0.0.1 -p 5432 -U postgres -Atc 'SELECT pg_reload_conf()' >/dev/null
    sleep 1
  fi
  rm -rf "$DIR"
  install -d -o postgres -g postgres -m 700 "$DIR"
  say "copying the primary with pg_basebackup into $DIR"
  as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p 5432 -U postgres -D "$DIR" -R -X stream -c fast \
    || fail "pg_basebackup failed (see above)"
  # Debian keeps the primary's configuration in /etc, so the copy has none:
  # the replica gets its own, small one. pg_basebackup -R has written
  # standby.signal and primary_conninfo (in postgresql.auto.conf).
  as_pg tee "$DIR/postgresql.conf" >/dev/null <<EOF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '/var/run/postgresql'
hot_standby = on
max_connections = 100
EOF
  as_pg tee "$DIR/pg_hba.conf" >/dev/null <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
  as_pg touch "$DIR/pg_ident.conf"
}

if standby; then
  say "replica already running on port $PORT"
elif [ -f "$DIR/standby.signal" ] && start; then
  say "replica started again on port $PORT"
else
  [ -f "$DIR/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$DIR" -m immediate -w stop >&2 2>/dev/null || true
  make_replica
  start || { tail -n 20 "$LOG" >&2 || true; fail "the replica did not start on port $PORT (log: $LOG)"; }
  say "replica running on port $PORT"
fi
echo "export INTEQRA_TEST_POSTGRES_REPLICA='postgres://postgres@127.0.0.1:$PORT/test?sslmode=disable'"
