#!/usr/bin/env bash
# Memory and time of the streaming TMX reader on a generated 1 GB TMX file: prints wall
# time and peak RSS of `tmxalign tmx stats`, `tmx validate`, `tmx filter` and
# `tmx convert --to tsv` (target: peak RSS under 50 MB whatever the file size).
#   scripts/bench-tmx-reader.sh [WORK_DIR] [SIZE_MB]
# The file is generated once (by repeating a realistic TU with varying ids, confidences
# and numbers) and reused; delete WORK_DIR/big.tmx to regenerate.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$here/target/bench-tmx}
size_mb=${2:-1024}
# TMXALIGN=path/to/tmxalign measures that binary; otherwise the release build is brought
# up to date first (honouring CARGO_TARGET_DIR).
if [ -z "${TMXALIGN:-}" ]; then (cd "$here" && cargo build --release --quiet); fi
bin=${TMXALIGN:-${CARGO_TARGET_DIR:-$here/target}/release/tmxalign}
mkdir -p "$work"
big=$work/big.tmx
if [ ! -s "$big" ]; then
  python3 - "$big" "$size_mb" <<'PY'
import sys
path, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tmx version="1.4">\n<header creationtool="bench" creationtoolversion="1" '
        'datatype="plaintext" segtype="sentence" adminlang="en" srclang="en" o-tmf="tmx" '
        'creationdate="20260101T000000Z"/>\n<body>\n')
tu = ('<tu tuid="{k}" creationdate="20260101T000000Z"><prop type="x-confidence">{c:.2f}</prop>'
      '<prop type="x-bead">1-1</prop>\n'
      '<tuv xml:lang="en"><seg>The delegation of Belarus &amp; Russia discussed {k} '
      'projects worth ${k},000 in Minsk on 21 November.</seg></tuv>\n'
      '<tuv xml:lang="ru"><seg>Делегации Беларуси и России обсудили {k} проектов '
      'на сумму ${k} тыс. в Минске 21 ноября.</seg></tuv>\n</tu>\n')
with open(path, "w", encoding="utf-8") as f:
    f.write(head)
    written, k = len(head), 0
    chunk = []
    while written < size:
        s = tu.format(k=k, c=(k % 100) / 100)
        chunk.append(s)
        written += len(s.encode())
        k += 1
        if len(chunk) == 10000:
            f.write("".join(chunk)); chunk = []
    f.write("".join(chunk))
    f.write("</body>\n</tmx>\n")
print(f"generated {path}: {k} TUs", file=sys.stderr)
PY
fi
printf 'input: %s, %s MB\n' "$big" "$(( $(stat -c %s "$big") / 1048576 ))"
run() { # NAME ARGS...
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/time" "$bin" "$@" >/dev/null 2>"$work/stderr" || {
    echo "$name failed:" >&2; tail -5 "$work/stderr" >&2; exit 1; }
  read -r t m <"$work/time"
  printf '%-22s wall %7.2f s  peak RSS %6.1f MB\n' "$name" "$t" "$(echo "$m/1024" | bc -l)"
}
run "tmx stats" tmx stats "$big"
run "tmx validate" tmx validate "$big"
run "tmx filter 0.8" tmx filter --min-confidence 0.8 "$big" -o "$work/filtered.tmx"
run "tmx convert tsv" tmx convert --to tsv "$big" -o "$work/big.tsv"
rm -f "$work/filtered.tmx" "$work/big.tsv"
