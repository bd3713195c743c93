#!/usr/bin/env bash
# Queue's benchmarks: starts the real servers (scripts/servers.sh), builds bench/Queue.Bench and the dispatcher in Release,
# prints the machine, date and versions, then runs the benchmarks asked for. See bench/README.md.
#
# Usage: bench/run.sh [BENCHMARK|all|list] [options for the benchmark]     (default: all, about 10 minutes)
#   bench/run.sh quota                    quota reservations: RedisQuotaGate vs redis-benchmark, same script
#   bench/run.sh quota --variants         ... plus client variants that locate a gap
#   bench/run.sh quota --rounds 5 --duration 3 --concurrency 1,8,64
#   bench/run.sh pipeline [--messages N]  requests/s through the dispatcher process vs a no-op MassTransit consumer
#   bench/run.sh smtp [--messages N]      SMTP msg/s on one connection: Queue's IMailTransport vs Python smtplib
#   bench/run.sh urgent [--messages N]    Urgent latency behind an N-request (5,000) Bulk backlog vs an empty lane
#   bench/run.sh idle [--idle S]          CPU and Redis commands/min with every lane paused vs an idle MassTransit host
#   bench/run.sh fanout [--messages N]    a Confidential request to N (50,000) recipients accepted, split, in the lane
#   bench/run.sh memory                   peak RSS of the dispatcher (runs pipeline, urgent, idle, fanout first)
#   bench/run.sh quota-proof [...]        the quota proof (bench/quota-proof/run.sh; not part of `all`)
#
# Environment: QUEUE_BENCH_REDIS [127.0.0.1:$REDIS_PORT, REDIS_PORT defaulting to 6379]
#              QUEUE_BENCH_TIMEOUT [600] seconds any one benchmark may run before it is stopped
# Output is also kept in .run/bench/<benchmark>-<UTC time>.txt, dispatcher logs in .run/bench/<run>/.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
OUT_DIR="$REPO/.run/bench"
BENCH_DLL="$REPO/bench/Queue.Bench/bin/Release/net10.0/Queue.Bench.dll"
export QUEUE_BENCH_DISPATCHER="$REPO/services/Queue.Dispatcher/bin/Release/net10.0/Queue.Dispatcher.dll"
# One run: the benchmarks of one invocation share a folder for logs and the dispatchers' peak memory.
export QUEUE_BENCH_RUN="${QUEUE_BENCH_RUN:-$(date -u '+%Y%m%dT%H%M%SZ')-$$}"
TIMEOUT="${QUEUE_BENCH_TIMEOUT:-600}"
export QUEUE_BENCH_REDIS="${QUEUE_BENCH_REDIS:-127.0.0.1:${REDIS_PORT:-6379}}"

# Benchmarks `all` runs, in order. Each is a function bench_<name>; one in bench/Queue.Bench is one line.
# To add one: a class implementing IBenchmark in bench/Queue.Bench (listed in Cli.cs), then a line here.
BENCHMARKS=(quota pipeline smtp urgent idle fanout memory)

bench_quota() { run_dotnet quota "$@"; }
describe_quota() { echo "quota reservations/s and latency: RedisQuotaGate vs redis-benchmark running the same Lua script"; }
bench_pipeline() { run_dotnet pipeline "$@"; }
describe_pipeline() { echo "requests/s publish → SMTP sink through the dispatcher process vs publish → no-op MassTransit consumer"; }
bench_smtp() { run_dotnet smtp "$@"; }
describe_smtp() { echo "SMTP messages/s on one connection: Queue's IMailTransport vs Python smtplib, same message, same sink"; }
bench_urgent() { run_dotnet urgent "$@"; }
describe_urgent() { echo "publish → SMTP of an Urgent request behind a 5,000-request Bulk backlog vs an empty lane"; }
bench_idle() { run_dotnet idle "$@"; }
describe_idle() { echo "CPU and Redis commands per minute with every lane paused vs an idle MassTransit host"; }
bench_fanout() { run_dotnet fanout "$@"; }
describe_fanout() { echo "a Confidential request to 50,000 recipients: accepted, split and every part in its lane (goal < 30 s)"; }
# Peak memory of the dispatchers the other benchmarks of this run started; on its own it runs them first.
bench_memory() {
    if [[ "${selected[*]}" == memory ]]; then
        local name
        for name in pipeline urgent idle fanout; do "bench_$name" || true; done
    fi
    run_dotnet memory
}
describe_memory() { echo "peak RSS of the dispatcher per benchmark and overall vs the reference MassTransit host"; }

