#!/usr/bin/env bash
# Ebb's two set-up commands (README.md):
#   scripts/setup.sh demo   install what is missing, build (Release), run the demo
#   scripts/setup.sh test   install what is missing, build, run every test
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root=$(ebb_root)
build=${EBB_BUILD_DIR:-$root/build}

case "${1:-}" in
demo)
    ebb_install_missing
    ebb_build "$build"
    # HubSpot's API, emulated on loopback for the demo's customers-to-hubspot sync: a CRM
    # sync to try without an account (its connection reads the token from this variable).
    export EBB_DEMO_HUBSPOT_TOKEN=demo-token
    "$build/tests/emulators/ebb-emulator" hubspot --port 47099 --token "$EBB_DEMO_HUBSPOT_TOKEN" >/dev/null &
    emulator=$!
    trap 'kill $emulator 2>/dev/null || true' EXIT
    if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
        "$build/ui/ebb" --sync customers-to-crm
        exit
    fi
    echo "ebb: no display; running the demo headless with ebb-cli"
    "$build/app/ebb-cli" connections test
    # Exit code 3 means "finished, some rows rejected": the demo's dirty rows are there on purpose.
    for sync in customers-to-crm customers-to-hubspot; do
        code=0
        "$build/app/ebb-cli" run "$sync" || code=$?
        [ "$code" -eq 0 ] || [ "$code" -eq 3 ] || exit "$code"
    done
    "$build/app/ebb-cli" runs --limit 5
    ;;
test)
    ebb_install_missing
    # One format, kept: a file that drifts from .clang-format fails the tests (and CI).
    "$root/scripts/check-format.sh"
    ebb_build "$build"
    scratch=$(mktemp -d /tmp/ebb-test.XXXXXX)
    trap 'ebb_pg_stop; ebb_mariadb_stop; rm -rf "$scratch"' EXIT
    ebb_pg_start
    ebb_mariadb_start
    # Nothing may touch the real home: the tests get their own, with a fresh keyring.
    export HOME=$scratch/home XDG_RUNTIME_DIR=$scratch/run XDG_CONFIG_HOME=$scratch/config XDG_DATA_HOME=$scratch/data
    mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
    chmod 700 "$XDG_RUNTIME_DIR"
    # No window a test opens runs the demo's schedule behind its back (tst_inappscheduler turns it on).
    # No test's ebb-cli puts desktop notices up (tst_alerts turns them on for its own).
    export QT_QPA_PLATFORM=offscreen TZ=UTC EBB_SCHEDULER=off EBB_NOTIFY=off
    dbus-run-session -- bash -c '
        echo -n ebb-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        ctest --test-dir "$0" --output-on-failure --timeout 300 -j2 "${@:1}"' "$build" "${@:2}"
    ;;
*)
    echo "usage: scripts/setup.sh demo|test [ctest arguments]" >&2
    exit 2
    ;;
esac
