#!/usr/bin/env python3
"""Checks of deploy/ that no off-the-shelf tool makes. Run by scripts/check-deploy.sh, one check per call:

    check_deploy.py CHECK        exits 0 when the check holds, 1 (with the reasons printed) when not

Checks:
    rule-tests-cover      every alert of the rules has a promtool test where it fires and one where it must not
    alertmanager-refs     the alert names Alertmanager's inhibit rules match exist in the rules
    compose-wiring        docker-compose.yml mounts files that exist, binds ports to 127.0.0.1, wires OTLP
    collector-config      the collector's pipelines use defined components; OTLP in, Prometheus out
    collector-k8s-copy    deploy/kubernetes/otel-collector.yaml carries the same collector config
    dashboard             Grafana dashboard JSON: ids, grid, data sources provisioned, every target a query
    dashboard-promql FILE writes every dashboard query (Grafana variables replaced) as a rule file for promtool
    direct-scrape         prometheus-direct.yml scrapes every service's /metrics under the job names the rules
                          use, with the same rules and Alertmanager as prometheus.yml
    metric-names          every Queue metric the rules and the dashboard read is in deploy/README.md's table

Needs PyYAML (Debian: python3-yaml).
"""
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
RULES = DEPLOY / "prometheus" / "rules"
TESTS = DEPLOY / "prometheus" / "tests"
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "queue.json"

problems = []


def fail(msg):
    problems.append(msg)


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def alert_rules():
    out = []
    for f in sorted(RULES.glob("*.yml")):
        for group in load_yaml(f)["groups"]:
            for rule in group["rules"]:
                if "alert" in rule:
                    out.append(rule)
    return out


def alert_names():
    return {r["alert"] for r in alert_rules()}


# --------------------------------------------------------------------------------------------------
def rule_tests_cover():
    fires, quiet = set(), set()
    files = sorted(TESTS.glob("*.yml"))
    if not files:
        fail(f"no test files in {TESTS}")
    for f in files:
        doc = load_yaml(f)
        for test in doc.get("tests", []):
            for case in test.get("alert_rule_test", []):
                (fires if case.get("exp_alerts") else quiet).add(case["alertname"])
    names = alert_names()
    for name in sorted(names):
        if name not in fires:
            fail(f"{name}: no test case where it fires")
        if name not in quiet:
            fail(f"{name}: no test case where it must not fire")
    for name in sorted((fires | quiet) - names):
        fail(f"tests name {name}, which is not an alert of the rules")
    for rule in alert_rules():
        labels, ann = rule.get("labels", {}), rule.get("annotations", {})
        if labels.get("severity") not in ("critical", "warning"):
            fail(f"{rule['alert']}: severity label is {labels.get('severity')!r}, not critical or warning")
        if not labels.get("component"):
            fail(f"{rule['alert']}: no component label")
        for a in ("summary", "description"):
            if not ann.get(a):
                fail(f"{rule['alert']}: no {a} annotation")
    print(f"{len(names)} alerts, each fires in a test and stays quiet in another")


def alertmanager_refs():
    doc = load_yaml(DEPLOY / "alertmanager" / "alertmanager.yml")
    names = alert_names()
    components = {r["labels"]["component"] for r in alert_rules()}
    matcher = re.compile(r'^\s*(\w+)\s*(=~|!~|!=|=)\s*"?(.*?)"?\s*$')
    seen = 0
    for i, rule in enumerate(doc.get("inhibit_rules", [])):
        for side in ("source_matchers", "target_matchers"):
            for m in rule.get(side, []):
                got = matcher.match(m)
                if not got:
                    fail(f"inhibit rule {i}: cannot read matcher {m!r}")
                    continue
                label, _, value = got.groups()
                values = value.split("|")
                known = names if label == "alertname" else components if label == "component" else None
                if known is None:
                    continue
                for v in values:
                    seen += 1
                    if v not in known:
                        fail(f"inhibit rule {i} {side}: {label} {v!r} is not in the rules")
    print(f"{len(doc.get('inhibit_rules', []))} inhibit rules, {seen} alert or component names, all in the rules")


