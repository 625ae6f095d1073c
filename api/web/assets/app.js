// relmap's web page: plain JavaScript, no build step, no dependencies.
// Every /api call carries the bearer token the page asked for and the
// page's language; pictures are fetched with that header and inlined as
// SVG (an <img src> cannot send it), then made explorable by Viewer.
"use strict";

const TOKEN_KEY = "relmap.token";
const LANG_KEY = "relmap.lang";
const MIN_LABEL_PX = 11; // no text smaller on screen at 100 % zoom
const TABLE_LIMIT = 25;

const TEXT = {
  en: {
    print: "Print", signout: "Sign out", signin: "Sign in",
    loginTitle: "Sign in with your token", tokenLabel: "API token",
    tokenHint: "Ask an administrator for a token (relmap token create). It stays in this browser until you sign out.",
    refused: "The server refused the token (401): it is unknown, expired or revoked. Enter a valid token.",
    signedOut: "You are signed out. Enter a token to continue.",
    searchLabel: "Search a person or organisation", searchPlaceholder: "Search a person, organisation, e-mail or title …",
    segment: "Segment", partyType: "Party type", employee: "Employee", all: "all", allSegments: "all segments",
    allEmployees: "all employees", reset: "Reset", networkView: "the network's view of accessibility",
    input: "input", consumer: "consumer", intermediary: "intermediary", unclassified: "not classified",
    matrix: "Segment matrix", matrixAria: "Segment matrix: click a stakeholder to open it",
    network: "Who of us reaches them", networkAria: "Network: drag to move, Ctrl and scroll or the buttons to zoom, click to open, double-click to add a hop",
    networkHint: "The most attractive invest and develop stakeholders, our employees, and the people on the best warm paths between them. Double-click a node to add the people one step from it.",
    exploreHint: "The network around what you explored: double-click a node to add one more step, or go back to who reaches the stakeholders that matter.",
    zoomIn: "Zoom in", zoomOut: "Zoom out", fit: "Fit", back: "Back",
    tables: "Stakeholders per segment", name: "Name", attractivenessShort: "Attr.", accessibilityShort: "Acc.",
    attractiveness: "Attractiveness", accessibility: "Accessibility", bestRoute: "Best route", ask: "Whom to ask",
    owner: "Owner", holdersShort: "Holders", advice: "Advice", prev: "Previous", next: "Next", close: "Close",
    rangeOf: "%d–%d of %d", noRows: "No stakeholders in this segment.", none: "none", direct: "direct",
    facts: "Facts", holders: "Who of us knows them", people: "People at this organisation", bestPaths: "Best warm paths",
    kind: "Kind", organisation: "organisation", person: "person", employeeKind: "our employee", scores: "Scores",
    policy: "Policy", contribution: "Expected contribution", notAssessed: "not assessed",
    know: "know", able: "be able", want: "want", do: "do", exchange: "means of exchange", benefits: "benefits",
    interests: "interests", interestsUnknown: "interests unknown — research them",
    minContacts: "at least %d contacts per %d months",
    askVia: "Ask %s for an introduction: the best warm path is %s, from %s.",
    askDirect: "%s knows them directly (%s).",
    askNone: "Nobody here reaches them over a warm path within the hop cap.",
    coldPaths: "%d more paths are too weak to be warm.",
    via: "via", strength: "strength", contacts: "contacts", lastContact: "last contact", ownerMark: "owner",
    noHolders: "Nobody here holds this stakeholder yet.", noPeople: "No people of this organisation are known.",
    knownBy: "known by %s", knownByNobody: "nobody of us knows them", morePeople: "… and %d more",
    noPaths: "No warm path within reach.", pathFinder: "Warm-path finder", from: "From", to: "To (person or organisation)",
    toPlaceholder: "type a name …", maxHops: "Max hops", find: "Find paths", pickTarget: "Choose a person or organisation from the list.",
    brokers: "Intermediaries for develop targets", broker: "Intermediary", share: "Share of paths",
    shareTitle: "the share of the strength-weighted best paths to the develop targets that run through them: the ranking",
    opens: "Opens", onlyWay: "Only way", noBrokers: "No intermediaries: every develop target is held directly, or none is within reach.",
    overview: "The network beside the matrix in one picture", loading: "Loading…", noMatches: "Nothing found",
    printedOn: "Printed on %s", printTable: "%s — the %d most attractive",
    roles: { viewer: "viewer", editor: "editor", admin: "admin" },
    // Our employees' roles as the search answers them (graph.EmployeeRoles, "_" as " ").
    jobs: { director: "director", "account manager": "account manager", staff: "staff", "board member": "board member" },
    rel: { knows: "knows", works_at: "works at", board_member_of: "board member of", member_of: "member of",
      contacts: "contacts", colleague: "colleague", advises: "advises", reports_to: "reports to" },
  },
  nl: {
    print: "Afdrukken", signout: "Afmelden", signin: "Aanmelden",
    loginTitle: "Meld u aan met uw token", tokenLabel: "API-token",
    tokenHint: "Vraag een beheerder om een token (relmap token create). Het blijft in deze browser tot u zich afmeldt.",
    refused: "De server weigerde het token (401): het is onbekend, verlopen of ingetrokken. Voer een geldig token in.",
    signedOut: "U bent afgemeld. Voer een token in om verder te gaan.",
    searchLabel: "Zoek een persoon of organisatie", searchPlaceholder: "Zoek een persoon, organisatie, e-mailadres of functie …",
    segment: "Segment", partyType: "Partijtype", employee: "Medewerker", all: "alle", allSegments: "alle segmenten",
    allEmployees: "alle medewerkers", reset: "Wissen", networkView: "bereikbaarheid volgens het netwerk",
    input: "input", consumer: "consumerend", intermediary: "intermediair", unclassified: "niet ingedeeld",
    matrix: "Segmentmatrix", matrixAria: "Segmentmatrix: klik op een stakeholder om hem te openen",
    network: "Wie van ons bereikt hen", networkAria: "Netwerk: slepen om te verschuiven, Ctrl en scrollen of de knoppen om te zoomen, klikken om te openen, dubbelklikken voor een stap meer",
    networkHint: "De aantrekkelijkste stakeholders van Investeer en Ontwikkel, onze medewerkers en de mensen op de beste warme paden daartussen. Dubbelklik op een knoop om de mensen één stap verder toe te voegen.",
    exploreHint: "Het netwerk rond wat u verkende: dubbelklik op een knoop voor nog een stap, of ga terug naar wie de belangrijke stakeholders bereikt.",
    zoomIn: "Inzoomen", zoomOut: "Uitzoomen", fit: "Passend", back: "Terug",
    tables: "Stakeholders per segment", name: "Naam", attractivenessShort: "Aantr.", accessibilityShort: "Toeg.",
    attractiveness: "Aantrekkelijkheid", accessibility: "Toegankelijkheid", bestRoute: "Beste route", ask: "Wie vragen",
    owner: "Eigenaar", holdersShort: "Houders", advice: "Advies", prev: "Vorige", next: "Volgende", close: "Sluiten",
    rangeOf: "%d–%d van %d", noRows: "Geen stakeholders in dit segment.", none: "geen", direct: "direct",
    facts: "Gegevens", holders: "Wie van ons kent hen", people: "Mensen bij deze organisatie", bestPaths: "Beste warme paden",
    kind: "Soort", organisation: "organisatie", person: "persoon", employeeKind: "onze medewerker", scores: "Scores",
    policy: "Beleid", contribution: "Verwachte bijdrage", notAssessed: "niet beoordeeld",
    know: "kennen", able: "kunnen", want: "willen", do: "doen", exchange: "ruilmiddelen", benefits: "voordelen",
    interests: "belangen", interestsUnknown: "belangen onbekend — uitzoeken",
    minContacts: "minstens %d contacten per %d maanden",
    askVia: "Vraag %s om een introductie: het beste warme pad is %s, vanaf %s.",
    askDirect: "%s kent hen direct (%s).",
    askNone: "Niemand van ons bereikt hen via een warm pad binnen het maximum aantal stappen.",
    coldPaths: "Nog %d paden zijn te zwak om warm te zijn.",
    via: "via", strength: "sterkte", contacts: "contacten", lastContact: "laatste contact", ownerMark: "eigenaar",
    noHolders: "Nog niemand van ons onderhoudt deze relatie.", noPeople: "Er zijn geen mensen van deze organisatie bekend.",
    knownBy: "bekend bij %s", knownByNobody: "niemand van ons kent hen", morePeople: "… en %d meer",
    noPaths: "Geen warm pad binnen bereik.", pathFinder: "Warme paden zoeken", from: "Van", to: "Naar (persoon of organisatie)",
    toPlaceholder: "typ een naam …", maxHops: "Max. stappen", find: "Zoek paden", pickTarget: "Kies een persoon of organisatie uit de lijst.",
    brokers: "Intermediairs voor ontwikkeldoelen", broker: "Intermediair", share: "Aandeel paden",
    shareTitle: "het aandeel van de naar sterkte gewogen beste paden naar de ontwikkeldoelen dat via hen loopt: de rangorde",
    opens: "Opent", onlyWay: "Enige weg", noBrokers: "Geen intermediairs: elk ontwikkeldoel wordt direct onderhouden, of geen enkel is bereikbaar.",
    overview: "Het netwerk naast de matrix in één afbeelding", loading: "Laden…", noMatches: "Niets gevonden",
    printedOn: "Afgedrukt op %s", printTable: "%s — de %d aantrekkelijkste",
    roles: { viewer: "lezer", editor: "bewerker", admin: "beheerder" },
    jobs: { director: "directeur", "account manager": "accountmanager", staff: "medewerker", "board member": "bestuurslid" },
    rel: { knows: "kent", works_at: "werkt bij", board_member_of: "bestuurslid van", member_of: "lid van",
      contacts: "contacten", colleague: "collega", advises: "adviseert", reports_to: "rapporteert aan" },
  },
};

