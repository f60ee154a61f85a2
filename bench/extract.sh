#!/usr/bin/env bash
# Streams 1,000,000 rows × 6 columns from a throw-away PostgreSQL through the connector
# (ebb-bench-extract: open() + next(10000)) and through psql's \copy to /dev/null, and
# prints rows/s of both, their ratio and the connector's peak RSS.
# Goal: connector/psql >= 0.8 and peak RSS <= 100 MB.
#
#   bench/extract.sh                          # builds build/ with ebb_build
#   EBB_BUILD_DIR=build-pg bench/extract.sh   # builds only the benchmark in that tree
#   EBB_BENCH_ROWS=100000 bench/extract.sh    # a smaller table
#   (the bench binary sets M_TOP_PAD itself, as ebb and ebb-cli do)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
root=$(ebb_root)
rows=${EBB_BENCH_ROWS:-1000000}
runs=${EBB_BENCH_RUNS:-3}

if [ -n "${EBB_BUILD_DIR:-}" ]; then
    build=$(cd "$root" && realpath "$EBB_BUILD_DIR")
    [ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" --target ebb-bench-extract --parallel 2 >/dev/null
else
    build=$root/build
    ebb_build "$build" >/dev/null
fi
bench=$build/bench/ebb-bench-extract
[ -x "$bench" ] || { echo "extract.sh: $bench was not built" >&2; exit 1; }

trap ebb_pg_stop EXIT
ebb_pg_start
export PGPASSWORD=$EBB_TEST_PG_PASSWORD
pg=(psql -X -q -At -v ON_ERROR_STOP=1 -h "$EBB_TEST_PG_HOST" -p "$EBB_TEST_PG_PORT" -U "$EBB_TEST_PG_USER"
    -d "$EBB_TEST_PG_DATABASE")

echo "extract: creating $rows rows"
"${pg[@]}" <<SQL
CREATE TABLE bench_rows AS
SELECT g::bigint AS id,
       'user' || g || '@example.com' AS email,
       'Name ' || md5(g::text) AS name,
       ((g::bigint * 7919) % 100000000 / 100.0)::numeric(12,2) AS value,
       timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second' AS updated_at,
       g % 3 = 0 AS active
FROM generate_series(1, $rows) g;
ANALYZE bench_rows;
SQL

query="SELECT id, email, name, value, updated_at, active FROM bench_rows"

now() { date +%s.%N; }

run_psql() {
    local start end
    start=$(now)
    "${pg[@]}" -c "\\copy ($query) to '/dev/null'"
    end=$(now)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }'
}

# Prints the benchmark's line; fails unless every row arrived.
run_connector() {
    local line
    line=$("$bench" --host "$EBB_TEST_PG_HOST" --port "$EBB_TEST_PG_PORT" --user "$EBB_TEST_PG_USER" \
        --database "$EBB_TEST_PG_DATABASE" --query "$query" --batch 10000)
    case "$line" in
    *" rows=$rows "*) echo "$line" ;;
    *) echo "extract: the connector did not return $rows rows: $line" >&2; return 1 ;;
    esac
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

echo "extract: warming up"
run_psql >/dev/null
run_connector >/dev/null

best_psql="" best_conn="" peak_rss=0
for i in $(seq 1 "$runs"); do
    p=$(run_psql)
    line=$(run_connector)
    c=$(field seconds "$line")
    r=$(field peak_rss_mb "$line")
    echo "run $i: psql ${p}s, connector ${c}s (peak RSS ${r} MB)"
    best_psql=$(awk -v a="$p" -v b="$best_psql" 'BEGIN { print (b == "" || a < b) ? a : b }')
    best_conn=$(awk -v a="$c" -v b="$best_conn" 'BEGIN { print (b == "" || a < b) ? a : b }')
    peak_rss=$(awk -v a="$r" -v b="$peak_rss" 'BEGIN { print (a > b) ? a : b }')
done

awk -v n="$rows" -v p="$best_psql" -v c="$best_conn" -v rss="$peak_rss" 'BEGIN {
    pr = n / p; cr = n / c; ratio = cr / pr
    printf "psql \\copy   rows=%d best_seconds=%.3f rows_per_s=%.0f\n", n, p, pr
    printf "connector    rows=%d best_seconds=%.3f rows_per_s=%.0f peak_rss_mb=%.1f\n", n, c, cr, rss
    printf "ratio connector/psql: %.2f\n", ratio
    printf "goal: ratio >= 0.8, RSS <= 100 MB: %s\n", (ratio >= 0.8 && rss <= 100) ? "met" : "NOT met"
}'