def compose_wiring():
    doc = load_yaml(ROOT / "docker-compose.yml")
    services = doc.get("services", {})
    for name in ("rabbitmq", "redis", "maildev", "dispatcher", "otel-collector", "prometheus", "alertmanager", "grafana"):
        if name not in services:
            fail(f"service {name} missing")
    for name, svc in services.items():
        for port in svc.get("ports", []):
            if not str(port).startswith("127.0.0.1:"):
                fail(f"{name}: port {port} is not bound to 127.0.0.1")
        for vol in svc.get("volumes", []):
            src = str(vol).split(":")[0]
            if src.startswith("./") and not (ROOT / src).exists():
                fail(f"{name}: mounts {src}, which does not exist")
    env = services.get("dispatcher", {}).get("environment", {})
    if env.get("OTEL_EXPORTER_OTLP_ENDPOINT") != "http://otel-collector:4318":
        fail("dispatcher: OTEL_EXPORTER_OTLP_ENDPOINT is not http://otel-collector:4318")
    if env.get("OTEL_SERVICE_NAME") != "queue-dispatcher":
        fail("dispatcher: OTEL_SERVICE_NAME is not queue-dispatcher (the alert rules look for that job)")
    redis = " ".join(services.get("redis", {}).get("command", []))
    if "--appendonly yes" not in redis or "--appendfsync always" not in redis:
        fail("redis: not started with --appendonly yes --appendfsync always")
    prom = load_yaml(DEPLOY / "prometheus" / "prometheus.yml")
    jobs = {j["job_name"]: j for j in prom["scrape_configs"]}
    collector = jobs.get("otel-collector", {})
    if not collector.get("honor_labels"):
        fail("prometheus.yml: the otel-collector job must have honor_labels: true (keeps job = service.name)")
    targets = [t for sc in collector.get("static_configs", []) for t in sc.get("targets", [])]
    if "otel-collector:8889" not in targets:
        fail("prometheus.yml: does not scrape otel-collector:8889")
    print(f"{len(services)} services; mounts exist, ports on 127.0.0.1, dispatcher exports OTLP to the collector")


def direct_scrape():
    direct = load_yaml(DEPLOY / "prometheus" / "prometheus-direct.yml")
    via_collector = load_yaml(DEPLOY / "prometheus" / "prometheus.yml")
    for key in ("rule_files", "alerting"):
        if direct.get(key) != via_collector.get(key):
            fail(f"prometheus-direct.yml: {key} differs from prometheus.yml")
    jobs = {j["job_name"]: j for j in direct["scrape_configs"]}
    if "otel-collector" in jobs:
        fail("prometheus-direct.yml: scrapes the collector too, so every series would come twice")
    for name in ("queue-dispatcher", "queue-gateway", "queue-reputation-monitor"):
        job = jobs.get(name)
        if job is None:
            fail(f"prometheus-direct.yml: no job {name} (the rules look for that job)")
            continue
        if job.get("metrics_path", "/metrics") != "/metrics":
            fail(f"prometheus-direct.yml: {name} does not scrape /metrics")
        renames = [r for r in job.get("metric_relabel_configs", []) if r.get("replacement") == "queue_quota_utilisation_ratio"]
        if not renames:
            fail(f"prometheus-direct.yml: {name} does not give queue_quota_utilisation the collector's name")
    print(f"{len(jobs)} jobs; every Queue service scraped at /metrics under its service name")


