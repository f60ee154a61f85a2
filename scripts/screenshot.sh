#!/usr/bin/env bash
# Renders Ebb's main screens in a real window under Xvfb and saves PNGs to shots/.
# Usage: scripts/screenshot.sh [build-dir]   (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
out=$here/shots
mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export HOME=$scratch/home XDG_RUNTIME_DIR=$scratch/run XDG_CONFIG_HOME=$scratch/config
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
unset QT_QPA_PLATFORM

# Build the demo workspace once, then a broken copy whose query fails.
"$build/app/ebb-cli" connections test >/dev/null 2>&1 || true
demo=$HOME/.local/share/ebb/demo
broken=$scratch/broken
cp -r "$demo" "$broken"
sed -i 's/FROM customer_scores/FROM customer_scorez/' "$broken/syncs/customers-to-crm.json"

shoot() { # name, then the ebb arguments
    local name=$1; shift
    xvfb-run -a -s '-screen 0 1440x900x24' bash -c '
        "$0" "$@" & pid=$!
        sleep 4
        xwd -root -silent | /usr/bin/convert xwd:- "'"$out/$name"'.png"
        kill $pid; wait $pid 2>/dev/null || true' "$build/ui/ebb" "$@"
    echo "$out/$name.png"
}

shoot main-preview --sync customers-to-crm
shoot accounts-preview --sync accounts-export
shoot query-error "$broken" --sync customers-to-crm
