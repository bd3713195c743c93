#!/usr/bin/env bash
# Runs Queue on this machine: installs and starts the servers (scripts/servers.sh),
# builds the dispatcher, (re)starts it in the background and waits until it is ready.
# Safe to run again: it replaces the dispatcher it started before.
#
# Usage: scripts/run.sh [--demo] [--foreground]
#        scripts/run.sh --stop
#
#   --demo        after start, publish 5 demo mails (scripts/demo.py) and wait for them in maildev
#   --foreground  run the dispatcher in this terminal (Ctrl-C stops it) instead of in the background
#   --stop        stop the dispatcher, then the servers (scripts/servers.sh stop)
#
# Debian 12, run as root. Prerequisite: the .NET 10 SDK (`dotnet`), which Debian's apt does not have.
# Environment: DISPATCHER_PORT [5080], READY_TIMEOUT [60] seconds, QUEUE_RUN_DIR [<repo>/.run].
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${QUEUE_RUN_DIR:-$REPO/.run}"
PORT="${DISPATCHER_PORT:-5080}"
READY_TIMEOUT="${READY_TIMEOUT:-60}"

APP_DIR="$RUN_DIR/dispatcher"
DLL="$APP_DIR/Queue.Dispatcher.dll"
PID_FILE="$RUN_DIR/dispatcher.pid"
LOG="$RUN_DIR/dispatcher.log"
BUILD_LOG="$RUN_DIR/dispatcher-build.log"
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

# ------------------------------------------------------------- dispatcher ---

# The pid in the pid file, if that process is still our dispatcher (not a recycled pid).
dispatcher_pid() {
    [[ -f "$PID_FILE" ]] || return 1
    local pid; pid="$(cat "$PID_FILE")"
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'Queue\.Dispatcher\.dll' || return 1
    echo "$pid"
}

stop_dispatcher() {
    local pid
    if pid="$(dispatcher_pid)"; then
        say "stopping the dispatcher (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        local _
        for _ in $(seq 1 75); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        if kill -0 "$pid" 2>/dev/null; then
            say "dispatcher did not stop within 15 s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.5
        fi
    fi
    rm -f "$PID_FILE"
}

# What went wrong first (the exception message tops a long stack trace), then the log's end.
show_log() {
    local errors
    errors="$(grep -m 5 -E '^(crit|fail):|Unhandled exception|Exception: ' "$LOG" 2>/dev/null || true)"
    if [[ -n "$errors" ]]; then
        printf 'run: ---- errors in %s ----\n%s\n' "$LOG" "$errors" >&2
    fi
    printf 'run: ---- tail of %s ----\n' "$LOG" >&2
    tail -n 30 "$LOG" >&2 || true
}

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

ready() { curl -fsS -m 5 -o /dev/null "$READY_URL" 2>/dev/null; }

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

build_dispatcher() {
    say "building the dispatcher (dotnet publish -c Release -o ${APP_DIR#"$REPO"/})"
    local start=$SECONDS
    if ! (cd "$REPO" && dotnet publish services/Queue.Dispatcher -c Release -o "$APP_DIR" \
            -nologo -v quiet) >"$BUILD_LOG" 2>&1; then
        local errors
        errors="$(grep -E ': (error|warning) ' "$BUILD_LOG" | sort -u | head -40 || true)"
        if [[ -n "$errors" ]]; then
            printf '%s\n' "$errors" >&2
        else
            printf 'run: ---- tail of %s ----\n' "$BUILD_LOG" >&2
            tail -n 30 "$BUILD_LOG" >&2
        fi
        die "the build failed (full log: $BUILD_LOG)"
    fi
    say "built in $((SECONDS - start)) s"
}

# The dispatcher reads appsettings.json from its content root, the working directory:
# so it always runs from the publish folder.
start_dispatcher() {
    say "starting the dispatcher (log: $LOG)"
    # The shell writes its own pid, then execs (nohup -> env -> dotnet keep that pid).
    # The redirections cover the whole subshell, so nothing keeps this script's stdout open.
    # shellcheck disable=SC2016
    (cd "$APP_DIR" && exec setsid sh -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
        nohup env ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
        Urls="http://127.0.0.1:$PORT" dotnet "$DLL") </dev/null >"$LOG" 2>&1 &
    local start=$SECONDS _
    for _ in $(seq 1 20); do [[ -s "$PID_FILE" ]] && break; sleep 0.1; done
    while (( SECONDS - start < READY_TIMEOUT )); do
        if ready; then
            say "dispatcher ready after $((SECONDS - start)) s (pid $(cat "$PID_FILE"))"
            return
        fi
        if ! dispatcher_pid >/dev/null; then
            show_log
            rm -f "$PID_FILE"
            die "the dispatcher exited during start-up (log: $LOG)"
        fi
        sleep 1
    done
    show_log
    curl -sS -m 5 "$READY_URL" >&2 2>&1 || true
    echo >&2
    stop_dispatcher
    die "the dispatcher was not ready within $READY_TIMEOUT s ($READY_URL); stopped it (log: $LOG)"
}

# Publishes demo mails and waits until maildev has all of them (matched by X-Queue-Request-Id).
run_demo() {
    say "publishing 5 demo mails (scripts/demo.py)"
    local ids
    ids="$(/usr/bin/python3 "$REPO/scripts/demo.py" --count 5)" || die "scripts/demo.py failed"
    local start=$SECONDS arrived=0
    while (( SECONDS - start < 60 )); do
        arrived="$(curl -fsS -m 5 http://127.0.0.1:1080/api/email 2>/dev/null | /usr/bin/python3 -c '
import json, sys
ids = set(sys.argv[1].split())
mails = json.load(sys.stdin)
print(sum(1 for m in mails if m.get("headers", {}).get("x-queue-request-id") in ids))
' "$ids" 2>/dev/null || echo 0)"
        (( arrived >= 5 )) && break
        sleep 1
    done
    if (( arrived >= 5 )); then
        say "demo: 5 of 5 mails arrived at maildev after $((SECONDS - start)) s — see http://127.0.0.1:1080"
    else
        say "WARNING: demo: only $arrived of 5 mails arrived at maildev within 60 s (see $LOG)"
    fi
}

# ------------------------------------------------------------------- main ---

if (( STOP )); then
    stop_dispatcher
    say "dispatcher stopped"
    "$REPO/scripts/servers.sh" stop
    exit 0
fi

require_dotnet
"$REPO/scripts/servers.sh" start
mkdir -p "$RUN_DIR"
# Stop the old dispatcher first: publishing over the assemblies of a running one is unsafe.
stop_dispatcher
if port_open "$PORT"; then
    die "port $PORT is in use by another process: $(ss -ltnpH "sport = :$PORT" 2>/dev/null | awk '{print $NF}' | head -n 1)"
fi
build_dispatcher

if (( FOREGROUND )); then
    say "running the dispatcher in the foreground on http://127.0.0.1:$PORT (Ctrl-C stops it)"
    cd "$APP_DIR"
    exec env ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
        Urls="http://127.0.0.1:$PORT" dotnet "$DLL"
fi

start_dispatcher
if (( DEMO )); then run_demo; fi

cat <<EOF

Queue is running.
  maildev (mail sink) UI:  http://127.0.0.1:1080
  RabbitMQ management UI:  http://127.0.0.1:15672   (guest/guest)
  dispatcher health:       $READY_URL
  dispatcher log:          $LOG
  send demo mails:         /usr/bin/python3 scripts/demo.py --count 5
  stop the dispatcher and the servers:  scripts/run.sh --stop
EOF
