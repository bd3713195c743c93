#!/usr/bin/env bash
# Runs Queue on this machine: installs and starts the servers (scripts/servers.sh), builds the
# dispatcher, the gateway and the reputation monitor, (re)starts them in the background and waits
# until each is ready. Safe to run again: it replaces the services it started before.
#
# Usage: scripts/run.sh [--demo] [--foreground]
#        scripts/run.sh --stop
#
#   --demo        after start, publish 5 demo mails (scripts/demo.py) and wait for them in maildev
#   --foreground  run the dispatcher alone, in this terminal (Ctrl-C stops it)
#   --stop        stop the services, then the servers (scripts/servers.sh stop)
#
# Debian 12, run as root. Prerequisite: the .NET 10 SDK (`dotnet`), which Debian's apt does not have.
# Environment: DISPATCHER_PORT [5080], GATEWAY_PORT [5090], MONITOR_PORT [5081],
#              READY_TIMEOUT [60] seconds, QUEUE_RUN_DIR [<repo>/.run].
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${QUEUE_RUN_DIR:-$REPO/.run}"
PORT="${DISPATCHER_PORT:-5080}"
READY_TIMEOUT="${READY_TIMEOUT:-60}"

# name -> project, port. Each runs from its publish folder (.run/<name>), its log .run/<name>.log.
declare -A PROJECT=([dispatcher]=Queue.Dispatcher [gateway]=Queue.Gateway [monitor]=Queue.ReputationMonitor)
declare -A SERVICE_PORT=([dispatcher]="$PORT" [gateway]="${GATEWAY_PORT:-5090}" [monitor]="${MONITOR_PORT:-5081}")
SERVICES=(dispatcher gateway monitor)
READY_URL="http://127.0.0.1:$PORT/health/ready"

export DOTNET_NOLOGO=1 DOTNET_GENERATE_ASPNET_CERTIFICATE=false

say() { printf 'run: %s\n' "$*"; }
die() { printf 'run: ERROR: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

DEMO=0 FOREGROUND=0 STOP=0
for arg in "$@"; do
    case "$arg" in
        --demo) DEMO=1 ;;
        --foreground) FOREGROUND=1 ;;
        --stop) STOP=1 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option '$arg'" ;;
    esac
done
(( STOP == 0 || (DEMO == 0 && FOREGROUND == 0) )) || die "--stop takes no other option"
(( DEMO == 0 || FOREGROUND == 0 )) || die "--demo needs the background dispatcher; leave out --foreground"

# ------------------------------------------------------------- services ---

app_dir() { echo "$RUN_DIR/$1"; }
dll() { echo "$RUN_DIR/$1/${PROJECT[$1]}.dll"; }
pid_file() { echo "$RUN_DIR/$1.pid"; }
log_file() { echo "$RUN_DIR/$1.log"; }
ready_url() { echo "http://127.0.0.1:${SERVICE_PORT[$1]}/health/ready"; }

# The pid in the service's pid file, if that process is still that service (not a recycled pid).
service_pid() {
    local file pid
    file="$(pid_file "$1")"
    [[ -f "$file" ]] || return 1
    pid="$(cat "$file")"
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "${PROJECT[$1]}.dll" || return 1
    echo "$pid"
}

stop_service() {
    local pid
    if pid="$(service_pid "$1")"; then
        say "stopping the $1 (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        local _
        for _ in $(seq 1 75); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        if kill -0 "$pid" 2>/dev/null; then
            say "the $1 did not stop within 15 s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.5
        fi
    fi
    rm -f "$(pid_file "$1")"
}

# What went wrong first (the exception message tops a long stack trace), then the log's end.
show_log() {
    local log errors
    log="$(log_file "$1")"
    errors="$(grep -m 5 -E '^(crit|fail):|Unhandled exception|Exception: ' "$log" 2>/dev/null || true)"
    if [[ -n "$errors" ]]; then
        printf 'run: ---- errors in %s ----\n%s\n' "$log" "$errors" >&2
    fi
    printf 'run: ---- tail of %s ----\n' "$log" >&2
    tail -n 30 "$log" >&2 || true
}

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