const SEGMENTS = {
  en: { invest: "Invest", develop: "Develop", harvest: "Harvest", ignore: "Ignore", unassessed: "Unassessed" },
  nl: { invest: "Investeer", develop: "Ontwikkel", harvest: "Oogst", ignore: "Negeer", unassessed: "Niet beoordeeld" },
};
const SEGMENT_ORDER = ["develop", "invest", "harvest", "ignore", "unassessed"];

const state = {
  lang: localStorage.getItem(LANG_KEY) === "nl" ? "nl" : "en",
  who: null,           // the token's name and role
  employees: [],
  segments: [],        // the table's segments: names, counts, policies in both languages
  table: { segment: "develop", sort: "attractiveness", desc: true, offset: 0, data: null },
  sh: null,            // the open stakeholder and what its page shows
  pf: null,            // the path finder's target and answer
  net: { mode: "reach", include: [], expand: [] },
  brokers: null,
  generation: 0,       // bumped on sign-out and language change: late answers are dropped
};

const $ = (sel) => document.querySelector(sel);
const t = (key) => TEXT[state.lang][key] ?? TEXT.en[key] ?? key;
const fmt = (key, ...args) => { let i = 0; return t(key).replace(/%[ds]/g, () => String(args[i++])); };
const locale = () => (state.lang === "nl" ? "nl-NL" : "en-GB");
const num = (v, digits = 2) => (v === undefined || v === null || Number.isNaN(v)) ? "—" :
  new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(v);
const enc = encodeURIComponent;
const segName = (s) => SEGMENTS[state.lang][s] || s;
const inLang = (text) => (text ? (state.lang === "nl" ? text.nl : text.en) || text.en || "" : "");

// ApiError is a failed /api call: its HTTP status and the server's message
// (in the page's language: the request says which).
class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

function token() { return localStorage.getItem(TOKEN_KEY) || ""; }

// request fetches an /api path with the token and the page's language
// (init: a method and body beside, as fetch takes them). A 401 forgets the
// token and asks for it again; any other failure throws an ApiError with
// the server's message.
async function request(path, init = {}) {
  const res = await fetch(path, { ...init, headers: { Authorization: "Bearer " + token(), "Accept-Language": state.lang, ...(init.headers || {}) } });
  if (res.status === 401) {
    signOut("refused");
    throw new ApiError(401, t("refused"));
  }
  if (!res.ok) {
    let message = res.status + " " + res.statusText;
    try {
      const body = await res.json();
      if (body && body.error && body.error.message) message = errorText(body.error);
    } catch (_) { /* not JSON */ }
    throw new ApiError(res.status, message);
  }
  return res;
}

// errorText is an API error as a person reads it: the message with the
// field it is about, and each problem of a refused input with its item
// and field ("aim: give a segment …").
function errorText(e) {
  const where = (x) => [x.item, x.field].filter(Boolean).join(" ");
  let text = e.field ? e.field + ": " + e.message : e.message;
  if (e.problems && e.problems.length) text += ": " + e.problems.map((p) => (where(p) ? where(p) + ": " : "") + p.message).join("; ");
  return text;
}

async function api(path) { return (await request(path)).json(); }

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function note(text, cls) { return el("p", text, cls); }

// working shows, in box, that something is on its way, once it has taken
// longer than 300 ms; the returned function stops it.
function working(box) {
  const timer = setTimeout(() => { if (!box.querySelector(":scope > .working")) box.prepend(note(t("loading"), "working")); }, 300);
  return () => { clearTimeout(timer); const w = box.querySelector(":scope > .working"); if (w) w.remove(); };
}

function status(text) {
  const s = $("#status");
  s.hidden = !text;
  s.textContent = text || "";
}

// segDot is the segment's colour as in the pictures, with its name.
function segDot(segment, kind) {
  const d = el("span", null, "seg " + (kind === "employee" ? "employee" : segment || "unassessed"));
  d.title = kind === "employee" ? t("employeeKind") : segName(segment || "unassessed");
  d.setAttribute("aria-hidden", "true");
  return d;
}

// adviceBadge is one advice: a small badge with text, never a fill.
function adviceBadge(a) {
  const b = el("span", inLang(a.name), "advice " + a.code);
  b.title = inLang(a.reason);
  return b;
}

