#!/usr/bin/env bash
# Times Harmonia, the authors' PyTorch models and (for inference) ONNX Runtime 1.32 on ONNX files
# exported from those PyTorch models, back to back on this machine, and prints a Markdown table
# with the ratios Harmonia / PyTorch and Harmonia / ORT per row (below 1.0: Harmonia is faster).
#
# Needs the PyTorch yardstick (not a dependency of Harmonia): Debian's python3-torch and
# libopenblas0-pthread, the shared tools folder (tools/ref_bench.py, default ../shared/tools),
# and checkouts of the authors' repositories in REF_HDNET and REF_PHNET (see tools/README.md there).
#
# Usage: bench/compare.sh [--models "hdnet-lite hdnet phnet"] [--sizes "256 512 1024"] [--threads "1 2"] [--reps N]
#                         [--train [--batch B]]
# With --train each row is one training step of batch B (default 12) with the preset's loss and
# optimizer, timed against bench/ref_train_step.py; otherwise a batch-1 forward pass without
# gradients, timed against the shared tools' ref_bench.py and against ONNX Runtime through its .NET
# package (bench/Harmonia.Benchmarks --ort). The ONNX files are made by bench/export_reference_onnx.py
# from the same PyTorch models, once per model and size, into ORT_MODELS (default .build/onnx-reference;
# generated, never committed). Peak RSS is each process's own (VmHWM for Harmonia and ORT, GNU
# time's maximum resident set for PyTorch).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models="hdnet-lite hdnet phnet"; sizes="256 512 1024"; threads="1 2"; reps=5; train=0; batch=12
tools="${SHARED_TOOLS:-$root/../shared/tools}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --models) models="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --train) train=1; shift ;;
    --batch) batch="$2"; shift 2 ;;
    *) echo "error: bench/compare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ ! -f "$tools/ref_bench.py" ]]; then echo "error: $tools/ref_bench.py not found (set SHARED_TOOLS)" >&2; exit 1; fi
if [[ -z "${REF_HDNET:-}" || -z "${REF_PHNET:-}" ]]; then echo "error: set REF_HDNET and REF_PHNET to checkouts of the authors' repositories" >&2; exit 1; fi
python=/usr/bin/python3
[[ -x /usr/bin/time ]] || { echo "error: GNU time is needed for the reference peak RSS (apt-get install time)" >&2; exit 1; }
"$python" -c 'import torch' 2>/dev/null || { echo "error: PyTorch is not installed (apt-get install python3-torch libopenblas0-pthread)" >&2; exit 1; }

"$root/harmonia" --help >/dev/null   # build once before timing anything
field() { sed -n "s/.*\"$1\": *\([0-9.eE+-]*\).*/\1/p" | head -n 1; }
ratio() { if [[ -n "$1" && -n "$2" ]]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; else echo "n/a"; fi; }

ort_models="${ORT_MODELS:-$root/.build/onnx-reference}"
ort_runner="$root/.build/bench/Harmonia.Benchmarks.dll"
if [[ $train == 0 ]]; then
  dotnet build "$root/bench/Harmonia.Benchmarks" -c Release -o "$root/.build/bench" >/dev/null \
    || { echo "error: bench/Harmonia.Benchmarks did not build (it holds the ONNX Runtime yardstick)" >&2; exit 1; }
fi
# The ONNX file of MODEL at SIZE, exported from the authors' PyTorch model on first use.
ort_model() {
  local file="$ort_models/$1-$2.onnx"
  if [[ ! -f "$file" ]]; then
    mkdir -p "$ort_models"
    if ! SHARED_TOOLS="$tools" OMP_NUM_THREADS=2 "$python" "$root/bench/export_reference_onnx.py" "$1" "$2" "$file" >"$file.log" 2>&1; then
      echo "error: exporting $1 at $2 for ONNX Runtime failed; see $file.log" >&2
      return 1
    fi
  fi
  echo "$file"
}

mode="inference, batch 1"; [[ $train == 1 ]] && mode="training step, batch $batch"
if [[ $train == 1 ]]; then
  echo "| model | size | threads | Harmonia s | PyTorch s | ratio | Harmonia GFLOP/s | Harmonia peak RSS MB | PyTorch peak RSS MB |"
  echo "|---|---|---|---|---|---|---|---|---|"
else
  echo "| model | size | threads | Harmonia s | PyTorch s | ORT s | Harmonia / PyTorch | Harmonia / ORT | Harmonia GFLOP/s | Harmonia peak RSS MB | PyTorch peak RSS MB | ORT peak RSS MB |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
fi
for model in $models; do
  for size in $sizes; do
    for t in $threads; do
      if [[ $train == 1 ]]; then
        ours=$("$root/harmonia" bench --model "$model" --size "$size" --threads "$t" --reps "$reps" --train --batch "$batch" --json 2>/dev/null || true)
        reference=("$root/bench/ref_train_step.py" "$model" "$size" "$t" "$batch" "$reps")
      else
        ours=$("$root/harmonia" bench --model "$model" --size "$size" --threads "$t" --reps "$reps" --json 2>/dev/null || true)
        reference=("$tools/ref_bench.py" "$model" "$size" "$t" "$reps")
      fi
      rss_file=$(mktemp)
      theirs=$(OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" SHARED_TOOLS="$tools" /usr/bin/time -f "%M" -o "$rss_file" \
        "$python" "${reference[@]}" 2>/dev/null | tail -n 1 || true)
      their_rss=$(awk 'END { if ($1 ~ /^[0-9]+$/) printf "%.0f", $1 / 1024 }' "$rss_file"); rm -f "$rss_file"
      o=$(echo "$ours" | field median_s); p=$(echo "$theirs" | field median_s)
      g=$(echo "$ours" | field gflops_per_s); m=$(echo "$ours" | field peak_rss_mb)
      if [[ $train == 1 ]]; then
        echo "| $model | $size | $t | ${o:-failed} | ${p:-failed} | $(ratio "$o" "$p") | ${g:-} | ${m:-} | ${their_rss:-} |"
        continue
      fi
      ort=""
      if onnx_file=$(ort_model "$model" "$size"); then
        ort=$(dotnet "$ort_runner" --ort "$onnx_file" --size "$size" --threads "$t" --reps "$reps" 2>/dev/null | tail -n 1 || true)
      fi
      r=$(echo "$ort" | field median_s); ort_rss=$(echo "$ort" | field peak_rss_mb)
      echo "| $model | $size | $t | ${o:-failed} | ${p:-failed} | ${r:-failed} | $(ratio "$o" "$p") | $(ratio "$o" "$r") | ${g:-} | ${m:-} | ${their_rss:-} | ${ort_rss:-} |"
    done
  done
done
echo
echo "($mode; median of $reps after a warm-up; $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
