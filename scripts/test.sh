#!/usr/bin/env bash
# Runs every test of Queue: validates deploy/ and the compose file (scripts/check-deploy.sh: promtool rule
# tests, amtool, docker-compose config, Kubernetes manifests, dashboard), starts the real servers if they are
# not running (scripts/servers.sh), builds the solution, runs all test projects and ends with one line
# "N passed, N failed" summed over all of them (each deploy check counts as one test).
#
# Then the fault tests (tests/faults/run.sh: SIGKILL, RabbitMQ and Redis restarts mid-stream, ~4 min, on a RabbitMQ
# node and Redis servers of their own); each scenario counts as one test. They are skipped when dotnet test
# arguments are given (a filtered run) or with QUEUE_TEST_FAULTS=0.
#
# When a Queue runs on this machine (scripts/run.sh: its dispatcher answers on DISPATCHER_PORT [5080]), the tests leave
# it alone (each test has its own virtual host, Redis key prefix and ports) and, at the end, one more test checks that
# it still works: the services that answered before still answer, and a demo mail published on its virtual host
# arrives at maildev. CI runs this script alone, without that check.
#
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Quota]
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
LOG_DIR="$REPO/.run/test"
mkdir -p "$LOG_DIR"

# Deploy checks first: they need neither the servers nor the build, and their counts join every summary.
deploy_passed=0
deploy_failed=0
bash scripts/check-deploy.sh 2>&1 | tee "$LOG_DIR/check-deploy.log" | sed -E 's/^([0-9]+ passed, [0-9]+ failed)$/deploy-checks: \1/'
deploy_status=${PIPESTATUS[0]}
if read -r deploy_passed deploy_failed < <(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$LOG_DIR/check-deploy.log" | tail -n 1 | awk '{ print $1, $3 }'); then
    :
else
    deploy_passed=0
    deploy_failed=0
fi
if (( deploy_status != 0 && deploy_failed == 0 )); then
    deploy_failed=1  # the script broke without a failing check: count it
fi

summary() { echo "$(( $1 + deploy_passed )) passed, $(( $2 + deploy_failed )) failed"; }

command -v dotnet >/dev/null || { echo "test: the .NET 10 SDK (dotnet) is required" >&2; summary 0 1; exit 1; }

if ! scripts/servers.sh start; then
    echo "test: the servers did not start" >&2
    summary 0 1
    exit 1
fi

# Chromium and playwright-core for the gateway's status page test.
if ! scripts/browser-tools.sh; then
    echo "test: the browser tools did not install" >&2
    summary 0 1
    exit 1
fi

if ! dotnet build Queue.sln -c Release -nologo -v quiet > "$LOG_DIR/build.log" 2>&1; then
    grep -E "error|Error" "$LOG_DIR/build.log" | sort -u | head -40
    echo "test: the build failed (full log: $LOG_DIR/build.log)" >&2
    summary 0 1
    exit 1
fi

# A Queue started by scripts/run.sh: the services that answer now (name:port), checked again after the tests.
RUNNING=()
for service in "dispatcher:${DISPATCHER_PORT:-5080}" "gateway:${GATEWAY_PORT:-5090}" "monitor:${MONITOR_PORT:-5081}"; do
    if curl -fsS -m 5 -o /dev/null "http://127.0.0.1:${service#*:}/health/ready" 2>/dev/null; then RUNNING+=("$service"); fi
done
if [[ " ${RUNNING[*]} " != *" dispatcher:"* ]]; then RUNNING=(); fi
if (( ${#RUNNING[@]} > 0 )); then echo "test: a Queue is running here (${RUNNING[*]}); the tests leave it alone and check it after"; fi

dotnet test Queue.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$LOG_DIR/dotnet-test.log"
status=${PIPESTATUS[0]}

# VSTest prints one line per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ...".
read -r passed failed < <(grep -E '^(Passed|Failed)! +- ' "$LOG_DIR/dotnet-test.log" | awk '
    { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
    END { printf "%d %d\n", p, f }')
assemblies=$(grep -cE '^(Passed|Failed)! +- ' "$LOG_DIR/dotnet-test.log")
# Test projects only: tests/faults/QuotaFailover is a console program the fault tests run.
projects=$(grep -l '<IsTestProject>true</IsTestProject>' $(find tests -name '*.csproj') | wc -l)

if (( status != 0 && failed == 0 )); then
    failed=1  # the run broke without a failing test (crash, hang, missing assembly): count it
fi
if (( assemblies < projects )); then
    echo "test: only $assemblies of $projects test projects reported results" >&2
    failed=$(( failed + projects - assemblies ))
fi

if (( $# == 0 )) && [[ "${QUEUE_TEST_FAULTS:-1}" != 0 ]]; then
    tests/faults/run.sh 2>&1 | tee "$LOG_DIR/faults.log" | sed -E 's/^([0-9]+ passed, [0-9]+ failed)$/faults: \1/'
    faults_status=${PIPESTATUS[0]}
    if read -r faults_passed faults_failed < <(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$LOG_DIR/faults.log" | tail -n 1 | awk '{ print $1, $3 }'); then
        passed=$(( passed + faults_passed ))
        failed=$(( failed + faults_failed ))
    fi
    if (( faults_status != 0 )) && ! grep -qE '^[0-9]+ passed, [1-9][0-9]* failed$' "$LOG_DIR/faults.log"; then
        failed=$(( failed + 1 ))  # the fault run broke without a failing scenario: count it
    fi
fi
# The running Queue still works: every service that answered still answers, and mail published to it is sent.
if (( ${#RUNNING[@]} > 0 )); then
    problems=()
    for service in "${RUNNING[@]}"; do
        curl -fsS -m 5 -o /dev/null "http://127.0.0.1:${service#*:}/health/ready" 2>/dev/null || problems+=("the ${service%%:*} on port ${service#*:} no longer answers /health/ready")
    done
    if ! /usr/bin/python3 scripts/demo.py --count 1 --wait 60 >/dev/null 2>"$LOG_DIR/running-queue.log"; then
        problems+=("a demo mail to the running Queue did not arrive: $(tail -n 1 "$LOG_DIR/running-queue.log")")
    fi
    if (( ${#problems[@]} == 0 )); then
        echo "running-queue: still working after the tests (${RUNNING[*]}; $(sed -n 's/^demo.py: //p' "$LOG_DIR/running-queue.log"))"
        passed=$(( passed + 1 ))
    else
        printf 'running-queue: FAILED: %s\n' "${problems[@]}" >&2
        failed=$(( failed + 1 ))
    fi
fi

summary "$passed" "$failed"
(( failed == 0 && deploy_failed == 0 ))