function personButton(node) {
  const b = el("button", node.name, "link");
  b.type = "button";
  b.addEventListener("click", (e) => { e.stopPropagation(); openStakeholder(node.id, node.kind); });
  return b;
}

// ---- Viewer: a picture made explorable ----
//
// Graphviz lays the pictures out on the server; the page makes them
// explorable with plain SVG and some pointer events (no library): the
// viewBox is the camera. Drag or one finger pans, the buttons, Ctrl/⌘ and
// the wheel, or two fingers zoom; "fit" shows it whole. Names smaller than
// MIN_LABEL_PX on screen are hidden (the hover card names a node instead);
// hovering a node lights its ties and neighbours; a click opens it, a
// double-click asks onExpand. The legend band is taken out of the picture
// into its own box, so that it stays readable whatever the zoom.
class Viewer {
  constructor(box, legendBox, opts = {}) {
    this.box = box;
    this.legendBox = legendBox;
    this.opts = opts;
    this.svg = null;
    this.pointers = new Map();
    this.clickTimer = 0;
    this.wire();
  }

  clear() {
    this.svg = null;
    this.box.replaceChildren();
    if (this.legendBox) this.legendBox.replaceChildren();
    hideHover();
  }

  message(text, cls) {
    this.clear();
    this.box.append(note(text, cls));
  }

  // show puts the SVG text into the box. The first view is the whole
  // picture when its names are readable so, else the readable zoom around
  // focus (a node id) or the picture's centre.
  show(text, focus) {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const root = doc.documentElement;
    if (root.nodeName !== "svg" || doc.querySelector("parsererror")) throw new Error("not an SVG picture");
    const svg = document.importNode(root, true);
    const vb = svg.viewBox.baseVal;
    this.full = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
    const legend = svg.querySelector("g#legend");
    const legendSVG = legend ? this.takeLegend(svg, legend) : null;
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    this.index(svg);
    if (this.opts.fit) {
      // A picture shown whole (the matrix) takes the height its shape
      // needs at the box's width, so that it is drawn as large as the
      // width allows.
      this.box.style.height = Math.round(Math.min(window.innerHeight * 0.92, this.box.clientWidth * this.full.h / this.full.w)) + "px";
    }
    this.box.replaceChildren(svg);
    if (this.legendBox) {
      this.legendBox.replaceChildren(...(legendSVG ? [legendSVG] : []));
      if (legendSVG) this.trimLegend(legendSVG);
    }
    this.svg = svg;
    this.initial(focus);
  }

  // takeLegend moves the legend band out of the picture into an SVG of its
  // own, drawn at 1.25 px per point (10-point text is 12.5 px).
  takeLegend(svg, legend) {
    const bg = legend.querySelector("rect");
    const y = +bg.getAttribute("y"), w = +bg.getAttribute("width"), h = +bg.getAttribute("height");
    legend.remove();
    this.full.h = y - this.full.y;
    const pw = +legend.getAttribute("data-picture-width");
    if (pw > 0) this.full.w = pw; // the band may be wider than the picture
    const out = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    out.setAttribute("viewBox", `${this.full.x} ${y} ${w} ${h}`);
    out.setAttribute("width", String(Math.round(w * 1.25)));
    out.setAttribute("height", String(Math.round(h * 1.25)));
    out.setAttribute("role", "img");
    out.append(legend);
    return out;
  }

  // trimLegend narrows the legend's SVG to what it draws: the band is as
  // wide as the picture, its rows often much shorter.
  trimLegend(out) {
    const g = out.querySelector("g#legend");
    const vb = out.viewBox.baseVal;
    let right = 0;
    for (const e of g.children) {
      if (e.tagName === "rect" && e === g.firstElementChild) continue; // the band's background
      const b = e.getBBox();
      right = Math.max(right, b.x + b.width);
    }
    if (right <= vb.x) return;
    const w = Math.min(vb.width, right - vb.x + 8);
    out.setAttribute("viewBox", `${vb.x} ${vb.y} ${w} ${vb.height}`);
    out.setAttribute("width", String(Math.round(w * 1.25)));
  }

  // index notes each node's id, kind and whether it opens, the ties of
  // each node (from the edges' titles, "a--b" or "a->b"), and the size of
  // the names.
  index(svg) {
    this.nodes = new Map();
    this.ties = new Map();
    const sizes = [];
    for (const g of svg.querySelectorAll("g.node")) {
      const title = g.querySelector(":scope > title");
      const dotID = title ? title.textContent : "";
      const m = /^(?:stakeholder|network|reach-node|overview|path-node)-(.+)$/.exec(g.id);
      const kind = (/\bkind-(\w+)/.exec(g.getAttribute("class")) || [])[1] || "";
      if (m) {
        g.dataset.id = m[1];
        g.dataset.kind = kind;
        g.dataset.open = "1";
      }
      this.nodes.set(dotID, g);
      // The names that hide when small: a stakeholder's, or a name label.
      const text = g.querySelector("text");
      if (text && (m || g.classList.contains("stakeholder-name"))) sizes.push(+text.getAttribute("font-size") || 10);
    }
    for (const g of svg.querySelectorAll("g.edge")) {
      const title = g.querySelector(":scope > title");
      if (!title) continue;
      const m = /^(.*?)(--|->)(.*)$/.exec(title.textContent);
      if (!m) continue;
      for (const [a, b] of [[m[1], m[3]], [m[3], m[1]]]) {
        if (!this.ties.has(a)) this.ties.set(a, []);
        this.ties.get(a).push({ edge: g, other: b });
      }
    }
    sizes.sort((a, b) => a - b);
    this.fontSize = sizes.length ? sizes[Math.floor(sizes.length / 2)] : 10;
  }

  // nodeIDs are the ids of the stakeholders and employees drawn.
  nodeIDs() {
    return [...this.nodes.values()].map((g) => g.dataset.id).filter(Boolean);
  }

  scale() {
    const vb = this.svg.viewBox.baseVal;
    return Math.min(this.box.clientWidth / vb.width, this.box.clientHeight / vb.height);
  }

  setView(x, y, w, h) {
    this.svg.setAttribute("viewBox", `${x} ${y} ${w} ${h}`);
    this.box.classList.toggle("small-labels", this.scale() * this.fontSize < MIN_LABEL_PX);
  }

  fit() {
    if (!this.svg) return;
    const f = this.full;
    this.setView(f.x, f.y, f.w, f.h);
  }

  // readable zooms to where names are MIN_LABEL_PX on screen, centred on
  // (cx, cy) in picture units.
  readable(cx, cy) {
    const want = (MIN_LABEL_PX + 0.5) / this.fontSize; // px per unit, with a margin for rounding
    const w = this.box.clientWidth / want, h = this.box.clientHeight / want;
    this.setView(cx - w / 2, cy - h / 2, w, h);
  }