# Not in `all`: a correctness proof with its own servers (minutes), reachable from here for one entry point.
bench_quota-proof() { "$REPO/bench/quota-proof/run.sh" "$@"; }
describe_quota-proof() { echo "quota proof: 3 dispatchers, caps never exceeded at an SMTP recorder (bench/quota-proof)"; }

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: ERROR: %s\n' "$*" >&2; exit 1; }

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; }

machine() {
    local cpu mem redis_version git_rev
    cpu="$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)"
    mem="$(free -h 2>/dev/null | awk '/^Mem:/ { print $2 }')"
    redis_version="$(redis-server --version 2>/dev/null | sed -n 's/.* v=\([^ ]*\).*/\1/p')"
    git_rev="$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
    [[ -z "$(git status --porcelain 2>/dev/null)" ]] || git_rev="$git_rev (with uncommitted changes)"
    echo "date:      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "machine:   $(nproc) cores, ${cpu:-unknown CPU}, ${mem:-?} memory, $(uname -sr)"
    echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the run"
    echo "versions:  dotnet $(dotnet --version), redis-server ${redis_version:-?}, $(redis-benchmark --version 2>/dev/null || echo 'redis-benchmark ?')"
    echo "commit:    $git_rev"
    echo "redis:     $QUEUE_BENCH_REDIS"
    echo
}

build() {
    mkdir -p "$OUT_DIR"
    say "building bench/Queue.Bench and services/Queue.Dispatcher (Release)"
    if ! { dotnet build bench/Queue.Bench/Queue.Bench.csproj -c Release -nologo -v quiet && dotnet build services/Queue.Dispatcher/Queue.Dispatcher.csproj -c Release -nologo -v quiet; } >"$OUT_DIR/build.log" 2>&1; then
        grep -E "error|Error" "$OUT_DIR/build.log" | sort -u | head -40 >&2
        die "the build failed (full log: $OUT_DIR/build.log)"
    fi
}

run_dotnet() {
    local name="$1"; shift
    local log
    log="$OUT_DIR/$name-$(date -u '+%Y%m%dT%H%M%SZ').txt"
    (
        machine
        status=0
        timeout --kill-after=10 "$TIMEOUT" dotnet "$BENCH_DLL" "$name" "$@" || status=$?
        if (( status == 124 )); then
            say "$name did not finish within $TIMEOUT s and was stopped; deleting the virtual hosts and Redis keys it left"
            timeout 60 dotnet "$BENCH_DLL" cleanup || say "the clean-up failed; the next run deletes what is left"
        fi
        echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) after the run"
        exit "$status"
    ) 2>&1 | tee "$log"
    local status=${PIPESTATUS[0]}
    say "output kept in ${log#"$REPO"/}"
    return "$status"
}

command -v dotnet >/dev/null || die "the .NET 10 SDK (dotnet) is required"

what="${1:-all}"
(( $# == 0 )) || shift
case "$what" in
    -h|--help|help) usage; exit 0 ;;
    list)
        for name in "${BENCHMARKS[@]}" quota-proof; do printf '%-12s %s\n' "$name" "$("describe_$name")"; done
        exit 0 ;;
    all) selected=("${BENCHMARKS[@]}") ;;
    *)
        declare -F "bench_$what" >/dev/null || { usage >&2; die "unknown benchmark '$what' (try: bench/run.sh list)"; }
        selected=("$what") ;;
esac

if [[ "${selected[*]}" != quota-proof ]]; then
    say "starting the servers (scripts/servers.sh)"
    mkdir -p "$OUT_DIR"
    scripts/servers.sh start >"$OUT_DIR/servers.log" 2>&1 || { tail -n 30 "$OUT_DIR/servers.log" >&2; die "the servers did not start"; }
    command -v redis-benchmark >/dev/null || die "redis-benchmark (Debian redis-tools) is missing"
    [[ -x /usr/bin/python3 ]] || die "/usr/bin/python3 is missing (the smtp benchmark's reference)"
    build
fi

failed=0
for name in "${selected[@]}"; do
    "bench_$name" "$@" || failed=$((failed + 1))
done
exit "$failed"
