#!/usr/bin/env bash
# `make bench-compare`: mktreport against the reference pipelines an analyst would write, on the
# same generated folder (default: the medium scale), medians of RUNS runs (default 3):
# the whole report against pandas + scikit-learn + statsforecast + statsmodels, and mktreport's
# load-and-aggregate (the load and facts stages) against DuckDB's.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${1:-medium}
RUNS=${RUNS:-3}
BIN=.build/release/mktreport
CACHE=bench/.cache
DATA=$CACHE/data/$SCALE
PY=bench/.venv/bin/python
FROM=2026-11-23
TO=2026-11-29
source bench/lib.sh
generated_scale "$SCALE"
json_field() { sed -E "s/.*\"$1\": ([0-9.]+).*/\1/"; }

: > bench/.cache/compare.txt
for _ in $(seq "$RUNS"); do
    rm -rf bench/.cache/out
    started=$(date +%s.%N)
    .build/release/mktreport report --data "$DATA" --out bench/.cache/out --from $FROM --to $TO 2> bench/.cache/last.log
    ours=$(echo "$(date +%s.%N) - $started" | bc -l)
    ours_load=$(grep -E '^\[mktreport\] (orders|customers|products|ads|events|facts):' bench/.cache/last.log \
        | sed -E 's/.* in ([0-9.]+) s.*/\1/' | awk '{ s += $1 } END { print s }')
    pandas=$($PY bench/reference/pandas_report.py "$DATA" $FROM $TO)
    duck=$($PY bench/reference/duckdb_load_aggregate.py "$DATA" $FROM $TO)
    echo "$ours $ours_load $(echo "$pandas" | json_field total) $(echo "$duck" | json_field total)" >> bench/.cache/compare.txt
    echo "run: mktreport $ours s (load+facts $ours_load s); pandas $pandas; duckdb $duck"
done
col() { awk -v c="$1" '{ print $c }' bench/.cache/compare.txt | median; }
ours=$(col 1); ours_load=$(col 2); pandas=$(col 3); duck=$(col 4)
echo
echo "on $SCALE, median of $RUNS runs:"
printf '  full report:       mktreport %7.2f s   pandas reference %7.2f s   pandas / mktreport %5.1fx\n' "$ours" "$pandas" "$(echo "$pandas / $ours" | bc -l)"
printf '  load and aggregate: mktreport %7.2f s   DuckDB            %7.2f s   DuckDB / mktreport %5.1fx\n' "$ours_load" "$duck" "$(echo "$duck / $ours_load" | bc -l)"
