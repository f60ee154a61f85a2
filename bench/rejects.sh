#!/usr/bin/env bash
# What a rejected row costs against a sent one (issue 10, items 10 and 11): a SQLite
# warehouse of N rows → ebb-cli run → a JSONL file, once with every row sent and once with
# every row rejected (an "integer" transform on a text column), with short values and with
# 2 KB values. Prints wall time and peak RSS of each run and the rejected/sent ratios, then
# the journal's size after 1 and after keepRuns + 3 rejecting runs (it must stop growing).
# Goals: rejected/sent time <= 1 and peak RSS about the same whatever the reject count.
# No PostgreSQL, no farm: sqlite3 and the build are all it needs.
#
#   bench/rejects.sh                          # N = 100000 and 300000; builds build/ if need be
#   EBB_BENCH_ROWS="20000 100000" bench/rejects.sh
#   EBB_BUILD_DIR=build bench/rejects.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
build=${EBB_BUILD_DIR:-$(ebb_root)/build}
[ -x "$build/app/ebb-cli" ] && [ -x "$build/bench/ebb-bench-measure" ] || ebb_build "$build"
command -v sqlite3 >/dev/null || { echo "rejects.sh: needs the sqlite3 command (apt-get install sqlite3)" >&2; exit 1; }
scratch=$(mktemp -d /tmp/ebb-bench-rejects.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
# The trust store goes to the scratch folder, not the user's own.
export HOME=$scratch/home XDG_DATA_HOME=$scratch/home/data TZ=UTC
mkdir -p "$HOME"
keep=5

# Runs ebb-cli, printing "<seconds> <peak RSS in kB>" (wait4; nothing polls meanwhile).
timed_run() {
    "$build/bench/ebb-bench-measure" "$scratch/last.out" "$build/app/ebb-cli" run "$@" || true
}

for width in 20 2000; do
    for n in ${EBB_BENCH_ROWS:-100000 300000}; do
        ws=$scratch/ws-$width-$n
        mkdir -p "$ws/connections" "$ws/syncs"
        echo "{\"version\": 1, \"name\": \"bench\", \"keepRuns\": $keep}" > "$ws/ebb.json"
        sqlite3 "$ws/wh.sqlite" "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
            WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < $n)
            INSERT INTO t SELECT i, 'x' || i || printf('%.${width}c', 'y') FROM g;"
        echo '{"kind": "sqlite", "path": "wh.sqlite"}' > "$ws/connections/wh.json"
        for sync in sent rejected; do
            echo "{\"kind\": \"file\", \"path\": \"$sync.jsonl\", \"format\": \"jsonl\"}" > "$ws/connections/out-$sync.json"
            transforms=''
            [ "$sync" = rejected ] && transforms=', "transforms": ["integer"]'
            cat > "$ws/syncs/$sync.json" <<JSON
{"source": {"connection": "wh", "query": "SELECT id, v FROM t", "primaryKey": "id"}, "destination": {"connection": "out-$sync"},
 "mappings": [{"source": "id", "target": "id"}, {"source": "v", "target": "v"$transforms}]}
JSON
        done
        "$build/app/ebb-cli" trust "$ws" >/dev/null
        # Three rounds (this VM's timings vary run to run); the best time of each kind counts,
        # and the highest peak RSS.
        declare -A best=([sent]=999999 [rejected]=999999) rss=([sent]=0 [rejected]=0)
        for round in 1 2 3; do
            for sync in sent rejected; do
                rm -rf "$ws/.ebb" "$ws"/*.jsonl
                read -r s r < <(timed_run "$sync" -w "$ws")
                grep -q "$sync $n" "$scratch/last.out" || { cat "$scratch/last.out"; exit 1; }
                best[$sync]=$(awk -v a="${best[$sync]}" -v b="$s" 'BEGIN { print (b < a) ? b : a }')
                [ "$r" -gt "${rss[$sync]}" ] && rss[$sync]=$r
            done
        done
        awk -v n="$n" -v w="$width" -v ss="${best[sent]}" -v sr="${rss[sent]}" -v rs="${best[rejected]}" -v rr="${rss[rejected]}" 'BEGIN {
            printf "rows=%-7d value=%4d B  sent %6.2f s %6.1f MB | rejected %6.2f s %6.1f MB | rejected/sent time %.2f, RSS %.2f\n",
                   n, w, ss, sr / 1024, rs, rr / 1024, rs / ss, rr / sr }'
        # The journal over many runs: rejects of the last keepRuns runs only.
        rm -rf "$ws/.ebb"
        # What the workspace keeps: the journal and each run's file of rejects and failures.
        stored() { du -cb "$ws/.ebb/journal.sqlite" "$ws/.ebb/problems" | tail -1 | cut -f1; }
        for run in $(seq 1 $((keep + 3))); do
            timed_run rejected -w "$ws" >/dev/null
            [ "$run" -eq 1 ] && one=$(stored)
            [ "$run" -eq "$keep" ] && atKeep=$(stored)
        done
        last=$(stored)
        kept=$(ls "$ws/.ebb/problems" | grep -c '^run-.*sqlite$')/$(sqlite3 "$ws/.ebb/journal.sqlite" "SELECT count(*) FROM runs")
        awk -v a="$one" -v k="$atKeep" -v b="$last" -v runs=$((keep + 3)) -v keep="$keep" -v kept="$kept" 'BEGIN {
            printf "              journal and rejects: %.1f MB after 1 run, %.1f MB after %d (keepRuns), %.1f MB after %d; runs with rejects/runs listed: %s\n",
                   a / 1048576, k / 1048576, keep, b / 1048576, runs, kept }'
        rm -rf "$ws"
    done
done
echo "goals: rejected/sent time <= 1.0; RSS flat whatever the reject count; journal stops growing after keepRuns runs"