ready() { curl -fsS -m 5 -o /dev/null "$(ready_url "$1")" 2>/dev/null; }

require_dotnet() {
    if ! command -v dotnet >/dev/null 2>&1; then
        cat >&2 <<'EOF'
run: ERROR: `dotnet` was not found. Queue needs the .NET 10 SDK, which Debian's apt does not provide.
run: Install it from Microsoft, e.g. with their package feed
run:   https://learn.microsoft.com/dotnet/core/install/linux-debian
run: or with the install script (then put ~/.dotnet on PATH):
run:   curl -fsSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0
EOF
        exit 1
    fi
    if ! dotnet --list-sdks 2>/dev/null | grep -qE '^(1[0-9]|[2-9][0-9])\.'; then
        printf 'run: ERROR: dotnet is there but no .NET 10 SDK (installed SDKs: %s).\n' \
            "$(dotnet --list-sdks 2>/dev/null | awk '{print $1}' | paste -sd' ' || true)" >&2
        printf 'run: Install the .NET 10 SDK: https://learn.microsoft.com/dotnet/core/install/linux-debian\n' >&2
        exit 1
    fi
}

build_service() {
    local dir build_log="$RUN_DIR/$1-build.log"
    dir="$(app_dir "$1")"
    say "building the $1 (dotnet publish -c Release -o ${dir#"$REPO"/})"
    local start=$SECONDS
    if ! (cd "$REPO" && dotnet publish "services/${PROJECT[$1]}" -c Release -o "$dir" \
            -nologo -v quiet) >"$build_log" 2>&1; then
        local errors
        errors="$(grep -E ': (error|warning) ' "$build_log" | sort -u | head -40 || true)"
        if [[ -n "$errors" ]]; then
            printf '%s\n' "$errors" >&2
        else
            printf 'run: ---- tail of %s ----\n' "$build_log" >&2
            tail -n 30 "$build_log" >&2
        fi
        die "the build failed (full log: $build_log)"
    fi
    say "built in $((SECONDS - start)) s"
}

# The broker user of each service (scripts/servers.sh creates them; the gateway's is the relay "gateway" of
# Applications:Registered) and its password, generated in .run/rabbitmq-users/ or given as RABBIT_PASSWORD_<USER>.
declare -A BROKER_USER=([dispatcher]=queue-dispatcher [gateway]=queue-gateway [monitor]=queue-monitor)
broker_password() {
    local var="RABBIT_PASSWORD_$(printf '%s' "${BROKER_USER[$1]}" | tr 'a-z-' 'A-Z_')"
    if [[ -n "${!var:-}" ]]; then printf '%s' "${!var}"; return; fi
    cat "$RUN_DIR/rabbitmq-users/${BROKER_USER[$1]}" 2>/dev/null \
        || die "no password for RabbitMQ user ${BROKER_USER[$1]} in $RUN_DIR/rabbitmq-users/ (scripts/servers.sh start creates it)"
}

# A service reads appsettings.json from its content root, the working directory: so it always runs from its
# publish folder.
start_service() {
    local name="$1" log pid_path
    log="$(log_file "$name")"
    pid_path="$(pid_file "$name")"
    local password
    password="$(broker_password "$name")"
    say "starting the $name on http://127.0.0.1:${SERVICE_PORT[$name]} (log: $log)"
    # The shell writes its own pid, then execs (nohup -> env -> dotnet keep that pid).
    # The redirections cover the whole subshell, so nothing keeps this script's stdout open.
    # shellcheck disable=SC2016
    (cd "$(app_dir "$name")" && exec setsid sh -c 'echo $$ >"$0"; exec "$@"' "$pid_path" \
        nohup env ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
        RabbitMq__UserName="${BROKER_USER[$name]}" RabbitMq__Password="$password" \
        Urls="http://127.0.0.1:${SERVICE_PORT[$name]}" dotnet "$(dll "$name")") </dev/null >"$log" 2>&1 &
    local start=$SECONDS _
    for _ in $(seq 1 20); do [[ -s "$pid_path" ]] && break; sleep 0.1; done
    while (( SECONDS - start < READY_TIMEOUT )); do
        if ready "$name"; then
            say "$name ready after $((SECONDS - start)) s (pid $(cat "$pid_path"))"
            return
        fi
        if ! service_pid "$name" >/dev/null; then
            show_log "$name"
            rm -f "$pid_path"
            die "the $name exited during start-up (log: $log)"
        fi
        sleep 1
    done
    show_log "$name"
    curl -sS -m 5 "$(ready_url "$name")" >&2 2>&1 || true
    echo >&2
    stop_service "$name"
    die "the $name was not ready within $READY_TIMEOUT s ($(ready_url "$name")); stopped it (log: $log)"
}

