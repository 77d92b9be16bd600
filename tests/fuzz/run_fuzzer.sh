#!/bin/sh
# run_fuzzer.sh TARGET WORK_DIR SEED_DIR SECONDS: a bounded libFuzzer session that fails on any
# crash, sanitizer report or violated property (the targets abort()).
set -eu
target=$1 work=$2 seeds=$3 seconds=$4
rm -rf "$work"
mkdir -p "$work"
# Inputs up to 16 KiB: big enough for real aws-auth documents, small enough to mutate quickly.
exec "$target" -max_total_time="$seconds" -max_len=16384 -timeout=20 -rss_limit_mb=2048 \
  -error_exitcode=1 -print_final_stats=1 -artifact_prefix="$work/" "$work" "$seeds"
