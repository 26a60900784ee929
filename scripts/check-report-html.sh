#!/usr/bin/env bash
# Renders a tmxalign report.html in headless Chromium and checks that a reviewer would
# see a real page: not blank, a documents table, the inline SVG charts, no script error,
# no external resource.
#
# Usage: scripts/check-report-html.sh REPORT.html [SCREENSHOT.png]
#
# The screenshot (1400x2000) is kept at SCREENSHOT.png (default: REPORT.png beside the
# report) for a person to look at. Installs Debian's chromium when /usr/bin/chromium is
# missing (needs root). Exits non-zero with a message on the first failed check.
set -euo pipefail

die() {
    echo "check-report-html: FAIL: $*" >&2
    exit 1
}
ok() { echo "check-report-html: ok: $*"; }

[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: $0 REPORT.html [SCREENSHOT.png]"
report=$1
[ -f "$report" ] || die "$report: no such file"
report_abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
shot=${2:-${report_abs%.html}.png}

chromium=/usr/bin/chromium
if [ ! -x "$chromium" ]; then
    echo "check-report-html: installing chromium (apt-get)…"
    command -v apt-get >/dev/null || die "no $chromium and no apt-get to install it"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null ||
        die "cannot install chromium"
fi
command -v python3 >/dev/null || die "python3 is needed to inspect the screenshot"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s.%N)

chrome() {
    # A fresh profile per run; no network services; console messages on stderr.
    local profile
    profile=$(mktemp -d -p "$work")
    timeout 300 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --user-data-dir="$profile" --enable-logging=stderr --v=0 \
        --hide-scrollbars "$@" "file://$report_abs"
}

# 0. The file itself: self-contained (no external resource references).
if grep -Eiq '<(link|img|iframe|object|embed)[[:space:]>]' "$report"; then
    die "$report has <link>, <img>, <iframe>, <object> or <embed> elements"
fi
if grep -Eiq '(src|href|action|xlink:href)[[:space:]]*=[[:space:]]*["'"'"']?[[:space:]]*(https?:)?//' "$report" ||
    grep -Eiq '(@import|url\([[:space:]]*["'"'"']?[[:space:]]*(https?:)?//)' "$report"; then
    die "$report references an external resource (src=/href=/url() to a URL)"
fi
ok "self-contained: no <link>/<img>, no src=/href=/url() to external URLs ($(wc -c <"$report") bytes)"

# 1. DOM after the page's script ran.
chrome --dump-dom >"$work/dom.html" 2>"$work/dom.log" || die "chromium --dump-dom failed: $(tail -3 "$work/dom.log")"
[ -s "$work/dom.html" ] || die "chromium dumped an empty DOM"
grep -q '<table[^>]*id="docs"' "$work/dom.html" || die "no documents table (table#docs) in the rendered DOM"
rows=$(sed -n '/<table[^>]*id="docs"/,/<\/table>/p' "$work/dom.html" | { grep -o '<a href="#doc-[0-9]*"' || true; } | wc -l)
svgs=$({ grep -o '<svg' "$work/dom.html" || true; } | wc -l)
[ "$svgs" -ge 2 ] || die "expected 2 inline SVG charts in the rendered DOM, found $svgs"
sections=$({ grep -o '<details class="doc[^"]*" id="doc-[0-9]*"' "$work/dom.html" || true; } | wc -l)
[ "$sections" -eq "$rows" ] || die "documents table links $rows documents but $sections document sections exist"
grep -q 'data-report-js="ok"' "$work/dom.html" ||
    die "the page's script did not run to its end (no data-report-js=\"ok\" on <html>)"
grep -q 'aria-sort="ascending"' "$work/dom.html" || die "documents table has no sorted column"
if grep -q '<html[^>]*class="[^"]*loading' "$work/dom.html"; then
    die "the document sections are still hidden (html.loading) after the page loaded"
fi
ok "DOM: documents table with $rows document link(s), $sections document section(s), $svgs <svg> chart(s), script ran"

# 2. Screenshot.
chrome --screenshot="$shot" --window-size=1400,2000 >"$work/shot.out" 2>"$work/shot.log" ||
    die "chromium --screenshot failed: $(tail -3 "$work/shot.log")"
[ -s "$shot" ] || die "no screenshot written to $shot"
python3 - "$shot" <<'PY' || die "screenshot $shot looks blank"
import struct, sys, zlib

path = sys.argv[1]
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("check-report-html: not a PNG")
pos, idat, head = 8, [], None
while pos < len(data):
    (length,) = struct.unpack(">I", data[pos:pos + 4])
    kind = data[pos + 4:pos + 8]
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        head = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat.append(body)
    elif kind == b"IEND":
        break
    pos += 12 + length
width, height, depth, ctype, _, _, interlace = head
channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
if depth != 8 or channels is None or interlace:
    sys.exit(f"check-report-html: unsupported PNG (depth {depth}, colour type {ctype}, interlace {interlace})")
raw = zlib.decompress(b"".join(idat))
stride = width * channels
total = width * height
prev = bytearray(stride)
counts = {}
pos = 0
non_mode = 0
for y in range(height):
    f = raw[pos]
    line = bytearray(raw[pos + 1:pos + 1 + stride])
    pos += 1 + stride
    c = channels
    if f == 1:
        for i in range(c, stride):
            line[i] = (line[i] + line[i - c]) & 255
    elif f == 2:
        line = bytearray((a + b) & 255 for a, b in zip(line, prev))
    elif f == 3:
        for i in range(stride):
            left = line[i - c] if i >= c else 0
            line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
    elif f == 4:
        for i in range(stride):
            a = line[i - c] if i >= c else 0
            b = prev[i]
            d = prev[i - c] if i >= c else 0
            p = a + b - d
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - d)
            pr = a if pa <= pb and pa <= pc else (b if pb <= pc else d)
            line[i] = (line[i] + pr) & 255
    prev = line
    row = bytes(line)
    for x in range(0, stride, c):
        px = row[x:x + c]
        counts[px] = counts.get(px, 0) + 1
    # The whole image's most common colour covers at most (mode so far + pixels left):
    # once the pixels seen outside the current mode exceed 1 % of the image, it is not blank.
    seen = (y + 1) * width
    non_mode = seen - max(counts.values())
    if non_mode > total // 100:
        print(f"check-report-html: ok: screenshot {width}x{height} not blank: "
              f">{non_mode * 100 / total:.1f} % of pixels differ from the dominant colour "
              f"within the top {y + 1} rows; {len(counts)} colours there")
        sys.exit(0)
mode = max(counts.values())
sys.exit(f"check-report-html: {(total - mode) * 100 / total:.2f} % of pixels differ from the dominant colour "
         f"({len(counts)} colours)")
PY
ok "screenshot $shot (1400x2000)"

# 3. Script errors reported on the console in either run.
if grep -hE ':CONSOLE[:(]' "$work/dom.log" "$work/shot.log" | grep -E 'Uncaught|Error|ERROR:CONSOLE' >"$work/errors.txt"; then
    sed 's/^/  /' "$work/errors.txt" >&2
    die "the page's script reported errors on the console"
fi
ok "console: no script error ($(cat "$work/dom.log" "$work/shot.log" | grep -cE ':CONSOLE[:(]' || true) console message(s) in all)"

end=$(date +%s.%N)
printf 'check-report-html: all checks passed for %s in %.1f s\n' "$report" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
