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

if [ -z "${MKTREPORT_TEST_POSTGRES:-}" ]; then
    if [ ! -f "$data/.complete" ]; then
        echo "generating the $SCALE scale into $data (once)"
        rm -rf "$data"
        "$BIN" fixtures --seed 42 --scale "$SCALE" --out "$data" --quiet
        touch "$data/.complete"
    fi
    exec .ci/with-postgres "$0" "$@"
fi

export PGPASSWORD=$MKTREPORT_TEST_PGPASSWORD
psql=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/psql
[ -x "$psql" ] || psql=psql
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
loopback_bytes() { awk -F'[: ]+' '$2 == "lo" { print $3 }' /proc/net/dev; }
# "seconds peak_MiB loopback_MiB" of one command.
measure() {
    local before after
    before=$(loopback_bytes)
    /usr/bin/time -v "$@" > /dev/null 2> "$CACHE/last.log"
    after=$(loopback_bytes)
    awk -F': ' -v wire=$((after - before)) '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = p[n] + (n > 1 ? 60 * p[n - 1] : 0) }
                /Maximum resident set size/ { m = $2 / 1024 }
                END { printf "%.2f %.0f %.0f\n", s, m, wire / 1048576 }' "$CACHE/last.log"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); data: $data ($(du -sm --apparent-size "$data" | cut -f1) MiB of files)"
read -r seconds peak wire < <(measure "$BIN" import --data "$data" --into "$MKTREPORT_TEST_POSTGRES")
tables=$("$psql" "$MKTREPORT_TEST_POSTGRES" -Atc "select sum(pg_total_relation_size(c.oid)) / 1048576 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'")
echo "import: $seconds s, peak $peak MiB, $wire MiB over loopback; tables: ${tables%.*} MiB"

: > "$CACHE/pg-runs.txt"
for _ in $(seq "$RUNS"); do
    rm -rf "$CACHE/out-files" "$CACHE/out-pg"
    files=$(measure "$BIN" report --data "$data" --out "$CACHE/out-files" --from $FROM --to $TO)
    pg=$(measure "$BIN" report --source "$MKTREPORT_TEST_POSTGRES" --out "$CACHE/out-pg" --from $FROM --to $TO)
    echo "$files $pg" >> "$CACHE/pg-runs.txt"
    cmp -s "$CACHE/out-files/${FROM}_$TO/report.json" "$CACHE/out-pg/${FROM}_$TO/report.json" || { echo "report.json differs between --data and --source" >&2; exit 1; }
done
col() { awk -v c="$1" '{ print $c }' "$CACHE/pg-runs.txt" | median; }
printf '%-18s %9s %9s %14s\n' "" "wall s" "peak MiB" "loopback MiB"
printf '%-18s %9s %9s %14s\n' "report --data" "$(col 1)" "$(col 2)" "$(col 3)"
printf '%-18s %9s %9s %14s\n' "report --source" "$(col 4)" "$(col 5)" "$(col 6)"
echo "(median of $RUNS alternating pairs; report.json identical in every pair)"
