// Validates Kubernetes manifests offline (no API server here).
//
//   node validate-k8s.mjs schema RENDERED.yaml   every object against the Kubernetes OpenAPI schema
//                                                (kubernetes-models: types, required fields, enums)
//   node validate-k8s.mjs refs RENDERED.yaml     what a schema cannot see: selectors that select, env that
//                                                refers to existing ConfigMap/Secret keys, probes, resources,
//                                                non-root pods, named ports that exist, replica counts
//
// RENDERED.yaml is the output of `kubectl kustomize deploy/kubernetes`. Prints one line per finding and
// exits 1 if there is any.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);
const [mode, file] = process.argv.slice(2);
if (!["schema", "refs"].includes(mode) || !file) {
  console.error("usage: node validate-k8s.mjs schema|refs RENDERED.yaml");
  process.exit(2);
}

const problems = [];
const docs = [];
for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
  if (doc.errors.length) {
    problems.push(`YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
    continue;
  }
  const obj = doc.toJS();
  if (obj !== null && obj !== undefined) docs.push(obj);
}
const id = (o) => `${o?.kind ?? "?"}/${o?.metadata?.name ?? "?"}`;

for (const o of docs) {
  for (const field of ["apiVersion", "kind"]) if (!o[field]) problems.push(`${id(o)}: no ${field}`);
  if (!o.metadata?.name) problems.push(`${id(o)}: no metadata.name`);
}

if (mode === "schema") {
  for (const o of docs) {
    const [group, version] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : [null, o.apiVersion];
    const module = group ? `kubernetes-models/${group}/${version}/${o.kind}` : `kubernetes-models/${version}/${o.kind}`;
    let Model;
    try {
      Model = require(module)[o.kind];
    } catch {
      problems.push(`${id(o)}: no schema for ${o.apiVersion} ${o.kind}`);
      continue;
    }
    try {
      new Model(o).validate();
      console.log(`  schema ok  ${o.apiVersion} ${id(o)}`);
    } catch (e) {
      problems.push(`${id(o)}: ${e.message}`);
    }
  }
} else {
  const byKind = (k) => docs.filter((o) => o.kind === k);
  const deployments = byKind("Deployment");
  const configMaps = new Map(byKind("ConfigMap").map((o) => [o.metadata.name, o]));
  const secrets = new Map(byKind("Secret").map((o) => [o.metadata.name, o]));
  const secretKeys = (s) => new Set([...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})]);
  const matches = (selector, labels) =>
    selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
  const podLabels = (d) => d.spec?.template?.metadata?.labels ?? {};
  const check = (ok, what) => (ok ? console.log(`  ok  ${what}`) : problems.push(`expected: ${what}`));

  for (const d of deployments) {
    const pod = d.spec.template.spec;
    check(matches(d.spec.selector?.matchLabels, podLabels(d)), `${id(d)}: selector matches its pod labels`);
    check(pod.securityContext?.runAsNonRoot === true, `${id(d)}: pod runs as non-root`);
    check(pod.automountServiceAccountToken === false, `${id(d)}: no service account token mounted`);
    const volumes = new Set((pod.volumes ?? []).map((v) => v.name));
    for (const v of pod.volumes ?? []) {
      if (v.configMap) check(configMaps.has(v.configMap.name), `${id(d)}: volume ${v.name} refers to ConfigMap ${v.configMap.name}, which exists`);
      if (v.secret) check(secrets.has(v.secret.secretName), `${id(d)}: volume ${v.name} refers to Secret ${v.secret.secretName}, which exists`);
    }
    for (const c of pod.containers ?? []) {
      const where = `${id(d)} container ${c.name}`;
      check(!!c.image && !/:latest$/.test(c.image) && c.image.includes(":"), `${where}: image with a pinned tag (${c.image})`);
      const r = c.resources ?? {};
      check(!!(r.requests?.cpu && r.requests?.memory && r.limits?.memory), `${where}: cpu/memory requests and a memory limit`);
      check(!!c.readinessProbe && !!c.livenessProbe, `${where}: readiness and liveness probes`);
      const sc = c.securityContext ?? {};
      check(sc.allowPrivilegeEscalation === false && (sc.capabilities?.drop ?? []).includes("ALL"),
        `${where}: no privilege escalation, all capabilities dropped`);
      const ports = new Set((c.ports ?? []).map((p) => p.name).filter(Boolean));
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        const port = c[probe]?.httpGet?.port;
        if (typeof port === "string") check(ports.has(port), `${where}: ${probe} port "${port}" is a named container port`);
      }
      for (const m of c.volumeMounts ?? []) check(volumes.has(m.name), `${where}: mount ${m.name} has a volume`);
      for (const ef of c.envFrom ?? []) {
        if (ef.configMapRef) check(configMaps.has(ef.configMapRef.name), `${where}: envFrom ConfigMap ${ef.configMapRef.name} exists`);
        if (ef.secretRef) check(secrets.has(ef.secretRef.name), `${where}: envFrom Secret ${ef.secretRef.name} exists`);
      }
      for (const e of c.env ?? []) {
        const s = e.valueFrom?.secretKeyRef;
        if (s) check(secrets.has(s.name) && secretKeys(secrets.get(s.name)).has(s.key), `${where}: env ${e.name} from Secret ${s.name} key ${s.key}, which exists`);
        const m = e.valueFrom?.configMapKeyRef;
        if (m) check(configMaps.has(m.name) && Object.hasOwn(configMaps.get(m.name).data ?? {}, m.key), `${where}: env ${e.name} from ConfigMap ${m.name} key ${m.key}, which exists`);
      }
    }
  }

  const portsOf = (d) => new Map(d.spec.template.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => [p.name, p.containerPort])));
  for (const s of byKind("Service")) {
    const targets = deployments.filter((d) => matches(s.spec?.selector, podLabels(d)));
    check(targets.length > 0, `${id(s)}: selects the pods of ${targets.map(id).join(", ") || "no Deployment"}`);
    for (const p of s.spec?.ports ?? []) {
      if (typeof p.targetPort === "string") {
        check(targets.length > 0 && targets.every((d) => portsOf(d).has(p.targetPort)), `${id(s)}: targetPort "${p.targetPort}" is a named port of its pods`);
      }
    }
  }
  for (const b of byKind("PodDisruptionBudget")) {
    const targets = deployments.filter((d) => matches(b.spec?.selector?.matchLabels, podLabels(d)));
    check(targets.length === 1, `${id(b)}: selects one Deployment (${targets.map(id).join(", ") || "none"})`);
    if (targets.length === 1 && typeof b.spec.minAvailable === "number") {
      check(b.spec.minAvailable < (targets[0].spec.replicas ?? 1), `${id(b)}: minAvailable ${b.spec.minAvailable} below ${targets[0].spec.replicas} replicas, so a node can drain`);
    }
  }
  const services = new Map(byKind("Service").map((o) => [o.metadata.name, o]));
  for (const ing of byKind("Ingress")) {
    for (const rule of ing.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const svc = path.backend?.service;
        const target = services.get(svc?.name);
        check(!!target && (target.spec.ports ?? []).some((p) => p.name === svc.port?.name || p.port === svc.port?.number),
          `${id(ing)}: ${rule.host}${path.path} goes to Service ${svc?.name} port ${svc?.port?.name ?? svc?.port?.number}, which exists`);
      }
    }
  }

  // Scale-out shape of Queue.
  const replicas = (name) => deployments.find((d) => d.metadata.name === name)?.spec?.replicas;
  check(replicas("queue-dispatcher") >= 2, `queue-dispatcher runs several replicas (${replicas("queue-dispatcher")})`);
  check(replicas("queue-reputation-monitor") === 1, `queue-reputation-monitor runs exactly one replica`);
  check(deployments.find((d) => d.metadata.name === "queue-reputation-monitor")?.spec?.strategy?.type === "Recreate",
    `queue-reputation-monitor is replaced with Recreate (never two at once)`);
  for (const d of deployments.filter((x) => x.metadata.name.startsWith("queue-"))) {
    const env = d.spec.template.spec.containers[0].env ?? [];
    check(env.some((e) => e.name === "OTEL_SERVICE_NAME" && e.value === d.metadata.name), `${id(d)}: OTEL_SERVICE_NAME is ${d.metadata.name}`);
  }
  const settings = configMaps.get("queue-settings")?.data ?? {};
  check(/^http:\/\/otel-collector:4318\/?$/.test(settings.OTEL_EXPORTER_OTLP_ENDPOINT ?? ""), `queue-settings sends OTLP to the otel-collector Service (4318)`);
  for (const [k, v] of Object.entries(settings)) {
    check(!/password|secret|pepper|dqskey/i.test(k), `queue-settings ${k} is not a secret (secrets belong in queue-secrets)`);
    if (typeof v !== "string") problems.push(`queue-settings ${k}: value is not a string`);
  }
  for (const s of secrets.values()) {
    for (const [k, v] of Object.entries(s.stringData ?? {})) {
      check(/CHANGE-ME/.test(v) || /Username$/i.test(k), `${id(s)} ${k} holds a placeholder, not a real value`);
    }
  }
}

for (const p of problems) console.log(`  FAIL ${p}`);
console.log(`${mode}: ${docs.length} objects, ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
