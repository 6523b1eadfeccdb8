#!/bin/sh
# test.sh: the second command of the README.  Installs what is missing,
# builds and runs every test: a release build with warnings as errors,
# then the same suite under AddressSanitizer and UndefinedBehaviorSanitizer,
# then every fuzz target for FUZZ_SECONDS (30) seconds (tests/fuzz/run.sh).
# Exits non-zero when any build or test fails or a fuzzer finds anything.
set -eu
cd "$(dirname "$0")"

scripts/deps.sh --test
jobs=$(nproc)

# the browser test's driver (playwright-core, from the npm registry; it
# drives Debian's /usr/bin/chromium, it downloads no browser)
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DTRACUU_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTRACUU_WERROR=ON \
      -DSANITIZE=address,undefined >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --output-on-failure -j"$jobs")

# every fuzz target with libFuzzer (clang-14, ASan + UBSan, build-fuzz/):
# a crash, leak, timeout or failed check fails the run
tests/fuzz/run.sh "${FUZZ_SECONDS:-30}"
