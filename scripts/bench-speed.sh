#!/usr/bin/env bash
# Speed and memory of `tmxalign align` (release build): the en-ru book-noisy text of
# ../shared/bench/ntrex repeated 10 times (about 18,000 sentences per side), the book once,
# and a 40-sentence statement (its first 40 lines). Prints wall time and peak RSS (best
# of 3 runs) for each.
#   scripts/bench-speed.sh [WORK_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
book=${NTREX_BENCH:-$here/../shared/bench/ntrex}/en-ru/book-noisy/all
work=${1:-$here/target/bench-speed}
# TMXALIGN=path/to/tmxalign measures that binary; otherwise the release build is brought
# up to date first (honouring CARGO_TARGET_DIR).
if [ -z "${TMXALIGN:-}" ]; then (cd "$here" && cargo build --release --quiet); fi
bin=${TMXALIGN:-${CARGO_TARGET_DIR:-$here/target}/release/tmxalign}
mkdir -p "$work"
for i in $(seq 10); do cat "$book/src.txt"; done >"$work/book10.en"
for i in $(seq 10); do cat "$book/tgt.txt"; done >"$work/book10.ru"
head -n 40 "$book/src.txt" >"$work/s40.en"
head -n 40 "$book/tgt.txt" >"$work/s40.ru"
run() { # NAME SRC TGT
  local best_t=999999 best_m=0
  for k in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" align -q --presegmented --src-lang en --tgt-lang ru \
      "$2" "$3" -o "$work/out.tmx" --creation-date 2026-01-01T00:00:00Z
    read -r t m <"$work/time"
    if awk -v a="$t" -v b="$best_t" 'BEGIN{exit !(a<b)}'; then best_t=$t; best_m=$m; fi
  done
  printf '%-28s %6s sentences/side  wall %6.3f s  peak RSS %6.1f MB\n' "$1" "$(wc -l <"$2")" "$best_t" "$(echo "$best_m/1024" | bc -l)"
}
run "book-noisy x10 (en-ru)" "$work/book10.en" "$work/book10.ru"
run "book-noisy (en-ru)" "$book/src.txt" "$book/tgt.txt"
run "40-sentence statement" "$work/s40.en" "$work/s40.ru"
# In-process time of the alignment alone for the 40-sentence statement:
TMXALIGN_TIMING=1 "$bin" align -q --presegmented --src-lang en --tgt-lang ru "$work/s40.en" "$work/s40.ru" -o "$work/out.tmx" 2>&1 | sed 's/^/  40 sentences: /'
