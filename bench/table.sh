#!/usr/bin/env bash
# Table destinations at the database's own speed (issue 14, point 7): N rows of a PostgreSQL
# table upserted by `ebb-cli run` into a PostgreSQL table, side by side with the server's own
# INSERT … SELECT … ON CONFLICT DO UPDATE of the same rows into the same kind of table, both
# measured here, in the same script. Two cases each: into an empty table (every row inserted)
# and into a full one after every row changed (every row updated). The same for SQLite: a
# SQLite source into a SQLite table vs the same INSERT … SELECT … ON CONFLICT inside SQLite.
# Prints seconds, rows/s and each ratio ebb / server. Goal: ratio <= 2.
#
#   bench/table.sh                     # builds build/ first; N=1000000
#   EBB_BENCH_ROWS=200000 bench/table.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../scripts/lib.sh"
build=${EBB_BUILD_DIR:-$(ebb_root)/build}
n=${EBB_BENCH_ROWS:-1000000}
[ -x "$build/app/ebb-cli" ] && [ -x "$build/bench/ebb-bench-measure" ] || ebb_build "$build"
scratch=$(mktemp -d /tmp/ebb-bench.XXXXXX)
trap 'ebb_pg_stop; rm -rf "$scratch"' EXIT
ebb_pg_start
export XDG_DATA_HOME=$scratch/data XDG_CONFIG_HOME=$scratch/config
export PGPASSWORD=$EBB_TEST_PG_PASSWORD TZ=UTC PGOPTIONS="-c client_min_messages=warning"
psql_() { psql -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$EBB_TEST_PG_PORT" -U ebb -d ebb_test -qAt "$@"; }
now() { date +%s.%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

columns="id bigint PRIMARY KEY, email text NOT NULL, name text, score integer, value numeric(12,2), updated_at timestamptz"
select="SELECT g AS id, 'user' || g || '@example.com' AS email, 'Name ' || g AS name, g % 100 AS score,
        (g % 100000)::numeric(12,2) / 100 AS value, timestamptz '2026-01-01' + (g || ' seconds')::interval AS updated_at
        FROM generate_series(1, $n) g"
psql_ -c "DROP TABLE IF EXISTS bench_src; CREATE TABLE bench_src AS $select;
          ALTER TABLE bench_src ADD PRIMARY KEY (id); ANALYZE bench_src;"
upsert_sql() { # the server's own statement: the rows of bench_src into $1
    echo "INSERT INTO $1 AS t SELECT id, lower(email), name, score, value, updated_at FROM bench_src
          ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, score = EXCLUDED.score,
          value = EXCLUDED.value, updated_at = EXCLUDED.updated_at"
}
server_pg() { # seconds of the server's statement into a table "$1" (empty, or filled when $2 = full)
    psql_ -c "DROP TABLE IF EXISTS bench_srv; CREATE TABLE bench_srv ($columns);"
    [ "${2:-}" = full ] && psql_ -c "INSERT INTO bench_srv SELECT id, email, 'old', 0, 0, updated_at FROM bench_src" -c "VACUUM ANALYZE bench_srv"
    local t0; t0=$(now)
    psql_ -c "$(upsert_sql bench_srv)"
    awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'
}

ws=$scratch/ws
ebb_bench_workspace "$ws"
echo '{"kind": "sqlite", "path": "warehouse.db"}' > "$ws/connections/lite.json"
echo '{"kind": "sqlite", "path": "tables.db"}' > "$ws/connections/tables.json"
mappings='[{"source": "id", "target": "id"}, {"source": "email", "target": "email", "transforms": ["lower"]},
           {"source": "name", "target": "name"}, {"source": "score", "target": "score"},
           {"source": "value", "target": "value"}, {"source": "updated_at", "target": "updated_at"}]'
cat > "$ws/syncs/pg.json" <<JSON
{"source": {"connection": "pg", "query": "SELECT id, email, name, score, value, updated_at FROM bench_src", "primaryKey": "id"},
 "destination": {"connection": "pg", "object": "public.bench_dst", "matchField": "id", "mode": "upsert"},
 "mappings": $mappings}
JSON
cat > "$ws/syncs/lite.json" <<JSON
{"source": {"connection": "lite", "query": "SELECT id, email, name, score, value, updated_at FROM src", "primaryKey": "id"},
 "destination": {"connection": "tables", "object": "dst", "matchField": "id", "mode": "upsert"},
 "mappings": $mappings}
JSON
"$build/app/ebb-cli" trust "$ws" >/dev/null

run_ebb() { # seconds of `ebb-cli run $1`, which must send every row
    local t0; t0=$(now)
    "$build/app/ebb-cli" run "$1" -w "$ws" > "$scratch/last.out" 2>&1 || true
    local t; t=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
    grep -q "sent $n" "$scratch/last.out" || { cat "$scratch/last.out" >&2; exit 1; }
    echo "$t"
}

echo "PostgreSQL → PostgreSQL table, $n rows, upsert on the primary key"
best_e1=999999; best_e2=999999; best_s1=999999; best_s2=999999
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b < a) ? b : a }'; }
for round in 1 2; do
    rm -rf "$ws/.ebb"
    psql_ -c "DROP TABLE IF EXISTS bench_dst; CREATE TABLE bench_dst ($columns);"
    e1=$(run_ebb pg)
    # Every row changes: the next run updates all of them.
    psql_ -c "UPDATE bench_src SET score = score + 1" -c "VACUUM ANALYZE bench_src" -c "VACUUM ANALYZE bench_dst"
    e2=$(run_ebb pg)
    s1=$(server_pg empty)
    s2=$(server_pg full)
    echo "  round $round: ebb into empty $e1 s, server $s1 s; ebb all changed $e2 s, server $s2 s"
    best_e1=$(min "$best_e1" "$e1"); best_e2=$(min "$best_e2" "$e2")
    best_s1=$(min "$best_s1" "$s1"); best_s2=$(min "$best_s2" "$s2")
