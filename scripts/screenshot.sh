#!/usr/bin/env bash
# Renders Ebb's screens in a real window under Xvfb and saves PNGs to docs/screenshots/.
# Usage: scripts/screenshot.sh [build-dir]   (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
out=$here/docs/screenshots
mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export HOME=$scratch/home XDG_RUNTIME_DIR=$scratch/run XDG_CONFIG_HOME=$scratch/config
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
unset QT_QPA_PLATFORM
export EBB_SCHEDULER=off # the screens as opened, no scheduled run in them

# Build the demo workspace once (trusted on creation), then a broken copy whose query fails
# (trusted too) and an untrusted copy.
"$build/app/ebb-cli" connections test >/dev/null 2>&1 || true
demo=$HOME/.local/share/ebb/demo
broken=$scratch/broken
untrusted=$scratch/untrusted
cp -r "$demo" "$broken"
cp -r "$demo" "$untrusted"
rm -rf "$broken/.ebb" "$untrusted/.ebb"
sed -i 's/FROM customer_scores/FROM customer_scorez/' "$broken/syncs/customers-to-crm.json"
"$build/app/ebb-cli" trust "$broken" >/dev/null
# A mapping mid-edit, with every state: a required field unmapped (last_name), a value the
# field refuses (country into plan's options), a type to convert (text into lead_score).
states=$scratch/states
cp -r "$demo" "$states"
rm -rf "$states/.ebb"
sync=$states/syncs/customers-to-crm.json
sed -i '/"target": "last_name"/d' "$sync"
sed -i 's/{"source": "plan", "target": "plan"}/{"source": "country", "target": "plan"}/' "$sync"
sed -i 's/{"source": "lead_score", "target": "lead_score", "transforms": \["integer"\]}/{"source": "first_name", "target": "lead_score"}/' "$sync"
"$build/app/ebb-cli" trust "$states" >/dev/null

# Each shot names its workspace: without one, Ebb opens the last workspace it had open.
shoot() { # name, size, then the ebb arguments
    local name=$1 size=$2; shift 2
    xvfb-run -a -s "-screen 0 ${size}x24" bash -c '
        "$0" "$@" & pid=$!
        sleep 5
        xwd -root -silent | /usr/bin/convert xwd:- "'"$out/$name"'.png"
        kill $pid; wait $pid 2>/dev/null || true' "$build/ui/ebb" "$@"
    echo "$out/$name.png"
}

shoot source 1440x900 "$demo" --sync customers-to-crm
shoot destination 1440x900 "$demo" --sync customers-to-crm --step destination
shoot mapping 1440x900 "$demo" --sync customers-to-crm --step mapping
shoot mapping-states 1440x900 "$states" --sync customers-to-crm --step mapping
shoot mapping-small 1024x700 "$demo" --sync customers-to-crm --step mapping
shoot mapping-previewed 1440x900 "$demo" --sync customers-to-crm --step previewed-mapping
shoot preview 1440x900 "$demo" --sync customers-to-crm --step preview
shoot preview-rejects 1440x900 "$demo" --sync customers-to-crm --step rejects
shoot run 1440x900 "$demo" --sync customers-to-crm --run-now
shoot query-error 1440x900 "$broken" --sync customers-to-crm
shoot untrusted 1440x900 "$untrusted" --sync customers-to-crm
shoot connection 1440x900 "$demo" --sync customers-to-crm --connection warehouse
shoot connection-new 1440x900 "$demo" --sync customers-to-crm --connection new
scheduled=$scratch/scheduled # the demo schedules nothing; this copy runs every hour
cp -r "$demo" "$scheduled"
rm -rf "$scheduled/.ebb"
sed -i 's/^    "source": {/    "schedule": {"every": "1h"},\n    "source": {/' "$scheduled/syncs/customers-to-crm.json"
"$build/app/ebb-cli" trust "$scheduled" >/dev/null
shoot schedule 1440x900 "$scheduled" --sync customers-to-crm --step schedule
# The platform's dark palette (Qt's GTK theme reading Adwaita's dark variant) and a 2× screen.
dark() { QT_QPA_PLATFORMTHEME=gtk3 GTK_THEME=Adwaita:dark shoot "$@"; }
dark mapping-dark 1440x900 "$states" --sync customers-to-crm --step mapping
dark preview-rejects-dark 1440x900 "$demo" --sync customers-to-crm --step rejects
dark run-dark 1440x900 "$demo" --sync customers-to-crm --run-now
QT_SCALE_FACTOR=2 shoot mapping-hidpi 2880x1800 "$demo" --sync customers-to-crm --step mapping