  initial(focus) {
    this.fit();
    if (this.opts.fit || this.box.clientWidth === 0 || this.scale() * this.fontSize >= MIN_LABEL_PX) return;
    let cx = this.full.x + this.full.w / 2, cy = this.full.y + this.full.h / 2;
    const g = focus && [...this.nodes.values()].find((n) => n.dataset.id === focus);
    if (g) {
      const b = g.getBBox();
      cx = b.x + b.width / 2;
      cy = b.y + b.height / 2;
    }
    this.readable(cx, cy);
  }

  // zoom multiplies the scale by f around the box point (px, py).
  zoom(f, px, py) {
    if (!this.svg) return;
    const vb = this.svg.viewBox.baseVal;
    const s = this.scale();
    px = px ?? this.box.clientWidth / 2;
    py = py ?? this.box.clientHeight / 2;
    // the picture point under (px, py), with "meet" centring
    const ox = (this.box.clientWidth - vb.width * s) / 2, oy = (this.box.clientHeight - vb.height * s) / 2;
    const ux = vb.x + (px - ox) / s, uy = vb.y + (py - oy) / s;
    const w = vb.width / f, h = vb.height / f;
    this.setView(ux - (ux - vb.x) / f, uy - (uy - vb.y) / f, w, h);
  }

  pan(dx, dy) {
    const vb = this.svg.viewBox.baseVal;
    const s = this.scale();
    this.setView(vb.x - dx / s, vb.y - dy / s, vb.width, vb.height);
  }

  nodeOf(target) {
    const g = target && target.closest && target.closest("g.node");
    return g && this.box.contains(g) ? g : null;
  }

  wire() {
    const box = this.box;
    box.addEventListener("wheel", (e) => {
      if (!this.svg || !(e.ctrlKey || e.metaKey)) return; // plain scrolling scrolls the page
      e.preventDefault();
      const r = box.getBoundingClientRect();
      this.zoom(e.deltaY < 0 ? 1.2 : 1 / 1.2, e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    box.addEventListener("pointerdown", (e) => {
      if (!this.svg) return;
      this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      this.moved = 0;
    });
    box.addEventListener("pointermove", (e) => {
      const p = this.pointers.get(e.pointerId);
      if (!p) { this.hover(e); return; }
      if (this.pointers.size === 2) { // pinch
        const [a, b] = [...this.pointers.values()];
        const before = Math.hypot(a.x - b.x, a.y - b.y);
        p.x = e.clientX; p.y = e.clientY;
        const after = Math.hypot(a.x - b.x, a.y - b.y);
        const r = box.getBoundingClientRect();
        if (before > 0) this.zoom(after / before, (a.x + b.x) / 2 - r.left, (a.y + b.y) / 2 - r.top);
        this.moved += 10;
        return;
      }
      const dx = e.clientX - p.x, dy = e.clientY - p.y;
      this.moved += Math.abs(dx) + Math.abs(dy);
      p.x = e.clientX; p.y = e.clientY;
      if (this.moved > 4) {
        // Only a drag captures the pointer: a click keeps its target, the
        // node clicked.
        if (!box.hasPointerCapture(e.pointerId)) box.setPointerCapture(e.pointerId);
        box.classList.add("dragging");
        this.pan(dx, dy);
      }
    });
    const up = (e) => {
      this.pointers.delete(e.pointerId);
      box.classList.remove("dragging");
    };
    box.addEventListener("pointerup", up);
    box.addEventListener("pointercancel", up);
    box.addEventListener("pointerleave", () => { if (!this.pointers.size) this.unhover(); });
    box.addEventListener("click", (e) => {
      if (this.moved > 4) return;
      const g = this.nodeOf(e.target);
      if (!g || !g.dataset.open || !this.opts.onOpen) return;
      clearTimeout(this.clickTimer);
      // wait for a second click: a double-click expands instead
      this.clickTimer = setTimeout(() => this.opts.onOpen(g.dataset.id, g.dataset.kind), this.opts.onExpand ? 260 : 0);
    });
    box.addEventListener("dblclick", (e) => {
      const g = this.nodeOf(e.target);
      if (!g || !this.opts.onExpand) return;
      clearTimeout(this.clickTimer);
      e.preventDefault();
      this.opts.onExpand(g.dataset.id || g.querySelector("title").textContent);
    });
    box.addEventListener("keydown", (e) => {
      if (!this.svg) return;
      const step = 40;
      const keys = { "+": () => this.zoom(1.25), "=": () => this.zoom(1.25), "-": () => this.zoom(0.8), "0": () => this.fit(),
        ArrowLeft: () => this.pan(step, 0), ArrowRight: () => this.pan(-step, 0), ArrowUp: () => this.pan(0, step), ArrowDown: () => this.pan(0, -step) };
      if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
    });
  }

  // hover lights the node under the pointer, its ties and its neighbours,
  // and names it in the hover card.
  hover(e) {
    const g = this.nodeOf(e.target);
    if (g === this.lit) { if (g) placeHover(e); return; }
    this.unhover();
    if (!g || !this.svg) return;
    this.lit = g;
    this.box.classList.add("hovering");
    g.classList.add("hl");
    const id = g.querySelector(":scope > title")?.textContent;
    for (const { edge, other } of this.ties.get(id) || []) {
      edge.classList.add("hl");
      const n = this.nodes.get(other);
      if (n) n.classList.add("hl");
    }
    const a = g.querySelector("a");
    const tip = (a && (a.getAttribute("xlink:title") || a.getAttributeNS("http://www.w3.org/1999/xlink", "title"))) || g.querySelector("text")?.textContent || "";
    if (tip.trim()) showHover(tip, e);
  }

  unhover() {
    if (!this.lit) return;
    this.lit = null;
    this.box.classList.remove("hovering");
    for (const n of this.box.querySelectorAll(".hl")) n.classList.remove("hl");
    hideHover();
  }
}

function showHover(tip, e) {
  const card = $("#hovercard");
  const [name, ...rest] = tip.split(" · ");
  card.replaceChildren(el("b", name), ...(rest.length ? [document.createTextNode(rest.join(" · "))] : []));
  card.hidden = false;
  placeHover(e);
}

function placeHover(e) {
  const card = $("#hovercard");
  if (card.hidden) return;
  const x = Math.min(e.clientX + 14, window.innerWidth - card.offsetWidth - 8);
  const y = Math.min(e.clientY + 14, window.innerHeight - card.offsetHeight - 8);
  card.style.left = Math.max(4, x) + "px";
  card.style.top = Math.max(4, y) + "px";
}

function hideHover() {
  const card = $("#hovercard");
  card.hidden = true;
  card.replaceChildren();
}

const viewers = {};

// picture fetches an SVG picture into a viewer; a refused one (400, 422,
// 503 busy, 504) shows the server's message, in the page's language.
async function picture(viewer, path, focus) {
  const gen = state.generation;
  const done = working(viewer.box);
  try {
    const text = await (await request(path)).text();
    if (gen !== state.generation) return;
    viewer.show(text, focus);
    markSelected();
  } catch (e) {
    if (gen !== state.generation || e.status === 401) return;
    viewer.message(e.message, "notice");
  } finally {
    done();
  }
}

// tools puts the zoom buttons beside a viewer's title.
function tools(name, viewer, extra = []) {
  const span = document.querySelector(`.tools[data-for="${name}"]`);
  const button = (key, label, fn, id) => {
    const b = el("button", label);
    b.type = "button";
    b.dataset.i18nTitle = key;
    b.dataset.i18nAria = key;
    if (id) b.id = id;
    b.addEventListener("click", fn);
    return b;
  };
  span.replaceChildren(
    button("zoomIn", "+", () => viewer.zoom(1.25), name + "-zoom-in"),
    button("zoomOut", "−", () => viewer.zoom(0.8), name + "-zoom-out"),
    button("fit", "⤢", () => viewer.fit(), name + "-fit"),
    ...extra.map(([key, fn, id]) => { const b = button(key, t(key), fn, id); b.dataset.i18n = key; return b; }));
}

// ---- language ----

function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll("[data-i18n-placeholder]")) e.placeholder = t(e.dataset.i18nPlaceholder);
  for (const e of document.querySelectorAll("[data-i18n-title]")) e.title = t(e.dataset.i18nTitle);
  for (const e of document.querySelectorAll("[data-i18n-aria]")) e.setAttribute("aria-label", t(e.dataset.i18nAria));
  for (const e of document.querySelectorAll("[data-seg]")) e.textContent = segName(e.dataset.seg);
  for (const b of document.querySelectorAll("button[data-lang]")) b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang));
  $("#printed").textContent = fmt("printedOn", new Date().toLocaleDateString(locale(), { dateStyle: "long" })) +
    (state.who ? " · " + state.who.name : "");
  $("#network-hint").textContent = t(state.net.mode === "reach" ? "networkHint" : "exploreHint");
  renderWho();
}