done
psql_ -c "SELECT count(*) FROM bench_dst" | grep -qx "$n" || { echo "bench_dst lacks rows" >&2; exit 1; }
echo "pg insert: ebb $best_e1 s ($(awk -v n="$n" -v s="$best_e1" 'BEGIN { printf "%.0f", n / s }') rows/s), server $best_s1 s, ratio $(ratio "$best_e1" "$best_s1")"
echo "pg update: ebb $best_e2 s ($(awk -v n="$n" -v s="$best_e2" 'BEGIN { printf "%.0f", n / s }') rows/s), server $best_s2 s, ratio $(ratio "$best_e2" "$best_s2")"

echo "SQLite → SQLite table (another file), $n rows, upsert on the primary key"
db=$ws/warehouse.db
sqlite_columns="id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, score INTEGER, value NUMERIC, updated_at TEXT"
psql_ -c "\\copy (SELECT id, email, name, score, value, to_char(updated_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM bench_src ORDER BY id) TO '$scratch/src.csv' CSV"
sqlite_server() { # seconds of SQLite's own statement into a fresh table (empty, or full)
    rm -f "$scratch/srv.db" "$scratch/srvdst.db"
    sqlite3 "$scratch/srv.db" "CREATE TABLE src ($sqlite_columns);" ".mode csv" ".import '$scratch/src.csv' src"
    sqlite3 "$scratch/srvdst.db" "CREATE TABLE dst ($sqlite_columns);"
    [ "${1:-}" = full ] && sqlite3 "$scratch/srvdst.db" "ATTACH '$scratch/srv.db' AS w" "INSERT INTO dst SELECT id, email, 'old', 0, 0, updated_at FROM w.src"
    local t0; t0=$(now)
    sqlite3 "$scratch/srvdst.db" "ATTACH '$scratch/srv.db' AS w" "INSERT INTO dst SELECT id, lower(email), name, score, value, updated_at FROM w.src WHERE true
        ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name, score = excluded.score,
        value = excluded.value, updated_at = excluded.updated_at" >/dev/null
    awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'
}
best_e1=999999; best_e2=999999; best_s1=999999; best_s2=999999
for round in 1 2; do
    rm -rf "$ws/.ebb" "$db" "$ws/tables.db"
    sqlite3 "$db" "CREATE TABLE src ($sqlite_columns);" ".mode csv" ".import '$scratch/src.csv' src"
    sqlite3 "$ws/tables.db" "CREATE TABLE dst ($sqlite_columns);"
    e1=$(run_ebb lite)
    sqlite3 "$db" "UPDATE src SET score = score + 1"
    e2=$(run_ebb lite)
    s1=$(sqlite_server empty)
    s2=$(sqlite_server full)
    echo "  round $round: ebb into empty $e1 s, sqlite $s1 s; ebb all changed $e2 s, sqlite $s2 s"
    best_e1=$(min "$best_e1" "$e1"); best_e2=$(min "$best_e2" "$e2")
    best_s1=$(min "$best_s1" "$s1"); best_s2=$(min "$best_s2" "$s2")
done
echo "sqlite insert: ebb $best_e1 s, sqlite $best_s1 s, ratio $(ratio "$best_e1" "$best_s1")"
echo "sqlite update: ebb $best_e2 s, sqlite $best_s2 s, ratio $(ratio "$best_e2" "$best_s2")"
echo "goal: ratio <= 2"
