#!/usr/bin/env bash
# Validates everything under deploy/ and docker-compose.yml, with no Docker engine and no cluster:
#   Prometheus config and alert rules (promtool check), the rules' unit tests (promtool test rules),
#   Alertmanager config and routing (amtool), the compose file (docker-compose config -q), the
#   collector config, the Grafana dashboard (JSON, data sources, every query parsed by promtool) and the
#   Kubernetes manifests (kubectl kustomize, then schema and cross-reference checks).
# Installs what it needs (Debian 12 packages, and two npm packages locally) when missing.
# Prints one line per check and ends with "N passed, N failed"; exits non-zero if any check failed.
#
# Usage: scripts/check-deploy.sh
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
LOG_DIR="$REPO/.run/check-deploy"
rm -rf "$LOG_DIR"
mkdir -p "$LOG_DIR"
CHECKS="$REPO/scripts/deploy-checks"
PY=/usr/bin/python3            # Debian's, with python3-yaml

passed=0
failed=0

# run NAME COMMAND...: one line "PASS|FAIL  NAME", and the command's output under a failure.
run() {
    local name="$1"; shift
    local log="$LOG_DIR/$(printf '%s' "$name" | tr -c 'A-Za-z0-9' '-').log"
    if "$@" > "$log" 2>&1; then
        echo "PASS  $name"
        passed=$((passed + 1))
    else
        echo "FAIL  $name"
        sed 's/^/        /' "$log" | tail -n 40
        failed=$((failed + 1))
    fi
}

# ---------------------------------------------------------------------------------------------------
# Tools. Debian 12: prometheus (promtool), prometheus-alertmanager (amtool), docker-compose (1.29),
# python3-yaml, kubernetes-client (kubectl, for kustomize), nodejs + npm (schema validation).
missing=()
command -v promtool >/dev/null || missing+=(prometheus)
command -v amtool >/dev/null || missing+=(prometheus-alertmanager)
command -v docker-compose >/dev/null || missing+=(docker-compose)
[[ -x $PY ]] && $PY -c 'import yaml' 2>/dev/null || missing+=(python3 python3-yaml)
command -v kubectl >/dev/null || missing+=(kubernetes-client)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if (( ${#missing[@]} )); then
    echo "check-deploy: installing ${missing[*]}"
    SUDO=""
    (( EUID == 0 )) || SUDO="sudo"
    # The prometheus packages would start their servers where an init system runs: forbid service
    # starts for the install (policy-rc.d), unless the machine already has its own policy.
    policy=/usr/sbin/policy-rc.d
    own_policy=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod +x "$policy" && own_policy=1
    fi
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
        > "$LOG_DIR/apt.log" 2>&1 || { echo "check-deploy: apt-get failed (log: $LOG_DIR/apt.log)"; tail -n 20 "$LOG_DIR/apt.log"; }
    (( own_policy )) && $SUDO rm -f "$policy"
fi

if [[ ! -d $CHECKS/node_modules/kubernetes-models || $CHECKS/package-lock.json -nt $CHECKS/node_modules/.package-lock.json ]] \
    && command -v npm >/dev/null; then
    (cd "$CHECKS" && npm ci --no-audit --no-fund --loglevel=error) > "$LOG_DIR/npm.log" 2>&1 \
        || { echo "check-deploy: npm ci failed (log: $LOG_DIR/npm.log)"; tail -n 20 "$LOG_DIR/npm.log"; }
fi

# ---------------------------------------------------------------------------------------------------
# Prometheus
run "prometheus: promtool check config deploy/prometheus/prometheus.yml" \
    promtool check config --syntax-only deploy/prometheus/prometheus.yml
run "prometheus: promtool check config deploy/prometheus/prometheus-direct.yml" \
    promtool check config --syntax-only deploy/prometheus/prometheus-direct.yml
run "prometheus: prometheus-direct.yml scrapes every service's /metrics under its job name" \
    $PY "$CHECKS/check_deploy.py" direct-scrape
run "prometheus: promtool check rules deploy/prometheus/rules/*.yml" \
    promtool check rules deploy/prometheus/rules/*.yml
for t in deploy/prometheus/tests/*.yml; do
    run "prometheus: promtool test rules $t" promtool test rules "$t"
done
run "prometheus: every alert fires in a test and stays quiet in another" $PY "$CHECKS/check_deploy.py" rule-tests-cover
run "prometheus: metric names used by rules and dashboard are documented" $PY "$CHECKS/check_deploy.py" metric-names

# Alertmanager
run "alertmanager: amtool check-config deploy/alertmanager/alertmanager.yml" \
    amtool check-config deploy/alertmanager/alertmanager.yml
run "alertmanager: critical alerts page and e-mail (amtool config routes test)" \
    amtool config routes test --config.file=deploy/alertmanager/alertmanager.yml --verify.receivers=pager,ops-email \
    severity=critical alertname=ReputationBlocklistListedHigh
run "alertmanager: warnings e-mail ops (amtool config routes test)" \
    amtool config routes test --config.file=deploy/alertmanager/alertmanager.yml --verify.receivers=ops-email \
    severity=warning alertname=QueueQuotaNearlyExhausted
run "alertmanager: inhibit rules name alerts of the rules" $PY "$CHECKS/check_deploy.py" alertmanager-refs

# OpenTelemetry collector
run "otel-collector: pipelines, receivers and exporters" $PY "$CHECKS/check_deploy.py" collector-config

# Docker Compose (no engine runs here: the file is validated, not started)
run "compose: docker-compose -f docker-compose.yml config -q" docker-compose -f docker-compose.yml config -q
run "compose: mounts, 127.0.0.1 ports, OTLP wiring, Redis fsync" $PY "$CHECKS/check_deploy.py" compose-wiring

# Grafana
run "grafana: dashboard JSON, panels and provisioned data sources" $PY "$CHECKS/check_deploy.py" dashboard
run "grafana: every dashboard query parses (promtool)" bash -c \
    "$PY '$CHECKS/check_deploy.py' dashboard-promql '$LOG_DIR/dashboard-queries.yml' && promtool check rules '$LOG_DIR/dashboard-queries.yml'"

# Kubernetes (no cluster here: kustomize renders, the schemas and cross references are checked offline)
rendered="$LOG_DIR/kubernetes-rendered.yaml"
run "kubernetes: kubectl kustomize deploy/kubernetes" bash -c "kubectl kustomize deploy/kubernetes > '$rendered'"
run "kubernetes: objects valid against the API schemas (kubernetes-models)" node "$CHECKS/validate-k8s.mjs" schema "$rendered"
run "kubernetes: selectors, env references, probes, resources, non-root" node "$CHECKS/validate-k8s.mjs" refs "$rendered"
run "kubernetes: collector ConfigMap equals deploy/otel-collector/config.yaml" $PY "$CHECKS/check_deploy.py" collector-k8s-copy

echo "$passed passed, $failed failed"
(( failed == 0 ))
