# Shared by the bench scripts (sourced, from the repository root): medians, measured runs, and the
# generated data folders. Expects BIN (the release mktreport) and CACHE (bench/.cache).

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# Runs a command under /usr/bin/time -v; prints "seconds peak_MiB" and keeps stderr in
# $MEASURE_LOG (default $CACHE/last.log).
measure() {
    local log=${MEASURE_LOG:-$CACHE/last.log}
    /usr/bin/time -v "$@" > /dev/null 2> "$log"
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = p[n] + (n > 1 ? 60 * p[n - 1] : 0) + (n > 2 ? 3600 * p[n - 2] : 0) }
                /Maximum resident set size/ { m = $2 / 1024 }
                END { printf "%.2f %.0f\n", s, m }' "$log"
}

# Generates the SCALE sample folder into $CACHE/data/SCALE unless it is there already.
generated_scale() {
    local scale=$1 folder=$CACHE/data/$1
    if [ ! -f "$folder/.complete" ]; then
        echo "generating the $scale scale into $folder (once)"
        rm -rf "$folder"; mkdir -p "$CACHE/data"
        "$BIN" fixtures --seed 42 --scale "$scale" --out "$folder" --quiet
        touch "$folder/.complete"
    fi
}
