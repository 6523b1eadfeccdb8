#!/bin/sh
# tests/fuzz/run.sh: build the fuzz targets as libFuzzer fuzzers with
# clang-14 (ASan + UBSan, build-fuzz/) and run each for SECONDS, one after
# another, on a scratch copy of its seed corpus with its dictionary.
# Fails (exit 1) on any crash, leak, timeout (a single input over 10 s)
# or out-of-memory (over 2 GB); the input that did it is left in
# build-fuzz/findings/<target>/ and the log in build-fuzz/logs/.  Prints
# one line a target: executions, coverage (cov, ft), corpus size.
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]    (default: 60, every target)
#
# Keep a finding: copy it into tests/fuzz/corpus/<target>/ (a regression
# test in every build from then on) and fix the code.
set -eu
cd "$(dirname "$0")/../.."
SECS=${1:-60}
[ $# -gt 0 ] && shift
TARGETS=${*:-analysis tokenize entities query snippet jsonl html server}
B=${FUZZ_BUILD:-build-fuzz}
JOBS=${JOBS:-2}

CC=clang-14 CXX=clang++-14 cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTRACUU_FUZZ=ON >/dev/null
for t in $TARGETS; do
  cmake --build "$B" -j"$JOBS" --target "fuzz_$t" >/dev/null
done

dict_of() {
  case $1 in
    query|snippet) echo tests/fuzz/query.dict ;;
    html) echo tests/fuzz/html.dict ;;
    jsonl) echo tests/fuzz/jsonl.dict ;;
    server) echo tests/fuzz/server.dict ;;
    *) echo tests/fuzz/viet.dict ;;
  esac
}

fail=0
mkdir -p "$B/logs"
for t in $TARGETS; do
  work="$B/work/$t" found="$B/findings/$t" log="$B/logs/$t.log"
  rm -rf "$work" && mkdir -p "$work" "$found"
  cp tests/fuzz/corpus/"$t"/* "$work"/
  if ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     "$B/tests/fuzz/fuzz_$t" -max_total_time="$SECS" -timeout=10 \
       -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
       -dict="$(dict_of "$t")" -artifact_prefix="$found/" "$work" \
       >"$log" 2>&1; then
    status=ok
  else
    status=FAILED
    fail=1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  cov=$(grep -ao 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -ao 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  echo "fuzz_$t: $status ${SECS}s execs=${execs:-?} cov=${cov:-?}" \
       "ft=${ft:-?} corpus=$(ls "$work" | wc -l)"
  [ "$status" = ok ] || { grep -E 'ERROR|SUMMARY|check failed' "$log" | head -5;
                          ls "$found"; }
done
exit $fail
