#!/usr/bin/env bash
# Compares the training throughput of two builds of Harmonia on this machine, interleaved so that
# both see the same machine noise: for each round, model, size and thread count it times one
# `harmonia bench --train` of the older build, then one of the newer (median of R steps after a
# warm-up), and prints a tab-separated row per measurement with images per second.
#
# Usage: bench/training-ab.sh OLD_CHECKOUT NEW_CHECKOUT [ROUNDS]
#   e.g. git worktree add --detach ../harmonia-old a52c52b
#        bench/training-ab.sh ../harmonia-old . 2 > ab.tsv
# Each checkout's ./harmonia builds its own CLI first. Environment: MODELS (default
# "hdnet-lite:12 phnet-lite:16", model:batch), SIZES ("128 256"), THREADS ("1 2"), REPS (3).
set -euo pipefail
if [[ $# -lt 2 ]]; then sed -n 2,12p "$0" >&2; exit 2; fi
old="$(cd "$1" && pwd)"; new="$(cd "$2" && pwd)"; rounds="${3:-2}"
models="${MODELS:-hdnet-lite:12 phnet-lite:16}"; sizes="${SIZES:-128 256}"; threads="${THREADS:-1 2}"; reps="${REPS:-3}"
for checkout in "$old" "$new"; do "$checkout/harmonia" models > /dev/null; done

echo -e "round\tbuild\tmodel\tsize\tbatch\tthreads\tmedian_s\timages_per_s"
for round in $(seq 1 "$rounds"); do
  for entry in $models; do
    model="${entry%%:*}"; batch="${entry##*:}"
    for size in $sizes; do
      for t in $threads; do
        for build in old new; do
          checkout="$old"; [[ $build == new ]] && checkout="$new"
          line="$("$checkout/harmonia" --threads "$t" bench --model "$model" --train --batch "$batch" --size "$size" --reps "$reps" 2>&1 | tail -1)"
          median="$(sed -E 's/.*median ([0-9.]+) s.*/\1/' <<< "$line")"
          echo -e "$round\t$build\t$model\t$size\t$batch\t$t\t$median\t$(awk -v m="$median" -v b="$batch" 'BEGIN { printf "%.2f", b / m }')"
        done
      done
    done
  done
done
