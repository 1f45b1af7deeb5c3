#!/usr/bin/env bash
# Times Harmonia and the authors' PyTorch models back to back on this machine and prints a
# Markdown table with the ratio Harmonia / PyTorch per row (below 1.0: Harmonia is faster).
#
# Needs the PyTorch yardstick (not a dependency of Harmonia): Debian's python3-torch and
# libopenblas0-pthread, the shared tools folder (tools/ref_bench.py, default ../shared/tools),
# and checkouts of the authors' repositories in REF_HDNET and REF_PHNET (see tools/README.md there).
#
# Usage: bench/compare.sh [--models "hdnet-lite hdnet phnet"] [--sizes "256 512 1024"] [--threads "1 2"] [--reps N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models="hdnet-lite hdnet phnet"; sizes="256 512 1024"; threads="1 2"; reps=5
tools="${SHARED_TOOLS:-$root/../shared/tools}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --models) models="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    *) echo "error: bench/compare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ ! -f "$tools/ref_bench.py" ]]; then echo "error: $tools/ref_bench.py not found (set SHARED_TOOLS)" >&2; exit 1; fi
if [[ -z "${REF_HDNET:-}" || -z "${REF_PHNET:-}" ]]; then echo "error: set REF_HDNET and REF_PHNET to checkouts of the authors' repositories" >&2; exit 1; fi
python=/usr/bin/python3
"$python" -c 'import torch' 2>/dev/null || { echo "error: PyTorch is not installed (apt-get install python3-torch libopenblas0-pthread)" >&2; exit 1; }

"$root/harmonia" --help >/dev/null   # build once before timing anything
field() { sed -n "s/.*\"$1\": *\([0-9.eE+-]*\).*/\1/p" | head -n 1; }

echo "| model | size | threads | Harmonia s | PyTorch s | ratio | Harmonia GFLOP/s | Harmonia peak RSS MB |"
echo "|---|---|---|---|---|---|---|---|"
for model in $models; do
  for size in $sizes; do
    for t in $threads; do
      ours=$("$root/harmonia" bench --model "$model" --size "$size" --threads "$t" --reps "$reps" --json 2>/dev/null || true)
      theirs=$(OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" "$python" "$tools/ref_bench.py" "$model" "$size" "$t" "$reps" 2>/dev/null | tail -n 1 || true)
      o=$(echo "$ours" | field median_s); p=$(echo "$theirs" | field median_s)
      g=$(echo "$ours" | field gflops_per_s); m=$(echo "$ours" | field peak_rss_mb)
      ratio="n/a"
      if [[ -n "$o" && -n "$p" ]]; then ratio=$(awk -v a="$o" -v b="$p" 'BEGIN { printf "%.2f", a / b }'); fi
      echo "| $model | $size | $t | ${o:-failed} | ${p:-failed} | $ratio | ${g:-} | ${m:-} |"
    done
  done
done
