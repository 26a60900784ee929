#!/usr/bin/env bash
# Refits data/model.json (bead weights and confidence calibration) on the even-numbered
# documents of ../shared/bench/ntrex: weights on documents numbered 0 mod 4, calibration
# on 2 mod 4. Odd documents are never seen. Rebuild afterwards (the model is embedded).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
cargo build --release --quiet
"${CARGO_TARGET_DIR:-target}/release/tmxalign" train "${NTREX_BENCH:-../shared/bench/ntrex}" -o data/model.json --epochs "${EPOCHS:-10}"
cargo build --release --quiet
