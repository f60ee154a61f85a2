#!/usr/bin/env bash
# The studio under load, in a real (offscreen) window: how soon the first rows of a
# 1,000,000-row query show, how long the event loop stalls while that sync runs, and how long
# auto-map takes for 500 columns onto 1,000 fields. Prints figures and ratios to the goals.
#
#   bench/studio.sh                       # builds build/ with ebb_build
#   EBB_BENCH_ROWS=100000 bench/studio.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
root=$(ebb_root)
build=${EBB_BUILD_DIR:-$root/build}
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target ebb-bench-studio --parallel 2 >/dev/null
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export HOME=$scratch/home XDG_CONFIG_HOME=$scratch/config XDG_RUNTIME_DIR=$scratch/run TZ=UTC
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$build/bench/ebb-bench-studio" "${EBB_BENCH_ROWS:-1000000}"