// setLanguage switches every text. The tables, lists and the stakeholder
// page hold both languages and are only drawn again; the pictures, whose
// words are part of their layout, are fetched again.
function setLanguage(lang) {
  state.lang = lang;
  localStorage.setItem(LANG_KEY, lang);
  state.generation++;
  applyLanguage();
  if (!token() || $("#app").hidden) return;
  renderTabs();
  renderTable();
  renderBrokers();
  if (state.sh && state.sh.row !== undefined) renderStakeholder();
  if (state.pf && state.pf.res) renderPaths();
  drawPictures();
}

// ---- sign in and out ----

function signOut(reason) {
  localStorage.removeItem(TOKEN_KEY);
  state.generation++;
  forgetData();
  $("#app").hidden = true;
  $("#signout").hidden = true;
  $("#search").hidden = true;
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
  state.who = null;
  state.employees = [];
  state.segments = [];
  state.table = { segment: "develop", sort: "attractiveness", desc: true, offset: 0, data: null };
  state.sh = null;
  state.pf = null;
  state.net = { mode: "reach", include: [], expand: [] };
  state.brokers = null;
  brokersObserver.disconnect();
  for (const v of Object.values(viewers)) v.clear();
  for (const sel of ["#table tbody", "#tabs", "#range", "#brokers tbody", "#sh-title", "#sh-badges", "#sh-ask", "#sh-facts",
    "#sh-advice", "#sh-holders", "#sh-people", "#sh-paths", "#pf-result", "#q-list", "#pf-list", "#who", "#table-print-title"]) $(sel).replaceChildren();
  for (const sel of [$("#f-employee"), $("#pf-from")]) sel.replaceChildren(sel.options[0]);
  for (const input of document.querySelectorAll("#filters input, #filters select, #pf-form input, #q")) {
    if (input.type === "checkbox") input.checked = false;
    else input.value = input.defaultValue || "";
    delete input.dataset.id;
  }
  $("#q-list").hidden = true;
  $("#pf-list").hidden = true;
  $("#stakeholder").hidden = true;
  $("#who").hidden = true;
  $("#overview-box").open = false;
  hideHover();
  window.forgetPlans?.(); // plans.js
  status("");
  applyLanguage();
}

async function signIn(secret) {
  localStorage.setItem(TOKEN_KEY, secret.trim());
  $("#login").hidden = true;
  $("#app").hidden = false;
  $("#signout").hidden = false;
  $("#search").hidden = false;
  const gen = state.generation;
  // The first screen: who, the matrix, the network, the develop list.
  drawPictures();
  const who = api("/api/v1/whoami").then((w) => { if (gen === state.generation) { state.who = w; applyLanguage(); } });
  const emps = api("/api/v1/employees?limit=1000").then((r) => { if (gen === state.generation) fillEmployees(r.items); });
  await Promise.all([who, emps, loadTable()].map((p) => p.catch((e) => { if (e.status !== 401 && gen === state.generation) status(e.message); })));
  // Below the first screen: the brokers, when their card comes into view.
  if (gen === state.generation) {
    brokersObserver.observe($("#brokers-section"));
    window.signedInPlans?.(); // plans.js: my actions, the plans when in view
  }
}

// brokersObserver loads the brokers when their card comes into view, once
// per sign-in: at 20,000 persons they take a second to rank.
const brokersObserver = new IntersectionObserver((entries) => {
  if (!entries.some((e) => e.isIntersecting) || $("#app").hidden || !token()) return;
  brokersObserver.disconnect();
  loadBrokers();
});

function renderWho() {
  const w = $("#who");
  if (!state.who) { w.hidden = true; w.textContent = ""; return; }
  w.hidden = false;
  w.textContent = state.who.name + " · " + (t("roles")[state.who.role] || state.who.role);
}

function fillEmployees(items) {
  state.employees = items;
  for (const sel of [$("#f-employee"), $("#pf-from")]) {
    const keep = sel.value;
    sel.replaceChildren(sel.options[0], ...items.map((e) => {
      const o = el("option", e.name);
      o.value = e.id;
      return o;
    }));
    sel.value = keep;
  }
}

// ---- the pictures ----

function filters() {
  return { segment: $("#f-segment").value, party: $("#f-party").value, employee: $("#f-employee").value };
}

function drawPictures() {
  drawMatrix();
  drawNetwork();
  if (state.sh && state.sh.id) picture(viewers.sh, `/api/v1/render/paths?to=${enc(state.sh.id)}&k=3&lang=${state.lang}`);
  if (state.pf && state.pf.res && !(state.pf.res instanceof Error)) picture(viewers.pf, "/api/v1/render/paths?" + pathQuery(true));
  if ($("#overview-box").open) drawOverview();
}

function drawMatrix() {
  const f = filters();
  const q = new URLSearchParams({ lang: state.lang });
  // The four quadrants (the unassessed have their own tab), or the one
  // the filter names.
  q.set("segment", f.segment || "invest,develop,harvest,ignore");
  if (f.party) q.set("party_type", f.party);
  if ($("#m-network").checked) q.set("network", "1");
  picture(viewers.matrix, "/api/v1/render/matrix?" + q);
}

