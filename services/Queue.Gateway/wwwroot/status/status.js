// Status page of Queue: reads the operations API with the key typed once (kept in sessionStorage, this tab only)
// and redraws every 15 s. Everything is written with textContent: no data ever becomes markup.
"use strict";

const KEY = "queue-api-key";
const REFRESH_MS = 15000;
const $ = (selector) => document.querySelector(selector);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "class") node.className = value; else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ""));
  return node;
}

function when(iso) {
  if (!iso) return "—";
  return new Date(iso).toLocaleString("es-CO", { dateStyle: "short", timeStyle: "medium" });
}

function duration(seconds) {
  if (seconds == null) return "—";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function table(headers, rows) {
  if (rows.length === 0) return el("p", { class: "empty" }, "Nada.");
  return el("table", {}, el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", {}, h)))),
    el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells.map((c) => el("td", {}, c))))));
}

function bar(label, used, cap) {
  const share = cap ? Math.min(1, used / cap) : 0;
  const fill = el("div", { class: `fill${share >= 0.9 ? " bad" : share >= 0.7 ? " warn" : ""}` });
  fill.style.width = `${(share * 100).toFixed(1)}%`;
  return el("div", { class: "bar", "data-limit": label }, el("span", {}, label), el("div", { class: "track" }, fill),
    el("span", {}, cap ? `${used} / ${cap}` : `${used} (sin tope)`));
}

