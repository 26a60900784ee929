#!/usr/bin/env bash
# Batch throughput and memory: aligns the 123 NTREX raw documents (en-ru and en-be) of
# ../shared/bench/ntrex/*/raw through a manifest, then the same manifest repeated 40
# times (4,920 statements, 9,840 pairs), and prints statements per second and peak RSS.
#   scripts/bench-batch.sh [WORK_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bench=${NTREX_BENCH:-$here/../shared/bench/ntrex}
work=${1:-$here/target/bench-batch}
# TMXALIGN=path/to/tmxalign measures that binary; otherwise the release build is brought
# up to date first (honouring CARGO_TARGET_DIR).
if [ -z "${TMXALIGN:-}" ]; then (cd "$here" && cargo build --release --quiet); fi
bin=${TMXALIGN:-${CARGO_TARGET_DIR:-$here/target}/release/tmxalign}
rm -rf "$work"; mkdir -p "$work"
bench=$(cd "$bench" && pwd)
make_manifest() { # REPEATS FILE
  printf 'id\ten\tru\tbe\n' >"$2"
  for r in $(seq 1 "$1"); do
    for d in "$bench"/en-ru/raw/*/; do
      n=$(basename "$d")
      printf '%s-%s\t%s\t%s\t%s\n' "$n" "$r" "$bench/en-ru/raw/$n/src.txt" "$bench/en-ru/raw/$n/tgt.txt" "$bench/en-be/raw/$n/tgt.txt" >>"$2"
    done
  done
}
for reps in 1 40; do
  m=$work/manifest-$reps.tsv
  make_manifest "$reps" "$m"
  docs=$(($(wc -l <"$m") - 1))
  for mode in per-document merged; do
    out=$work/out-$reps-$mode
    extra=(); [ "$mode" = merged ] && extra=(--merge)
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" batch "$m" -o "$out" --quiet --force "${extra[@]}" 2>"$work/log" || true
    read -r secs kb <"$work/time"
    awk -v d="$docs" -v s="$secs" -v kb="$kb" -v mode="$mode" \
      'BEGIN { printf "%5d statements (%d pairs), %-12s %6.2f s  %7.0f statements/s  peak RSS %.1f MB\n", d, 2*d, mode, s, d/(s>0?s:0.001), kb/1024 }'
    tail -n 1 "$work/log"
  done
done
