#!/usr/bin/env bash
# Fuzzes tmxalign with cargo-fuzz (libFuzzer): runs each target in turn, one job, for
# SECONDS each (default 600), after seeding fuzz/corpus/<target>/ from the demo corpora,
# the demo TMX files and the SRX rules.
#   scripts/fuzz.sh [SECONDS [TARGET...]]      targets: segment tmx_reader align
# Works on a stable toolchain: RUSTC_BOOTSTRAP=1 unlocks the -Z flags cargo-fuzz passes.
# A crash leaves its input in fuzz/artifacts/<target>/; copy it to
# fuzz/regressions/<target>/ so `cargo test --test fuzz_regressions` replays it.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(segment tmx_reader align)

export RUSTC_BOOTSTRAP=1
# The aligner runs paragraph blocks on rayon: keep the run on one core.
export RAYON_NUM_THREADS=${RAYON_NUM_THREADS:-1}

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz" >&2
  cargo install --locked cargo-fuzz
fi

cd "$here"
seed() { # TARGET
  local dir=fuzz/corpus/$1 f
  mkdir -p "$dir"
  for f in corpora/*.txt tmx/*.tmx data/srx/*; do
    [ -f "$f" ] && cp "$f" "$dir/seed-$(basename "$f")"
  done
  if [ "$1" = align ]; then
    # English side, 0xFF, Russian (or Belarusian) side.
    for f in corpora/*.en.txt; do
      for l in ru be; do
        local t=${f%.en.txt}.$l.txt
        [ -f "$t" ] || continue
        { head -c 4096 "$f"; printf '\377'; head -c 4096 "$t"; } >"$dir/seed-$(basename "${f%.en.txt}").en-$l"
      done
    done
  fi
}

declare -A max_len=([segment]=16384 [tmx_reader]=16384 [align]=8193)
status=0
for t in "${targets[@]}"; do
  seed "$t"
  echo "fuzz: $t for $secs s" >&2
  if ! cargo fuzz run --debug-assertions "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$secs" -max_len="${max_len[$t]:-16384}" -timeout=20 \
    -rss_limit_mb=4096 -print_final_stats=1; then
    echo "fuzz: $t FAILED; inputs in fuzz/artifacts/$t/" >&2
    status=1
  fi
done
exit $status