async function api(path) {
  const response = await fetch(path, { headers: { "X-Api-Key": sessionStorage.getItem(KEY) ?? "" } });
  if (response.status === 401 || response.status === 403) throw Object.assign(new Error("clave no válida o sin alcance read"), { auth: true });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

function fill(id, content) {
  const body = document.querySelector(`#${id} .body`);
  body.replaceChildren(content);
}

// Account limits per account; domain limits are shared by every account, so they are drawn once.
function renderQuotas(quotas) {
  const wrap = el("div");
  const box = (title, key, limits, next) => {
    const node = el("div", { class: "account", "data-account": key }, el("h3", {}, title));
    for (const limit of limits) {
      const name = limit.limit.replace(/^quota\.(account|domain)\./, "");
      if (limit.messageCap != null) node.append(bar(`${name} · mensajes`, limit.messages, limit.messageCap));
      if (limit.recipientCap != null) node.append(bar(`${name} · destinatarios`, limit.recipients, limit.recipientCap));
    }
    if (next !== undefined) node.append(el("div", { class: "empty" }, `próximo envío permitido: ${when(next)}`));
    return node;
  };
  for (const account of quotas) {
    wrap.append(box(account.account, account.account, account.limits.filter((l) => l.limit.startsWith("quota.account.")), account.nextAllowedAt));
  }
  const domain = quotas[0]?.limits.filter((l) => l.limit.startsWith("quota.domain.")) ?? [];
  if (domain.length) wrap.append(box("Dominio (todas las cuentas)", "domain", domain));
  return wrap;
}

function renderHolds(holds) {
  return table(["Ámbito", "Tipo", "Por qué", "Quién", "Desde", "Hasta"],
    holds.map((h) => [h.scope === "*" ? "todo el envío" : h.scope, h.kind, h.reason, h.by, when(h.at), h.until ? when(h.until) : "hasta reanudar"]));
}

function renderLanes(lanes) {
  const wrap = el("div");
  wrap.append(table(["Cuenta", "En cola", "En curso", "Abiertas", "La más antigua", "Pausada"],
    lanes.map((l) => [l.account, l.ready ?? "?", l.unacknowledged ?? "?", l.openRequests, duration(l.oldestAgeSeconds),
      l.holds.length ? l.holds.map((h) => h.reason).join("; ") : "no"])));
  const progress = lanes.flatMap((l) => l.progress.map((p) => ({ ...p, account: l.account })));
  if (progress.length) {
    wrap.append(el("h3", {}, "Envíos masivos y divididos"));
    for (const p of progress) {
      wrap.append(bar(`${p.account} ${p.requestId.slice(0, 8)}`, p.sent, p.total));
      wrap.append(el("div", { class: "empty" }, `fin estimado: ${p.estimatedCompletion ? when(p.estimatedCompletion) : "en pausa"} · fallidos ${p.failed}`));
    }
  }
  return wrap;
}

function renderApprovals(pending) {
  return table(["De", "Asunto", "Destinatarios", "Regla", "Vence"],
    pending.map((a) => [a.from, el("span", { class: "long" }, a.subject), a.recipients, a.rule.replace(/^policy\./, ""), when(a.expiresAt)]));
}

function renderReputation(view) {
  const wrap = el("div");
  wrap.append(table(["Zona", "Estado", "Listado"],
    view.zones.map((z) => [z.zone, el("span", { class: `badge ${z.state}` }, { clean: "limpio", listed: "listado", degraded: "sin datos" }[z.state] ?? z.state), z.listed.join(", ")])));
  if (view.degraded.length) {
    wrap.append(el("p", { class: "error" }, `Monitor degradado: ${view.degraded.map((d) => `${d.zone} (${d.reason ?? "sin respuesta fiable"})`).join("; ")}`));
  }
  if (view.authChecks.length) {
    wrap.append(el("h3", {}, "Autenticación del dominio (DNS)"));
    wrap.append(table(["Objetivo", "Comprobación", "Resultado", "Detalle"],
      view.authChecks.map((c) => [c.target, c.check,
        el("span", { class: `badge ${{ Pass: "clean", Fail: "listed" }[c.outcome] ?? "degraded"}` }, { Pass: "correcto", Fail: "falla" }[c.outcome] ?? "desconocido"), c.detail])));
  }
  return wrap;
}

function renderRejections(rejections) {
  return table(["Cuándo", "Aplicación", "De", "Reglas", "Motivo"],
    rejections.map((r) => [when(r.at), r.application ?? "—", r.from ?? "—", r.rules.join(", "), r.reason]));
}

async function refresh() {
  try {
    const [quotas, holds, lanes, approvals, reputation, rejections] = await Promise.all(
      ["/v1/quotas", "/v1/holds", "/v1/lanes", "/v1/approvals", "/v1/reputation", "/v1/rejections?count=15"].map(api));
    fill("quotas", renderQuotas(quotas));
    fill("holds", renderHolds(holds));
    fill("lanes", renderLanes(lanes));
    fill("approvals", renderApprovals(approvals));
    fill("reputation", renderReputation(reputation));
    fill("rejections", renderRejections(rejections));
    $("#updated").textContent = `actualizado ${when(new Date().toISOString())}`;
    document.body.dataset.state = "loaded";
  } catch (error) {
    if (error.auth) {
      logout(error.message);
      return;
    }
    $("#updated").textContent = `error: ${error.message}`;
    document.body.dataset.state = "error";
  }
}

let timer = null;

function show(loggedIn) {
  $("#login").hidden = loggedIn;
  $("#dashboard").hidden = !loggedIn;
  $("#logout").hidden = !loggedIn;
}

function login(key) {
  sessionStorage.setItem(KEY, key);
  show(true);
  document.body.dataset.state = "loading";
  refresh();
  clearInterval(timer);
  timer = setInterval(refresh, REFRESH_MS);
}

function logout(message) {
  sessionStorage.removeItem(KEY);
  clearInterval(timer);
  show(false);
  document.body.dataset.state = "locked";
  const error = $("#login-error");
  error.hidden = !message;
  error.textContent = message ?? "";
}

$("#login").addEventListener("submit", (event) => {
  event.preventDefault();
  login($("#key").value.trim());
  $("#key").value = "";
});
$("#logout").addEventListener("click", () => logout());

if (sessionStorage.getItem(KEY)) login(sessionStorage.getItem(KEY)); else show(false);
