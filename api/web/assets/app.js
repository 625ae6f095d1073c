// relmap's web page: plain JavaScript, no build step, no dependencies.
// Every /api call carries the bearer token the page asked for; pictures
// are fetched with that header and inlined as SVG, since an <img src>
// cannot send it.
"use strict";

const TOKEN_KEY = "relmap.token";
const LANG_KEY = "relmap.lang";

const TEXT = {
  en: {
    tagline: "Who we need, how we reach them, and whether our contact effort follows our policy.",
    print: "Print", signout: "Sign out", signin: "Sign in",
    loginTitle: "Sign in with your token", tokenLabel: "API token",
    tokenHint: "Ask an administrator for a token (relmap token create). It stays in this browser until you sign out.",
    refused: "The server refused the token (401): it is unknown, expired or revoked. Enter a valid token.",
    signedOut: "You are signed out. Enter a token to continue.",
    filters: "Filters", segment: "Segment", partyType: "Party type", employee: "Employee",
    focus: "Focus node", depth: "Depth", top: "Top N", apply: "Apply", all: "all",
    input: "input", consumer: "consumer", intermediary: "intermediary", unclassified: "not classified",
    matrix: "Segment matrix", network: "Relationship network",
    networkView: "show the network's view of accessibility",
    facts: "Facts", advice: "Advice", holders: "Who holds it", bestPaths: "Best warm paths",
    pathFinder: "Warm-path finder", from: "From", to: "To (person or organisation)",
    allEmployees: "all employees", maxHops: "Max hops", find: "Find paths",
    brokers: "Intermediaries for develop targets", broker: "Intermediary", share: "Share of paths", opens: "Opens", onlyWay: "Only way",
    overview: "The network beside the matrix",
    overviewHint: "The most attractive stakeholders of each segment and who of us reaches them, coloured by policy conformance.",
    loading: "Loading…", noPaths: "No warm path within reach.", noHolders: "Nobody here holds this stakeholder yet.",
    noBrokers: "No intermediaries: every develop target is held directly, or none is within reach.",
    kind: "Kind", organisation: "organisation", person: "person",
    scores: "Scores", attractiveness: "Attractiveness", accessibility: "Accessibility",
    policy: "Policy", owner: "Owner", none: "none", contribution: "Expected contribution",
    know: "know", able: "be able", want: "want", do: "do", exchange: "means of exchange", benefits: "benefits",
    interests: "interests", interestsUnknown: "interests unknown — research them",
    direct: "direct", via: "via", strength: "strength", contacts: "contacts", lastContact: "last contact",
    through: "through contacts with",
    minContacts: "at least %d contacts per %d months", printedOn: "Printed on %s",
    unknownStakeholder: "Not a stakeholder of the matrix: %s",
    pathsFound: "%d paths", notAssessed: "not assessed",
  },
  nl: {
    tagline: "Wie we nodig hebben, hoe we ze bereiken, en of onze contactinspanning ons beleid volgt.",
    print: "Afdrukken", signout: "Afmelden", signin: "Aanmelden",
    loginTitle: "Meld u aan met uw token", tokenLabel: "API-token",
    tokenHint: "Vraag een beheerder om een token (relmap token create). Het blijft in deze browser tot u zich afmeldt.",
    refused: "De server weigerde het token (401): het is onbekend, verlopen of ingetrokken. Voer een geldig token in.",
    signedOut: "U bent afgemeld. Voer een token in om verder te gaan.",
    filters: "Filters", segment: "Segment", partyType: "Partijtype", employee: "Medewerker",
    focus: "Focusknoop", depth: "Diepte", top: "Top N", apply: "Toepassen", all: "alle",
    input: "input", consumer: "consumerend", intermediary: "intermediair", unclassified: "niet ingedeeld",
    matrix: "Segmentmatrix", network: "Relatienetwerk",
    networkView: "toon de bereikbaarheid volgens het netwerk",
    facts: "Gegevens", advice: "Advies", holders: "Wie onderhoudt de relatie", bestPaths: "Beste warme paden",
    pathFinder: "Warme paden zoeken", from: "Van", to: "Naar (persoon of organisatie)",
    allEmployees: "alle medewerkers", maxHops: "Max. stappen", find: "Zoek paden",
    brokers: "Intermediairs voor ontwikkeldoelen", broker: "Intermediair", share: "Aandeel paden", opens: "Opent", onlyWay: "Enige weg",
    overview: "Het netwerk naast de matrix",
    overviewHint: "De aantrekkelijkste stakeholders per segment en wie van ons ze bereikt, gekleurd naar beleidsconformiteit.",
    loading: "Laden…", noPaths: "Geen warm pad binnen bereik.", noHolders: "Nog niemand van ons onderhoudt deze relatie.",
    noBrokers: "Geen intermediairs: elk ontwikkeldoel wordt direct onderhouden, of geen enkel is bereikbaar.",
    kind: "Soort", organisation: "organisatie", person: "persoon",
    scores: "Scores", attractiveness: "Aantrekkelijkheid", accessibility: "Toegankelijkheid",
    policy: "Beleid", owner: "Eigenaar", none: "geen", contribution: "Verwachte bijdrage",
    know: "kennen", able: "kunnen", want: "willen", do: "doen", exchange: "ruilmiddelen", benefits: "voordelen",
    interests: "belangen", interestsUnknown: "belangen onbekend — uitzoeken",
    direct: "direct", via: "via", strength: "sterkte", contacts: "contacten", lastContact: "laatste contact",
    through: "via contacten met",
    minContacts: "minstens %d contacten per %d maanden", printedOn: "Afgedrukt op %s",
    unknownStakeholder: "Geen stakeholder van de matrix: %s",
    pathsFound: "%d paden", notAssessed: "niet beoordeeld",
  },
};