def collector_config(doc=None):
    doc = doc or load_yaml(DEPLOY / "otel-collector" / "config.yaml")
    for kind in ("receivers", "processors", "exporters", "extensions"):
        doc.setdefault(kind, {})
    service = doc["service"]
    for ext in service.get("extensions", []):
        if ext not in doc["extensions"]:
            fail(f"service.extensions: {ext} is not defined")
    pipelines = service["pipelines"]
    for signal in ("metrics", "traces", "logs"):
        if signal not in pipelines:
            fail(f"no {signal} pipeline")
    for name, p in pipelines.items():
        for kind in ("receivers", "processors", "exporters"):
            for comp in p.get(kind, []):
                if comp not in doc[kind]:
                    fail(f"pipeline {name}: {kind[:-1]} {comp} is not defined")
    otlp = doc["receivers"].get("otlp", {}).get("protocols", {})
    if not str(otlp.get("grpc", {}).get("endpoint", "")).endswith(":4317"):
        fail("otlp receiver: gRPC not on 4317")
    if not str(otlp.get("http", {}).get("endpoint", "")).endswith(":4318"):
        fail("otlp receiver: HTTP not on 4318")
    if "prometheus" not in pipelines.get("metrics", {}).get("exporters", []):
        fail("metrics pipeline does not export to prometheus")
    if not str(doc["exporters"].get("prometheus", {}).get("endpoint", "")).endswith(":8889"):
        fail("prometheus exporter not on 8889")
    print(f"pipelines {', '.join(sorted(pipelines))}: every component defined; OTLP 4317/4318 in, Prometheus 8889 out")


def collector_k8s_copy():
    original = load_yaml(DEPLOY / "otel-collector" / "config.yaml")
    docs = list(yaml.safe_load_all((DEPLOY / "kubernetes" / "otel-collector.yaml").read_text(encoding="utf-8")))
    cms = [d for d in docs if d and d.get("kind") == "ConfigMap" and d["metadata"]["name"] == "otel-collector-config"]
    if len(cms) != 1:
        fail("deploy/kubernetes/otel-collector.yaml: no ConfigMap otel-collector-config")
        return
    copy = yaml.safe_load(cms[0]["data"]["config.yaml"])
    if copy != original:
        fail("the ConfigMap's config.yaml differs from deploy/otel-collector/config.yaml: copy it again")
    else:
        print("the Kubernetes ConfigMap carries deploy/otel-collector/config.yaml unchanged")


def provisioned_datasources():
    uids = {}
    for f in sorted((DEPLOY / "grafana" / "provisioning" / "datasources").glob("*.yml")):
        for ds in load_yaml(f).get("datasources", []):
            uids[ds["uid"]] = ds["type"]
    return uids


def dashboard_targets(dash):
    for p in dash["panels"]:
        for t in p.get("targets", []):
            yield p, t


