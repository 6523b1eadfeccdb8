#!/bin/sh
# run.sh: the first command of the README.  Installs what is missing,
# builds tracuu into build/, indexes the default corpus (corpus/) into
# build/corpus.db and shows searches of it.
set -eu
cd "$(dirname "$0")"

scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
build/indexer/tracuu-index --db build/corpus.db corpus/

for q in "dau thanh tung" "Thanh Hoá" "thuê bao internet" "1800000" \
         "nghi quyet 1654"; do
  echo
  echo "== tracuu-search --db build/corpus.db --limit 3 \"$q\""
  build/searcher/tracuu-search --db build/corpus.db --limit 3 "$q"
done
