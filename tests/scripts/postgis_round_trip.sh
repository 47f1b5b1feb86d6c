#!/usr/bin/env bash
# PostGIS in and out, against a real PostgreSQL 15 + PostGIS 3 started here (Unix socket only):
# - incidents read from a table (--incidents PG:... tables=...) and from SQL (--incidents-sql)
#   give the same wards.csv, byte for byte, as the police.uk files they were loaded from;
# - --db writes the GeoPackage's tables into a schema whose ward counts equal wards.csv;
# - a second (public) run replaces the tables and drops the incidents table;
# - a role without CREATE rights, a bad connection string and a non-PG --db fail with exit 2,
#   a clear message, no password echoed and no half-written schema.
# Usage: postgis_round_trip.sh HOTSPOT_BINARY DATA_DIR (DATA_DIR holds essex/)
set -euo pipefail
binary=$1 data=$2
here=$(cd "$(dirname "$0")" && pwd)
if [[ ! -d $data/essex ]]; then
  if [[ -n ${CI:-} ]]; then echo "FAILED: no Essex data in $data (CI)"; exit 1; fi
  echo "skipped: no Essex data in $data"; exit 77
fi
# shellcheck source=temp_postgres.sh
source "$here/temp_postgres.sh"
work=$(mktemp -d /tmp/hotspot-postgis.XXXXXX)
chmod 755 "$work"
start_postgres "$work/pg"
# Replaces temp_postgres.sh's trap: stop the server, then remove the whole work folder.
trap 'eval "$POSTGRES_STOP" >/dev/null 2>&1; rm -rf "$work"' EXIT
passes=0 failures=0
check() {  # check "what" command...
  local what=$1
  shift
  if "$@"; then
    echo "ok: $what"
    passes=$((passes + 1))
  else
    echo "FAILED: $what"
    failures=$((failures + 1))
  fi
}

psql -q -d postgres -c "CREATE DATABASE crime"
psql -q -d crime -c "CREATE EXTENSION postgis" -c "CREATE ROLE analyst LOGIN" \
  -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC" -c "REVOKE CREATE ON DATABASE crime FROM PUBLIC"
db="PG:dbname=crime host=$PGHOST user=postgres"

