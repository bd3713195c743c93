// Status page of Queue: reads the operations API with the key typed once (kept in sessionStorage, this tab only)
// and redraws every 15 s. Everything is written with textContent: no data ever becomes markup. Each section is one
// entry of SECTIONS (its element, the API path it reads and its render function), so a new section is one entry.
"use strict";

const KEY = "queue-api-key";
const REFRESH_MS = 15000;
const $ = (selector) => document.querySelector(selector);

// Rule codes stay as codes (applications match on them), each with its meaning in Spanish.
const RULES = {
  "request.id": "falta el identificador de la solicitud",
  "request.unreadable": "la solicitud no se pudo leer",
  "request.expired": "la solicitud venció antes de enviarse",
  "request.not-before-too-far": "programada demasiado lejos en el futuro",
  "request.unknown-value": "categoría, prioridad o etiquetas no válidas",
  "sender.unknown": "el remitente no es una cuenta configurada",
  "identity.unknown-application": "aplicación no registrada",
  "identity.sender-not-granted": "la aplicación no puede enviar desde esa cuenta",
  "address.invalid": "dirección de correo no válida",
  "address.internationalised": "dirección con caracteres no ASCII",
  "recipients.missing": "sin destinatarios",
  "recipients.too-many": "demasiados destinatarios",
  "subject.missing": "sin asunto",
  "subject.too-long": "asunto demasiado largo",
  "header.injection": "caracteres de control en un encabezado",
  "body.missing": "sin cuerpo del mensaje",
  "body.invalid": "cuerpo del mensaje con caracteres no válidos",
  "attachment.invalid": "adjunto sin nombre, tipo o contenido válido",
  "message.too-large": "mensaje demasiado grande",
  "quota.too-large": "más destinatarios de los que caben en una cuota",
  "quota.unavailable": "no se pudo consultar la cuota",
  "schedule.not-before": "programado para más tarde",
  "smtp.transient": "el servidor de correo pidió reintentar",
  "smtp.throttled": "el proveedor limitó el envío de la cuenta",
  "reputation.listed": "el dominio o la IP están en una lista de bloqueo",
  "policy.institutional-sender": "solo cuentas institucionales pueden enviar correo oficial",
  "policy.mass-communications-office": "las comunicaciones masivas salen por la Oficina de Comunicación Social",
  "policy.confidential-individual": "los avisos confidenciales se envían de forma individual",
  "policy.confidential-approval": "aviso confidencial a muchas personas: lo aprueba la Oficina de Comunicación Social",
  "policy.commercial-approval": "publicidad o información comercial: requiere aprobación",
  "policy.circular-secretariat": "las circulares y actos administrativos salen desde secretarias@",
  "policy.partner-entity": "información de otras entidades o convenios: la decide la Oficina de Comunicación Social, asesorada",
  "policy.notification-individual": "notificación a muchas personas: un mensaje por destinatario",
  "policy.mass-unsubscribe": "correo masivo: un mensaje por persona con enlace para darse de baja",
  "policy.unsubscribed": "todos los destinatarios cancelaron su suscripción",
  "policy.recipients-per-message": "demasiados destinatarios para un solo mensaje",
  "policy.approval-denied": "denegada por la Oficina de Comunicación Social",
  "policy.approval-expired": "nadie la aprobó a tiempo",
};

const CATEGORIES = {
  Operational: "operativo", Notification: "notificación", Confidential: "confidencial", Mass: "masivo",
  Commercial: "comercial", Circular: "circular", PartnerEntity: "entidad aliada o convenio",
};

const HOLD_KINDS = { Pause: "pausa", PauseBulk: "pausa de masivos y baja prioridad", Throttle: "envío reducido" };

const WINDOWS = { minute: "minuto", hour: "hora", day: "día", week: "semana" };

const ADVISERS = { MayorsOffice: "Despacho del Alcalde", HumanResources: "Talento Humano", InformationSystems: "Sistemas de Información" };

const CHECKS = { spf: "SPF", dmarc: "DMARC", mx: "MX", ptr: "PTR (DNS inverso)", fcrdns: "DNS inverso confirmado" };

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

