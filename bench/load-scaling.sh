#!/usr/bin/env bash
# Draws bench/load-scaling.svg (load time against input rows) from the load figures of
# `make bench`:  bench/load-scaling.sh SMALL_ROWS SMALL_S MEDIUM_ROWS MEDIUM_S LARGE_ROWS LARGE_S > bench/load-scaling.svg
set -euo pipefail
awk -v r1="$1" -v s1="$2" -v r2="$3" -v s2="$4" -v r3="$5" -v s3="$6" 'BEGIN {
    left = 70; right = 610; top = 40; bottom = 310; xmax = 60e6
    ymax = int(s3 * 1.15 / 30 + 1) * 30
    printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 360\" width=\"640\" height=\"360\" role=\"img\">\n"
    printf "<title>Load time against input rows (order lines + events)</title>\n"
    printf "<desc>mktreport load stage, release build, 2 cores: small %.2fM rows in %s s, medium %.2fM rows in %s s, large %.1fM rows in %s s; the dashed line is a straight line through the origin and the medium point.</desc>\n", r1 / 1e6, s1, r2 / 1e6, s2, r3 / 1e6, s3
    printf "<rect x=\"0\" y=\"0\" width=\"640\" height=\"360\" fill=\"#ffffff\"/>\n"
    printf "<g font-family=\"system-ui,sans-serif\" font-size=\"12\" fill=\"#222222\">\n"
    for (i = 0; i <= 6; i++) {
        x = left + (right - left) * i / 6; y = bottom - (bottom - top) * i / 6
        printf "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n", x, bottom, x, top
        printf "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%dM</text>\n", x, bottom + 18, i * 10
        printf "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n", left, y, right, y
        printf "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d s</text>\n", left - 8, y + 4, ymax * i / 6
    }
    printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555555\"/>\n", left, bottom, right, bottom
    printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555555\"/>\n", left, bottom, left, top
    printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"#999999\" stroke-dasharray=\"6 4\"/>\n", left, bottom, right, bottom - (bottom - top) * (s2 / r2 * xmax) / ymax
    split(r1 " " r2 " " r3, rows, " "); split(s1 " " s2 " " s3, secs, " "); split("small medium large", names, " ")
    points = ""
    for (i = 1; i <= 3; i++) {
        px[i] = left + (right - left) * rows[i] / xmax; py[i] = bottom - (bottom - top) * secs[i] / ymax
        points = points sprintf("%s%.1f,%.1f", i > 1 ? " " : "", px[i], py[i])
    }
    printf "<polyline fill=\"none\" stroke=\"#0072B2\" stroke-width=\"2\" points=\"%s\"/>\n", points
    for (i = 1; i <= 3; i++) {
        printf "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#0072B2\"/>\n", px[i], py[i]
        if (i < 3) printf "<text x=\"%.1f\" y=\"%.1f\">%s: %s s</text>\n", px[i] + 8, py[i] - 8, names[i], secs[i]
        else printf "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s: %s s</text>\n", px[i] - 8, py[i] - 8, names[i], secs[i]
    }
    printf "<text x=\"340.0\" y=\"350\" text-anchor=\"middle\">input rows read (order lines + events)</text>\n"
    printf "<text x=\"70\" y=\"22\" font-weight=\"600\">mktreport load time by scale</text>\n"
    printf "</g></svg>\n"
}'