const SEGMENTS = {
  en: { invest: "Invest", develop: "Develop", harvest: "Harvest", ignore: "Ignore", unassessed: "Unassessed" },
  nl: { invest: "Investeer", develop: "Ontwikkel", harvest: "Oogst", ignore: "Negeer", unassessed: "Niet beoordeeld" },
};

const state = {
  lang: localStorage.getItem(LANG_KEY) === "nl" ? "nl" : "en",
  rows: new Map(),      // stakeholder id → matrix row
  advice: new Map(),    // stakeholder id → conformance row (in state.lang)
  employees: [],
  selected: "",         // the stakeholder whose page is open
  generation: 0,        // bumped on sign-out and language change: late answers are dropped
};

const $ = (sel) => document.querySelector(sel);
const t = (key) => TEXT[state.lang][key] ?? TEXT.en[key] ?? key;
const fmt = (key, ...args) => { let i = 0; return t(key).replace(/%[ds]/g, () => String(args[i++])); };
const num = (v) => (Math.round(v * 100) / 100).toLocaleString(state.lang === "nl" ? "nl-NL" : "en-GB");
const enc = encodeURIComponent;

// ApiError is a failed /api call: its HTTP status and the server's message.
class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

function token() { return localStorage.getItem(TOKEN_KEY) || ""; }

// request fetches an /api path with the token. A 401 forgets the token and
// asks for it again; any other failure throws an ApiError with the
// server's message.
async function request(path) {
  const res = await fetch(path, { headers: { Authorization: "Bearer " + token() } });
  if (res.status === 401) {
    signOut("refused");
    throw new ApiError(401, t("refused"));
  }
  if (!res.ok) {
    let message = res.status + " " + res.statusText;
    try {
      const body = await res.json();
      if (body && body.error && body.error.message) message = body.error.message;
    } catch (_) { /* not JSON */ }
    throw new ApiError(res.status, message);
  }
  return res;
}

async function api(path) { return (await request(path)).json(); }

// picture fetches an SVG picture and puts it into box, replacing what was
// there; a refused picture (422: too many nodes, 504: took too long, …)
// shows the server's message instead.
async function picture(box, path) {
  const gen = state.generation;
  box.replaceChildren(note(t("loading"), "hint"));
  try {
    const text = await (await request(path)).text();
    if (gen !== state.generation) return;
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const svg = doc.documentElement;
    if (svg.nodeName !== "svg" || doc.querySelector("parsererror")) throw new Error("not an SVG picture");
    box.replaceChildren(document.importNode(svg, true));
    markSelected();
  } catch (e) {
    if (gen !== state.generation || e.status === 401) return;
    box.replaceChildren(note(e.message, "notice"));
  }
}

