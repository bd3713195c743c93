#!/usr/bin/env bash
# Quota proof: 3 dispatcher processes against one Redis send a backlog several times the caps to an SMTP
# recorder; prints, for every limit, the most messages and recipients at the sink in any rolling window, and
# fails on any overshoot or a binding limit used under 98 %. Redis is restarted in the middle.
#
# Usage: bench/quota-proof/run.sh [--replicas 3] [--duration 75] [--per-account 60] [--restart-redis-at 30]
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"
scripts/servers.sh start >/dev/null
dotnet publish services/Queue.Dispatcher -c Release -o .run/quota-proof/dispatcher -nologo -v quiet >/dev/null
exec /usr/bin/python3 bench/quota-proof/run.py --dispatcher "$REPO/.run/quota-proof/dispatcher/Queue.Dispatcher.dll" "$@"
