#!/usr/bin/env bash
# Start the infratrack deployment on this machine, on 127.0.0.1: PostgreSQL 15 (the Dagster
# instance), Redis (the celery broker), the Dagster daemon and webserver, and N celery workers that
# run the steps of jobs on the Definitions' executor. Debian's packages and the locked .venv only.
#
#   deploy/start.sh                      everything
#   deploy/start.sh postgres redis       only these (services: postgres redis daemon webserver workers)
#
# A service already running is left as it is, so running it twice is harmless. PIDs and logs are
# under $INFRATRACK_DATA_DIR/deploy/; deploy/stop.sh stops them. Settings: deploy/README.md.
set -euo pipefail
# Each background service gets its own process group (stop.sh signals the whole group) and keeps
# SIGINT/SIGTERM, which a shell without job control would make background programs ignore.
set -m

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
check_settings
choose_services "$@"

cd "$REPO" # the services' working directory: the code location is imported from here
mkdir -p "$RUN_DIR" "$LOG_DIR" "$DAGSTER_HOME"
install -m 0644 "$REPO/deploy/dagster.yaml" "$DAGSTER_HOME/dagster.yaml"
export PATH="$VENV_BIN:$PATH" # dagster-celery starts `celery` from PATH: this environment's

wait_for() { # WHAT SECONDS COMMAND...
    local what="$1" seconds="$2"
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || return 1
        sleep 1
    done
    say "up: $what"
}

# The environment: the locked .venv and a parsed dbt project (dagster-dbt reads the manifest).
prepare_python() {
    [[ -x "$VENV_BIN/python" && -f "$REPO/dbt_project/target/manifest.json" ]] && return
    say "preparing the Python environment and the dbt manifest (make prepare)"
    make -C "$REPO" --no-print-directory prepare >/dev/null
}

pg_password() {
    if [[ -n "${INFRATRACK_PG_PASSWORD:-}" ]]; then
        # It goes into SQL below and into connection strings: no quoting characters.
        [[ "$INFRATRACK_PG_PASSWORD" =~ ^[A-Za-z0-9._~+-]{12,128}$ ]] ||
            die "INFRATRACK_PG_PASSWORD must be 12-128 letters, digits or ._~+-"
        echo "$INFRATRACK_PG_PASSWORD"
        return
    fi
    if [[ ! -s "$PG_PASSWORD_FILE" ]]; then
        mkdir -p "$(dirname "$PG_PASSWORD_FILE")"
        chmod 0700 "$(dirname "$PG_PASSWORD_FILE")"
        (
            umask 077
            od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$PG_PASSWORD_FILE"
        )
    fi
    cat "$PG_PASSWORD_FILE"
}

init_postgres() {
    [[ -x "$PG_BIN/initdb" ]] ||
        die "PostgreSQL 15 not found in $PG_BIN: apt-get install postgresql (or set INFRATRACK_PG_BIN)"
    mkdir -p "$PG_DIR"
    if ((EUID == 0)); then
        id postgres >/dev/null 2>&1 || die "running as root needs Debian's postgres user"
        chown postgres: "$PG_DIR"
        runuser -u postgres -- test -w "$PG_DIR" ||
            die "the postgres user cannot reach $PG_DIR: set INFRATRACK_PG_DIR to a folder it can"
    fi
    chmod 0700 "$PG_DIR"
    [[ -f "$PG_DATA/PG_VERSION" ]] && return
    say "creating the PostgreSQL cluster in $PG_DATA"
    local pwfile="$PG_DIR/.initdb-password"
    (
        umask 077
        printf '%s\n' "$PG_PASSWORD" >"$pwfile"
    )
    ((EUID == 0)) && chown postgres: "$pwfile"
    local status=0
    as_pg_owner "$PG_BIN/initdb" --pgdata "$PG_DATA" --username "$INFRATRACK_PG_USER" \
        --pwfile "$pwfile" --auth scram-sha-256 --encoding UTF8 --no-locale \
        >"$LOG_DIR/initdb.log" 2>&1 || status=$?
    rm -f "$pwfile"
    ((status == 0)) || die "initdb failed (see $LOG_DIR/initdb.log)"
    # Only 127.0.0.1; the socket in the cluster's own folder, not /var/run/postgresql.
    printf "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\n" "$PG_DIR" |
        as_pg_owner tee -a "$PG_DATA/postgresql.conf" >/dev/null
}

start_postgres() {
    PG_PASSWORD="$(pg_password)"
    export INFRATRACK_PG_PASSWORD="$PG_PASSWORD"
    init_postgres
    if pg_is_running; then
        say "postgres already running"
    else
        ! port_is_taken "$INFRATRACK_PG_PORT" ||
            die "port $INFRATRACK_PG_PORT is taken by another program: set INFRATRACK_PG_PORT"
        local log="$PG_DIR/server.log"
        as_pg_owner "$PG_BIN/pg_ctl" start --pgdata "$PG_DATA" --log "$log" --wait --timeout 60 \
            -o "-p $INFRATRACK_PG_PORT" >/dev/null || die "PostgreSQL did not start (see $log)"
        say "postgres is up on 127.0.0.1:$INFRATRACK_PG_PORT"
    fi
    local psql=("$PG_BIN/psql" -h 127.0.0.1 -p "$INFRATRACK_PG_PORT" -U "$INFRATRACK_PG_USER"
        -d postgres -v ON_ERROR_STOP=1 -qtA)
    if [[ -z "$(PGPASSWORD="$PG_PASSWORD" "${psql[@]}" -c \
        "select 1 from pg_database where datname = '$INFRATRACK_PG_DB'")" ]]; then
        PGPASSWORD="$PG_PASSWORD" "${psql[@]}" -c "create database $INFRATRACK_PG_DB" ||
            die "could not create database $INFRATRACK_PG_DB"
        say "created database $INFRATRACK_PG_DB"
    fi
}

