#!/usr/bin/env bash
# `make bench-postgres` (issue 25): the medium shop through PostgreSQL against the file path.
# Starts a throwaway cluster (.ci/with-postgres), times `mktreport import` of the generated medium
# folder, then RUNS alternating pairs of `report --data` and `report --source`, with wall time,
# peak memory, the bytes that crossed the loopback interface during each run (both directions;
# the machine should be otherwise idle) and the tables' size; checks that both give the same
# report.json.
#
#   bench/postgres.sh [SCALE]    default medium; RUNS=3 by default
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/mktreport
CACHE=bench/.cache
SCALE=${1:-medium}
RUNS=${RUNS:-3}
FROM=2026-11-23
TO=2026-11-29
data="$CACHE/data/$SCALE"
source bench/lib.sh

if [ -z "${MKTREPORT_TEST_POSTGRES:-}" ]; then
    generated_scale "$SCALE"
    exec .ci/with-postgres "$0" "$@"
fi

export PGPASSWORD=$MKTREPORT_TEST_PGPASSWORD
psql=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/psql
[ -x "$psql" ] || psql=psql
loopback_bytes() { awk -F'[: ]+' '$2 == "lo" { print $3 }' /proc/net/dev; }
# "seconds peak_MiB loopback_MiB" of one command.
measure_with_wire() {
    local before after seconds peak
    before=$(loopback_bytes)
    read -r seconds peak < <(measure "$@")
    after=$(loopback_bytes)
    echo "$seconds $peak $(( (after - before) / 1048576 ))"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); data: $data ($(du -sm --apparent-size "$data" | cut -f1) MiB of files)"
read -r seconds peak wire < <(measure_with_wire "$BIN" import --data "$data" --into "$MKTREPORT_TEST_POSTGRES")
tables=$("$psql" "$MKTREPORT_TEST_POSTGRES" -Atc "select sum(pg_total_relation_size(c.oid)) / 1048576 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'")
echo "import: $seconds s, peak $peak MiB, $wire MiB over loopback; tables: ${tables%.*} MiB"

: > "$CACHE/pg-runs.txt"
for _ in $(seq "$RUNS"); do
    rm -rf "$CACHE/out-files" "$CACHE/out-pg"
    files=$(measure_with_wire "$BIN" report --data "$data" --out "$CACHE/out-files" --from $FROM --to $TO)
    pg=$(measure_with_wire "$BIN" report --source "$MKTREPORT_TEST_POSTGRES" --out "$CACHE/out-pg" --from $FROM --to $TO)
    echo "$files $pg" >> "$CACHE/pg-runs.txt"
    cmp -s "$CACHE/out-files/${FROM}_$TO/report.json" "$CACHE/out-pg/${FROM}_$TO/report.json" || { echo "report.json differs between --data and --source" >&2; exit 1; }
done
col() { awk -v c="$1" '{ print $c }' "$CACHE/pg-runs.txt" | median; }
printf '%-18s %9s %9s %14s\n' "" "wall s" "peak MiB" "loopback MiB"
printf '%-18s %9s %9s %14s\n' "report --data" "$(col 1)" "$(col 2)" "$(col 3)"
printf '%-18s %9s %9s %14s\n' "report --source" "$(col 4)" "$(col 5)" "$(col 6)"
echo "(median of $RUNS alternating pairs; report.json identical in every pair)"
