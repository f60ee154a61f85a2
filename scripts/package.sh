#!/usr/bin/env bash
# Builds Ebb's packages (DEB and TGZ) from a Release build, checks the desktop entry and the
# AppStream metainfo, and with --install installs the DEB with apt and checks that ebb and
# ebb-cli start from the PATH (ebb under Xvfb).
# Usage: scripts/package.sh [--install] [build-dir]   (default: build-release)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
install=0
if [ "${1:-}" = "--install" ]; then install=1; shift; fi
build=${1:-$root/build-release}
source "$root/scripts/lib.sh"
ebb_install_missing
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --parallel "$(nproc)"
cmake --build "$build" --target package
desktop-file-validate "$root/installer/io.ebb.Ebb.desktop"
appstreamcli validate --no-net "$root/installer/io.ebb.Ebb.metainfo.xml"
deb=$(realpath "$(ls "$build"/ebb_*_*.deb)")
echo "packages: $deb $(ls "$build"/ebb-*-Linux.tar.gz)"
dpkg-deb --info "$deb" | grep -E "Depends|Recommends"
[ "$install" = 1 ] || exit 0

apt-get install -y "$deb"
ebb-cli --version
ebb --version
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
HOME=$scratch xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    ebb & pid=$!
    sleep 6
    kill -0 $pid || { echo "ebb did not stay up" >&2; exit 1; }
    kill $pid; wait $pid 2>/dev/null || true'
echo "installed: ebb and ebb-cli start from $(command -v ebb) and $(command -v ebb-cli)"
