#!/usr/bin/env bash
# Builds tmxalign and aligns every demo statement in corpora/ with its Russian and
# Belarusian versions, writing tmx/<name>.en-ru.tmx and tmx/<name>.en-be.tmx (and the
# bead files next to them). The creation date is fixed so the output is reproducible;
# tests/demo.rs regenerates these files and compares them byte for byte.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
cargo build --release --quiet
mkdir -p tmx
for en in corpora/*.en.txt; do
  name=$(basename "$en" .en.txt)
  for tgt in ru be; do
    [ -f "corpora/$name.$tgt.txt" ] || continue
    "${CARGO_TARGET_DIR:-target}/release/tmxalign" align "$en" "corpora/$name.$tgt.txt" \
      --src-lang en --tgt-lang "$tgt" --creation-date 2026-01-01T00:00:00Z \
      -o "tmx/$name.en-$tgt.tmx" --beads "tmx/$name.en-$tgt.beads"
  done
done
echo "demo: wrote $(ls tmx/*.tmx | wc -l) TMX files to tmx/"
