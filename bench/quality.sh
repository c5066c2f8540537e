#!/usr/bin/env bash
# `make bench-quality`: accuracy on real data. The forecasting suite (public series from PyPI
# packages, see bench/forecast/make_suite.py) against statsforecast, and recommendations on
# MovieLens against implicit's item-kNN and ALS and EASE^R (bench/recommend/movielens_reference.py).
# The statsforecast run takes about two hours on two cores; its results are cached.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=bench/.venv/bin/python
CACHE=bench/.cache
SUITE=$CACHE/forecast-suite
[ -d "$SUITE/monthly" ] || $PY bench/forecast/make_suite.py "$SUITE"
[ -f "$CACHE/statsforecast_results.json" ] || $PY bench/forecast/statsforecast_reference.py "$SUITE" "$CACHE/statsforecast_results.json"
.build/release/mktreport-bench forecast-suite "$SUITE" "$CACHE/mktreport_forecast_results.json"
$PY bench/forecast/compare.py "$CACHE/mktreport_forecast_results.json" "$CACHE/statsforecast_results.json"
echo
[ -f "$CACHE/movielens/reference.json" ] || $PY bench/recommend/movielens_reference.py "$CACHE/movielens"
cat "$CACHE/movielens/reference.json"; echo
.build/release/mktreport-bench recommend-movielens "$CACHE/movielens"
