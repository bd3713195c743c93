#!/usr/bin/env bash
# Queue's benchmarks: starts the real servers (scripts/servers.sh), builds bench/Queue.Bench in Release,
# prints the machine, date and versions, then runs the benchmarks asked for. See bench/README.md.
#
# Usage: bench/run.sh [BENCHMARK|all|list] [options for the benchmark]     (default: all)
#   bench/run.sh quota                    quota reservations: RedisQuotaGate vs redis-benchmark, same script
#   bench/run.sh quota --variants         ... plus client variants that locate a gap
#   bench/run.sh quota --rounds 5 --duration 3 --concurrency 1,8,64
#   bench/run.sh quota-proof [...]        the quota proof (bench/quota-proof/run.sh; not part of `all`)
#
# Environment: QUEUE_BENCH_REDIS [127.0.0.1:$REDIS_PORT, REDIS_PORT defaulting to 6379]
#              QUEUE_BENCH_TIMEOUT [600] seconds any one benchmark may run before it is stopped
# Output is also kept in .run/bench/<benchmark>-<UTC time>.txt.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
OUT_DIR="$REPO/.run/bench"
BENCH_DLL="$REPO/bench/Queue.Bench/bin/Release/net10.0/Queue.Bench.dll"
TIMEOUT="${QUEUE_BENCH_TIMEOUT:-600}"
export QUEUE_BENCH_REDIS="${QUEUE_BENCH_REDIS:-127.0.0.1:${REDIS_PORT:-6379}}"

# Benchmarks `all` runs, in order. Each is a function bench_<name>; one in bench/Queue.Bench is one line.
# To add one: a class implementing IBenchmark in bench/Queue.Bench (listed in Cli.cs), then a line here.
BENCHMARKS=(quota)

bench_quota() { run_dotnet quota "$@"; }
describe_quota() { echo "quota reservations/s and latency: RedisQuotaGate vs redis-benchmark running the same Lua script"; }

# Not in `all`: a correctness proof with its own servers (minutes), reachable from here for one entry point.
bench_quota-proof() { "$REPO/bench/quota-proof/run.sh" "$@"; }
describe_quota-proof() { echo "quota proof: 3 dispatchers, caps never exceeded at an SMTP recorder (bench/quota-proof)"; }

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: ERROR: %s\n' "$*" >&2; exit 1; }

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

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
    say "building bench/Queue.Bench (Release)"
    if ! dotnet build bench/Queue.Bench/Queue.Bench.csproj -c Release -nologo -v quiet >"$OUT_DIR/build.log" 2>&1; then
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
        (( status != 124 )) || say "$name did not finish within $TIMEOUT s and was stopped"
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
    build
fi

failed=0
for name in "${selected[@]}"; do
    "bench_$name" "$@" || failed=$((failed + 1))
done
exit "$failed"
