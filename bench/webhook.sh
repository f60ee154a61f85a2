#!/usr/bin/env bash
# The webhook destination's throughput: N rows of a SQLite warehouse → ebb-cli run → a
# Standard Webhooks receiver on loopback (ebb-emulator webhook, which checks every signature),
# in batches of 100 events a request. Prints records/s and peak RSS, and the same run into a
# JSONL file as the baseline (the engine without HTTP).
# Goals (issue 12): >= 20,000 records/s with batches of 100, peak RSS <= 150 MB.
#
#   bench/webhook.sh                        # N = 100000
#   EBB_BENCH_ROWS=300000 bench/webhook.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
build=${EBB_BUILD_DIR:-$(ebb_root)/build}
[ -x "$build/app/ebb-cli" ] && [ -x "$build/bench/ebb-bench-measure" ] && [ -x "$build/tests/emulators/ebb-emulator" ] \
    || ebb_build "$build"
command -v sqlite3 >/dev/null || { echo "webhook.sh: needs the sqlite3 command (apt-get install sqlite3)" >&2; exit 1; }
n=${EBB_BENCH_ROWS:-100000}
scratch=$(mktemp -d /tmp/ebb-bench-webhook.XXXXXX)
emulator_pid=
cleanup() { [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null; rm -rf "$scratch"; }
trap cleanup EXIT
export HOME=$scratch/home XDG_DATA_HOME=$scratch/home/data XDG_CONFIG_HOME=$scratch/home/config TZ=UTC
mkdir -p "$HOME"
export EBB_BENCH_HOOK_SECRET="whsec_$(head -c 32 /dev/urandom | base64 -w0)"

ebb_start_emulator "$build" "$scratch" webhook --secret "$EBB_BENCH_HOOK_SECRET"
url=$emulator_url

ws=$scratch/ws
mkdir -p "$ws/connections" "$ws/syncs"
echo '{"version": 1, "name": "bench"}' > "$ws/ebb.json"
sqlite3 "$ws/wh.sqlite" "CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT, score REAL, plan TEXT);
    WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < $n)
    INSERT INTO t SELECT i, 'person' || i || '@example.com', i / 7.0, 'pro' FROM g;"
echo '{"kind": "sqlite", "path": "wh.sqlite"}' > "$ws/connections/wh.json"
echo "{\"kind\": \"webhook\", \"url\": \"$url\", \"secret\": \"env:EBB_BENCH_HOOK_SECRET\", \"batchSize\": 100}" \
    > "$ws/connections/hook.json"
echo '{"kind": "file", "path": "out.jsonl", "format": "jsonl"}' > "$ws/connections/file.json"
for dest in hook file; do
    cat > "$ws/syncs/to-$dest.json" <<JSON
{"source": {"connection": "wh", "query": "SELECT id, email, score, plan FROM t", "primaryKey": "id"},
 "destination": {"connection": "$dest"},
 "mappings": [{"source": "id", "target": "id"}, {"source": "email", "target": "email"},
              {"source": "score", "target": "score"}, {"source": "plan", "target": "plan"}]}
JSON
done
"$build/app/ebb-cli" trust "$ws" >/dev/null

declare -A seconds rss
for dest in file hook; do
    read -r s r < <("$build/bench/ebb-bench-measure" "$scratch/run.out" "$build/app/ebb-cli" run "to-$dest" -w "$ws" || true)
    grep -q "sent $n" "$scratch/run.out" || { echo "the run to $dest did not send $n records:"; cat "$scratch/run.out"; exit 1; }
    seconds[$dest]=$s rss[$dest]=$r
done
kill "$emulator_pid"; wait "$emulator_pid" 2>/dev/null || true; emulator_pid=
tail -1 "$scratch/emulator.out"
awk -v n="$n" -v hs="${seconds[hook]}" -v hr="${rss[hook]}" -v fs="${seconds[file]}" -v fr="${rss[file]}" 'BEGIN {
    printf "webhook: %d records in %.2f s = %.0f records/s (goal 20000: %.2f of it), peak RSS %.1f MB (goal 150 MB: %.2f of it)\n",
           n, hs, n / hs, n / hs / 20000, hr / 1024, hr / 1024 / 150
    printf "baseline, the same run into a JSONL file: %.2f s = %.0f records/s, peak RSS %.1f MB; webhook/file time %.2f\n",
           fs, n / fs, fr / 1024, hs / fs }'
