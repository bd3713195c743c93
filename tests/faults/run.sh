#!/usr/bin/env bash
# Fault tests: dispatcher killed with SIGKILL, RabbitMQ restarted, Redis restarted, each in the middle of a stream
# of 2,000 requests, and a Redis failover under the quota gate (failover.py); prints figures and ends with
# "N passed, N failed". Uses a RabbitMQ node and Redis of its own.
#
# Usage: tests/faults/run.sh [--count 2000] [--only kill|rabbitmq|redis|failover]
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"
scripts/servers.sh start >/dev/null
dotnet publish services/Queue.Dispatcher -c Release -o .run/faults/dispatcher -nologo -v quiet >/dev/null
exec /usr/bin/python3 tests/faults/run.py --dispatcher "$REPO/.run/faults/dispatcher/Queue.Dispatcher.dll" "$@"
