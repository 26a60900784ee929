#!/usr/bin/env bash
# Scores tmxalign on the NTREX alignment benchmark (../shared/bench/ntrex).
#
#   scripts/bench-ntrex.sh [OUT_DIR] [SUBSET]
#
# SUBSET: all (default), odd or even (document number parity). For each pair (en-ru,
# en-be) it aligns every presegmented task of clean, noisy and book-noisy (writing
# pred.txt bead files) and every raw task end to end (writing pred.tmx), then prints the
# scores of `tmxalign eval` and `tmxalign eval --units`.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bench=${NTREX_BENCH:-$here/../shared/bench/ntrex}
out=${1:-$here/target/bench-ntrex}
subset=${2:-all}
# TMXALIGN=path/to/tmxalign measures that binary; otherwise the release build is brought
# up to date first (honouring CARGO_TARGET_DIR).
if [ -z "${TMXALIGN:-}" ]; then (cd "$here" && cargo build --release --quiet); fi
bin=${TMXALIGN:-${CARGO_TARGET_DIR:-$here/target}/release/tmxalign}
rm -rf "$out"
keep() { # keep DOC_DIR_NAME → 0 if it belongs to the subset
  local n=${1%%-*}; n=$((10#$n))
  case $subset in
    all) return 0 ;; odd) [ $((n % 2)) -eq 1 ] ;; even) [ $((n % 2)) -eq 0 ] ;;
    *) echo "bad subset $subset" >&2; exit 2 ;;
  esac
}
for pair in en-ru en-be; do
  tgt=${pair#en-}
  for variant in clean noisy book-noisy raw; do
    gold_root=$out/gold/$pair/$variant
    for d in "$bench/$pair/$variant"/*/; do
      name=$(basename "$d")
      [ "$variant" = book-noisy ] || keep "$name" || continue
      p=$out/pred/$pair/$variant/$name
      mkdir -p "$p" "$gold_root/$name"
      if [ "$variant" = raw ]; then
        cp "$d/gold.tsv" "$gold_root/$name/"
        "$bin" align -q --src-lang en --tgt-lang "$tgt" --creation-date 2026-01-01T00:00:00Z \
          "$d/src.txt" "$d/tgt.txt" -o "$p/pred.tmx"
      else
        cp "$d/gold.txt" "$gold_root/$name/"
        "$bin" align -q --presegmented --src-lang en --tgt-lang "$tgt" --creation-date 2026-01-01T00:00:00Z \
          "$d/src.txt" "$d/tgt.txt" -o "$p/pred.tmx" --beads "$p/pred.txt"
      fi
    done
    echo "== $pair $variant ($subset)"
    if [ "$variant" = raw ]; then
      "$bin" eval --units "$gold_root" "$out/pred/$pair/$variant"
    else
      "$bin" eval "$gold_root" "$out/pred/$pair/$variant" | grep -v '^ *\['
    fi
  done
done