# Publishes demo mails and waits until maildev has all of them (scripts/demo.py matches them by X-Queue-Request-Id).
run_demo() {
    say "publishing 5 demo mails (scripts/demo.py)"
    local status=0
    /usr/bin/python3 "$REPO/scripts/demo.py" --count 5 --wait 60 >/dev/null 2>"$RUN_DIR/demo.log" || status=$?
    case "$status" in
        0) say "demo: $(sed -n 's/^demo.py: //p' "$RUN_DIR/demo.log") — see http://127.0.0.1:1080" ;;
        3) say "WARNING: demo: $(sed -n 's/^demo.py: //p' "$RUN_DIR/demo.log") within 60 s (see $(log_file dispatcher))" ;;
        *) cat "$RUN_DIR/demo.log" >&2; die "scripts/demo.py failed" ;;
    esac
}

# ------------------------------------------------------------------- main ---

if (( STOP )); then
    for name in "${SERVICES[@]}"; do stop_service "$name"; done
    say "services stopped"
    "$REPO/scripts/servers.sh" stop
    exit 0
fi

require_dotnet
"$REPO/scripts/servers.sh" start
mkdir -p "$RUN_DIR"
# Stop the old services first: publishing over the assemblies of a running one is unsafe.
selected=("${SERVICES[@]}")
(( FOREGROUND == 0 )) || selected=(dispatcher)
for name in "${SERVICES[@]}"; do stop_service "$name"; done
for name in "${selected[@]}"; do
    if port_open "${SERVICE_PORT[$name]}"; then
        die "port ${SERVICE_PORT[$name]} (the $name's) is in use by another process: $(ss -ltnpH "sport = :${SERVICE_PORT[$name]}" 2>/dev/null | awk '{print $NF}' | head -n 1)"
    fi
done
for name in "${selected[@]}"; do build_service "$name"; done

if (( FOREGROUND )); then
    say "running the dispatcher in the foreground on http://127.0.0.1:$PORT (Ctrl-C stops it)"
    cd "$(app_dir dispatcher)"
    exec env ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
        RabbitMq__UserName="${BROKER_USER[dispatcher]}" RabbitMq__Password="$(broker_password dispatcher)" \
        Urls="http://127.0.0.1:$PORT" dotnet "$(dll dispatcher)"
fi

for name in "${selected[@]}"; do start_service "$name"; done
if (( DEMO )); then run_demo; fi

cat <<EOF

Queue is running.
  maildev (mail sink) UI:     http://127.0.0.1:1080
  RabbitMQ management UI:     http://127.0.0.1:15672   (guest/guest, development only; service users in .run/rabbitmq-users/)
  dispatcher health:          $READY_URL
  gateway status page:        http://127.0.0.1:${SERVICE_PORT[gateway]}/status/
  reputation monitor health:  $(ready_url monitor)
  logs:                       $RUN_DIR/dispatcher.log, gateway.log, monitor.log
  send demo mails:            /usr/bin/python3 scripts/demo.py --count 5
  an API key for the gateway: scripts/queuectl keys create --app intranet --scopes send,read
  stop the services and the servers:  scripts/run.sh --stop
EOF