// drawNetwork draws the reach picture — the stakeholders that matter and
// who of us reaches them — or, once the user double-clicked, the network
// around what they explored.
function drawNetwork() {
  const f = filters();
  const q = new URLSearchParams({ lang: state.lang });
  if (f.party) q.set("party_type", f.party);
  const box = viewers.network.box;
  $("#network-back").hidden = state.net.mode === "reach";
  $("#network-hint").textContent = t(state.net.mode === "reach" ? "networkHint" : "exploreHint");
  if (state.net.mode === "reach") {
    if (f.segment) q.set("segment", f.segment);
    if (f.employee) q.set("from", f.employee);
    // as many of each segment as the card shows readably (its height is
    // min(68vh, 640 px), or 62vh on a phone; an empty box has none yet)
    const height = Math.min(window.innerHeight * (window.innerWidth < 900 ? 0.62 : 0.68), 640);
    const perSegment = Math.max(3, Math.min(10, Math.round(height / (f.segment ? 55 : 110))));
    q.set("top", String(perSegment));
    picture(viewers.network, "/api/v1/render/reach?" + q);
    return;
  }
  if (f.segment) q.set("segment", f.segment);
  for (const id of state.net.include) q.append("include", id);
  for (const id of state.net.expand) q.append("expand", id);
  q.set("aspect", String(Math.round(100 * box.clientHeight / Math.max(1, box.clientWidth)) / 100));
  picture(viewers.network, "/api/v1/render/network?" + q, state.net.expand[state.net.expand.length - 1]);
}

// expand adds the people one tie from a node to the network shown.
function expand(id) {
  if (state.net.mode === "reach") {
    state.net = { mode: "explore", include: viewers.network.nodeIDs(), expand: [] };
  }
  if (!state.net.expand.includes(id)) state.net.expand.push(id);
  drawNetwork();
}

function backToReach() {
  state.net = { mode: "reach", include: [], expand: [] };
  drawNetwork();
}

function drawOverview() {
  const q = new URLSearchParams({ lang: state.lang });
  if (["invest", "develop", "harvest", "ignore"].includes($("#f-segment").value)) q.set("segment", $("#f-segment").value);
  picture(viewers.overview, "/api/v1/render/overview?" + q);
}

// markSelected outlines the open stakeholder in every picture.
function markSelected() {
  for (const g of document.querySelectorAll(".viewer g.node.selected")) g.classList.remove("selected");
  if (!state.sh) return;
  for (const g of document.querySelectorAll(".viewer g.node[data-id]")) {
    if (g.dataset.id === state.sh.id) g.classList.add("selected");
  }
}

// openNode opens what a click in a picture names: a stakeholder's page, or
// for one of our employees the network of what she reaches.
function openNode(id, kind) {
  if (kind === "employee") {
    $("#f-employee").value = id;
    state.net = { mode: "reach", include: [], expand: [] };
    drawNetwork();
    return;
  }
  openStakeholder(id, kind);
}

// ---- the quadrant tables ----

async function loadTable() {
  const gen = state.generation;
  const tb = state.table;
  const q = new URLSearchParams({ segment: tb.segment, sort: tb.sort, desc: tb.desc ? "1" : "0", offset: String(tb.offset), limit: String(TABLE_LIMIT) });
  if ($("#f-party").value) q.set("party_type", $("#f-party").value);
  const done = working($("#tables"));
  try {
    const res = await api("/api/v1/stakeholders?" + q);
    if (gen !== state.generation) return;
    tb.data = res;
    state.segments = res.segments;
    renderTabs();
    renderTable();
  } finally {
    done();
  }
}

function renderTabs() {
  const tabs = $("#tabs");
  tabs.replaceChildren(...SEGMENT_ORDER.map((s) => {
    const info = state.segments.find((x) => x.segment === s);
    const b = el("button", null);
    b.type = "button";
    b.setAttribute("role", "tab");
    b.id = "tab-" + s;
    b.setAttribute("aria-selected", String(state.table.segment === s));
    b.append(segDot(s), document.createTextNode(" " + segName(s)));
    if (info) b.append(el("span", num(info.count, 0), "count"));
    b.addEventListener("click", () => {
      state.table.segment = s;
      state.table.offset = 0;
      loadTable().catch((e) => status(e.message));
    });
    return b;
  }));
  $("#table-print-title").textContent = fmt("printTable", segName(state.table.segment), 12);
}

function renderTable() {
  const tb = state.table;
  for (const th of document.querySelectorAll("#table th[data-sort]")) {
    if (th.dataset.sort === tb.sort) th.setAttribute("aria-sort", tb.desc ? "descending" : "ascending");
    else th.removeAttribute("aria-sort");
  }
  const body = $("#table tbody");
  const res = tb.data;
  if (!res) { body.replaceChildren(); return; }
  if (res.rows.length === 0) {
    const tr = el("tr");
    const td = el("td", t("noRows"));
    td.colSpan = 8;
    tr.append(td);
    body.replaceChildren(tr);
  } else {
    body.replaceChildren(...res.rows.map(tableRow));
  }
  const from = res.total === 0 ? 0 : res.offset + 1;
  $("#range").textContent = fmt("rangeOf", num(from, 0), num(res.offset + res.rows.length, 0), num(res.total, 0));
  $("#prev").disabled = res.offset === 0;
  $("#next").disabled = res.offset + res.rows.length >= res.total;
}

function tableRow(r) {
  const tr = el("tr", null, "open");
  tr.tabIndex = 0;
  tr.dataset.id = r.stakeholder.id;
  const name = el("td");
  const span = el("span", null, "name-cell");
  span.append(segDot(r.segment), el("span", r.stakeholder.name));
  name.append(span);
  const ask = el("td");
  if (r.reach && r.reach.ask) ask.append(personButton(r.reach.ask));
  const advice = el("td");
  for (const a of r.advice) advice.append(adviceBadge(a));
  const owner = el("td", r.owner ? r.owner.name : "", "opt");
  tr.append(name, el("td", num(r.attractiveness), "num"), el("td", num(r.accessibility), "num opt"),
    el("td", r.reach ? (r.reach.hops ? num(r.reach.strength) : t("none")) : "—", "num"), ask, owner,
    el("td", num(r.holders, 0), "num opt"), advice);
  const open = () => openStakeholder(r.stakeholder.id, r.stakeholder.kind);
  tr.addEventListener("click", open);
  tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
  return tr;
}

function sortBy(column) {
  const tb = state.table;
  if (tb.sort === column) tb.desc = !tb.desc;
  else { tb.sort = column; tb.desc = !["name", "owner", "advice"].includes(column); }
  tb.offset = 0;
  loadTable().catch((e) => status(e.message));
}

// ---- the stakeholder page ----

