#!/bin/sh
# tests/load/run.sh: the server's load benchmark (not a timed test).
#
# Indexes the 38,697 documents of the shared corpora (all but the 100k
# VietNews file) unless INDEX is given, starts tracuu-server on a loopback
# port, and runs wrk at 50 connections: first against a static file of the
# same server (the HTTP ceiling of this machine), then against /api/search
# with the 308 real queries of tests/bench/queries.txt in turn, recording
# the server's RSS every 10 s.  Prints requests per second and p50/p99.
#
#   tests/load/run.sh [BUILD_DIR] [SECONDS]      (defaults: build, 60)
set -eu
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
SECS=${2:-60}
SHARED=${SHARED:-../shared/corpus}
WORK=${WORK:-$(mktemp -d)}
INDEX=${INDEX:-$WORK/index}
PORT=${PORT:-18181}

if [ ! -e "$INDEX/XAPIANDB" ]; then
  echo "[load] indexing the shared corpora into $INDEX"
  "$BUILD/indexer/tracuu-index" --quiet --db "$INDEX" \
    "$SHARED/vi-news-baomoi-2017.jsonl.gz" \
    "$SHARED/vi-news-dantri-unc-2021.jsonl.gz" \
    "$SHARED/vi-legal-official-2025.jsonl.gz" \
    "$SHARED/vi-legal-vlc-laws.jsonl.gz"
fi
SERVER=
stop_server() {
  [ -n "$SERVER" ] && { kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true; }
  SERVER=
}
trap stop_server EXIT
start_server() {   # extra server options
  "$BUILD/searcher/tracuu-server" --db "$INDEX" --port "$PORT" "$@" \
    > "$WORK/server.out" 2>> "$WORK/access.log" &
  SERVER=$!
  sleep 1
  curl -sf "http://127.0.0.1:$PORT/healthz" && echo
}
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER/status"; }

# wrk against /api/search for SECS seconds, the server's RSS every 10 s
search_load() {    # label
  echo "[load] /api/search, $1: 308 real queries in turn, 50 connections, ${SECS} s"
  ( while kill -0 $SERVER 2>/dev/null; do
      echo "$(date +%s) $(rss)"; sleep 10; done ) > "$WORK/rss.log" &
  SAMPLER=$!
  wrk -t2 -c50 -d"${SECS}s" --latency -s tests/load/queries.lua \
    "http://127.0.0.1:$PORT" -- tests/bench/queries.txt | tee "$WORK/wrk.out" \
    | grep -E "Requests/sec|99%|50%|JSON|Non-2xx|Socket errors|Timeout"
  kill $SAMPLER 2>/dev/null || true
  echo "[load] server RSS (kB) every 10 s: $(awk '{print $2}' "$WORK/rss.log" | tr '\n' ' ')"
  echo "[load] open files at the end: $(ls /proc/$SERVER/fd | wc -l)"
  curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^tracuu_cache_(lookups_total|bytes)'
}

# 1. the answer cache on (the default), starting cold: the first pass over
#    the queries computes every answer, later passes find them kept
start_server
echo "[load] static file, 50 connections, 10 s (the HTTP ceiling)"
wrk -t2 -c50 -d10s --latency "http://127.0.0.1:$PORT/style.css" \
  | grep -E "Requests/sec|99%|50%"
search_load "answer cache on, cold at start"
stop_server

# 2. no cache: every search is matched and its snippets built
start_server --cache-mb 0
search_load "no answer cache"
stop_server
echo "[load] work directory: $WORK"