// An address or id: one long word that may break anywhere rather than widen its column.
function long(text) {
  return el("span", { class: "long" }, text);
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

// A rule code with its Spanish meaning; the service's own wording (English) stays available as a tooltip.
function rule(code, detail) {
  const node = el("span", { class: "rule" }, el("code", {}, code), ` ${RULES[code] ?? "regla sin descripción"}`);
  if (detail) node.title = detail;
  return node;
}

// Rows of cells; on a phone each cell shows its column's name (data-label), so a row reads as a card.
function table(headers, rows, rowClass = () => "") {
  if (rows.length === 0) return el("p", { class: "empty" }, "Nada.");
  return el("table", {}, el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", {}, h)))),
    el("tbody", {}, ...rows.map((cells, i) => el("tr", { class: rowClass(i) },
      ...cells.map((c, j) => el("td", { "data-label": headers[j] }, c))))));
}

function bar(key, label, used, cap) {
  const share = cap ? Math.min(1, used / cap) : 0;
  const fill = el("div", { class: `fill${share >= 0.9 ? " bad" : share >= 0.7 ? " warn" : ""}` });
  fill.style.width = `${(share * 100).toFixed(1)}%`;
  return el("div", { class: "bar", "data-limit": key }, el("span", {}, label), el("div", { class: "track" }, fill),
    el("span", {}, cap ? `${used} / ${cap}` : `${used} (sin tope)`));
}

class ApiError extends Error {
  constructor(message, status, auth) { super(message); this.status = status; this.auth = auth; }
}

async function api(path, init = {}) {
  const headers = { "X-Api-Key": sessionStorage.getItem(KEY) ?? "" };
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (response.ok) return json;
  const reason = json?.detail ?? json?.title ?? `${response.status}`;
  // Only reading with a bad key locks the page; a refused action is reported where it happened.
  const auth = init.method === undefined && (response.status === 401 || response.status === 403);
  throw new ApiError(auth ? "clave no válida o sin alcance read" : `${response.status}: ${reason}`, response.status, auth);
}

// Account limits per account; domain limits are shared by every account, so they are drawn once.
function renderQuotas(quotas) {
  const wrap = el("div");
  const box = (title, key, limits, next, warmup) => {
    const node = el("div", { class: "account", "data-account": key }, el("h3", {}, title));
    if (warmup) node.append(el("div", { class: "empty" }, `calentamiento: día ${warmup.day} de ${warmup.days}, tope hoy ${warmup.capToday}`));
    for (const limit of limits) {
      const name = limit.limit.replace(/^quota\.(account|domain)\./, "");
      const label = WINDOWS[name] ?? name;
      if (limit.messageCap != null) node.append(bar(`${name}:messages`, `${label} · mensajes`, limit.messages, limit.messageCap));
      if (limit.recipientCap != null) node.append(bar(`${name}:recipients`, `${label} · destinatarios`, limit.recipients, limit.recipientCap));
    }
    if (next !== undefined) node.append(el("div", { class: "empty" }, `próximo envío permitido: ${next ? when(next) : "ahora"}`));
    return node;
  };
  for (const account of quotas) {
    wrap.append(box(account.account, account.account, account.limits.filter((l) => l.limit.startsWith("quota.account.")), account.nextAllowedAt, account.warmup));
  }
  const domain = quotas[0]?.limits.filter((l) => l.limit.startsWith("quota.domain.")) ?? [];
  if (domain.length) wrap.append(box("Dominio (todas las cuentas)", "domain", domain, undefined, quotas[0]?.domainWarmup));
  if (quotas.length) wrap.append(el("div", { class: "empty", "data-settings-version": quotas[0].settingsVersion }, `configuración compartida: versión ${quotas[0].settingsVersion}`));
  return wrap;
}

function holdSource(h) {
  if (h.source === "operator") return "operador";
  const [kind, zone] = (h.source ?? "").split(":");
  return kind === "reputation" ? `lista de bloqueo ${zone ?? ""}`.trim() : h.source;
}

// An operator types the reason (shown as typed); a blocklist hold is described in Spanish, its wording as tooltip.
function holdReason(h) {
  if (h.source === "operator" || !h.source) return h.reason;
  const node = el("span", {}, `${holdSource(h)}: ${HOLD_KINDS[h.kind] ?? h.kind}`);
  node.title = h.reason ?? "";
  return node;
}

function renderHolds(holds) {
  return table(["Ámbito", "Tipo", "Origen", "Motivo", "Quién", "Desde", "Hasta"],
    holds.map((h) => [h.scope === "*" ? "todo el envío" : long(h.scope), HOLD_KINDS[h.kind] ?? h.kind, holdSource(h), holdReason(h), h.by, when(h.at),
      h.until ? when(h.until) : "hasta reanudar"]));
}

// Why a lane does not move, each with a reason and, when known, until when. Generic on purpose: holds today;
// any list of { reason, until } the API adds per lane (e.g. holdReasons) is shown the same way.
function laneStalls(lane) {
  // heldBy: every reason the dispatcher's lane is not sending (quota, provider throttle, session, operator, reputation).
  const LANE_KINDS = { Quota: "cuota", ProviderThrottle: "el proveedor limita", Session: "sesión SMTP", Operator: "operador", Reputation: "reputación" };
  if (Array.isArray(lane.heldBy) && lane.heldBy.length) {
    return lane.heldBy.map((h) => ({ reason: `${LANE_KINDS[h.kind] ?? h.kind}: ${h.reason}`, until: h.until }));
  }
  const stalls = (lane.holds ?? []).map((h) => ({ reason: h.source === "operator" ? h.reason : `${holdSource(h)}: ${HOLD_KINDS[h.kind] ?? h.kind}`, until: h.until }));
  for (const extra of [lane.holdReasons, lane.stalls].filter(Array.isArray).flat()) {
    stalls.push(typeof extra === "string" ? { reason: extra } : { reason: extra.reason ?? extra.kind ?? "detenido", until: extra.until });
  }
  if (lane.nextAllowedAt && new Date(lane.nextAllowedAt) > Date.now()) stalls.push({ reason: "cuota agotada", until: lane.nextAllowedAt });
  if (lane.consumers === 0 && (lane.ready ?? 0) > 0) stalls.push({ reason: "ningún despachador atiende este carril" });
  return stalls;
}

function renderLanes(lanes) {
  const wrap = el("div");
  const stalls = lanes.map(laneStalls);
  wrap.append(table(["Cuenta", "En cola", "Enviando", "Abiertas", "La más antigua", "Estado"],
    lanes.map((l, i) => [long(l.account), l.ready ?? "?", l.unacknowledged ?? "?", l.openRequests, duration(l.oldestAgeSeconds),
      stalls[i].length
        ? el("span", {}, el("span", { class: "badge stalled" }, "detenido"),
          ...stalls[i].map((s) => el("span", { class: "rule" }, `${s.reason}${s.until ? ` (hasta ${when(s.until)})` : " (hasta reanudar)"}`)))
        : "en marcha"]),
    (i) => stalls[i].length ? "stalled" : ""));
  const progress = lanes.flatMap((l) => l.progress.map((p) => ({ ...p, account: l.account })));
  if (progress.length) {
    wrap.append(el("h3", {}, "Envíos masivos y divididos"));
    for (const p of progress) {
      wrap.append(bar(p.requestId, `${p.account} ${p.requestId.slice(0, 8)}`, p.sent, p.total));
      wrap.append(el("div", { class: "empty" }, `fin estimado: ${p.estimatedCompletion ? when(p.estimatedCompletion) : "en pausa"} · fallidos ${p.failed}`));
    }
  }
  return wrap;
}

let me = { scopes: [] };

// held.reason names each rule that asks ("policy.x: why; policy.y: why"): each is shown with its Spanish meaning.
function heldRules(a) {
  const codes = [...new Set([a.rule, ...[...a.reason.matchAll(/(policy\.[a-z-]+):/g)].map((m) => m[1])])];
  return el("span", {}, ...codes.map((code) => rule(code, a.reason)));
}

function decide(a, decision, box) {
  const comment = box.querySelector("input[type=text]").value.trim();
  const advisedBy = [...box.querySelectorAll("input[type=checkbox]:checked")].map((c) => c.value);
  if (decision === "deny" && !comment) return notify("Escriba el motivo de la denegación en el comentario.", true);
  if (decision === "approve" && a.category === "PartnerEntity" && advisedBy.length === 0) {
    return notify("Indique quién asesoró la decisión (Despacho del Alcalde, Talento Humano o Sistemas de Información).", true);
  }
  const body = decision === "approve" ? { comment: comment || null, advisedBy } : { reason: comment };
  box.querySelectorAll("button").forEach((b) => { b.disabled = true; });
  api(`/v1/approvals/${a.requestId}/${decision}`, { method: "POST", body })
    .then(() => { notify(`Solicitud ${a.requestId} ${decision === "approve" ? "aprobada" : "denegada"}; el despachador la procesa en un momento.`, false); refresh(); })
    .catch((error) => { notify(`No se pudo ${decision === "approve" ? "aprobar" : "denegar"}: ${error.message}`, true); box.querySelectorAll("button").forEach((b) => { b.disabled = false; }); });
}

function notify(text, isError) {
  const notice = $("#approvals .notice");
  notice.hidden = false;
  notice.textContent = text;
  notice.className = `notice${isError ? " error" : ""}`;
}

function actions(a) {
  const box = el("div", { class: "actions", "data-request": a.requestId },
    el("input", { type: "text", maxlength: "500", placeholder: "comentario (obligatorio para denegar)", "aria-label": "comentario" }));
  if (a.category === "PartnerEntity") {
    box.append(el("span", {}, "Asesoró:"), ...Object.entries(ADVISERS).map(([value, label]) =>
      el("label", {}, el("input", { type: "checkbox", value }), ` ${label}`)));
  }
  const approve = el("button", { type: "button", class: "approve" }, "Aprobar");
  const deny = el("button", { type: "button", class: "deny" }, "Denegar");
  approve.addEventListener("click", () => decide(a, "approve", box));
  deny.addEventListener("click", () => decide(a, "deny", box));
  box.append(el("div", { class: "buttons" }, approve, deny));
  return box;
}

function renderApprovals(pending) {
  const canDecide = me.scopes.includes("approve");
  const headers = ["Solicitud", "Remitente", "Categoría", "Destinatarios", "Asunto", "Motivo", "Vence"];
  return table(canDecide ? [...headers, "Decisión"] : headers,
    pending.map((a) => {
      const cells = [el("code", {}, a.requestId), long(a.from), CATEGORIES[a.category] ?? a.category, plural(a.recipients, "destinatario", "destinatarios"),
        a.subject, heldRules(a), when(a.expiresAt)];
      return canDecide ? [...cells, actions(a)] : cells;
    }));
}

function renderReputation(view) {
  const wrap = el("div");
  const resolverDown = view.resolver && !view.resolver.healthy;
  if (resolverDown) {
    const warning = el("p", { class: "error" }, `El resolvedor DNS del monitor no responde${view.resolver.since ? ` desde ${when(view.resolver.since)}` : ""}: `
      + "no se sabe el estado real de las listas ni de la autenticación del dominio.");
    warning.title = view.resolver.problem ?? "";
    wrap.append(warning);
  }
  wrap.append(table(["Zona", "Estado", "Listado"],
    view.zones.map((z) => [z.zone, el("span", { class: `badge ${z.state}` }, { clean: "limpio", listed: "listado", degraded: "sin datos" }[z.state] ?? z.state), z.listed.join(", ")])));
  if (view.degraded.length && !resolverDown) {
    const degraded = el("p", { class: "error" }, `Zonas sin respuesta fiable: ${view.degraded.map((d) => d.zone).join(", ")}`);
    degraded.title = view.degraded.map((d) => `${d.zone}: ${d.reason ?? ""}`).join("; ");
    wrap.append(degraded);
  }
  if (view.authChecks.length) {
    wrap.append(el("h3", {}, "Autenticación del dominio (DNS)"));
    wrap.append(table(["Objetivo", "Comprobación", "Resultado", "Detalle"],
      view.authChecks.map((c) => {
        const outcome = resolverDown ? "Unknown" : c.outcome;
        const check = c.check.startsWith("dkim:") ? `DKIM (selector ${c.check.slice(5)})` : CHECKS[c.check] ?? c.check;
        return [c.target, el("span", { "data-check": c.check }, check),
          el("span", { class: `badge ${{ Pass: "clean", Fail: "listed" }[outcome] ?? "unknown"}` }, { Pass: "correcto", Fail: "falla" }[outcome] ?? "desconocido"),
          resolverDown ? "sin datos fiables" : el("code", {}, c.detail)];
      })));
  }
  return wrap;
}

function renderRejections(rejections) {
  return table(["Cuándo", "Aplicación", "Remitente", "Reglas"],
    rejections.map((r) => [when(r.at), r.application ?? "—", long(r.from ?? "—"), el("span", {}, ...r.rules.map((code) => rule(code, r.reason)))]));
}

const SECTIONS = [
  { id: "quotas", title: "Cuotas por cuenta", path: "/v1/quotas", render: renderQuotas },
  { id: "holds", title: "Pausas en vigor", path: "/v1/holds", render: renderHolds },
  { id: "lanes", title: "Carriles y pendientes", path: "/v1/lanes", render: renderLanes },
  // Not redrawn while someone is typing a comment or choosing advisers there.
  { id: "approvals", title: "Aprobaciones pendientes", path: "/v1/approvals", render: renderApprovals, busy: () => $("#approvals").contains(document.activeElement) && document.activeElement.tagName === "INPUT" },
  { id: "reputation", title: "Reputación (listas de bloqueo)", path: "/v1/reputation", render: renderReputation },
  { id: "rejections", title: "Rechazos recientes", path: "/v1/rejections?count=15", render: renderRejections },
  { id: "bounces", title: "Rebotes y quejas", path: "/v1/bounces?count=10", render: renderBounces },
  { id: "dead-letters", title: "Apartadas por la entrada", path: "/v1/dead-letters?count=0", render: renderDeadLetters },
];

// Solicitudes ilegibles o de un tipo desconocido: cuántas esperan (queuectl dead-letters las lista, reenvía o descarta).
function renderDeadLetters(view) {
  const count = Object.values(view.counts).reduce((a, b) => a + b, 0);
  return el("p", { class: count ? "error" : "empty" },
    `${view.counts.unreadable ?? 0} ilegibles, ${view.counts["unknown-type"] ?? 0} de tipo desconocido (queuectl dead-letters)`);
}

function sectionBody(section) {
  let node = document.getElementById(section.id);
  if (!node) {
    node = el("section", { id: section.id }, el("h2", {}, section.title), el("div", { class: "body" }));
    $("#dashboard").append(node);
  }
  return node.querySelector(".body");
}

// Rebotes y quejas: tasas de 24 h por cuenta y las últimas direcciones suprimidas (GET /v1/bounces).
const MOTIVOS = { Unsubscribed: "baja voluntaria", HardBounce: "rebote definitivo", SoftBounces: "rebotes temporales repetidos", Complaint: "queja de spam", Operator: "operador" };

function renderBounces(view) {
  const percent = (value) => `${(value * 100).toFixed(2)} %`;
  const rate = (value, limit) => el("span", { class: value > limit ? "badge listed" : "badge clean" }, percent(value));
  const wrap = el("div");
  // Short headers: the table shares the section's width with the others and must not widen it.
  wrap.append(table(["Cuenta", "Enviados 24 h", "Rebotes", "Tasa", "Quejas", "Tasa"],
    view.accounts.map((a) => [el("span", { class: "long" }, a.account), a.sent, a.reports.Hard ?? 0, rate(a.hardBounceRate, 0.05), a.reports.Complaint ?? 0, rate(a.complaintRate, 0.001)])));
  wrap.append(el("h3", {}, "Últimas supresiones"));
  wrap.append(table(["Cuándo", "Dirección", "Motivo", "Alcance", "Hasta"],
    view.latestSuppressions.map((s) => [when(s.at), el("span", { class: "long" }, s.address), MOTIVOS[s.reason] ?? s.reason,
      s.scope === "MassMail" ? "solo correo masivo" : "todo el correo", s.until ? when(s.until) : "indefinida"])));
  if (view.setAside.length) {
    wrap.append(el("h3", {}, "Informes apartados (no procesables)"));
    wrap.append(table(["Cuándo", "De", "Asunto", "Motivo"], view.setAside.map((r) => [when(r.at), el("span", { class: "long" }, r.from ?? "—"), el("span", { class: "long" }, r.subject ?? "—"), el("span", { class: "long" }, r.reason)])));
  }
  return wrap;
}

async function refresh() {
  try {
    me = await api("/v1/me");
    const data = await Promise.all(SECTIONS.map((s) => api(s.path)));
    SECTIONS.forEach((section, i) => {
      if (!section.busy?.()) sectionBody(section).replaceChildren(section.render(data[i]));
    });
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