function note(text, cls) {
  const p = document.createElement("p");
  p.className = cls;
  p.textContent = text;
  return p;
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function status(text) {
  const s = $("#status");
  s.hidden = !text;
  s.textContent = text || "";
}

// ---- language ----

function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll("[data-seg]")) e.textContent = SEGMENTS[state.lang][e.dataset.seg];
  for (const b of document.querySelectorAll("button[data-lang]")) b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang));
  $("#printed").textContent = fmt("printedOn", new Date().toLocaleDateString(state.lang === "nl" ? "nl-NL" : "en-GB", { dateStyle: "long" }));
}

async function setLanguage(lang) {
  state.lang = lang;
  localStorage.setItem(LANG_KEY, lang);
  state.generation++;
  applyLanguage();
  if (!token()) return;
  await loadData();
  drawAll();
  if (state.selected) showStakeholder(state.selected);
  if ($("#pf-to").value) findPaths();
}

// ---- sign in and out ----

function signOut(reason) {
  localStorage.removeItem(TOKEN_KEY);
  state.generation++;
  forgetData();
  $("#app").hidden = true;
  $("#signout").hidden = true;
  $("#login").hidden = false;
  const m = $("#login-message");
  m.hidden = !reason;
  m.textContent = reason ? t(reason) : "";
  $("#token").value = "";
  $("#token").focus();
}

// forgetData removes every piece of data the page holds, from memory and
// from the DOM: on a shared computer the next person sees nothing of the
// last one's.
function forgetData() {
  state.rows = new Map();
  state.advice = new Map();
  state.employees = [];
  state.selected = "";
  for (const sel of ["#matrix", "#network", "#overview", "#sh-picture", "#pf-picture", "#pf-result", "#brokers tbody",
    "#sh-title", "#sh-facts", "#sh-advice", "#sh-holders", "#sh-paths", "#stakeholder-list"]) $(sel).replaceChildren();
  for (const sel of [$("#f-employee"), $("#pf-from")]) sel.replaceChildren(sel.options[0]);
  for (const input of document.querySelectorAll("#filter-form input, #pf-form input")) input.value = input.defaultValue;
  $("#stakeholder").hidden = true;
  $("#pathfinder").classList.remove("has-result");
  status("");
}

async function signIn(secret) {
  localStorage.setItem(TOKEN_KEY, secret.trim());
  $("#login").hidden = true;
  $("#app").hidden = false;
  $("#signout").hidden = false;
  try {
    await loadData();
  } catch (e) {
    if (e.status !== 401) status(e.message);
    return;
  }
  drawAll();
}

// ---- data ----

async function loadData() {
  const gen = state.generation;
  const [matrix, employees, conformance] = await Promise.all([
    api("/api/v1/segments/matrix?lang=" + state.lang),
    api("/api/v1/employees?limit=1000"),
    api("/api/v1/conformance?lang=" + state.lang),
  ]);
  if (gen !== state.generation) return;
  state.rows = new Map(matrix.rows.map((r) => [r.stakeholder.id, r]));
  state.advice = new Map(conformance.stakeholders.map((a) => [a.stakeholder.id, a]));
  state.employees = employees.items;
  const list = $("#stakeholder-list");
  list.replaceChildren(...matrix.rows.map((r) => {
    const o = document.createElement("option");
    o.value = r.stakeholder.id;
    o.label = r.stakeholder.name;
    return o;
  }));
  for (const sel of [$("#f-employee"), $("#pf-from")]) {
    const keep = sel.value;
    sel.replaceChildren(sel.options[0], ...state.employees.map((e) => {
      const o = document.createElement("option");
      o.value = e.id;
      o.textContent = e.name;
      return o;
    }));
    sel.value = keep;
  }
}

function networkQuery() {
  const q = new URLSearchParams({ lang: state.lang });
  const add = (name, v) => { if (v) q.set(name, v); };
  add("segment", $("#f-segment").value);
  add("party_type", $("#f-party").value);
  add("employee", $("#f-employee").value);
  add("focus", $("#f-focus").value.trim());
  if ($("#f-employee").value || $("#f-focus").value.trim()) add("depth", $("#f-depth").value);
  add("top", $("#f-top").value === "0" ? "" : $("#f-top").value);
  return q;
}

function drawMatrix() {
  picture($("#matrix"), "/api/v1/render/matrix?lang=" + state.lang + ($("#m-network").checked ? "&network=1" : ""));
}

function drawAll() {
  drawMatrix();
  drawFiltered();
  loadBrokers();
}

