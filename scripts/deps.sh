#!/bin/sh
# deps.sh: install the Debian 12 packages tracuu needs, only those missing.
#
# Used by run.sh and test.sh, so that a fresh machine needs nothing else.
# Runs apt-get as root (or through sudo when not root).
set -eu

PKGS="cmake make gcc g++ pkg-config python3
libxapian-dev libutf8proc-dev libmicrohttpd-dev libjansson-dev zlib1g-dev
libxml2-dev libcmocka-dev xapian-tools"
if [ "${1:-}" = "--test" ]; then
  # tests and benchmarks: sanitizer runtimes, the browser test's Chromium
  # and Node.js, the peers of the benchmark, the load generator
  PKGS="$PKGS clang libclang-rt-14-dev chromium sqlite3 python3-xapian wrk
curl"
  # Node.js and npm: whatever the machine has (the image's may not come
  # from Debian's packages); Debian's only when the commands are missing
  command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
  command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
fi

missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
