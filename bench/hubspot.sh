#!/usr/bin/env bash
# HubSpot pacing: N rows of a SQLite warehouse → ebb-cli run → the HubSpot emulator limited
# to R requests per rolling window of W ms (HubSpot's TEN_SECONDLY_ROLLING, shortened so a run
# takes seconds, not minutes: the connection declares the same limit, as a user declares their
# plan's). Prints achieved records/s over the allowed records/s (R × 100 records per W ms)
# and the share of requests answered 429.
# Goals (issue 12): achieved/allowed >= 0.95, 429s <= 1% of requests.
#
#   bench/hubspot.sh                                    # N = 60000, R = 100, W = 2000
#   EBB_BENCH_ROWS=100000 EBB_BENCH_WINDOW_MS=10000 bench/hubspot.sh   # HubSpot's real window
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
build=${EBB_BUILD_DIR:-$(ebb_root)/build}
[ -x "$build/app/ebb-cli" ] && [ -x "$build/tests/emulators/ebb-emulator" ] || ebb_build "$build"
command -v sqlite3 >/dev/null || { echo "hubspot.sh: needs the sqlite3 command (apt-get install sqlite3)" >&2; exit 1; }
n=${EBB_BENCH_ROWS:-60000}
requests=${EBB_BENCH_REQUESTS:-100}
window=${EBB_BENCH_WINDOW_MS:-2000}
scratch=$(mktemp -d /tmp/ebb-bench-hubspot.XXXXXX)
emulator_pid=
cleanup() { [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null; rm -rf "$scratch"; }
trap cleanup EXIT
export HOME=$scratch/home XDG_DATA_HOME=$scratch/home/data XDG_CONFIG_HOME=$scratch/home/config TZ=UTC
mkdir -p "$HOME"
export EBB_BENCH_HUBSPOT_TOKEN="pat-bench-$RANDOM"

ebb_start_emulator "$build" "$scratch" hubspot --token "$EBB_BENCH_HUBSPOT_TOKEN" --rate-limit "$requests" \
    --interval-ms "$window"
url=$emulator_url

ws=$scratch/ws
mkdir -p "$ws/connections" "$ws/syncs"
echo '{"version": 1, "name": "bench"}' > "$ws/ebb.json"
sqlite3 "$ws/wh.sqlite" "CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT, name TEXT, score REAL, plan TEXT);
    WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < $n)
    INSERT INTO t SELECT i, 'person' || i || '@example.com', 'Person ' || i, i / 7.0, 'pro' FROM g;"
echo '{"kind": "sqlite", "path": "wh.sqlite"}' > "$ws/connections/wh.json"
seconds_per_window=$(awk -v w="$window" 'BEGIN { print w / 1000 }')
echo "{\"kind\": \"hubspot\", \"baseUrl\": \"$url\", \"token\": \"env:EBB_BENCH_HUBSPOT_TOKEN\",
       \"rateLimit\": {\"requests\": $requests, \"perSeconds\": $seconds_per_window}}" > "$ws/connections/crm.json"
cat > "$ws/syncs/to-hubspot.json" <<JSON
{"source": {"connection": "wh", "query": "SELECT id, email, name, score, plan FROM t", "primaryKey": "id"},
 "destination": {"connection": "crm", "object": "contacts", "mode": "upsert", "matchField": "email"},
 "mappings": [{"source": "email", "target": "email"}, {"source": "name", "target": "firstname"},
              {"source": "score", "target": "lead_score"}, {"source": "plan", "target": "plan"}]}
JSON
"$build/app/ebb-cli" trust "$ws" >/dev/null

start=$(date +%s.%N)
"$build/app/ebb-cli" run to-hubspot -w "$ws" > "$scratch/run.out" 2>&1 || true
end=$(date +%s.%N)
grep -q "sent $n" "$scratch/run.out" || { echo "the run did not send $n records:"; cat "$scratch/run.out"; exit 1; }
kill "$emulator_pid"; wait "$emulator_pid" 2>/dev/null || true; emulator_pid=
summary=$(tail -1 "$scratch/emulator.out")
echo "$summary"
total=$(echo "$summary" | sed -E 's/.* ([0-9]+) requests, ([0-9]+) answered 429.*/\1/')
limited=$(echo "$summary" | sed -E 's/.* ([0-9]+) requests, ([0-9]+) answered 429.*/\2/')
# Allowed: the limit's steady rate, R requests of 100 records per window.
awk -v n="$n" -v s="$start" -v e="$end" -v r="$requests" -v w="$window" -v total="$total" -v limited="$limited" 'BEGIN {
    seconds = e - s; writes = int((n + 99) / 100); allowed = r * 100 / (w / 1000)
    printf "hubspot: %d records (%d write requests) in %.2f s = %.0f records/s; allowed %.0f records/s (%d requests per %d ms)\n",
           n, writes, seconds, n / seconds, allowed, r, w
    printf "achieved/allowed %.3f (goal >= 0.95); 429s %d of %d requests = %.2f%% (goal <= 1%%)\n",
           n / seconds / allowed, limited, total, 100 * limited / total }'