// drawFiltered draws the pictures the filters apply to: the network and the
// overview (segment only).
function drawFiltered() {
  const q = networkQuery();
  picture($("#network"), "/api/v1/render/network?" + q);
  const o = new URLSearchParams({ lang: state.lang });
  if ($("#f-segment").value) o.set("segment", $("#f-segment").value);
  picture($("#overview"), "/api/v1/render/overview?" + o);
}

// ---- the stakeholder page ----

async function showStakeholder(id) {
  const row = state.rows.get(id);
  if (!row) { status(fmt("unknownStakeholder", id)); return; }
  status("");
  state.selected = id;
  markSelected();
  const gen = state.generation;
  const sec = $("#stakeholder");
  sec.hidden = false;
  $("#sh-title").textContent = row.stakeholder.name;
  for (const s of ["#sh-facts", "#sh-advice", "#sh-holders", "#sh-paths"]) $(s).replaceChildren(el("li", t("loading"), "hint"));
  const kindPath = row.stakeholder.kind === "organisation" ? "organisations" : "persons";
  const [entity, holders, paths] = await Promise.all([
    api(`/api/v1/${kindPath}/${enc(id)}`).catch((e) => e),
    api(`/api/v1/holders/${enc(id)}`).catch((e) => e),
    api(`/api/v1/paths?to=${enc(id)}&k=3`).catch((e) => e),
  ]);
  if (gen !== state.generation || state.selected !== id) return;
  facts(row, entity);
  adviceList(state.advice.get(id));
  holderList(holders);
  pathList($("#sh-paths"), paths);
  picture($("#sh-picture"), `/api/v1/render/paths?to=${enc(id)}&k=3&lang=${state.lang}`);
  sec.scrollIntoView({ block: "start" });
}

function facts(row, entity) {
  const dl = $("#sh-facts");
  dl.replaceChildren();
  const add = (k, v) => { if (v === undefined || v === null || v === "") return; dl.append(el("dt", k), el("dd", v)); };
  add(t("kind"), t(row.stakeholder.kind) || row.stakeholder.kind);
  add(t("partyType"), row.stakeholder.party_type ? t(row.stakeholder.party_type) : t("unclassified"));
  const p = row.placement;
  add(t("segment"), row.segment_name);
  if (p.attractiveness && p.attractiveness.complete) add(t("attractiveness"), num(p.attractiveness.mean));
  if (p.accessibility && p.accessibility.complete) add(t("accessibility"), num(p.accessibility.mean));
  if (!p.attractiveness?.complete || !p.accessibility?.complete) add(t("scores"), t("notAssessed"));
  if (row.policy) add(t("policy"), row.policy.summary + " · " + fmt("minContacts", row.policy.min_contacts, row.policy.period_months));
  if (entity instanceof Error) { add(t("contribution"), entity.message); return; }
  const c = entity.contribution || {};
  const parts = [["know", c.know], ["able", c.able], ["want", c.want], ["do", c.do], ["exchange", c.exchange_means], ["benefits", c.benefits], ["interests", c.interests]]
    .filter(([, v]) => v).map(([k, v]) => t(k) + ": " + v);
  if (c.interests_unknown) parts.push(t("interestsUnknown"));
  add(t("contribution"), parts.join(" · "));
  const owner = entity.owner_id && state.employees.find((e) => e.id === entity.owner_id);
  add(t("owner"), owner ? owner.name : (entity.owner_id || t("none")));
}

function adviceList(a) {
  const ul = $("#sh-advice");
  ul.replaceChildren();
  if (!a) { ul.append(el("li", "—")); return; }
  (a.codes || []).forEach((code, i) => {
    const li = el("li");
    li.append(el("span", code, "code advice-" + code), document.createTextNode(a.reasons[i] || ""));
    ul.append(li);
  });
}

function holderList(h) {
  const ul = $("#sh-holders");
  ul.replaceChildren();
  if (h instanceof Error) { ul.append(el("li", h.message, "notice")); return; }
  const all = [...h.direct, ...h.indirect];
  if (all.length === 0) { ul.append(el("li", t("noHolders"))); return; }
  for (const x of all) {
    let text = x.employee.name + " — ";
    text += x.direct ? t("direct") : t("via") + " " + (x.via ? x.via.name : "?");
    if (x.through && x.through.length) text += ", " + t("through") + " " + x.through.map((p) => p.person.name).join(", ");
    text += ", " + t("strength") + " " + num(x.strength);
    if (x.contacts) text += ", " + x.contacts + " " + t("contacts");
    if (x.last_contact) text += ", " + t("lastContact") + " " + x.last_contact.slice(0, 10);
    if (x.owner) text += " (" + t("owner").toLowerCase() + ")";
    ul.append(el("li", text, "holder"));
  }
}

