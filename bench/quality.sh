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

# The wider sets (BENCHMARKS.md, issues 21 and 22) need public files taken from GitHub copies,
# put in bench/.cache/sources/: superstore.csv (Sample - Superstore), walmart.csv (Walmart
# Store Sales, 45 stores), groceries.csv (Groceries dataset), onlineretail.rda (UCI Online Retail,
# the CRAN package's data file, see bench/recommend/purchase_benchmark.py) and ml100k.data
# (MovieLens 100K's u.data). Each part runs when its files are there.
SOURCES=$CACHE/sources
if [ -f "$SOURCES/superstore.csv" ] && [ -f "$SOURCES/walmart.csv" ]; then
  [ -d "$CACHE/wide-suite/monthly" ] || $PY bench/forecast/make_wide_suite.py "$CACHE/wide-suite" "$SOURCES/superstore.csv" "$SOURCES/walmart.csv"
  [ -f "$CACHE/statsforecast_wide.json" ] || $PY bench/forecast/statsforecast_reference.py "$CACHE/wide-suite" "$CACHE/statsforecast_wide.json"
  .build/release/mktreport-bench forecast-suite "$CACHE/wide-suite" "$CACHE/mktreport_wide.json"
  $PY bench/forecast/compare.py "$CACHE/mktreport_wide.json" "$CACHE/statsforecast_wide.json"
fi
# Issue 22's sweep: four real purchase sets, three cuts each (BENCHMARKS.md); "x_ease" is NDCG@10
# over EASE^R's with its lambda picked on the test.
SPLITS="groceries:2015-10-31 groceries:2015-06-30 groceries:2015-03-31
        onlineretail:2011-10-10 onlineretail:2011-07-31 onlineretail:2011-05-15
        movielens:2015-07-15 movielens:2012-01-01 movielens:2009-01-01
        ml100k:1998-02-21 ml100k:1998-01-01 ml100k:1997-12-01"
for split in $SPLITS; do
  name=${split%%:*} cut=${split#*:}
  case $name in
    onlineretail) source=$SOURCES/onlineretail.rda ;;
    ml100k) source=$SOURCES/ml100k.data ;;
    *) source=$SOURCES/$name.csv ;;
  esac
  [ "$name" = movielens ] || [ -f "$source" ] || continue
  out=$CACHE/purchases/$name-$cut
  [ -f "$out/truth.json" ] || $PY bench/recommend/purchase_benchmark.py prepare "$name" "$source" "$out" "$cut" > /dev/null
  for part in data data-cut; do .build/release/mktreport recommend --data "$out/$part" --to "$cut" --out "$out/recs-$part.csv" --quiet; done
  cmp -s "$out/recs-data.csv" "$out/recs-data-cut.csv" && leak="no look-ahead" || leak="LOOK-AHEAD: lists differ"
  echo "$name $cut ($leak): $($PY bench/recommend/purchase_benchmark.py score "$out" "$out/recs-data.csv")"
done
