#!/usr/bin/env bash
# Stop what deploy/start.sh started, in reverse order: the webserver and the daemon, the celery
# workers (each finishes the step it runs, up to $INFRATRACK_STOP_TIMEOUT seconds), Redis, then
# PostgreSQL. Each is found by its PID file under $INFRATRACK_DATA_DIR/deploy/run, never by name.
#
#   deploy/stop.sh                       everything
#   deploy/stop.sh workers               only these (services: postgres redis daemon webserver workers)
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
check_settings
choose_services "$@"

group_alive() { kill -0 -- "-$1" 2>/dev/null; }

# SIGTERM to the process group start.sh gave the service (its children too: the code servers of
# the daemon and webserver, the pool processes of a worker), SIGKILL after the timeout.
stop_group() { # NAME PROGRAM
    local name="$1" pid
    if ! pid="$(live_pid "$name" "$2")"; then
        pid="$(cat "$RUN_DIR/$name.pid" 2>/dev/null || true)"
        # The leader gone but its group alive (a worker's celery process outliving the
        # dagster-celery wrapper): the kernel reuses no pid still naming a group, so it is ours.
        if ! [[ "$pid" =~ ^[0-9]+$ && ! -e "/proc/$pid" ]] || ! group_alive "$pid"; then
            say "$name not running"
            rm -f "$RUN_DIR/$name.pid"
            return
        fi
    fi
    kill -TERM -- "-$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while group_alive "$pid" && ((SECONDS < deadline)); do sleep 1; done
    if group_alive "$pid"; then
        say "$name still running after ${STOP_TIMEOUT}s: killing it"
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$RUN_DIR/$name.pid"
    say "$name stopped"
}

stop_workers() {
    local files=("$RUN_DIR"/worker-*.pid) file
    if [[ ! -e "${files[0]}" ]]; then
        say "workers not running"
        return
    fi
    # Every worker with a PID file, also those beyond the current INFRATRACK_CELERY_WORKERS; all
    # at once, since each may finish a step first.
    for file in "${files[@]}"; do
        stop_group "$(basename "$file" .pid)" dagster-celery &
    done
    wait
}

stop_redis() {
    local pid
    if ! pid="$(live_pid redis redis-server)"; then
        say "redis not running"
        return
    fi
    kill -TERM "$pid"
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && die "redis (pid $pid) did not stop"
    say "redis stopped"
}

stop_postgres() {
    if [[ ! -f "$PG_DATA/PG_VERSION" ]] || ! pg_is_running; then
        say "postgres not running"
        return
    fi
    as_pg_owner "$PG_BIN/pg_ctl" stop --pgdata "$PG_DATA" --mode fast --wait \
        --timeout "$STOP_TIMEOUT" >/dev/null || die "PostgreSQL did not stop"
    say "postgres stopped"
}

for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    case "${SERVICES[i]}" in
    webserver) stop_group webserver dagster-webserver ;;
    daemon) stop_group daemon dagster-daemon ;;
    workers) stop_workers ;;
    redis) stop_redis ;;
    postgres) stop_postgres ;;
    esac
done
