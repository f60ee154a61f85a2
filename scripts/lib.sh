# Shared by scripts/setup.sh and bench/*.sh: package install, build, and a throw-away
# PostgreSQL server. Source it; it defines functions and sets nothing else.

ebb_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

ebb_as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the packages of scripts/packages.txt that are not installed yet.
ebb_install_missing() {
    local root missing=() pkg
    root=$(ebb_root)
    while read -r pkg; do
        case "$pkg" in ''|'#'*) continue ;; esac
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done < "$root/scripts/packages.txt"
    if [ ${#missing[@]} -eq 0 ]; then
        echo "ebb: all packages present"
        return 0
    fi
    echo "ebb: installing ${missing[*]}"
    ebb_as_root apt-get update -qq
    ebb_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Configures and builds into $1 (default build/) in Release.
ebb_build() {
    local root build launcher=()
    root=$(ebb_root)
    build=${1:-$root/build}
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
    cmake --build "$build" --parallel "$(nproc)"
}

ebb_free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

# Starts PostgreSQL in a temp dir on a free loopback port with password auth and
# exports EBB_TEST_PG_{HOST,PORT,USER,PASSWORD,DATABASE} and EBB_PG_DIR.
ebb_pg_start() {
    local bin run=() pw
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
    [ -x "$bin/initdb" ] || { echo "ebb: PostgreSQL server binaries not found" >&2; return 1; }
    EBB_PG_DIR=$(mktemp -d /tmp/ebb-pg.XXXXXX)
    chmod 755 "$EBB_PG_DIR"
    # initdb refuses to run as root: the server runs as the postgres user then.
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$EBB_PG_DIR"
        run=(runuser -u postgres --)
    fi
    pw=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    printf '%s\n' "$pw" > "$EBB_PG_DIR/pwfile"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$EBB_PG_DIR/pwfile"
    EBB_TEST_PG_PORT=$(ebb_free_port)
    "${run[@]}" "$bin/initdb" -D "$EBB_PG_DIR/data" -U ebb --pwfile="$EBB_PG_DIR/pwfile" --auth=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$EBB_PG_DIR/initdb.log" 2>&1 || { cat "$EBB_PG_DIR/initdb.log" >&2; return 1; }
    rm -f "$EBB_PG_DIR/pwfile"
    "${run[@]}" "$bin/pg_ctl" -D "$EBB_PG_DIR/data" -l "$EBB_PG_DIR/server.log" -w -o \
        "-p $EBB_TEST_PG_PORT -k $EBB_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null || { cat "$EBB_PG_DIR/server.log" >&2; return 1; }
    export EBB_PG_DIR EBB_PG_BIN=$bin EBB_TEST_PG_HOST=127.0.0.1 EBB_TEST_PG_PORT EBB_TEST_PG_USER=ebb
    export EBB_TEST_PG_PASSWORD=$pw EBB_TEST_PG_DATABASE=ebb_test
    PGPASSWORD=$pw psql -h 127.0.0.1 -p "$EBB_TEST_PG_PORT" -U ebb -d postgres -qc "CREATE DATABASE ebb_test" >/dev/null
    echo "ebb: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$EBB_TEST_PG_PORT ($EBB_PG_DIR)"
}

ebb_pg_stop() {
    [ -n "${EBB_PG_DIR:-}" ] && [ -d "$EBB_PG_DIR/data" ] || return 0
    local run=()
    [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
    "${run[@]}" "$EBB_PG_BIN/pg_ctl" -D "$EBB_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$EBB_PG_DIR"
}

# A throw-away MariaDB server on a free loopback port, its files in a temporary folder; exports
# EBB_TEST_MYSQL_HOST/PORT/USER/PASSWORD/DATABASE. As root it runs as the mysql user.
ebb_mariadb_start() {
    local pw run=() user
    command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || { echo "ebb: mariadb-server not found" >&2; return 1; }
    EBB_MYSQL_DIR=$(mktemp -d /tmp/ebb-mysql.XXXXXX)
    chmod 755 "$EBB_MYSQL_DIR"
    user=$(id -un)
    if [ "$(id -u)" -eq 0 ]; then
        chown mysql: "$EBB_MYSQL_DIR"
        run=(runuser -u mysql --)
        user=mysql
    fi
    pw=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    EBB_TEST_MYSQL_PORT=$(ebb_free_port)
    "${run[@]}" mariadb-install-db --no-defaults --datadir="$EBB_MYSQL_DIR/data" --user="$user" \
        --auth-root-authentication-method=socket --skip-test-db >"$EBB_MYSQL_DIR/install.log" 2>&1 \
        || { cat "$EBB_MYSQL_DIR/install.log" >&2; return 1; }
    "${run[@]}" /usr/sbin/mariadbd --no-defaults --datadir="$EBB_MYSQL_DIR/data" --socket="$EBB_MYSQL_DIR/sock" \
        --port="$EBB_TEST_MYSQL_PORT" --bind-address=127.0.0.1 --pid-file="$EBB_MYSQL_DIR/pid" \
        --skip-name-resolve --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=64M \
        --log-error="$EBB_MYSQL_DIR/server.log" >/dev/null 2>&1 &
    for _ in $(seq 100); do
        mariadb-admin --no-defaults --socket="$EBB_MYSQL_DIR/sock" -u "$(id -un)" ping >/dev/null 2>&1 && break
        sleep 0.2
    done
    # The server knows this OS user through its socket (root, or whoever runs the tests).
    mariadb --no-defaults --socket="$EBB_MYSQL_DIR/sock" -u "$(id -un)" -e "
        CREATE DATABASE ebb_test CHARACTER SET utf8mb4;
        CREATE USER 'ebb'@'127.0.0.1' IDENTIFIED BY '$pw';
        GRANT ALL ON ebb_test.* TO 'ebb'@'127.0.0.1';" || { cat "$EBB_MYSQL_DIR/server.log" >&2; return 1; }
    export EBB_MYSQL_DIR EBB_TEST_MYSQL_HOST=127.0.0.1 EBB_TEST_MYSQL_PORT EBB_TEST_MYSQL_USER=ebb
    export EBB_TEST_MYSQL_PASSWORD=$pw EBB_TEST_MYSQL_DATABASE=ebb_test
    echo "ebb: MariaDB $(/usr/sbin/mariadbd --version | awk '{print $3}') on 127.0.0.1:$EBB_TEST_MYSQL_PORT ($EBB_MYSQL_DIR)"
}

ebb_mariadb_stop() {
    [ -n "${EBB_MYSQL_DIR:-}" ] && [ -d "$EBB_MYSQL_DIR" ] || return 0
    mariadb-admin --no-defaults --socket="$EBB_MYSQL_DIR/sock" -u "$(id -un)" shutdown >/dev/null 2>&1 \
        || { [ -s "$EBB_MYSQL_DIR/pid" ] && kill "$(cat "$EBB_MYSQL_DIR/pid")" 2>/dev/null; sleep 1; }
    rm -rf "$EBB_MYSQL_DIR"
}

# Starts `ebb-emulator <args…>` in the background, its output in <scratch>/emulator.out, and
# waits for the URL it prints first: sets emulator_pid and emulator_url (the caller kills it).
# A benchmark's workspace in "$1": ebb.json and a connection "pg" to the throw-away server
# ebb_pg_start started (password from the environment).
ebb_bench_workspace() {
    mkdir -p "$1/connections" "$1/syncs"
    echo '{"version": 1, "name": "bench"}' > "$1/ebb.json"
    cat > "$1/connections/pg.json" <<JSON
{"kind": "postgres", "host": "127.0.0.1", "port": $EBB_TEST_PG_PORT, "database": "ebb_test", "user": "ebb",
 "password": "env:EBB_TEST_PG_PASSWORD", "sslmode": "disable"}
JSON
}

ebb_start_emulator() {
    local build=$1 scratch=$2
    shift 2
    "$build/tests/emulators/ebb-emulator" "$@" > "$scratch/emulator.out" &
    emulator_pid=$!
    for _ in $(seq 50); do [ -s "$scratch/emulator.out" ] && break; sleep 0.1; done
    emulator_url=$(head -1 "$scratch/emulator.out")
}
