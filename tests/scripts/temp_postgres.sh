#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS 3 server for tests: a cluster in a temporary folder that
# listens only on a Unix socket in that folder (no TCP), trust authentication, stopped and removed
# when the calling script exits. Source it, then call: start_postgres DIR. It sets PGHOST (the
# socket folder), PGUSER=postgres and PG_BIN. As root the server runs as the `postgres` user
# (initdb refuses root).
start_postgres() {
  local dir=$1
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -x $PG_BIN/initdb ]] || { echo "PostgreSQL is not installed (apt-get install postgresql-15 postgresql-15-postgis-3)" >&2; return 1; }
  mkdir -p "$dir"
  local as=()
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres "$dir"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; return 1; }
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-k $dir -c listen_addresses='' -c fsync=off" start >/dev/null ||
    { cat "$dir/server.log" >&2; return 1; }
  export PGHOST=$dir PGUSER=postgres PG_BIN
  POSTGRES_STOP="${as[*]} $PG_BIN/pg_ctl -D $dir/data -m immediate stop"
  trap 'eval "$POSTGRES_STOP" >/dev/null 2>&1; rm -rf "'"$dir"'"' EXIT
}
