#!/usr/bin/env bash
# Fails when a C++ file drifts from .clang-format (run by `scripts/setup.sh test`, so CI too).
# Fix with: cmake --build build --target format   (or clang-format -i on the files it names)
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.h' | grep -E '^(models|connectors|app|ui|tests|bench)/')
if ! command -v clang-format >/dev/null; then
    echo "check-format: clang-format is not installed (scripts/packages.txt lists it)" >&2
    exit 1
fi
if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/ebb-format.$$; then
    grep -E '^[^ ].*: (error|warning):' /tmp/ebb-format.$$ | cut -d: -f1 | sort -u | sed 's/^/  drifts from .clang-format: /' >&2
    rm -f /tmp/ebb-format.$$
    echo "check-format: run 'cmake --build build --target format' and commit the result" >&2
    exit 1
fi
rm -f /tmp/ebb-format.$$
echo "ebb: ${#files[@]} files match .clang-format"
