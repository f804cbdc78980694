# Real servers for the integration tests, on loopback, in a temporary directory, stopped on
# exit. Source after common.sh; call start_services; it exports RAMPART_TEST_* for the tests.

RAMPART_SERVICE_PACKAGES=(redis-server postgresql prometheus wrk)
RAMPART_SERVICES_DIR=""
RAMPART_STOP_STEPS=()

# free_port: a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$(( 20000 + RANDOM % 30000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    die "no free port found"
}

# wait_for CMD...: retry for up to 20 s.
wait_for() {
    for _ in $(seq 1 100); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    return 1
}

stop_services() {
    local i
    for (( i=${#RAMPART_STOP_STEPS[@]}-1; i>=0; i-- )); do
        eval "${RAMPART_STOP_STEPS[$i]}" >/dev/null 2>&1 || true
    done
    RAMPART_STOP_STEPS=()
    [ -n "$RAMPART_SERVICES_DIR" ] && rm -rf "$RAMPART_SERVICES_DIR"
    RAMPART_SERVICES_DIR=""
}

start_redis() {
    local port password attempt answered=""
    password="rampart-test-$RANDOM$RANDOM"
    # Another port if the first does not answer: a port free when probed can be taken by the
    # time redis binds it (seen once in a local run: "redis-server does not answer").
    for attempt in 1 2 3; do
        port=$(free_port)
        redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
            --requirepass "$password" --dir "$RAMPART_SERVICES_DIR" \
            --pidfile "$RAMPART_SERVICES_DIR/redis.pid" --logfile "$RAMPART_SERVICES_DIR/redis.log" \
            || die "redis-server did not start"
        RAMPART_STOP_STEPS+=("redis-cli -p $port -a '$password' --no-auth-warning shutdown nosave")
        if wait_for redis-cli -p "$port" -a "$password" --no-auth-warning ping; then
            answered=1
            break
        fi
        log "redis on port $port does not answer (attempt $attempt of 3): $(tail -2 "$RAMPART_SERVICES_DIR/redis.log" 2>/dev/null)"
    done
    [ -n "$answered" ] || die "redis-server does not answer"
    export RAMPART_TEST_REDIS_URL="redis://127.0.0.1:$port/0"
    export RAMPART_TEST_REDIS_PASSWORD="$password"
    log "redis on 127.0.0.1:$port"
}

start_postgres() {
    local port bin data
    port=$(free_port)
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    data="$RAMPART_SERVICES_DIR/pg"
    mkdir -p "$data" && chown postgres:postgres "$data" "$RAMPART_SERVICES_DIR"
    runuser -u postgres -- "$bin/initdb" -D "$data" -A trust -U postgres >"$RAMPART_SERVICES_DIR/initdb.log" 2>&1 \
        || die "initdb failed (see $RAMPART_SERVICES_DIR/initdb.log)"
    runuser -u postgres -- "$bin/pg_ctl" -D "$data" -o "-p $port -k $data -c listen_addresses=127.0.0.1" \
        -l "$data/log" -w start >/dev/null || die "PostgreSQL did not start"
    RAMPART_STOP_STEPS+=("runuser -u postgres -- '$bin/pg_ctl' -D '$data' -m fast -w stop")
    export RAMPART_TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"
    log "postgresql on 127.0.0.1:$port"
}

start_prometheus() {
    local port
    port=$(free_port)
    mkdir -p "$RAMPART_SERVICES_DIR/prometheus-targets"
    cat >"$RAMPART_SERVICES_DIR/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:$port']
  # Targets tests add and remove themselves (a JSON file each): scrape targets that go down.
  - job_name: rampart_test_target
    file_sd_configs:
      - files: ['$RAMPART_SERVICES_DIR/prometheus-targets/*.json']
        refresh_interval: 1s
YAML
    prometheus --config.file="$RAMPART_SERVICES_DIR/prometheus.yml" \
        --storage.tsdb.path="$RAMPART_SERVICES_DIR/prometheus-data" \
        --web.listen-address="127.0.0.1:$port" >"$RAMPART_SERVICES_DIR/prometheus.log" 2>&1 &
    RAMPART_STOP_STEPS+=("kill $! && wait $!")
    wait_for curl -sf "http://127.0.0.1:$port/-/ready" || die "prometheus did not become ready"
    export RAMPART_TEST_PROMETHEUS_URL="http://127.0.0.1:$port"
    export RAMPART_TEST_PROMETHEUS_TARGETS_DIR="$RAMPART_SERVICES_DIR/prometheus-targets"
    log "prometheus on 127.0.0.1:$port"
}

start_services() {
    RAMPART_SERVICES_DIR=$(mktemp -d /tmp/rampart-services.XXXXXX)
    chmod 755 "$RAMPART_SERVICES_DIR"
    # Audit records the CLI tests queue stay in the temporary directory, not in $HOME.
    export RAMPART_OUTBOX_DIR="$RAMPART_SERVICES_DIR/outbox"
    start_redis
    start_postgres
    start_prometheus
}
