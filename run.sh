#!/bin/sh
# run.sh: the first command of the README.  Installs what is missing,
# builds tracuu into build/, indexes the default corpus (corpus/) into
# build/corpus.db, shows a search of it, and serves it: the search page,
# the JSON API and OpenSearch at the address printed (Ctrl-C stops it).
set -eu
cd "$(dirname "$0")"

scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
build/indexer/tracuu-index --db build/corpus.db corpus/

echo
echo "== tracuu-search --db build/corpus.db --limit 3 \"dau thanh tung\""
build/searcher/tracuu-search --db build/corpus.db --limit 3 "dau thanh tung"

echo "== tracuu-server --db build/corpus.db (Ctrl-C to stop)"
exec build/searcher/tracuu-server --db build/corpus.db --port "${PORT:-8080}"