start_redis() {
    if live_pid redis redis-server >/dev/null; then
        say "redis already running"
        return
    fi
    command -v redis-server >/dev/null || die "redis-server not found: apt-get install redis-server"
    ! port_is_taken "$REDIS_PORT" ||
        die "port $REDIS_PORT is taken by another program: set INFRATRACK_REDIS_PORT"
    mkdir -p "$STATE_DIR/redis"
    # Append-only persistence: steps queued when Redis stops are still queued when it restarts.
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
        --dir "$STATE_DIR/redis" --appendonly yes --daemonize yes \
        --pidfile "$RUN_DIR/redis.pid" --logfile "$LOG_DIR/redis.log"
    wait_for "redis on 127.0.0.1:$REDIS_PORT" 30 redis-cli -p "$REDIS_PORT" ping ||
        die "Redis did not answer (see $LOG_DIR/redis.log)"
}

# The instance's tables, made by one process before the others start: processes that start at
# once on an empty database each try to create them, and all but one fail.
migrate_instance() {
    [[ -n "${INFRATRACK_PG_PASSWORD:-}" ]] || INFRATRACK_PG_PASSWORD="$(pg_password)"
    export INFRATRACK_PG_PASSWORD
    "$VENV_BIN/dagster" instance migrate >"$LOG_DIR/migrate.log" 2>&1 ||
        die "the Dagster instance on PostgreSQL is not usable (see $LOG_DIR/migrate.log)"
}

start_background() { # NAME PROGRAM-TO-RECOGNISE COMMAND...
    local name="$1" program="$2"
    shift 2
    if live_pid "$name" "$program" >/dev/null; then
        say "$name already running"
        return
    fi
    nohup "$@" </dev/null >>"$LOG_DIR/$name.log" 2>&1 &
    echo $! >"$RUN_DIR/$name.pid"
    sleep 1
    live_pid "$name" "$program" >/dev/null ||
        die "$name exited at once: $(tail -n 5 "$LOG_DIR/$name.log")"
    say "$name started (pid $(<"$RUN_DIR/$name.pid"), log $LOG_DIR/$name.log)"
}

start_daemon() {
    start_background daemon dagster-daemon \
        "$VENV_BIN/dagster-daemon" run -m orchestration.definitions -d "$REPO"
}

start_webserver() {
    if ! live_pid webserver dagster-webserver >/dev/null; then
        ! port_is_taken "$WEB_PORT" ||
            die "port $WEB_PORT is taken by another program: set INFRATRACK_WEBSERVER_PORT"
    fi
    start_background webserver dagster-webserver \
        "$VENV_BIN/dagster-webserver" -m orchestration.definitions -d "$REPO" \
        -h 127.0.0.1 -p "$WEB_PORT"
    wait_for "the webserver on http://127.0.0.1:$WEB_PORT" 180 port_is_taken "$WEB_PORT" ||
        die "the webserver did not answer (see $LOG_DIR/webserver.log)"
}

# Exits 0 when every worker named in argv answers a ping through the broker.
WORKERS_ANSWER='
import os, sys
from celery import Celery
app = Celery(broker=os.environ["INFRATRACK_CELERY_BROKER"])
replies = app.control.ping(destination=sys.argv[1:], timeout=2.0)
sys.exit(0 if {name for reply in replies for name in reply} == set(sys.argv[1:]) else 1)
'

start_workers() {
    # A URL the executor would refuse (orchestration/defs/executors.py) is refused before
    # dagster-celery writes it into the Python module every worker imports.
    "$VENV_BIN/python" -c \
        'from orchestration.defs.executors import celery_settings; celery_settings()' ||
        die "fix INFRATRACK_CELERY_BROKER / INFRATRACK_CELERY_BACKEND"
    local name names=()
    for name in $(worker_names); do
        # One step at a time per worker; the code location is imported once, before the pool forks.
        start_background "$name" dagster-celery \
            "$VENV_BIN/dagster-celery" worker start --app dagster_celery.app \
            --config-yaml "$REPO/deploy/celery.yaml" --name "infratrack-$name" \
            --includes orchestration.definitions --loglevel INFO -- --concurrency=1
        names+=("infratrack-$name@$(hostname)")
    done
    wait_for "${#names[@]} celery workers" 180 "$VENV_BIN/python" -c "$WORKERS_ANSWER" "${names[@]}" ||
        die "the celery workers did not answer through the broker (see $LOG_DIR/worker-*.log)"
}

prepare_python
for service in "${SERVICES[@]}"; do
    case "$service" in
    postgres) start_postgres ;;
    redis) start_redis ;;
    daemon | webserver | workers)
        [[ -n "${MIGRATED:-}" ]] || {
            migrate_instance
            MIGRATED=1
        }
        "start_$service"
        ;;
    esac
done
say "executor $INFRATRACK_EXECUTOR, broker $INFRATRACK_CELERY_BROKER; instance in $DAGSTER_HOME"
[[ " ${SERVICES[*]} " == *" webserver "* ]] && say "UI: http://127.0.0.1:$WEB_PORT"
say "logs: $LOG_DIR   stop: deploy/stop.sh"