function pathList(ol, res) {
  ol.replaceChildren();
  if (res instanceof Error) { ol.append(el("li", res.message, "notice")); return; }
  if (!res.paths || res.paths.length === 0) { ol.append(el("li", t("noPaths"))); return; }
  for (const p of res.paths) {
    ol.append(el("li", p.explanation[state.lang] + " — " + num(p.strength), "path"));
  }
}

// markSelected outlines the open stakeholder in every picture.
function markSelected() {
  for (const g of document.querySelectorAll(".svg-box g.node.selected")) g.classList.remove("selected");
  if (!state.selected) return;
  for (const prefix of ["stakeholder-", "network-", "overview-"]) {
    const g = document.getElementById(prefix + state.selected);
    if (g) g.classList.add("selected");
  }
}

// clickedStakeholder returns the stakeholder id of a click in a picture,
// or "" when the click was not on a stakeholder.
function clickedStakeholder(target) {
  const g = target.closest && target.closest("g.node");
  if (!g || !g.id) return "";
  const m = /^(?:stakeholder|network|overview)-(.+)$/.exec(g.id);
  if (!m || g.classList.contains("employee")) return "";
  return state.rows.has(m[1]) ? m[1] : "";
}

// ---- the path finder ----

async function findPaths() {
  const q = new URLSearchParams({ to: $("#pf-to").value.trim(), k: $("#pf-k").value, max_hops: $("#pf-hops").value });
  if ($("#pf-from").value) q.set("from", $("#pf-from").value);
  const ol = $("#pf-result");
  ol.replaceChildren(el("li", t("loading"), "hint"));
  $("#pathfinder").classList.add("has-result");
  const gen = state.generation;
  const res = await api("/api/v1/paths?" + q).catch((e) => e);
  if (gen !== state.generation) return;
  pathList(ol, res);
  if (res instanceof Error) { $("#pf-picture").replaceChildren(); return; }
  q.set("lang", state.lang);
  picture($("#pf-picture"), "/api/v1/render/paths?" + q);
}

// ---- brokers ----

async function loadBrokers() {
  const body = $("#brokers tbody");
  const gen = state.generation;
  const res = await api("/api/v1/brokers?limit=15").catch((e) => e);
  if (gen !== state.generation) return;
  body.replaceChildren();
  if (res instanceof Error) {
    const tr = el("tr");
    const td = el("td", res.message, "notice");
    td.colSpan = 5;
    tr.append(td);
    body.append(tr);
    return;
  }
  if (res.brokers.length === 0) {
    const tr = el("tr");
    const td = el("td", t("noBrokers"));
    td.colSpan = 5;
    tr.append(td);
    body.append(tr);
    return;
  }
  for (const b of res.brokers) {
    const tr = el("tr", null, "broker");
    tr.append(el("td", b.node.name), el("td", Math.round(b.share * 100) + "%", "num"), el("td", String(b.opens), "num"), el("td", String(b.only_way), "num"), el("td", b.advice[state.lang]));
    body.append(tr);
  }
}

// ---- wiring ----

function init() {
  applyLanguage();
  for (const b of document.querySelectorAll("button[data-lang]")) b.addEventListener("click", () => setLanguage(b.dataset.lang));
  $("#print").addEventListener("click", () => window.print());
  $("#signout").addEventListener("click", () => signOut("signedOut"));
  $("#login-form").addEventListener("submit", (e) => { e.preventDefault(); signIn($("#token").value); });
  $("#filter-form").addEventListener("submit", (e) => { e.preventDefault(); drawFiltered(); });
  $("#pf-form").addEventListener("submit", (e) => { e.preventDefault(); findPaths(); });
  $("#m-network").addEventListener("change", drawMatrix);
  for (const box of ["#matrix", "#network", "#overview"]) {
    $(box).addEventListener("click", (e) => {
      const id = clickedStakeholder(e.target);
      if (id) showStakeholder(id);
    });
  }
  if (token()) signIn(token());
  else signOut("");
}

init();
