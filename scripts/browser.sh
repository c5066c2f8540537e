#!/usr/bin/env bash
# Renders a report page in Debian's headless chromium at a given width (inside an iframe of that
# width, since headless windows cannot be narrower than 500 px).
#
#   scripts/browser.sh check PAGE.html WIDTH        prints "OK" or the overflowing elements (exit 1)
#   scripts/browser.sh screenshot PAGE.html WIDTH OUT.png [HEIGHT]
#
# `check` loads a copy of the page with a probe script added (the page itself has no script) that
# reports the page scrolling sideways or any chart, image, figure or table (or its scroll box)
# reaching past the viewport. Used by the browser test of `make test` and by `make screenshots`.
set -euo pipefail
mode=$1 page=$2 width=$3
dir=$(cd "$(dirname "$page")" && pwd) name=$(basename "$page")
profile=$(mktemp -d)
trap 'rm -rf "$profile" "$dir/.probe-$$-$name" "$dir/.frame-$$.html"' EXIT
chrome() {
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
        --no-first-run --hide-scrollbars --allow-file-access-from-files --user-data-dir="$profile" "$@" 2>/dev/null
}
frame() { # frame SRC HEIGHT
    printf '<!DOCTYPE html><html><body style="margin:0"><iframe src="%s" style="width:%spx;height:%spx;border:0;display:block"></iframe></body></html>' \
        "$1" "$width" "$2" > "$dir/.frame-$$.html"
}
case $mode in
check)
    probe='<script>window.addEventListener("load",function(){var w=document.documentElement.clientWidth,bad=[];
if(document.documentElement.scrollWidth>w+1)bad.push("page is "+document.documentElement.scrollWidth+" px wide");
document.querySelectorAll("svg,img,table,figure,pre").forEach(function(e){var b=(e.closest(".scroll")||e).getBoundingClientRect();
if(b.right>w+1||b.left<-1)bad.push(e.tagName.toLowerCase()+" \""+((e.querySelector&&e.querySelector("title,caption")||{}).textContent||e.getAttribute("alt")||"")+"\" reaches "+Math.round(b.right)+" px");});
var d=parent.document,p=d.createElement("pre");p.textContent="RESULT "+JSON.stringify(bad);d.body.appendChild(p);});</script>'
    printf '%s' "$probe" > "$profile/probe.js"
    awk -v probe="$profile/probe.js" 'BEGIN { while ((getline line < probe) > 0) script = script line }
        { i = index($0, "</body>"); if (i) $0 = substr($0, 1, i - 1) script substr($0, i); print }' "$page" > "$dir/.probe-$$-$name"
    frame ".probe-$$-$name" 900
    result=$(chrome --window-size=$((width + 40)),900 --dump-dom "file://$dir/.frame-$$.html" | grep -o 'RESULT .*</pre>' | sed 's|</pre>||' || true)
    [ -n "$result" ] || { echo "chromium did not render $page"; exit 2; }
    if [ "$result" = "RESULT []" ]; then echo OK; else echo "$page at $width px: ${result#RESULT }"; exit 1; fi
    ;;
screenshot)
    height=${5:-2400}
    frame "$name" "$height"
    chrome --window-size="$width,$height" --screenshot="$4" "file://$dir/.frame-$$.html" > /dev/null
    [ -s "$4" ] || { echo "no screenshot written for $page"; exit 2; }
    ;;
*) echo "usage: $0 check|screenshot PAGE.html WIDTH [OUT.png [HEIGHT]]"; exit 2 ;;
esac
