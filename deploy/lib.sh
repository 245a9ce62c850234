# Settings and helpers shared by deploy/start.sh and deploy/stop.sh (sourced, not run).
# Every setting comes from the environment with a default for one machine (deploy/README.md).

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_BIN="$REPO/.venv/bin"

export INFRATRACK_DATA_DIR="${INFRATRACK_DATA_DIR:-$REPO/data}"
STATE_DIR="$INFRATRACK_DATA_DIR/deploy"
RUN_DIR="$STATE_DIR/run"
LOG_DIR="$STATE_DIR/logs"
# Its own instance folder, never an inherited DAGSTER_HOME: start.sh writes dagster.yaml into it,
# which would replace the local SQLite instance's config of `infratrack refresh` / `make ui`.
export DAGSTER_HOME="$STATE_DIR/dagster_home"

PG_BIN="${INFRATRACK_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DIR="${INFRATRACK_PG_DIR:-$STATE_DIR/postgres}"
PG_DATA="$PG_DIR/data"
PG_PASSWORD_FILE="$STATE_DIR/secrets/pg_password"
export INFRATRACK_PG_HOST=127.0.0.1
export INFRATRACK_PG_PORT="${INFRATRACK_PG_PORT:-5433}"
export INFRATRACK_PG_USER="${INFRATRACK_PG_USER:-infratrack}"
export INFRATRACK_PG_DB="${INFRATRACK_PG_DB:-dagster}"

REDIS_PORT="${INFRATRACK_REDIS_PORT:-6379}"
export INFRATRACK_CELERY_BROKER="${INFRATRACK_CELERY_BROKER:-redis://127.0.0.1:$REDIS_PORT/0}"
export INFRATRACK_CELERY_BACKEND="${INFRATRACK_CELERY_BACKEND:-redis://127.0.0.1:$REDIS_PORT/1}"
export INFRATRACK_EXECUTOR="${INFRATRACK_EXECUTOR:-celery}"
WORKERS="${INFRATRACK_CELERY_WORKERS:-2}"
WEB_PORT="${INFRATRACK_WEBSERVER_PORT:-3000}"
STOP_TIMEOUT="${INFRATRACK_STOP_TIMEOUT:-60}"

ALL_SERVICES=(postgres redis daemon webserver workers)

say() { printf 'infratrack deploy: %s\n' "$*"; }
die() {
    printf 'infratrack deploy: error: %s\n' "$*" >&2
    exit 1
}

check_number() { # NAME VALUE MIN MAX
    [[ "$2" =~ ^[0-9]+$ ]] && (("$2" >= $3 && "$2" <= $4)) ||
        die "$1 must be a whole number from $3 to $4, not '$2'"
}

check_settings() {
    check_number INFRATRACK_PG_PORT "$INFRATRACK_PG_PORT" 1024 65535
    check_number INFRATRACK_REDIS_PORT "$REDIS_PORT" 1024 65535
    check_number INFRATRACK_WEBSERVER_PORT "$WEB_PORT" 1024 65535
    check_number INFRATRACK_CELERY_WORKERS "$WORKERS" 1 32
    check_number INFRATRACK_STOP_TIMEOUT "$STOP_TIMEOUT" 1 3600
    # Names go into SQL and a connection string: plain identifiers only.
    [[ "$INFRATRACK_PG_USER" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] ||
        die "INFRATRACK_PG_USER must be a lower-case identifier, not '$INFRATRACK_PG_USER'"
    [[ "$INFRATRACK_PG_DB" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] ||
        die "INFRATRACK_PG_DB must be a lower-case identifier, not '$INFRATRACK_PG_DB'"
}

# SERVICES: the services named on the command line, in start order; all of them when none is.
choose_services() {
    local name service known
    for name in "$@"; do
        known=""
        for service in "${ALL_SERVICES[@]}"; do [[ "$name" == "$service" ]] && known=1; done
        [[ -n "$known" ]] || die "unknown service '$name' (services: ${ALL_SERVICES[*]})"
    done
    SERVICES=()
    for service in "${ALL_SERVICES[@]}"; do
        if (($# == 0)); then
            SERVICES+=("$service")
            continue
        fi
        for name in "$@"; do [[ "$name" == "$service" ]] && SERVICES+=("$service"); done
    done
    return 0
}

# initdb and postgres refuse to run as root: as root, the cluster belongs to Debian's postgres user.
as_pg_owner() {
    if ((EUID == 0)); then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_is_running() { as_pg_owner "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1; }

port_is_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The pid in RUN_DIR/NAME.pid when that process still runs the expected program (a pid the kernel
# reused for something else does not count); nothing otherwise.
live_pid() { # NAME PROGRAM
    local file="$RUN_DIR/$1.pid" pid
    [[ -f "$file" ]] || return 1
    pid="$(<"$file")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [[ -r "/proc/$pid/cmdline" ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$2" || return 1
    echo "$pid"
}

worker_names() {
    local i
    for ((i = 1; i <= WORKERS; i++)); do echo "worker-$i"; done
}