async function openStakeholder(id, kind) {
  status("");
  const gen = state.generation;
  state.sh = { id, kind };
  markSelected();
  const sec = $("#stakeholder");
  sec.hidden = false;
  $("#sh-title").textContent = t("loading");
  for (const s of ["#sh-badges", "#sh-ask", "#sh-facts", "#sh-advice", "#sh-holders", "#sh-people", "#sh-paths"]) $(s).replaceChildren();
  $("#sh-people-box").hidden = kind !== "organisation";
  const kindPath = kind === "organisation" ? "organisations" : "persons";
  const [tab, entity, holders, paths, people] = await Promise.all([
    api(`/api/v1/stakeholders?id=${enc(id)}`),
    api(`/api/v1/${kindPath}/${enc(id)}`),
    api(`/api/v1/holders/${enc(id)}`),
    api(`/api/v1/paths?to=${enc(id)}&k=3`),
    kind === "organisation" ? api(`/api/v1/organisations/${enc(id)}/people?limit=20`) : Promise.resolve(null),
  ].map((p) => p.catch((e) => e)));
  if (gen !== state.generation || !state.sh || state.sh.id !== id) return;
  if (entity instanceof Error) {
    $("#sh-title").textContent = id;
    status(entity.message);
    return;
  }
  state.sh = { id, kind, row: tab instanceof Error ? null : tab.rows[0] || null, entity, holders, paths, people, segments: tab.segments };
  renderStakeholder();
  picture(viewers.sh, `/api/v1/render/paths?to=${enc(id)}&k=3&lang=${state.lang}`);
  sec.scrollIntoView({ block: "start" });
}

function renderStakeholder() {
  const sh = state.sh;
  const { row, entity } = sh;
  $("#sh-title").textContent = entity.name;
  const badges = $("#sh-badges");
  const seg = row ? row.segment : "unassessed";
  const segBadge = el("span");
  segBadge.append(segDot(seg), document.createTextNode(segName(seg)));
  badges.replaceChildren(segBadge, el("span", t(sh.kind === "organisation" ? "organisation" : "person")),
    el("span", entity.party_type ? t(entity.party_type) : t("unclassified")));

  // Whom to ask: the best warm path's introducer, as the tables say.
  const ask = $("#sh-ask");
  const best = sh.paths && !(sh.paths instanceof Error) && sh.paths.paths[0];
  let text = t("askNone");
  if (best && best.nodes.length >= 3) {
    text = fmt("askVia", best.nodes[1].name, num(best.strength), best.nodes[0].name);
  } else if (best) {
    text = fmt("askDirect", best.nodes[0].name, num(best.strength));
  }
  ask.textContent = text;

  const dl = $("#sh-facts");
  dl.replaceChildren();
  const add = (k, v) => { if (v === undefined || v === null || v === "") return; dl.append(el("dt", k), el("dd", v)); };
  if (row && row.attractiveness !== undefined) add(t("attractiveness"), num(row.attractiveness));
  if (row && row.accessibility !== undefined) add(t("accessibility"), num(row.accessibility));
  if (!row || row.attractiveness === undefined || row.accessibility === undefined) add(t("scores"), t("notAssessed"));
  const info = (sh.segments || state.segments).find((s) => s.segment === seg);
  if (info && info.policy) add(t("policy"), inLang(info.policy) + " · " + fmt("minContacts", info.min_contacts, info.period_months));
  const owner = row && row.owner ? row.owner.name : (entity.owner_id || t("none"));
  add(t("owner"), owner);
  const c = entity.contribution || {};
  const parts = [["know", c.know], ["able", c.able], ["want", c.want], ["do", c.do], ["exchange", c.exchange_means], ["benefits", c.benefits], ["interests", c.interests]]
    .filter(([, v]) => v).map(([k, v]) => t(k) + ": " + v);
  if (c.interests_unknown) parts.push(t("interestsUnknown"));
  add(t("contribution"), parts.join(" · "));

  const ul = $("#sh-advice");
  ul.replaceChildren(...(row && row.advice.length ? row.advice.map((a) => {
    const li = el("li");
    li.append(adviceBadge(a), document.createTextNode(" " + inLang(a.reason)));
    return li;
  }) : [el("li", "—")]));

  holderList(sh.holders);
  if (sh.kind === "organisation") peopleList(sh.people);
  renderPathList($("#sh-paths"), sh.paths);
  window.stakeholderPlans?.(sh); // plans.js
}

function holderList(h) {
  const ul = $("#sh-holders");
  ul.replaceChildren();
  if (h instanceof Error) { ul.append(el("li", h.message, "notice")); return; }
  const all = [...h.direct, ...h.indirect];
  if (all.length === 0) { ul.append(el("li", t("noHolders"))); return; }
  for (const x of all) {
    const li = el("li", null, "holder");
    let text = x.employee.name + " — ";
    text += x.direct ? t("direct") : t("via") + " " + (x.via ? x.via.name : "?");
    text += ", " + t("strength") + " " + num(x.strength);
    if (x.contacts) text += ", " + num(x.contacts, 0) + " " + t("contacts");
    if (x.last_contact) text += ", " + t("lastContact") + " " + new Date(x.last_contact).toLocaleDateString(locale());
    if (x.owner) text += " (" + t("ownerMark") + ")";
    li.textContent = text;
    ul.append(li);
  }
}

function peopleList(p) {
  const ul = $("#sh-people");
  ul.replaceChildren();
  if (!p) return;
  if (p instanceof Error) { ul.append(el("li", p.message, "notice")); return; }
  if (p.people.length === 0) { ul.append(el("li", t("noPeople"))); return; }
  for (const x of p.people) {
    const li = el("li", null, "person-at");
    li.append(personButton(x.person));
    const bits = [t("rel")[x.type] || x.type];
    if (x.title) bits.unshift(x.title);
    li.append(document.createTextNode(" — " + bits.join(", ") + " — "));
    const known = x.known_by.map((k) => k.employee.name + " (" + num(k.strength) + ")");
    li.append(el("span", known.length ? fmt("knownBy", known.join(", ")) : t("knownByNobody"), known.length ? "" : "muted"));
    ul.append(li);
  }
  if (p.total > p.people.length) ul.append(el("li", fmt("morePeople", p.total - p.people.length), "muted"));
}

function renderPathList(ol, res) {
  ol.replaceChildren();
  if (!res) return;
  if (res instanceof Error) { ol.append(el("li", res.message, "notice")); return; }
  if (!res.paths || res.paths.length === 0) ol.append(el("li", t("noPaths")));
  for (const p of res.paths || []) {
    const li = el("li", inLang(p.explanation) + " — " + t("strength") + " " + num(p.strength), "path");
    askForIntroduction(li, p); // regie.js
    ol.append(li);
  }
  if (res.cold) ol.append(el("li", fmt("coldPaths", res.cold), "muted cold"));
}

// ---- type-ahead: search by name in every field that takes a stakeholder ----