# The police.uk files as one table of points, as a force's analyst would hold them.
first=1
for file in "$data"/essex/police-uk/*.csv; do
  mode=(-nln incidents -lco GEOMETRY_NAME=geom -lco FID=fid)
  [[ $first == 1 ]] || mode=(-append -nln incidents)
  ogr2ogr -f PostgreSQL "$db" "$file" -oo X_POSSIBLE_NAMES=Longitude -oo Y_POSSIBLE_NAMES=Latitude \
    -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4326 "${mode[@]}"
  first=0
done
wards=("--wards" "$data/essex/wards-2013.geojson")
common=(--no-viewer --no-tiles --quiet)

"$binary" analyse --incidents "$data/essex/police-uk" "${wards[@]}" "${common[@]}" --out "$work/files"
"$binary" analyse --incidents "$db tables=incidents" "${wards[@]}" "${common[@]}" --out "$work/table" \
  --db "$db" --db-schema hotspot
"$binary" analyse --incidents "$db" --incidents-sql "SELECT * FROM incidents WHERE geom IS NOT NULL OR true" \
  "${wards[@]}" "${common[@]}" --out "$work/sql"

check "wards.csv from a database table equals the file route, byte for byte" \
  cmp -s "$work/files/wards.csv" "$work/table/wards.csv"
check "wards.csv from an SQL query equals the file route" cmp -s "$work/files/wards.csv" "$work/sql/wards.csv"

# The database's ward counts against wards.csv (code,total in both).
python3 - "$work/files/wards.csv" >"$work/expected.txt" <<'PY'
import csv, sys
rows = csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))
for row in sorted(rows, key=lambda r: r["ward_code"]):
    print(f'{row["ward_code"]}|{row["total"]}|{row["burglary"]}')
PY
psql -At -d crime -c 'SELECT ward_code, total, burglary FROM hotspot.wards ORDER BY ward_code' >"$work/database.txt"
check "hotspot.wards holds the same ward counts as wards.csv (304 wards)" \
  bash -c "cmp -s '$work/expected.txt' '$work/database.txt' && [[ \$(wc -l <'$work/database.txt') == 304 ]]"
incidents=$(psql -At -d crime -c 'SELECT count(*) FROM hotspot.incidents')
accepted=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['rows']['accepted'])" "$work/table/summary.json")
check "hotspot.incidents has one row per accepted incident ($incidents)" test "$incidents" == "$accepted"
styles=$(psql -At -d crime -c "SELECT count(*) FROM hotspot.layer_styles WHERE useasdefault")
check "hotspot.layer_styles holds a default style per table" test "$styles" == 3
check "summary.json names the database without checksum" \
  grep -q '"source": "database"' "$work/table/summary.json"

# A public run replaces the tables in one transaction and leaves no incidents table.
"$binary" analyse --incidents "$data/essex/police-uk" "${wards[@]}" "${common[@]}" --out "$work/public" \
  --public --db "$db" --db-schema hotspot
check "a public run drops the incidents table" \
  test "$(psql -At -d crime -c "SELECT to_regclass('hotspot.incidents') IS NULL")" == t
check "a public run's wards table withholds small counts like its wards.csv" test \
  "$(psql -At -d crime -c 'SELECT count(*) FROM hotspot.wards WHERE total IS NULL')" == \
  "$(python3 -c "import csv,sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1],encoding='utf-8-sig')) if r['total']==''))" "$work/public/wards.csv")"

# Failures: exit 2, a clear message, no password shown, nothing half-written.
before=$(psql -At -d crime -c 'SELECT count(*) FROM hotspot.wards')
set +e
output=$("$binary" analyse --incidents "$data/essex/police-uk" "${wards[@]}" "${common[@]}" \
  --out "$work/denied" --db "PG:dbname=crime host=$PGHOST user=analyst password=s3cret" --db-schema newschema 2>&1)
code=$?
set -e
check "a role without CREATE rights fails with exit 2 ($code)" test "$code" == 2
check "its message says permission denied and nothing was changed" \
  bash -c "grep -q 'permission denied' <<<\"\$1\" && grep -q 'Nothing was changed' <<<\"\$1\"" _ "$output"
check "its message hides the password" bash -c "! grep -q s3cret <<<\"\$1\"" _ "$output"
check "no schema was left behind" \
  test "$(psql -At -d crime -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'newschema'")" == 0
set +e
"$binary" analyse --incidents "$data/essex/police-uk" "${wards[@]}" "${common[@]}" --out "$work/denied2" \
  --db "PG:dbname=crime host=$PGHOST user=analyst" --db-schema hotspot >/dev/null 2>&1
code=$?
set -e
check "writing into a schema the role may not change fails with exit 2 ($code)" test "$code" == 2
check "and leaves the earlier run's tables whole" \
  test "$(psql -At -d crime -c 'SELECT count(*) FROM hotspot.wards')" == "$before"
for bad in "PG:dbname=nosuchdb host=$PGHOST user=postgres password=hunter2" "crime.sqlite"; do
  set +e
  output=$("$binary" analyse --incidents "$data/essex/police-uk" "${wards[@]}" "${common[@]}" \
    --out "$work/bad" --db "$bad" 2>&1)
  code=$?
  set -e
  check "--db '${bad%% *}...' fails with exit 2 ($code): $(head -c 160 <<<"$output")" test "$code" == 2
  check "and hides the password" bash -c "! grep -q hunter2 <<<\"\$1\"" _ "$output"
done
set +e
output=$("$binary" analyse --incidents "PG:dbname=crime host=$PGHOST user=postgres tables=nosuchtable" \
  "${wards[@]}" "${common[@]}" --out "$work/bad" 2>&1)
code=$?
set -e
check "a missing incident table fails with exit 2 ($code): $(head -c 160 <<<"$output")" test "$code" == 2

rm -rf "$work/files" "$work/table" "$work/sql" "$work/public"
echo "$passes passed, $failures failed"
exit $((failures > 0))
