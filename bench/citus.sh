#!/usr/bin/env bash
# `--source` on Citus (issue 25): a throwaway single-node Citus cluster (.ci/with-postgres with
# Citus preloaded; the coordinator holds the shards), each fixtures shape imported and distributed
# by customer_id (products and ads as reference tables), then report.json of `--data` and of
# `--source` compared for three windows in Europe/Berlin; with MEDIUM=1 also `validate` of the
# generated medium shop both ways. Debian packages no Citus: build it from source against
# PostgreSQL 15 first (README, "Citus"; BENCHMARKS.md says how it was built here).
#
#   bench/citus.sh [SHAPES]    default: every shape of `mktreport fixtures`
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/mktreport
CACHE=bench/.cache
SHAPES=${1:-all orders-only no-ads no-events no-customers no-catalog one-variant 25-customers one-customer one-year six-weeks quiet-week guests}
WINDOWS=("2026-11-23 2026-11-29" "2026-06-01 2026-06-07" "2025-12-29 2026-01-04")

if [ -z "${MKTREPORT_TEST_POSTGRES:-}" ]; then
    lib=$(ls -d /usr/lib/postgresql/*/lib 2>/dev/null | sort -V | tail -1)
    [ -f "$lib/citus.so" ] || { echo "citus.sh: no Citus in $lib (build it from source first)" >&2; exit 2; }
    MKTREPORT_POSTGRES_OPTIONS="-c shared_preload_libraries=citus" exec .ci/with-postgres "$0" "$@"
fi

export PGPASSWORD=$MKTREPORT_TEST_PGPASSWORD
port=$(echo "$MKTREPORT_TEST_POSTGRES" | sed -E 's/.*:([0-9]+)\/.*/\1/')
sql() { psql "$MKTREPORT_TEST_POSTGRES" -qAt -v ON_ERROR_STOP=1 "$@"; }
# The coordinator holds the shards and reaches them with the test role's password (pg_dist_authinfo).
sql -c "CREATE EXTENSION citus" -c "SELECT citus_set_coordinator_host('127.0.0.1', $port)" \
    -c "SELECT citus_set_node_property('127.0.0.1', $port, 'shouldhaveshards', true)" \
    -c "INSERT INTO pg_dist_authinfo VALUES (0, 'mktreport', 'password=$PGPASSWORD')" > /dev/null
echo "$(sql -c 'SELECT citus_version()')"
out=$(mktemp -d)
config=$out/berlin.json
echo '{"time_zone": "Europe/Berlin"}' > "$config"

# Imports DIR into SCHEMA and distributes its tables.
distributed_import() {
    "$BIN" import --data "$1" --into "$MKTREPORT_TEST_POSTGRES?schema=$2" --quiet
    for table in orders customers events; do
        [ "$(sql -c "SELECT to_regclass('$2.$table') IS NOT NULL")" = t ] || continue
        sql -c "SELECT create_distributed_table('$2.$table', 'customer_id')" -c "SELECT truncate_local_data_after_distributing_table('$2.$table')" > /dev/null
    done
    for table in products ads; do
        [ "$(sql -c "SELECT to_regclass('$2.$table') IS NOT NULL")" = t ] || continue
        sql -c "SELECT create_reference_table('$2.$table')" -c "SELECT truncate_local_data_after_distributing_table('$2.$table')" > /dev/null
    done
}

same=0; differ=0
for shape in $SHAPES; do
    data="$CACHE/shapes/$shape"
    [ -d "$data" ] || "$BIN" fixtures --seed 7 --scale small --shape "$shape" --out "$data" --quiet
    schema=shape_$(echo "$shape" | tr '-' '_')
    distributed_import "$data" "$schema"
    for window in "${WINDOWS[@]}"; do
        set -- $window
        rm -rf "${out:?}/files" "$out/citus"
        files_status=0; citus_status=0
        "$BIN" report --data "$data" --out "$out/files" --config "$config" --from "$1" --to "$2" --quiet > /dev/null 2>&1 || files_status=$?
        "$BIN" report --source "$MKTREPORT_TEST_POSTGRES?schema=$schema" --out "$out/citus" --config "$config" --from "$1" --to "$2" --quiet > /dev/null 2>&1 || citus_status=$?
        if [ $files_status = $citus_status ] && cmp -s "$out/files/$1_$2/report.json" "$out/citus/$1_$2/report.json" 2>/dev/null \
           || { [ $files_status = $citus_status ] && [ $files_status != 0 ]; }; then
            same=$((same + 1))
        else
            differ=$((differ + 1)); echo "differs: $shape, $1 (exit $files_status / $citus_status)"
        fi
    done
done
echo "shapes x windows: $same the same (report.json, or the same failing exit), $differ different"

if [ "${MEDIUM:-0}" = 1 ]; then
    source bench/lib.sh
    generated_scale medium
    distributed_import "$CACHE/data/medium" medium
    "$BIN" validate --data "$CACHE/data/medium" --from 2026-11-23 --to 2026-11-29 > "$out/files.txt" 2>/dev/null
    start=$(date +%s.%N)
    "$BIN" validate --source "$MKTREPORT_TEST_POSTGRES?schema=medium" --from 2026-11-23 --to 2026-11-29 > "$out/citus.txt" 2>/dev/null
    echo "medium validate --source on Citus: $(echo "$(date +%s.%N) - $start" | bc | cut -c1-6) s, output $(cmp -s "$out/files.txt" "$out/citus.txt" && echo "the same as --data" || echo "DIFFERENT from --data")"
fi
rm -rf "$out"
