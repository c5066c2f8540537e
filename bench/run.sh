#!/usr/bin/env bash
# `make bench`: whole-run figures for mktreport on the generated scales (medians of RUNS runs),
# per-stage times from the run's own progress lines, `mktreport recommend` on medium, and the
# forecasting speed race. Peak memory is /usr/bin/time's maximum resident set size. With the
# bench venv, each report run is followed by DuckDB's load + aggregate of the same folder
# (bench/reference/duckdb_load_aggregate.py), so the ratio is measured in the same run, alternating.
#
#   bench/run.sh [SCALES]        default "small medium large"; RUNS=3 by default (large: 1)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/mktreport
CACHE=bench/.cache
PY=bench/.venv/bin/python
SCALES=${1:-small medium large}
RUNS=${RUNS:-3}
FROM=2026-11-23
TO=2026-11-29

source bench/lib.sh

# Seconds a progress line reports for a stage: "[mktreport] STAGE: ... in 1.23 s".
stage_seconds() { grep -E "^\[mktreport\] ($1):" "$CACHE/last.log" | sed -E 's/.* in ([0-9.]+) s.*/\1/' | awk '{ s += $1 } END { printf "%.2f", s }'; }
model_stage() { grep '^\[mktreport\] models:' "$CACHE/last.log" | sed -E "s/.*[(,:] $1 ([0-9.]+) s.*/\1/"; }

for scale in $SCALES; do generated_scale "$scale"; done

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf '%-7s %10s %10s %9s %8s %8s %8s %8s %8s %9s %6s %7s %11s %9s %9s %8s\n' scale "orders" "events" "report s" "peak MiB" load facts segments recs forecasts ads render "rows/s load" "DuckDB s" "DuckDB MiB" "ratio"
for scale in $SCALES; do
    data="$CACHE/data/$scale"
    runs=$RUNS; [ "$scale" = large ] && runs=${LARGE_RUNS:-1}
    : > "$CACHE/runs.txt"
    for _ in $(seq "$runs"); do
        rm -rf "$CACHE/out"
        read -r seconds peak < <(measure "$BIN" report --data "$data" --out "$CACHE/out" --from $FROM --to $TO)
        load=$(stage_seconds 'orders|customers|products|ads|events')
        line="$seconds $peak $load $(stage_seconds facts) $(model_stage segments) $(model_stage recommendations) $(model_stage forecasts) $(model_stage 'ads and anomalies') $(stage_seconds render)"
        if [ -x "$PY" ]; then line="$line $(MEASURE_LOG=$CACHE/duckdb.log measure "$PY" bench/reference/duckdb_load_aggregate.py "$data" $FROM $TO)"; else line="$line 0 0"; fi
        echo "$line" >> "$CACHE/runs.txt"
    done
    orders=$(grep '^\[mktreport\] orders:' "$CACHE/last.log" | sed -E 's/.*orders: ([0-9,]+) rows.*/\1/' | tr -d ,)
    events=$(grep '^\[mktreport\] events:' "$CACHE/last.log" | sed -E 's/.*events: ([0-9,]+) rows.*/\1/' | tr -d ,)
    col() { awk -v c="$1" '{ print $c }' "$CACHE/runs.txt" | median; }
    load=$(col 3)
    duck=$(col 10); ratio="n/a"
    [ "$duck" != 0 ] && ratio=$(printf '%.2f' "$(echo "$(col 1) / $duck" | bc -l)")
    printf '%-7s %10s %10s %9s %8s %8s %8s %8s %8s %9s %6s %7s %11.0f %9s %9s %8s\n' "$scale" "$orders" "$events" "$(col 1)" "$(col 2)" "$load" "$(col 4)" \
        "$(col 5)" "$(col 6)" "$(col 7)" "$(col 8)" "$(col 9)" "$(echo "($orders + $events) / $load" | bc -l)" "$duck" "$(col 11)" "$ratio"
done
echo "(median of $RUNS runs, large of ${LARGE_RUNS:-1}; model stages run concurrently, so they overlap;"
echo " DuckDB: load + aggregate of the same folder after each report run; ratio = report / DuckDB)"

if [[ " $SCALES " == *" medium "* ]]; then
    echo
    read -r seconds peak < <(measure "$BIN" recommend --data "$CACHE/data/medium" --to $TO --out "$CACHE/recommendations.csv")
    echo "mktreport recommend on medium: $seconds s, peak $peak MiB"
fi

echo
if [ ! -f "$CACHE/forecast-suite/speed/weekly-104.csv" ]; then
    echo "forecast speed: skipped (build the suite with: make bench-venv && bench/.venv/bin/python bench/forecast/make_suite.py $CACHE/forecast-suite)"
else
    ours_line=$(.build/release/mktreport-bench forecast-speed "$CACHE/forecast-suite")
    echo "$ours_line"
    ours=$(echo "$ours_line" | sed -E 's/.*: ([0-9.]+) s.*/\1/')
    if [ -x bench/.venv/bin/python ]; then
        theirs_line=$(bench/.venv/bin/python bench/forecast/statsforecast_reference.py speed "$CACHE/forecast-suite")
        echo "$theirs_line"
        theirs=$(echo "$theirs_line" | sed -E 's/.*: ([0-9.]+) s.*/\1/')
        echo "statsforecast / mktreport time ratio: $(echo "$theirs / $ours" | bc -l | cut -c1-5)"
    else
        echo "statsforecast speed: skipped (make bench-venv)"
    fi
fi
