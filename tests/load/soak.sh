#!/bin/sh
# tests/load/soak.sh: the server's soak test (not a CTest test: it runs
# for minutes).  Starts tracuu-server without the answer cache (every
# answer computed) on a real index, and runs wrk at full load (2 threads,
# 50 connections) for SECONDS over every route (tests/load/soak.lua: the
# 308 real queries on search, facets, feeds, suggestions, deep pages,
# documents), recording the server's RSS and open file descriptors every
# 10 s.  Fails (exit 1) on any socket error (an answer slower than 10 s
# counts as one: at full load on 2 cores answers queue for about 2 s at
# worst), any answer but 200, a server that died, RSS that grew by more
# than 10% from the first minute to the end, or file descriptors that
# grew.
#
#   tests/load/soak.sh [BUILD_DIR] [SECONDS]       (defaults: build, 600)
#
# The index: INDEX when given, else one of the Dân Trí and legal shared
# corpora and the five seed articles (3,277 documents) in a temporary
# directory.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
SECS=${2:-600}
SHARED=${SHARED:-../shared/corpus}
WORK=${WORK:-$(mktemp -d)}
INDEX=${INDEX:-$WORK/index}
PORT=${PORT:-18282}

if [ ! -e "$INDEX/XAPIANDB" ]; then
  echo "[soak] indexing into $INDEX"
  "$BUILD/indexer/tracuu-index" --quiet --db "$INDEX" corpus/seeds \
    "$SHARED/vi-news-dantri-unc-2021.jsonl.gz" \
    "$SHARED/vi-legal-official-2025.jsonl.gz" \
    "$SHARED/vi-legal-vlc-laws.jsonl.gz"
fi
"$BUILD/searcher/tracuu-server" --db "$INDEX" --port "$PORT" --cache-mb 0 \
  > "$WORK/server.out" 2> "$WORK/access.log" &
SERVER=$!
SAMPLER=
cleanup() {
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null
  kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  true
}
trap cleanup EXIT
sleep 1
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null

sample() {  # seconds-since-start rss_kb fds
  echo "$1 $(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status") \
$(ls "/proc/$SERVER/fd" | wc -l)"
}
# warm up (every pool thread opens its handle on the index), so that the
# first sample is the server as it serves
wrk -t2 -c50 -d3s -s tests/load/soak.lua "http://127.0.0.1:$PORT" -- \
  tests/bench/queries.txt > /dev/null
sleep 3          # its connections closed (they count under --per-ip)
T0=$(date +%s)
sample 0 > "$WORK/samples"
( while kill -0 "$SERVER" 2>/dev/null; do
    sleep 10; sample $(( $(date +%s) - T0 )); done ) >> "$WORK/samples" &
SAMPLER=$!

echo "[soak] wrk: 2 threads, 50 connections, ${SECS} s, every route, no cache"
wrk -t2 -c50 -d"${SECS}s" --timeout 10s --latency -s tests/load/soak.lua \
  "http://127.0.0.1:$PORT" -- tests/bench/queries.txt > "$WORK/wrk.out"
kill "$SAMPLER" 2>/dev/null; SAMPLER=
sleep 3          # wrk's connections closed
sample $(( $(date +%s) - T0 )) >> "$WORK/samples"
kill -0 "$SERVER" || { echo "[soak] FAILED: the server died"; exit 1; }

grep -E "requests in|Requests/sec|Latency|Socket errors|Non-2xx|JSON" \
  "$WORK/wrk.out"
curl -s "http://127.0.0.1:$PORT/metrics" | grep '^tracuu_http_requests_total' \
  > "$WORK/metrics"
echo "[soak] requests by route and status:"; sed 's/^/  /' "$WORK/metrics"
echo "[soak] RSS (kB) and open fds every 10 s:"
awk '{printf "  %4ds %7d kB %3d fds\n", $1, $2, $3}' "$WORK/samples"
awk -v secs="$SECS" '
  NR == 1 { fd0 = $3 }
  { fd1 = $3; rss[NR] = $2; t[NR] = $1 }
  END {
    # the baseline: the first sample after the first minute (warm caches)
    for (i = 1; i <= NR; i++) if (t[i] >= 60 || i == NR) { base = rss[i]; break }
    min = max = rss[1]
    for (i = 1; i <= NR; i++) { if (rss[i] < min) min = rss[i]; if (rss[i] > max) max = rss[i] }
    printf "[soak] RSS min %d kB, max %d kB, after the first minute %d kB, at the end %d kB; fds %d at the start, %d at the end\n", min, max, base, rss[NR], fd0, fd1
    bad = 0
    if (rss[NR] > base * 1.10) { print "[soak] FAILED: RSS grew by more than 10%"; bad = 1 }
    if (fd1 > fd0) { print "[soak] FAILED: file descriptors grew"; bad = 1 }
    exit bad
  }' "$WORK/samples"
errors=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' "$WORK/wrk.out")
non2xx=$(sed -n 's/.*non2xx=\([0-9]*\).*/\1/p' "$WORK/wrk.out")
[ "$errors" = 0 ] && [ "$non2xx" = 0 ] || {
  echo "[soak] FAILED: $errors socket errors, $non2xx answers not 200"; exit 1; }
if grep -v ' 200 ' "$WORK/access.log" | grep -q '^[0-9]'; then
  echo "[soak] FAILED: answers other than 200 in the access log:"
  grep -v ' 200 ' "$WORK/access.log" | grep '^[0-9]' | head -5
  exit 1
fi
echo "[soak] ok; work directory: $WORK"