def dashboard():
    dash = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    uids = provisioned_datasources()
    for key in ("uid", "title", "panels", "schemaVersion"):
        if key not in dash:
            fail(f"dashboard has no {key}")
    ids = [p.get("id") for p in dash["panels"]]
    if len(ids) != len(set(ids)) or None in ids:
        fail("panel ids are missing or repeated")
    variables = {v["name"] for v in dash.get("templating", {}).get("list", [])}
    for v in dash.get("templating", {}).get("list", []):
        ds = v.get("datasource")
        if isinstance(ds, dict) and uids.get(ds.get("uid")) != ds.get("type"):
            fail(f"variable {v['name']}: data source {ds} is not provisioned")
    for p in dash["panels"]:
        where = f"panel {p.get('id')} {p.get('title')!r}"
        gp = p.get("gridPos", {})
        if not all(k in gp for k in ("x", "y", "w", "h")) or gp.get("x", 0) + gp.get("w", 0) > 24:
            fail(f"{where}: bad gridPos {gp}")
        if p["type"] == "row":
            continue
        ds = p.get("datasource")
        if not isinstance(ds, dict) or uids.get(ds.get("uid")) != ds.get("type"):
            fail(f"{where}: data source {ds} is not one of the provisioned {uids}")
        if not p.get("targets"):
            fail(f"{where}: no query")
        if p.get("repeat") and p["repeat"] not in variables:
            fail(f"{where}: repeats over unknown variable {p['repeat']}")
    for p, t in dashboard_targets(dash):
        if not t.get("expr", "").strip():
            fail(f"panel {p['id']} target {t.get('refId')}: empty query")
        ds = t.get("datasource")
        if isinstance(ds, dict) and uids.get(ds.get("uid")) != ds.get("type"):
            fail(f"panel {p['id']} target {t.get('refId')}: data source {ds} is not provisioned")
        for var in re.findall(r"\$(\w+)", t.get("expr", "")):
            if var not in variables and not var.startswith("__"):
                fail(f"panel {p['id']}: query uses ${var}, which is not a dashboard variable")
    provider = load_yaml(DEPLOY / "grafana" / "provisioning" / "dashboards" / "dashboards.yml")
    path = provider["providers"][0]["options"]["path"]
    compose = load_yaml(ROOT / "docker-compose.yml")["services"]["grafana"]["volumes"]
    if not any(v.startswith("./deploy/grafana/dashboards:" + path) for v in compose):
        fail(f"the dashboard provider reads {path}, where docker-compose.yml mounts no dashboards")
    n = sum(1 for _ in dashboard_targets(dash))
    print(f"{len(dash['panels'])} panels, {n} queries, data sources {sorted(uids)}")


def dashboard_promql(out):
    dash = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    rules = []
    for p, t in dashboard_targets(dash):
        expr = t["expr"]
        expr = re.sub(r"\$__(rate_interval|interval|range)", "5m", expr)
        expr = re.sub(r"\$\{?\w+\}?", ".*", expr)
        rules.append({"record": f"dashboard:panel{p['id']}:{t['refId']}", "expr": expr})
    Path(out).write_text(yaml.safe_dump({"groups": [{"name": "dashboard-queries", "rules": rules}]}, sort_keys=False))
    print(f"{len(rules)} dashboard queries written to {out}")


METRIC = re.compile(r"\b((?:queue|reputation|messaging_masstransit)_[a-z0-9_]+)")
SUFFIXES = ("_bucket", "_sum", "_count")


def metric_names():
    used = {}
    for r in alert_rules():
        for m in METRIC.findall(r["expr"]) + [m for a in r.get("annotations", {}).values() for m in METRIC.findall(a)]:
            used.setdefault(m, set()).add(f"rule {r['alert']}")
    dash = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    for p, t in dashboard_targets(dash):
        for m in METRIC.findall(t["expr"]):
            used.setdefault(m, set()).add(f"dashboard panel {p['id']}")
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`((?:queue|reputation|messaging_masstransit)_[a-z0-9_]+)", readme))
    for name, where in sorted(used.items()):
        base = next((name[: -len(s)] for s in SUFFIXES if name.endswith(s) and name[: -len(s)] in documented), name)
        if base not in documented:
            fail(f"{name} (used by {', '.join(sorted(where))}) is not in deploy/README.md's metric table")
    print(f"{len(used)} metric names used by the rules and the dashboard, all documented in deploy/README.md")


CHECKS = {
    "rule-tests-cover": rule_tests_cover,
    "alertmanager-refs": alertmanager_refs,
    "compose-wiring": compose_wiring,
    "direct-scrape": direct_scrape,
    "collector-config": collector_config,
    "collector-k8s-copy": collector_k8s_copy,
    "dashboard": dashboard,
    "dashboard-promql": dashboard_promql,
    "metric-names": metric_names,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in CHECKS:
        print(__doc__)
        sys.exit(2)
    try:
        CHECKS[sys.argv[1]](*sys.argv[2:])
    except Exception as e:  # a file that does not parse, a missing key: the check fails, with the reason
        fail(f"{type(e).__name__}: {e}")
    for p in problems:
        print(f"  FAIL {p}")
    sys.exit(1 if problems else 0)