function typeahead(input, list, { kinds = "", onPick }) {
  let hits = [], active = -1, timer = 0, asked = 0;
  const close = () => { list.hidden = true; list.replaceChildren(); input.setAttribute("aria-expanded", "false"); active = -1; };
  const pick = (h) => {
    input.value = h.name;
    input.dataset.id = h.id;
    input.dataset.kind = h.kind;
    close();
    onPick(h);
  };
  const mark = () => {
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === active)));
    if (active >= 0) input.setAttribute("aria-activedescendant", list.children[active].id);
  };
  const run = async () => {
    const q = input.value.trim();
    if (!/[\p{L}\p{N}]/u.test(q)) { close(); return; }
    const n = ++asked;
    const res = await api(`/api/v1/search?q=${enc(q)}&limit=8${kinds}`).catch((e) => e);
    if (n !== asked || document.activeElement !== input) return;
    if (res instanceof Error) { if (res.status !== 401) { list.replaceChildren(el("li", res.message, "none")); list.hidden = false; } return; }
    hits = res.hits;
    active = hits.length ? 0 : -1;
    list.replaceChildren(...(hits.length ? hits.map((h, i) => {
      const li = el("li");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.append(segDot(h.segment, h.kind), el("span", h.name));
      const title = h.kind === "employee" ? t("jobs")[h.title] || h.title : h.title;
      const what = [title, h.detail].filter(Boolean).join(" · ") || t(h.kind === "employee" ? "employeeKind" : h.kind);
      li.append(el("span", what, "what"));
      li.addEventListener("mousedown", (e) => { e.preventDefault(); pick(h); });
      return li;
    }) : [el("li", t("noMatches"), "none")]));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    mark();
  };
  input.addEventListener("input", () => {
    delete input.dataset.id;
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  input.addEventListener("keydown", (e) => {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { active = Math.min(hits.length - 1, active + 1); mark(); e.preventDefault(); }
    else if (e.key === "ArrowUp") { active = Math.max(0, active - 1); mark(); e.preventDefault(); }
    else if (e.key === "Enter" && active >= 0 && hits[active]) { e.preventDefault(); pick(hits[active]); }
    else if (e.key === "Escape") close();
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

// ---- the path finder ----

function pathQuery(picture) {
  const q = new URLSearchParams({ to: state.pf.id, k: $("#pf-k").value, max_hops: $("#pf-hops").value });
  if ($("#pf-from").value) q.set("from", $("#pf-from").value);
  if (picture) q.set("lang", state.lang);
  return q;
}

async function findPaths() {
  const input = $("#pf-to");
  const id = input.dataset.id || "";
  if (!id) { status(t("pickTarget")); input.focus(); return; }
  status("");
  state.pf = { id };
  const ol = $("#pf-result");
  ol.replaceChildren(el("li", t("loading"), "working"));
  const gen = state.generation;
  const res = await api("/api/v1/paths?" + pathQuery(false)).catch((e) => e);
  if (gen !== state.generation) return;
  state.pf.res = res;
  renderPaths();
  if (res instanceof Error) { viewers.pf.clear(); return; }
  picture(viewers.pf, "/api/v1/render/paths?" + pathQuery(true));
}

function renderPaths() {
  renderPathList($("#pf-result"), state.pf.res);
}

// ---- brokers ----

async function loadBrokers() {
  const gen = state.generation;
  const res = await api("/api/v1/brokers?limit=15").catch((e) => e);
  if (gen !== state.generation) return;
  state.brokers = res;
  renderBrokers();
}

function renderBrokers() {
  const body = $("#brokers tbody");
  const res = state.brokers;
  body.replaceChildren();
  if (!res) return;
  const one = (text, cls) => { const tr = el("tr"); const td = el("td", text, cls); td.colSpan = 5; tr.append(td); return tr; };
  if (res instanceof Error) { body.append(one(res.message, "notice")); return; }
  if (res.brokers.length === 0) { body.append(one(res.reason ? inLang(res.reason) : t("noBrokers"))); return; }
  for (const b of res.brokers) {
    const tr = el("tr", null, "broker open");
    tr.tabIndex = 0;
    const name = el("td");
    name.append(personButton(b.node));
    tr.append(name, el("td", num(b.share * 100, 0) + " %", "num"), el("td", num(b.opens, 0), "num"), el("td", num(b.only_way, 0), "num"),
      el("td", inLang(b.advice), "opt"));
    const open = () => openStakeholder(b.node.id, b.node.kind);
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    body.append(tr);
  }
}

// ---- print ----

// For print every picture shows whole, with its names.
function beforePrint() {
  applyLanguage();
  for (const v of Object.values(viewers)) if (v.svg) { v.saved = v.svg.getAttribute("viewBox"); v.fit(); }
}

function afterPrint() {
  for (const v of Object.values(viewers)) if (v.svg && v.saved) { v.svg.setAttribute("viewBox", v.saved); v.saved = null; }
}

// ---- wiring ----

function init() {
  viewers.matrix = new Viewer($("#matrix"), $("#matrix-legend"), { onOpen: openNode, fit: true });
  viewers.network = new Viewer($("#network"), $("#network-legend"), { onOpen: openNode, onExpand: expand });
  viewers.sh = new Viewer($("#sh-picture"), $("#sh-picture-legend"), { onOpen: openNode });
  viewers.pf = new Viewer($("#pf-picture"), $("#pf-picture-legend"), { onOpen: openNode });
  viewers.overview = new Viewer($("#overview"), $("#overview-legend"), { onOpen: openNode });
  tools("matrix", viewers.matrix);
  tools("network", viewers.network, [["back", backToReach, "network-back"]]);
  applyLanguage();
  for (const b of document.querySelectorAll("button[data-lang]")) b.addEventListener("click", () => setLanguage(b.dataset.lang));
  $("#print").addEventListener("click", () => window.print());
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  $("#signout").addEventListener("click", () => signOut("signedOut"));
  $("#login-form").addEventListener("submit", (e) => { e.preventDefault(); signIn($("#token").value); });
  const refilter = () => {
    state.net = { mode: "reach", include: [], expand: [] };
    const seg = $("#f-segment").value;
    if (seg) state.table.segment = seg;
    state.table.offset = 0;
    drawMatrix();
    drawNetwork();
    loadTable().catch((e) => status(e.message));
    if ($("#overview-box").open) drawOverview();
  };
  for (const id of ["#f-segment", "#f-party", "#f-employee"]) $(id).addEventListener("change", refilter);
  $("#m-network").addEventListener("change", drawMatrix);
  $("#filters").addEventListener("submit", (e) => e.preventDefault());
  $("#filters").addEventListener("reset", () => setTimeout(refilter, 0));
  $("#pf-form").addEventListener("submit", (e) => { e.preventDefault(); findPaths(); });
  $("#sh-close").addEventListener("click", () => { state.sh = null; $("#stakeholder").hidden = true; viewers.sh.clear(); markSelected(); });
  for (const th of document.querySelectorAll("#table th[data-sort]")) th.addEventListener("click", () => sortBy(th.dataset.sort));
  $("#prev").addEventListener("click", () => { state.table.offset = Math.max(0, state.table.offset - TABLE_LIMIT); loadTable().catch((e) => status(e.message)); });
  $("#next").addEventListener("click", () => { state.table.offset += TABLE_LIMIT; loadTable().catch((e) => status(e.message)); });
  typeahead($("#q"), $("#q-list"), { onPick: (h) => { openNode(h.id, h.kind); $("#q").value = ""; } });
  typeahead($("#pf-to"), $("#pf-list"), { kinds: "&kind=organisation,person", onPick: () => findPaths() });
  $("#overview-box").addEventListener("toggle", () => { if ($("#overview-box").open && !viewers.overview.svg) drawOverview(); });
  if (token()) signIn(token());
  else signOut("");
}

init();
