// plans.js — access plans and actions on the page (step 6, regie): the
// director's list of plans, what needs attention first; a plan's page with
// its progress, introduction requests and actions; starting a plan and
// turning advice into actions from a stakeholder's page and the develop
// list; and "my actions", the signed-in employee's open actions with her
// calendar feed. It uses app.js's state, texts and request helpers and
// regie.js's canWrite and showDay (classic scripts, loaded in order).
// Write controls are made for editors and admins only: a viewer's page
// holds none (they carry data-write).
"use strict";

Object.assign(TEXT.en, {
  plansTitle: "Access plans", plansHint: "Every plan, what needs attention first: overdue, then no progress, then an owner who left.",
  plansNav: "Plans", mineNav: "My actions", plOwner: "Owner", plState: "State", plAllOwners: "all owners", plAllStates: "all states",
  plTarget: "Stakeholder", plAim: "Aim", plProgress: "Progress", plAttention: "Needs attention", plActions: "Actions",
  plNoPlans: "No plans match.", plPrint: "Print this list", plLeft: "left", plReached: "reached",
  plAimSegment: "%s by %s", plAimAccess: "accessibility ≥ %s by %s", plAimBoth: "%s, accessibility ≥ %s, by %s",
  plStrength: "%s → %s", plGain: "gain %s", plStrengthTitle: "best warm-path strength at the start → now",
  plCounts: "%d open", plOverdue: "%d overdue", plOnTrack: "on track",
  planStates: { open: "open", achieved: "achieved", dropped: "dropped" },
  actionStates: { open: "open", done: "done", dropped: "dropped" },
  introStates: { requested: "requested", agreed: "agreed", made: "made", met: "met", declined: "declined", stalled: "stalled" },
  actionKinds: { contact: "contact", intensify: "intensify contact", raise_level: "raise the level", develop: "develop",
    assign_owner: "assign an owner", single_holder: "a second colleague", introduction: "introduction", other: "other" },
  planOf: "Access plan: %s", plPlan: "The plan", plOpenTarget: "open the stakeholder", plOpenTargetLabel: "open the stakeholder %s", plBestPath: "Best warm path now", plStateIs: "State: %s", plRoute: "Route", plNoRoute: "no route chosen yet", plVia: "via %s", plNote: "Note", plStarted: "Started",
  plNow: "Now", plStart: "At the start", plContacts: "Contacts since the start", plLastContact: "last %s", plSegmentNow: "Segment now",
  plStrengthSeries: "Best warm-path strength", plAccessSeries: "Assessed accessibility",
  plSeriesLabel: "%s: %s on %s, %s on %s", plSeriesOne: "%s: %s on %s", plValueOn: "%s (%s)", plValueFromTo: "%s (%s) → %s (%s)",
  plIntros: "Introduction requests", plNoIntros: "No introduction requests to this stakeholder.",
  plIntro: "%s asked %s", plSince: "since %s",
  plActionList: "Actions", plNoActions: "No actions yet.", plKind: "Kind", plTitle: "What", plAssignee: "Assignee", plDue: "Due",
  plDone: "Done", plDrop: "Drop", plDoneLabel: "Mark “%s” done", plDropLabel: "Drop “%s”", plClosedBy: "closed by a contact",
  plAddAction: "Add an action", plAdd: "Add", plChangeState: "Change the plan",
  plOverdueMark: "overdue", plSaved: "Saved.",
  plSave: "Save", plAimSegmentField: "Aim: segment",
  plClosePlan: "Close the plan", plCloseAs: "Close as", plCloseWhy: "Why (optional)", plCloseGo: "Close the plan",
  plReopen: "Reopen the plan", plClosed: "Closed", plClosedOn: "%s on %s by %s",
  plDeletePlan: "Delete the plan", plDeleteAsk: "Delete the access plan for %s? Its actions (%d) are deleted with it. This cannot be undone.",
  plDeleteYes: "Delete the plan and its actions", plDeleted: "The plan is deleted.",
  plActNote: "Note (optional)", plActNoteLabel: "Note on “%s” (optional)", plConfirm: "Confirm",
  plConfirmDone: "Confirm: mark “%s” done", plConfirmDrop: "Confirm: drop “%s”", plCancelLabel: "Cancel closing “%s”",
  plActDelete: "Delete", plActDeleteLabel: "Delete “%s”", plActDeleteAsk: "Delete “%s”?", plActDeleteYes: "Delete it", plActDeleteYesLabel: "Delete it: “%s”",
  plActKeep: "Keep it", plActKeepLabel: "Keep “%s”",
  shPlans: "Access plans", shNoPlans: "No access plan for this stakeholder yet.", shStartPlan: "Start an access plan",
  shStart: "Start the plan", shCancel: "Cancel", plAimAccessField: "or accessibility at least", plBy: "by",
  plNoSegment: "no segment", plRouteNone: "none yet", plOpen: "Open plan",
  adviceAction: "Make an action", adviceActionLabel: "Make an action of “%s”", adviceMade: "Action for %s, due %s.",
  bulkTitle: "Actions from this page's advice", bulkAssignee: "Assign to", bulkOwners: "each stakeholder's owner", bulkOverdue: "and their overdue contacts",
  bulkPreview: "Preview", bulkConfirm: "Make them (%d)", bulkWill: "Actions to make: %d; passed over: %d.",
  bulkMade: "Actions made: %d; passed over: %d.", bulkNone: "Nothing to make: every advice on this page has an open action or no one to do it.",
  mineTitle: "My open actions", mineNone: "You have no open actions.", mineHint: "Yours, overdue first.",
  mineFeed: "Subscribe in Outlook, Google Calendar or Apple Calendar:", mineCopy: "Copy the address", mineSubscribe: "Subscribe",
  mineCopied: "Copied. The address holds your token: keep it to yourself.", mineCopyFailed: "Copy it by hand; it holds your token: keep it to yourself.",
  minePlan: "plan",
});
Object.assign(TEXT.nl, {
  plansTitle: "Toegangsplannen", plansHint: "Alle plannen, wat aandacht vraagt eerst: over tijd, dan geen voortgang, dan een vertrokken eigenaar.",
  plansNav: "Plannen", mineNav: "Mijn acties", plOwner: "Eigenaar", plState: "Status", plAllOwners: "alle eigenaren", plAllStates: "alle statussen",
  plTarget: "Stakeholder", plAim: "Doel", plProgress: "Voortgang", plAttention: "Vraagt aandacht", plActions: "Acties",
  plNoPlans: "Geen plannen die hieraan voldoen.", plPrint: "Druk deze lijst af", plLeft: "vertrokken", plReached: "bereikt",
  plAimSegment: "%s vóór %s", plAimAccess: "toegankelijkheid ≥ %s vóór %s", plAimBoth: "%s, toegankelijkheid ≥ %s, vóór %s",
  plStrength: "%s → %s", plGain: "winst %s", plStrengthTitle: "sterkte van het beste warme pad bij de start → nu",
  plCounts: "%d open", plOverdue: "%d over tijd", plOnTrack: "op schema",
  planStates: { open: "open", achieved: "bereikt", dropped: "gestopt" },
  actionStates: { open: "open", done: "gedaan", dropped: "geschrapt" },
  introStates: { requested: "gevraagd", agreed: "toegezegd", made: "gemaakt", met: "ontmoet", declined: "afgewezen", stalled: "vastgelopen" },
  actionKinds: { contact: "contact", intensify: "contact intensiveren", raise_level: "niveau verhogen", develop: "ontwikkelen",
    assign_owner: "eigenaar toewijzen", single_holder: "tweede collega", introduction: "introductie", other: "overig" },
  planOf: "Toegangsplan: %s", plPlan: "Het plan", plOpenTarget: "open de stakeholder", plOpenTargetLabel: "open de stakeholder %s", plBestPath: "Beste warme pad nu", plStateIs: "Status: %s", plRoute: "Route", plNoRoute: "nog geen route gekozen", plVia: "via %s", plNote: "Notitie", plStarted: "Gestart",
  plNow: "Nu", plStart: "Bij de start", plContacts: "Contacten sinds de start", plLastContact: "laatste %s", plSegmentNow: "Segment nu",
  plStrengthSeries: "Sterkte van het beste warme pad", plAccessSeries: "Beoordeelde toegankelijkheid",
  plSeriesLabel: "%s: %s op %s, %s op %s", plSeriesOne: "%s: %s op %s", plValueOn: "%s (%s)", plValueFromTo: "%s (%s) → %s (%s)",
  plIntros: "Introductieverzoeken", plNoIntros: "Geen introductieverzoeken voor deze stakeholder.",
  plIntro: "%s vroeg %s", plSince: "sinds %s",
  plActionList: "Acties", plNoActions: "Nog geen acties.", plKind: "Soort", plTitle: "Wat", plAssignee: "Uitvoerder", plDue: "Uiterlijk",
  plDone: "Gedaan", plDrop: "Schrappen", plDoneLabel: "Markeer “%s” als gedaan", plDropLabel: "“%s” schrappen", plClosedBy: "afgesloten door een contact",
  plAddAction: "Actie toevoegen", plAdd: "Toevoegen", plChangeState: "Plan wijzigen",
  plOverdueMark: "over tijd", plSaved: "Opgeslagen.",
  plSave: "Opslaan", plAimSegmentField: "Doel: segment",
  plClosePlan: "Plan afsluiten", plCloseAs: "Afsluiten als", plCloseWhy: "Waarom (optioneel)", plCloseGo: "Plan afsluiten",
  plReopen: "Plan heropenen", plClosed: "Afgesloten", plClosedOn: "%s op %s door %s",
  plDeletePlan: "Plan verwijderen", plDeleteAsk: "Het toegangsplan voor %s verwijderen? De acties ervan (%d) worden mee verwijderd. Dit is niet ongedaan te maken.",
  plDeleteYes: "Verwijder het plan en de acties", plDeleted: "Het plan is verwijderd.",
  plActNote: "Notitie (optioneel)", plActNoteLabel: "Notitie bij “%s” (optioneel)", plConfirm: "Bevestigen",
  plConfirmDone: "Bevestigen: markeer “%s” als gedaan", plConfirmDrop: "Bevestigen: “%s” schrappen", plCancelLabel: "Annuleren: “%s” niet afsluiten",
  plActDelete: "Verwijderen", plActDeleteLabel: "“%s” verwijderen", plActDeleteAsk: "“%s” verwijderen?", plActDeleteYes: "Verwijder het", plActDeleteYesLabel: "Verwijder het: “%s”",
  plActKeep: "Behouden", plActKeepLabel: "“%s” behouden",
  shPlans: "Toegangsplannen", shNoPlans: "Nog geen toegangsplan voor deze stakeholder.", shStartPlan: "Start een toegangsplan",
  shStart: "Plan starten", shCancel: "Annuleren", plAimAccessField: "of toegankelijkheid minstens", plBy: "vóór",
  plNoSegment: "geen segment", plRouteNone: "nog geen", plOpen: "Plan openen",
  adviceAction: "Maak er een actie van", adviceActionLabel: "Maak er een actie van: “%s”", adviceMade: "Actie voor %s, uiterlijk %s.",
  bulkTitle: "Acties uit het advies op deze pagina", bulkAssignee: "Toewijzen aan", bulkOwners: "de eigenaar van elke stakeholder", bulkOverdue: "en hun achterstallige contacten",
  bulkPreview: "Voorbeeld", bulkConfirm: "Maak ze (%d)", bulkWill: "Te maken acties: %d; overgeslagen: %d.",
  bulkMade: "Gemaakte acties: %d; overgeslagen: %d.", bulkNone: "Niets te maken: elk advies op deze pagina heeft al een open actie of niemand om het te doen.",
  mineTitle: "Mijn open acties", mineNone: "U hebt geen open acties.", mineHint: "De uwe, wat over tijd is eerst.",
  mineFeed: "Abonneer u in Outlook, Google Agenda of Apple Agenda:", mineCopy: "Kopieer het adres", mineSubscribe: "Abonneren",
  mineCopied: "Gekopieerd. Het adres bevat uw token: houd het voor uzelf.", mineCopyFailed: "Kopieer het zelf; het bevat uw token: houd het voor uzelf.",
  minePlan: "plan",
});

// ADVICE_ACTION_CODES are the advice codes an action can be made from
// (api.AdviceActionCodes).
const ADVICE_ACTION_CODES = ["intensify", "raise_level", "assign_owner", "develop", "single_holder"];
const ACTION_KINDS = ["contact", "intensify", "raise_level", "develop", "assign_owner", "single_holder", "introduction", "other"];
const PLAN_LIMIT = 50;

// pl is what this file shows: the director's list, the open plan, my
// actions, the stakeholder page's plans, the develop list's preview, and
// names of the ids the answers carry. epoch moves on sign-out: an answer
// to a request made before it is dropped.
const pl = {
  epoch: 0, asked: 0, list: null, offset: 0, plan: null, mine: null, sh: null, bulk: null, names: new Map(), kinds: new Map(), now: null,
};

// ---- helpers ----

function plSend(method, path, body) {
  return request(path, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
    .then((r) => (r.status === 204 ? null : r.json()));
}

// plToday is the server's day when an answer said it (the list's now),
// else this computer's, as a UTC midnight in ms.
function plToday() {
  const d = pl.now ? new Date(pl.now) : new Date();
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

const plOverdue = (a) => a.state === "open" && Date.parse(a.due) < plToday();

// plDayAfter returns the day n days (or months) from this computer's
// today as YYYY-MM-DD, for the forms' defaults.
function plDayAfter(days, months = 0) {
  const d = new Date();
  d.setMonth(d.getMonth() + months);
  d.setDate(d.getDate() + days);
  return isoDay(new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate())));
}

function plName(id) {
  if (!id) return "";
  const e = state.employees.find((x) => x.id === id);
  return e ? e.name : pl.names.get(id) || id;
}

function plRemember(node) {
  if (!node || !node.id) return;
  if (node.name) pl.names.set(node.id, node.name);
  if (node.kind) pl.kinds.set(node.id, node.kind);
}

// plLearnNames fetches the names of the ids not known yet, in one
// request: GET /stakeholders?id= answers every stakeholder's name.
async function plLearnNames(ids) {
  const unknown = [...new Set(ids.filter((id) => id && !pl.names.has(id) && !state.employees.some((e) => e.id === id)))];
  if (unknown.length === 0) return;
  const q = new URLSearchParams({ id: unknown.join(","), limit: String(Math.min(500, unknown.length)) });
  try {
    const res = await api("/api/v1/stakeholders?" + q);
    for (const r of res.rows) plRemember(r.stakeholder);
  } catch (_) { /* the ids stand in for the names */ }
}

function plButton(text, cls, onClick, label) {
  const b = el("button", text, cls);
  b.type = "button";
  if (label) b.setAttribute("aria-label", label);
  b.addEventListener("click", onClick);
  return b;
}

// plWrite marks a write control: a viewer's page has none.
function plWrite(e) { e.dataset.write = ""; return e; }

function plSelect(id, options, value, label) {
  const s = el("select");
  if (id) s.id = id;
  for (const [v, text] of options) {
    const o = el("option", text);
    o.value = v;
    s.append(o);
  }
  if (value !== undefined) s.value = value;
  if (label) s.setAttribute("aria-label", label);
  return s;
}

function plField(label, control) {
  const l = el("label");
  l.append(el("span", label), control);
  return l;
}

// plAimFields are an aim's fields — a segment, an accessibility, a day —
// with ids under prefix, filled from aim; value() is the aim they give
// (AimInput).
function plAimFields(prefix, aim) {
  const seg = plSelect(prefix + "-segment", [["", t("plNoSegment")], ...["invest", "develop", "harvest", "ignore"].map((x) => [x, segName(x)])], aim.segment || "");
  const acc = el("input");
  acc.type = "number";
  acc.id = prefix + "-access";
  acc.min = "0";
  acc.step = "0.1";
  acc.value = aim.accessibility ? String(aim.accessibility) : "";
  const by = el("input");
  by.type = "date";
  by.id = prefix + "-by";
  by.required = true;
  by.value = (aim.by || "").slice(0, 10);
  const value = () => {
    const out = { by: by.value };
    if (seg.value) out.segment = seg.value;
    if (acc.value) out.accessibility = Number(acc.value);
    return out;
  };
  return { seg, acc, by, value };
}

// plEmployeeOptions are the employees who may own a plan or do an
// action: those who have not left (graph.Employee.Left: from the day
// after End).
function plEmployeeOptions() {
  const today = plToday();
  return state.employees.filter((e) => !e.end || Date.parse(e.end) >= today).map((e) => [e.id, e.name]);
}

function plAim(aim) {
  const by = showDay(aim.by);
  if (aim.segment && aim.accessibility) return fmt("plAimBoth", segName(aim.segment), num(aim.accessibility), by);
  if (aim.segment) return fmt("plAimSegment", segName(aim.segment), by);
  return fmt("plAimAccess", num(aim.accessibility), by);
}

function plStateName(kind, s) { return (t(kind) || {})[s] || s; }

function plOwnerCell(pp) {
  const span = el("span", pp.owner.name || pp.owner.id);
  if (pp.owner_left) {
    const left = el("span", t("plLeft"), "left-mark");
    span.append(" ", left);
  }
  return span;
}

// plProgressText is "0.2 → 0.48 (gain 0.28)": the best warm-path
// strength at the start and now.
function plProgressText(pp) {
  let s = fmt("plStrength", num(pp.plan.baseline_strength), num(pp.strength));
  if (Math.abs(pp.gain) > 1e-9) s += " (" + fmt("plGain", (pp.gain > 0 ? "+" : "") + num(pp.gain)) + ")";
  return s;
}

function plCounts(c) {
  const span = el("span", fmt("plCounts", c.open));
  if (c.overdue) span.append(" · ", el("strong", fmt("plOverdue", c.overdue), "overdue"));
  return span;
}

// plLabelCells gives each cell its column's name (data-label), which a
// phone shows before it when the rows are drawn as cards.
function plLabelCells(table) {
  const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent);
  for (const tr of table.querySelectorAll("tbody tr")) {
    [...tr.children].forEach((td, i) => { if (heads[i]) td.dataset.label = heads[i]; });
  }
}

// ---- the director's list ----

function plListQuery() {
  const q = new URLSearchParams({ offset: String(pl.offset), limit: String(PLAN_LIMIT) });
  if ($("#pl-owner").value) q.set("owner_id", $("#pl-owner").value);
  if ($("#pl-state").value) q.set("state", $("#pl-state").value);
  return q;
}

async function loadPlanList() {
  const epoch = pl.epoch;
  // Filters changed quickly: only the last question's answer is shown.
  const n = ++pl.asked;
  const done = working($("#plans"));
  const res = await api("/api/v1/plans?" + plListQuery()).catch((e) => e);
  done();
  if (epoch !== pl.epoch || n !== pl.asked) return;
  pl.list = res;
  if (!(res instanceof Error)) {
    pl.now = res.now;
    for (const pp of res.plans) { plRemember(pp.target); plRemember(pp.owner); }
  }
  renderPlanList();
  // What is overdue is now measured by the server's day.
  if (pl.mine) renderMyActions();
}

function renderPlanList() {
  const body = $("#pl-table tbody");
  const res = pl.list;
  body.replaceChildren();
  $("#pl-range").textContent = "";
  $("#pl-print").disabled = !res || res instanceof Error;
  plPrintTitle();
  if (!res) return;
  const one = (text, cls) => { const tr = el("tr"); const td = el("td", text, cls); td.colSpan = 7; tr.append(td); return tr; };
  if (res instanceof Error) { body.append(one(res.message, "notice")); return; }
  if (res.plans.length === 0) { body.append(one(t("plNoPlans"), "muted")); return; }
  for (const pp of res.plans) body.append(planRow(pp));
  plLabelCells($("#pl-table"));
  const from = res.total === 0 ? 0 : res.offset + 1;
  $("#pl-range").textContent = res.total > res.limit ? fmt("rangeOf", num(from, 0), num(res.offset + res.plans.length, 0), num(res.total, 0)) : "";
  $("#pl-prev").hidden = $("#pl-next").hidden = res.total <= res.limit;
  $("#pl-prev").disabled = res.offset === 0;
  $("#pl-next").disabled = res.offset + res.plans.length >= res.total;
}

function planRow(pp) {
  const p = pp.plan;
  const tr = el("tr", null, "plan open " + (pp.attention.map((a) => "att-" + a.code).join(" ")));
  tr.dataset.id = p.id;
  const target = el("td");
  const name = el("span", null, "name-cell");
  name.append(segDot(pp.segment, pp.target.kind), plButton(pp.target.name || pp.target.id, "link", (e) => { e.stopPropagation(); openPlan(p.id); },
    fmt("planOf", pp.target.name || pp.target.id)));
  target.append(name);
  const aim = el("td", plAim(p.aim));
  if (pp.aim_reached) aim.append(" ", el("span", "✓ " + t("plReached"), "reached"));
  const progress = el("td", plProgressText(pp), "num");
  progress.title = t("plStrengthTitle");
  if (!pp.progress && p.state === "open") progress.classList.add("muted");
  const attention = el("td", null, "attention");
  if (pp.attention.length) {
    const ul = el("ul", null, "plain");
    for (const a of pp.attention) ul.append(el("li", inLang(a.reason), "att " + a.code));
    attention.append(ul);
  } else {
    attention.append(el("span", p.state === "open" ? t("plOnTrack") : "—", "muted"));
  }
  const actions = el("td", null, "num");
  actions.append(plCounts(pp.actions));
  const owner = el("td");
  owner.append(plOwnerCell(pp));
  tr.append(target, owner, el("td", plStateName("planStates", p.state), "state " + p.state), aim, progress, attention, actions);
  tr.addEventListener("click", () => openPlan(p.id));
  return tr;
}

// plPrintTitle says, on paper, which plans the list shows.
function plPrintTitle() {
  const owner = $("#pl-owner").value, st = $("#pl-state").value;
  $("#pl-print-title").textContent = (owner ? plName(owner) : t("plAllOwners")) + " · " + (st ? plStateName("planStates", st) : t("plAllStates"));
}

function fillPlanFilters() {
  const sel = $("#pl-owner");
  const keep = sel.value;
  sel.replaceChildren(sel.options[0], ...state.employees.map((e) => { const o = el("option", e.name); o.value = e.id; return o; }));
  sel.value = keep;
  const st = $("#pl-state");
  for (const o of st.options) if (o.value) o.textContent = plStateName("planStates", o.value);
}

// printPlans prints the list alone: the print layout shows only #plans
// while body has the class print-plans.
function printPlans() {
  document.body.classList.add("print-plans");
  window.print();
}

// ---- a plan's page ----

async function openPlan(id) {
  const epoch = pl.epoch;
  pl.plan = { id };
  const sec = $("#plan");
  sec.hidden = false;
  $("#plan-title").textContent = t("loading");
  $("#plan-body").replaceChildren();
  const res = await api("/api/v1/plans/" + enc(id)).catch((e) => e);
  if (epoch !== pl.epoch || !pl.plan || pl.plan.id !== id) return;
  if (!(res instanceof Error)) {
    plRemember(res.target);
    plRemember(res.owner);
    for (const n of (res.path && res.path.nodes) || []) plRemember(n);
    await plLearnNames([...res.intros.map((r) => r.intermediary_id), ...res.action_list.map((a) => a.stakeholder_id), res.plan.route.intermediary_id]);
    if (epoch !== pl.epoch || !pl.plan || pl.plan.id !== id) return;
  }
  pl.plan = { id, res, history: null };
  renderPlan();
  sec.scrollIntoView({ block: "start" });
  // Keyboard and screen-reader users land on what opened.
  $("#plan-title").focus({ preventScroll: true });
  if (!(res instanceof Error)) loadPlanHistory(id);
}

// loadPlanHistory fetches the target's strength over time (?history=1:
// a snapshot per point, slow on a large network) after the plan is shown,
// and draws it into the progress block when it comes.
async function loadPlanHistory(id) {
  const epoch = pl.epoch;
  const done = working($("#plan-progress"));
  const res = await api("/api/v1/plans/" + enc(id) + "?history=1").catch((e) => e);
  done();
  if (epoch !== pl.epoch || !pl.plan || pl.plan.id !== id || !pl.plan.res || pl.plan.res instanceof Error) return;
  pl.plan.history = res instanceof Error ? [] : res.strength_history || [];
  $("#plan-progress").replaceWith(plProgressBlock(pl.plan.res));
}

// reloadPlan fetches the open plan again after a change, and the lists
// that show it.
async function reloadPlan(message) {
  const id = pl.plan && pl.plan.id;
  if (!id) return;
  const epoch = pl.epoch;
  const res = await api("/api/v1/plans/" + enc(id)).catch((e) => e);
  if (epoch !== pl.epoch || !pl.plan || pl.plan.id !== id) return;
  if (!(res instanceof Error)) await plLearnNames(res.action_list.map((a) => a.stakeholder_id));
  // Actions move no path: the strength history stays as fetched.
  pl.plan = { id, res, message, history: pl.plan.history };
  renderPlan();
  plRefreshLists();
}

function plRefreshLists() {
  if (pl.list) loadPlanList();
  if (pl.mine) loadMyActions();
  if (pl.sh && state.sh && pl.sh.id === state.sh.id) loadStakeholderPlans(state.sh.id);
}

function renderPlan() {
  const box = $("#plan-body");
  box.replaceChildren();
  if (!pl.plan || !pl.plan.res) return;
  const res = pl.plan.res;
  if (res instanceof Error) { $("#plan-title").textContent = pl.plan.id; box.append(note(res.message, "notice")); return; }
  const p = res.plan;
  $("#plan-title").textContent = fmt("planOf", res.target.name || res.target.id);
  if (pl.plan.message) {
    const saved = el("p", t(pl.plan.message), "saved");
    saved.setAttribute("role", "status");
    box.append(saved);
  }

  const badges = el("p", null, "badges");
  const seg = el("span");
  seg.append(segDot(res.segment, res.target.kind), document.createTextNode(segName(res.segment)));
  const stateBadge = el("span", fmt("plStateIs", plStateName("planStates", p.state)), "state " + p.state);
  stateBadge.dataset.state = p.state;
  const open = personButton(res.target);
  open.textContent = t("plOpenTarget");
  open.setAttribute("aria-label", fmt("plOpenTargetLabel", res.target.name || res.target.id));
  badges.append(seg, stateBadge, open);
  for (const a of res.attention) badges.append(el("span", inLang(a.reason), "att " + a.code));
  box.append(badges);

  const cols = el("div", null, "columns");
  const left = el("div");
  const dl = el("dl");
  const add = (k, v) => { if (v === undefined || v === null || v === "") return; dl.append(el("dt", k)); const dd = el("dd"); dd.append(v); dl.append(dd); };
  add(t("plOwner"), plOwnerCell(res));
  const aim = el("span", plAim(p.aim));
  if (res.aim_reached) aim.append(" ", el("span", "✓ " + t("plReached"), "reached"));
  add(t("plAim"), aim);
  const route = p.route.intermediary_id ? fmt("plVia", plName(p.route.intermediary_id)) :
    p.route.path && p.route.path.length ? p.route.path.map(plName).join(" → ") : t("plNoRoute");
  add(t("plRoute"), route);
  add(t("plStarted"), p.created_at ? showDay(p.created_at) : "");
  if (p.closed) {
    const closed = el("span", fmt("plClosedOn", plStateName("planStates", p.state), showDay(p.closed.at), p.closed.by), "closed");
    if (p.closed.note) closed.append(": ", el("q", p.closed.note));
    add(t("plClosed"), closed);
  }
  add(t("plNote"), p.note || "");
  left.append(el("h3", t("plPlan")), dl);
  const right = el("div");
  right.append(el("h3", t("plProgress")), plProgressBlock(res));
  cols.append(left, right);
  box.append(cols);

  box.append(el("h3", t("plIntros")));
  const intros = el("ul", null, "plain intros");
  if (res.intros.length === 0) intros.append(el("li", t("plNoIntros"), "muted"));
  for (const r of res.intros) {
    const li = el("li", null, "intro");
    li.append(el("span", plStateName("introStates", r.state), "intro-state " + r.state), " ",
      document.createTextNode(fmt("plIntro", plName(r.employee_id), plName(r.intermediary_id)) + ", " + fmt("plSince", showDay(r.since))));
    intros.append(li);
  }
  box.append(intros);

  box.append(el("h3", t("plActionList")), plActionTable(res.action_list, { plan: true }));
  if (canWrite()) box.append(plActionForm(res), plChangeForm(res), plCloseForm(p));
  if (canDelete()) box.append(plDeleteBox(res));
}

// plProgressBlock shows the numbers — the strength at the start and now,
// the contacts since the start, the segment now — and, where the answer
// has a series over time, a small line of it.
function plProgressBlock(res) {
  const box = el("div", null, "progress");
  box.id = "plan-progress";
  const dl = el("dl");
  const add = (k, v) => { dl.append(el("dt", k), el("dd", v)); };
  add(t("plStrengthSeries"), plProgressText(res));
  let contacts = num(res.contacts, 0);
  if (res.last_contact) contacts += " (" + fmt("plLastContact", showDay(res.last_contact)) + ")";
  add(t("plContacts"), contacts);
  add(t("plSegmentNow"), segName(res.segment));
  if (res.path) add(t("plBestPath"), inLang(res.path.explanation));
  const acc = res.accessibility.map((a) => ({ date: a.date, value: a.accessibility }));
  if (acc.length > 0) {
    const first = acc[0], last = acc[acc.length - 1];
    add(t("plAccessSeries"), acc.length === 1 ? fmt("plValueOn", num(first.value), showDay(first.date)) :
      fmt("plValueFromTo", num(first.value), showDay(first.date), num(last.value), showDay(last.date)));
  }
  box.append(dl);
  // A line needs points on two days at least; one day is said in words
  // above.
  const days = (pts) => new Set(pts.map((x) => showDay(x.date))).size;
  const strength = plStrengthSeries(pl.plan.history);
  if (days(strength) > 1) box.append(plLine(t("plStrengthSeries"), strength, { min: 0, max: 1, cls: "strength" }));
  if (days(acc) > 1) {
    const max = Math.max(5, res.plan.aim.accessibility || 0, ...acc.map((a) => a.value));
    box.append(plLine(t("plAccessSeries"), acc, { min: 0, max, aim: res.plan.aim.accessibility || 0, cls: "access" }));
  }
  return box;
}

// plStrengthSeries is the target's best warm-path strength over time,
// the plan's strength_history (points {at, strength}, the plan's start to
// now; loadPlanHistory), or nothing while it has not come.
function plStrengthSeries(history) {
  return (history || []).map((x) => ({ date: x.at, value: x.strength }));
}

const SVG_NS = "http://www.w3.org/2000/svg";

function svgEl(tag, attrs, text) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

// plLine draws points (date, value; oldest first) as a small line in an
// inline SVG, no library: the x axis is time from the first day to the
// last, the y axis runs from min to max; the first and the last value and
// day are written beside it, an aim as a dashed line. Its accessible name
// says the same in words.
function plLine(title, points, { min, max, aim, cls }) {
  const W = 320, H = 96, L = 34, R = 10, T = 10, B = 22;
  const xs = points.map((p) => Date.parse(p.date));
  const x0 = Math.min(...xs), x1 = Math.max(...xs);
  const x = (v) => (x1 === x0 ? L + (W - L - R) / 2 : L + (v - x0) / (x1 - x0) * (W - L - R));
  const y = (v) => T + (1 - (v - min) / ((max - min) || 1)) * (H - T - B);
  const first = points[0], last = points[points.length - 1];
  const label = points.length === 1 ? fmt("plSeriesOne", title, num(first.value), showDay(first.date)) :
    fmt("plSeriesLabel", title, num(first.value), showDay(first.date), num(last.value), showDay(last.date));
  const fig = el("figure", null, "series " + cls);
  fig.append(el("figcaption", title));
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": label });
  svg.append(svgEl("title", {}, label));
  svg.append(svgEl("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, class: "axis" }), svgEl("line", { x1: L, y1: T, x2: L, y2: H - B, class: "axis" }));
  svg.append(svgEl("text", { x: L - 4, y: T + 4, "text-anchor": "end", class: "tick" }, num(max, 1)),
    svgEl("text", { x: L - 4, y: H - B, "text-anchor": "end", class: "tick" }, num(min, 1)));
  if (aim) svg.append(svgEl("line", { x1: L, y1: y(aim), x2: W - R, y2: y(aim), class: "aim" }));
  svg.append(svgEl("polyline", { points: points.map((p, i) => `${x(xs[i]).toFixed(1)},${y(p.value).toFixed(1)}`).join(" "), class: "line" }));
  points.forEach((p, i) => svg.append(svgEl("circle", { cx: x(xs[i]).toFixed(1), cy: y(p.value).toFixed(1), r: 3, class: "dot" })));
  svg.append(svgEl("text", { x: L, y: H - 6, class: "tick" }, showDay(first.date)));
  if (points.length > 1) svg.append(svgEl("text", { x: W - R, y: H - 6, "text-anchor": "end", class: "tick" }, showDay(last.date)));
  fig.append(svg);
  return fig;
}

// plActionTable lists actions: due day (overdue marked), kind and title,
// the stakeholder (for actions not of one plan), the assignee, the
// state; an editor's open actions carry "done" and "drop".
function plActionTable(actions, { plan, mine }) {
  if (actions.length === 0) return el("p", t(mine ? "mineNone" : "plNoActions"), "muted none");
  const wrap = el("div", null, "table-wrap");
  const table = el("table", null, "actions");
  const head = el("tr");
  const cols = [["plDue", "num"], ["plKind"], ["plTitle"]];
  if (!plan) cols.push(["plTarget"]);
  if (!mine) cols.push(["plAssignee"]);
  cols.push(["plState"]);
  if (canWrite()) cols.push([""]);
  for (const [k, c] of cols) head.append(el("th", k ? t(k) : "", c || ""));
  const thead = el("thead");
  thead.append(head);
  const body = el("tbody");
  for (const a of actions) {
    const tr = el("tr", null, "action " + a.state + (plOverdue(a) ? " overdue" : ""));
    tr.dataset.id = a.id;
    const due = el("td", showDay(a.due), "num");
    if (plOverdue(a)) due.append(" ", el("strong", t("plOverdueMark"), "overdue"));
    tr.append(due, el("td", plStateName("actionKinds", a.kind)));
    const what = el("td", a.title || "");
    if (mine && a.plan_id) {
      what.append(" ", plButton(t("minePlan"), "link", () => openPlan(a.plan_id), t("plOpen")));
    }
    tr.append(what);
    if (!plan) {
      const st = el("td");
      st.append(personButton({ id: a.stakeholder_id, name: plName(a.stakeholder_id), kind: pl.kinds.get(a.stakeholder_id) || "person" }));
      tr.append(st);
    }
    if (!mine) tr.append(el("td", plName(a.assignee_id)));
    let stateText = plStateName("actionStates", a.state);
    if (a.closed && a.closed.contact_id) stateText += " (" + t("plClosedBy") + ")";
    const st = el("td", stateText, "state " + a.state);
    if (a.closed && a.closed.note) st.append(": ", el("q", a.closed.note, "close-note"));
    tr.append(st);
    if (canWrite()) {
      const td = el("td", null, "write");
      plActionButtons(td, a);
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(thead, body);
  plLabelCells(table);
  wrap.append(table);
  return wrap;
}

// plActionWhat names an action in the buttons' accessible names.
function plActionWhat(a) { return a.title || plStateName("actionKinds", a.kind); }

// plActionButtons fills an action's write cell: "done" and "drop" for an
// open action (each asks for an optional note first), "delete" for an
// admin's (it asks once more).
function plActionButtons(td, a) {
  const what = plActionWhat(a);
  td.replaceChildren();
  if (a.state === "open") {
    td.append(plWrite(plButton(t("plDone"), "act-done", () => closeActionForm(td, a, "done"), fmt("plDoneLabel", what))), " ",
      plWrite(plButton(t("plDrop"), "act-drop", () => closeActionForm(td, a, "dropped"), fmt("plDropLabel", what))));
  }
  if (canDelete()) {
    const del = plWrite(plButton(t("plActDelete"), "act-delete", () => deleteActionAsk(td, a), fmt("plActDeleteLabel", what)));
    del.dataset.admin = "";
    td.append(" ", del);
  }
}

// closeActionForm asks in the action's cell for the note that goes with
// closing it as next (done or dropped); Escape or "cancel" goes back.
function closeActionForm(td, a, next) {
  const what = plActionWhat(a);
  const f = plWrite(el("form", null, "act-close"));
  f.setAttribute("aria-label", fmt(next === "done" ? "plDoneLabel" : "plDropLabel", what));
  const noteIn = el("input", null, "act-note");
  noteIn.maxLength = 500;
  noteIn.placeholder = t("plActNote");
  noteIn.setAttribute("aria-label", fmt("plActNoteLabel", what));
  const go = el("button", t("plConfirm"), "act-confirm " + next);
  go.type = "submit";
  go.setAttribute("aria-label", fmt(next === "done" ? "plConfirmDone" : "plConfirmDrop", what));
  const back = () => { plActionButtons(td, a); const b = td.querySelector(next === "done" ? ".act-done" : ".act-drop"); if (b) b.focus(); };
  f.append(noteIn, " ", go, " ", plButton(t("shCancel"), "act-cancel", back, fmt("plCancelLabel", what)));
  f.addEventListener("keydown", (e) => { if (e.key === "Escape") back(); });
  f.addEventListener("submit", (e) => {
    e.preventDefault();
    const body = { state: next };
    if (noteIn.value.trim()) body.note = noteIn.value.trim();
    plActionWrite(go, a.id, () => plSend("PATCH", "/api/v1/actions/" + enc(a.id), body));
  });
  td.replaceChildren(f);
  noteIn.focus();
}

// deleteActionAsk asks in the action's cell whether to delete it.
function deleteActionAsk(td, a) {
  const what = plActionWhat(a);
  const box = el("span", null, "act-ask");
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", fmt("plActDeleteAsk", what));
  const yes = plWrite(plButton(t("plActDeleteYes"), "act-delete-yes danger", () => plActionWrite(yes, a.id, () => plSend("DELETE", "/api/v1/actions/" + enc(a.id))), fmt("plActDeleteYesLabel", what)));
  yes.dataset.admin = "";
  const keep = plButton(t("plActKeep"), "act-keep", () => { plActionButtons(td, a); td.querySelector(".act-delete").focus(); }, fmt("plActKeepLabel", what));
  box.append(el("span", fmt("plActDeleteAsk", what)), " ", yes, " ", keep);
  td.replaceChildren(box);
  keep.focus();
}

// plActionWrite sends an action's change and shows the plan (or the
// lists) again; a refusal shows beside the button.
async function plActionWrite(button, id, send) {
  button.disabled = true;
  try {
    await send();
    if (pl.plan && pl.plan.res && !(pl.plan.res instanceof Error) && pl.plan.res.action_list.some((a) => a.id === id)) await reloadPlan("plSaved");
    else plRefreshLists();
  } catch (e) {
    button.disabled = false;
    let n = button.parentElement.querySelector(".notice");
    if (!n) {
      n = el("span", null, "notice");
      n.setAttribute("role", "alert");
      button.parentElement.append(" ", n);
    }
    n.textContent = e.message;
  }
}

// plActionForm adds an action to the plan: about its target, assigned to
// its owner and due in two weeks unless changed.
function plActionForm(res) {
  const f = plWrite(el("form", null, "plan-form add-action no-print"));
  f.id = "plan-add-action";
  f.setAttribute("aria-label", t("plAddAction"));
  const kind = plSelect("pa-kind", ACTION_KINDS.map((k) => [k, plStateName("actionKinds", k)]), "contact");
  const title = el("input");
  title.id = "pa-title";
  title.maxLength = 200;
  const owners = plEmployeeOptions();
  const assignee = plSelect("pa-assignee", owners, owners.some(([id]) => id === res.plan.owner_id) ? res.plan.owner_id : undefined);
  const due = el("input");
  due.type = "date";
  due.id = "pa-due";
  due.required = true;
  due.value = plDayAfter(14);
  const submit = el("button", t("plAdd"));
  submit.type = "submit";
  submit.id = "pa-add";
  f.append(el("h4", t("plAddAction")), plField(t("plKind"), kind), plField(t("plTitle"), title), plField(t("plAssignee"), assignee), plField(t("plDue"), due), submit);
  f.addEventListener("submit", async (e) => {
    e.preventDefault();
    submit.disabled = true;
    try {
      const body = { plan_id: res.plan.id, kind: kind.value, stakeholder_id: res.plan.target_id, assignee_id: assignee.value, due: due.value };
      if (title.value.trim()) body.title = title.value.trim();
      await plSend("POST", "/api/v1/actions", body);
      await reloadPlan("plSaved");
    } catch (err) {
      plFormError(f, err);
      submit.disabled = false;
    }
  });
  return f;
}

// plChangeForm changes the plan: hands it to another owner (an owner who
// left is no choice: the list says to hand her plans on), changes its aim
// (sent whole), its route (the intermediary: the present one, the
// introducer of the best warm path now or of a request to the target) and
// its note. Only what changed is sent.
function plChangeForm(res) {
  const p = res.plan;
  const f = plWrite(el("form", null, "plan-form plan-change no-print"));
  f.id = "plan-change";
  f.setAttribute("aria-label", t("plChangeState"));
  const owners = plEmployeeOptions();
  if (!owners.some(([id]) => id === p.owner_id)) owners.unshift(["", "—"]);
  const owner = plSelect("pl-set-owner", owners, owners.some(([id]) => id === p.owner_id) ? p.owner_id : "");
  const aimIn = plAimFields("pl-set", p.aim);
  const was = JSON.stringify(aimIn.value());
  const vias = [];
  const addVia = (id) => { if (id && !vias.some(([x]) => x === id)) vias.push([id, plName(id)]); };
  addVia(p.route.intermediary_id);
  const best = res.path && res.path.nodes;
  if (best && best.length >= 3 && best[0].kind === "employee" && best[1].kind === "person") addVia(best[1].id);
  for (const r of res.intros) addVia(r.intermediary_id);
  const route = plSelect("pl-set-route", [["", t("plRouteNone")], ...vias], p.route.intermediary_id || "");
  const noteIn = el("textarea");
  noteIn.id = "pl-set-note";
  noteIn.maxLength = 500;
  noteIn.rows = 2;
  noteIn.value = p.note || "";
  const submit = el("button", t("plSave"));
  submit.type = "submit";
  submit.id = "pl-set-go";
  f.append(el("h4", t("plChangeState")), plField(t("plOwner"), owner), plField(t("plAimSegmentField"), aimIn.seg), plField(t("plAimAccessField"), aimIn.acc),
    plField(t("plBy"), aimIn.by), plField(t("plRoute"), route), plField(t("plNote"), noteIn), submit);
  f.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = {};
    if (owner.value && owner.value !== p.owner_id) body.owner_id = owner.value;
    // The aim is replaced whole, when any of its fields changed.
    const aim = aimIn.value();
    if (JSON.stringify(aim) !== was) body.aim = aim;
    if (route.value !== (p.route.intermediary_id || "")) body.route = route.value ? { intermediary_id: route.value } : {};
    if (noteIn.value.trim() !== (p.note || "")) body.note = noteIn.value.trim();
    if (Object.keys(body).length === 0) return;
    await plPlanWrite(f, submit, body);
  });
  return f;
}

// plCloseForm closes an open plan as achieved or dropped with why, or
// opens a closed one again.
function plCloseForm(p) {
  const f = plWrite(el("form", null, "plan-form plan-close no-print"));
  f.id = "plan-close-form";
  if (p.state !== "open") {
    f.setAttribute("aria-label", t("plReopen"));
    const submit = el("button", t("plReopen"));
    submit.type = "submit";
    submit.id = "pl-reopen";
    f.append(submit);
    f.addEventListener("submit", (e) => { e.preventDefault(); plPlanWrite(f, submit, { state: "open" }); });
    return f;
  }
  f.setAttribute("aria-label", t("plClosePlan"));
  const sel = plSelect("pl-close-state", ["achieved", "dropped"].map((x) => [x, plStateName("planStates", x)]), "achieved");
  const why = el("input");
  why.id = "pl-close-note";
  why.maxLength = 500;
  const submit = el("button", t("plCloseGo"));
  submit.type = "submit";
  submit.id = "pl-close-go";
  f.append(el("h4", t("plClosePlan")), plField(t("plCloseAs"), sel), plField(t("plCloseWhy"), why), submit);
  f.addEventListener("submit", (e) => {
    e.preventDefault();
    const body = { state: sel.value };
    if (why.value.trim()) body.close_note = why.value.trim();
    plPlanWrite(f, submit, body);
  });
  return f;
}

// plPlanWrite sends a change of the open plan and shows it again; a
// refusal shows beside the form.
async function plPlanWrite(f, submit, body) {
  submit.disabled = true;
  try {
    await plSend("PATCH", "/api/v1/plans/" + enc(pl.plan.id), body);
    await reloadPlan("plSaved");
  } catch (err) {
    plFormError(f, err);
    submit.disabled = false;
  }
}

// plDeleteBox is an admin's "delete the plan", which asks first, naming
// what goes with it: its actions.
function plDeleteBox(res) {
  const box = el("div", null, "plan-form plan-delete no-print");
  box.id = "plan-delete";
  box.dataset.write = box.dataset.admin = "";
  const ask = plButton(t("plDeletePlan"), "danger", () => {
    const q = el("p", fmt("plDeleteAsk", res.target.name || res.target.id, res.action_list.length), "ask");
    q.id = "pl-delete-ask";
    const yes = plButton(t("plDeleteYes"), "danger", async () => {
      yes.disabled = true;
      try {
        await plSend("DELETE", "/api/v1/plans/" + enc(res.plan.id));
        pl.plan = null;
        $("#plan-title").textContent = t("plDeleted");
        $("#plan-body").replaceChildren();
        $("#plan-title").focus();
        plRefreshLists();
      } catch (err) {
        plFormError(box, err);
        yes.disabled = false;
      }
    });
    yes.id = "pl-delete-yes";
    yes.setAttribute("aria-describedby", q.id);
    const keep = plButton(t("shCancel"), "", () => { box.replaceWith(plDeleteBox(res)); $("#pl-delete").focus(); });
    box.replaceChildren(q, yes, " ", keep);
    keep.focus();
  });
  ask.id = "pl-delete";
  box.append(ask);
  return box;
}

// plFormError says beside a form why the server refused it (its message
// names the field).
function plFormError(form, err) {
  let p = form.querySelector(":scope > .notice");
  if (!p) {
    p = el("p", null, "notice");
    p.setAttribute("role", "alert");
    form.append(p);
  }
  p.textContent = err.message;
}

// ---- the stakeholder page: its plans, starting one, advice to actions ----

// stakeholderPlans is app.js's hook at the end of renderStakeholder: the
// plans for the stakeholder (fetched once per opening), the editor's
// "start a plan", and "make an action" beside each advice item.
function stakeholderPlans(sh) {
  if (!pl.sh || pl.sh.id !== sh.id) {
    pl.sh = { id: sh.id, res: null, form: false };
    loadStakeholderPlans(sh.id);
  }
  renderStakeholderPlans();
  if (!canWrite() || !sh.row) return;
  const items = $("#sh-advice").children;
  sh.row.advice.forEach((a, i) => {
    if (!ADVICE_ACTION_CODES.includes(a.code) || !items[i]) return;
    items[i].append(" ", plWrite(plButton(t("adviceAction"), "advice-action no-print", (e) => adviceToAction(e.currentTarget, sh, a), fmt("adviceActionLabel", inLang(a.name)))));
  });
}

async function loadStakeholderPlans(id) {
  const epoch = pl.epoch;
  const res = await api("/api/v1/plans?target_id=" + enc(id)).catch((e) => e);
  if (epoch !== pl.epoch || !pl.sh || pl.sh.id !== id) return;
  pl.sh.res = res;
  renderStakeholderPlans();
}

function renderStakeholderPlans() {
  const box = $("#sh-plans");
  if (!box || !pl.sh) return;
  box.replaceChildren(el("h3", t("shPlans")));
  const res = pl.sh.res;
  const ul = el("ul", null, "plain");
  // One line while loading, as "no plan yet" takes: the page below does
  // not jump when the answer comes.
  if (!res) ul.append(el("li", t("loading"), "muted"));
  else if (res instanceof Error) ul.append(el("li", res.message, "notice"));
  else if (res.plans.length === 0) ul.append(el("li", t("shNoPlans"), "muted"));
  else {
    for (const pp of res.plans) {
      const li = el("li", null, "sh-plan");
      li.append(plButton(plAim(pp.plan.aim), "link", () => openPlan(pp.plan.id), fmt("planOf", pp.target.name) + ", " + plAim(pp.plan.aim)),
        document.createTextNode(" — " + plStateName("planStates", pp.plan.state) + " · " + (pp.owner.name || pp.owner.id) + " · "), plCounts(pp.actions));
      ul.append(li);
    }
  }
  box.append(ul);
  if (!canWrite()) return;
  if (!pl.sh.form) {
    const b = plWrite(plButton(t("shStartPlan"), "start-plan no-print", () => { pl.sh.form = true; renderStakeholderPlans(); $("#sp-owner").focus(); }));
    b.id = "sh-start-plan";
    b.setAttribute("aria-expanded", "false");
    box.append(b);
    return;
  }
  box.append(startPlanForm(state.sh));
}

// startPlanForm makes a plan for the open stakeholder. Defaults: the
// owner is the stakeholder's owner, else the signed-in employee; the aim
// is the invest segment in six months; the route the intermediary of the
// best warm path shown.
function startPlanForm(sh) {
  const f = plWrite(el("form", null, "plan-form start no-print"));
  f.id = "sh-plan-form";
  f.setAttribute("aria-label", t("shStartPlan"));
  const owners = plEmployeeOptions();
  const has = (id) => id && owners.some(([x]) => x === id);
  const rowOwner = sh.row && sh.row.owner ? sh.row.owner.id : sh.entity && sh.entity.owner_id;
  const me = state.who && state.who.employee;
  const owner = plSelect("sp-owner", owners, has(rowOwner) ? rowOwner : has(me) ? me : undefined);
  const aimIn = plAimFields("sp", { segment: "invest", by: plDayAfter(0, 6) });
  // The routes: the introducer of each warm path shown, best first, with
  // the path it starts (kept as the plan's stored path).
  const vias = [], viaPath = new Map();
  const paths = sh.paths && !(sh.paths instanceof Error) ? sh.paths.paths || [] : [];
  for (const p of paths) {
    const n = p.nodes[1];
    if (p.nodes.length >= 3 && p.nodes[0].kind === "employee" && n.kind === "person" && !viaPath.has(n.id)) {
      vias.push([n.id, n.name]);
      viaPath.set(n.id, p.nodes.map((x) => x.id));
    }
  }
  const route = plSelect("sp-route", [["", t("plRouteNone")], ...vias], vias.length ? vias[0][0] : "");
  const noteIn = el("input");
  noteIn.id = "sp-note";
  noteIn.maxLength = 500;
  const submit = el("button", t("shStart"));
  submit.type = "submit";
  submit.id = "sp-go";
  const cancel = plButton(t("shCancel"), "", () => { pl.sh.form = false; renderStakeholderPlans(); $("#sh-start-plan").focus(); });
  f.append(plField(t("plOwner"), owner), plField(t("plAim"), aimIn.seg), plField(t("plAimAccessField"), aimIn.acc), plField(t("plBy"), aimIn.by),
    plField(t("plRoute"), route), plField(t("plNote"), noteIn), submit, cancel);
  f.addEventListener("submit", async (e) => {
    e.preventDefault();
    submit.disabled = true;
    const body = { target_id: sh.id, owner_id: owner.value, aim: aimIn.value() };
    if (route.value) body.route = { intermediary_id: route.value, path: viaPath.get(route.value) };
    if (noteIn.value.trim()) body.note = noteIn.value.trim();
    try {
      const p = await plSend("POST", "/api/v1/plans", body);
      pl.sh.form = false;
      loadStakeholderPlans(sh.id);
      if (pl.list) loadPlanList();
      openPlan(p.id);
    } catch (err) {
      plFormError(f, err);
      submit.disabled = false;
    }
  });
  return f;
}

// adviceToAction turns one advice item of the open stakeholder into an
// action (POST /conformance/actions for this stakeholder and code).
async function adviceToAction(button, sh, a) {
  button.disabled = true;
  try {
    const res = await plSend("POST", "/api/v1/conformance/actions", { codes: [a.code], stakeholder_ids: [sh.id] });
    const made = res.created[0];
    button.replaceWith(el("span", made ? fmt("adviceMade", plName(made.assignee_id), showDay(made.due)) : inLang(res.skipped[0] && res.skipped[0].reason), "asked"));
    plRefreshLists();
  } catch (e) {
    button.replaceWith(el("span", e.message, "notice"));
  }
}

// ---- the develop list: this page's advice as actions, in bulk ----

function bulkBox() {
  const box = $("#pl-bulk");
  box.replaceChildren();
  if (!canWrite()) { box.hidden = true; return; }
  box.hidden = false;
  const f = plWrite(el("form", null, "bulk no-print"));
  f.id = "bulk-form";
  f.setAttribute("aria-label", t("bulkTitle"));
  const assignee = plSelect("bulk-assignee", [["", t("bulkOwners")], ...plEmployeeOptions()], pl.bulk ? pl.bulk.assignee : "");
  const go = el("button", t("bulkPreview"));
  go.type = "submit";
  go.id = "bulk-preview";
  const overdue = el("input");
  overdue.type = "checkbox";
  overdue.id = "bulk-overdue";
  overdue.checked = !!(pl.bulk && pl.bulk.overdue);
  const check = el("label", null, "check");
  check.append(overdue, " ", el("span", t("bulkOverdue")));
  f.append(el("span", t("bulkTitle"), "bulk-title"), plField(t("bulkAssignee"), assignee), check, go);
  f.addEventListener("submit", (e) => { e.preventDefault(); bulkPreview(assignee.value, overdue.checked); });
  box.append(f);
  const b = pl.bulk;
  if (!b || !b.res) return;
  if (b.res instanceof Error) { box.append(note(b.res.message, "notice")); return; }
  const out = el("div", null, "bulk-result");
  out.id = "bulk-result";
  const name = (id) => { const r = b.rows.find((x) => x.stakeholder.id === id); return r ? r.stakeholder.name : plName(id); };
  if (b.made) {
    out.append(el("p", fmt("bulkMade", b.res.created.length, b.res.skipped.length), "saved"));
  } else if (b.res.created.length === 0) {
    out.append(el("p", t("bulkNone"), "muted"));
  } else {
    out.append(el("p", fmt("bulkWill", b.res.created.length, b.res.skipped.length)));
    const ul = el("ul", null, "bulk-list");
    for (const a of b.res.created) ul.append(el("li", name(a.stakeholder_id) + " — " + plStateName("actionKinds", a.kind) + " — " + plName(a.assignee_id) + ", " + showDay(a.due)));
    for (const s of b.res.skipped) ul.append(el("li", inLang(s.reason), "muted"));
    out.append(ul);
    const confirm = plWrite(plButton(fmt("bulkConfirm", b.res.created.length), "", () => bulkMake()));
    confirm.id = "bulk-confirm";
    out.append(confirm, " ", plButton(t("shCancel"), "", () => { pl.bulk = null; bulkBox(); }));
  }
  box.append(out);
}

// bulkPreview asks what the advice of the rows shown would make (a dry
// run) and shows it with a button to make them.
async function bulkPreview(assignee, overdue) {
  const rows = state.table.data ? state.table.data.rows : [];
  const body = { stakeholder_ids: rows.map((r) => r.stakeholder.id), dry_run: true };
  if (assignee) body.assignee_id = assignee;
  if (overdue) body.overdue = true;
  if (rows.length === 0) return;
  const epoch = pl.epoch;
  const res = await plSend("POST", "/api/v1/conformance/actions", body).catch((e) => e);
  if (epoch !== pl.epoch) return;
  pl.bulk = { rows, body, assignee, overdue, res };
  bulkBox();
}

async function bulkMake() {
  const b = pl.bulk;
  const body = { ...b.body, dry_run: false };
  const res = await plSend("POST", "/api/v1/conformance/actions", body).catch((e) => e);
  pl.bulk = { ...b, res, made: !(res instanceof Error) };
  bulkBox();
  plRefreshLists();
}

// ---- my actions ----

async function loadMyActions() {
  const emp = state.who && state.who.employee;
  if (!emp) return;
  const epoch = pl.epoch;
  const res = await api("/api/v1/actions?" + new URLSearchParams({ assignee_id: emp, state: "open", limit: "200" })).catch((e) => e);
  if (epoch !== pl.epoch) return;
  if (!(res instanceof Error)) await plLearnNames(res.items.map((a) => a.stakeholder_id));
  if (epoch !== pl.epoch) return;
  pl.mine = res;
  renderMyActions();
}

function feedAddress(withToken) {
  const u = new URL("/api/v1/calendar/" + enc(state.who.employee) + ".ics", location.href);
  if (state.lang === "nl") u.searchParams.set("lang", "nl");
  if (withToken) u.searchParams.set("token", token());
  return u.href;
}

function renderMyActions() {
  const sec = $("#my-actions");
  const emp = state.who && state.who.employee;
  sec.hidden = !emp;
  $("#nav-mine").hidden = !emp;
  const box = $("#mine-body");
  box.replaceChildren();
  if (!emp || !pl.mine) return;
  const res = pl.mine;
  if (res instanceof Error) { box.append(note(res.message, "notice")); return; }
  // The store orders by due day: the overdue come first.
  const items = res.items;
  const overdue = items.filter(plOverdue).length;
  $("#nav-mine").textContent = t("mineNav") + (items.length ? " (" + items.length + ")" : "");
  if (overdue) $("#nav-mine").append(" ", el("span", fmt("plOverdue", overdue), "overdue"));
  box.append(plActionTable(items, { mine: true }));
  const feed = el("p", null, "feed");
  feed.append(el("span", t("mineFeed")), " ");
  const code = el("code", feedAddress(false) + (feedAddress(false).includes("?") ? "&" : "?") + "token=…", "feed-url");
  code.id = "mine-feed";
  feed.append(code, " ");
  // webcal: asks the computer's calendar program to subscribe (Apple
  // Calendar, Outlook); the address carries the token, as calendar
  // programs send no header.
  const subscribe = el("a", t("mineSubscribe"), "subscribe no-print");
  subscribe.id = "mine-subscribe";
  subscribe.href = feedAddress(true).replace(/^https?:/, "webcal:");
  subscribe.rel = "noreferrer";
  feed.append(subscribe, " ");
  const copied = el("span", "", "muted");
  copied.setAttribute("role", "status");
  feed.append(plButton(t("mineCopy"), "no-print", async () => {
    try {
      await navigator.clipboard.writeText(feedAddress(true));
      copied.textContent = t("mineCopied");
    } catch (_) {
      copied.textContent = t("mineCopyFailed");
    }
  }), " ", copied);
  box.append(feed);
}

// ---- wiring ----

// signedInPlans is app.js's hook after sign-in, once the first screen
// is drawn: the filters, my actions, and the director's list when its
// card comes near the view (as the brokers: a page switched to another
// language asks only for its pictures again, and a sign-in for nothing
// below the first screen). The sections sit at the end of the page, so
// that their arrival moves nothing above them.
function signedInPlans() {
  $("#nav-plans").hidden = false;
  fillPlanFilters();
  renderMyActions();
  loadMyActions();
  bulkBox();
  plansObserver.observe($("#plans"));
}

const plansObserver = new IntersectionObserver((entries) => {
  if (!entries.some((e) => e.isIntersecting) || $("#app").hidden || !token()) return;
  plansObserver.disconnect();
  loadPlanList();
}, { rootMargin: "200px" });

// forgetPlans is app.js's hook on sign-out: nothing of the last person's
// plans stays in memory or in the page.
function forgetPlans() {
  pl.epoch++;
  Object.assign(pl, { list: null, offset: 0, plan: null, mine: null, sh: null, bulk: null, now: null });
  pl.names.clear();
  pl.kinds.clear();
  plansObserver.disconnect();
  for (const sel of ["#pl-table tbody", "#pl-range", "#plan-title", "#plan-body", "#mine-body", "#pl-bulk", "#pl-print-title", "#sh-plans"]) {
    const e = $(sel);
    if (e) e.replaceChildren();
  }
  const owner = $("#pl-owner");
  owner.replaceChildren(owner.options[0]);
  $("#pl-state").value = "";
  $("#plan").hidden = true;
  $("#my-actions").hidden = true;
  $("#nav-mine").hidden = true;
  $("#nav-mine").textContent = t("mineNav");
  $("#nav-plans").hidden = true;
}

// redrawPlans draws every part again in the language now chosen, from
// what it holds (the answers hold codes, names and both languages).
function redrawPlans() {
  fillPlanFilters();
  renderPlanList();
  renderPlan();
  renderMyActions();
  renderStakeholderPlans();
  bulkBox();
}

function initPlans() {
  $("#plan-title").tabIndex = -1;
  const box = el("div", null, "sh-plans");
  box.id = "sh-plans";
  $("#stakeholder .columns").after(box);
  for (const id of ["#pl-owner", "#pl-state"]) $(id).addEventListener("change", () => { pl.offset = 0; loadPlanList(); });
  $("#pl-filters").addEventListener("submit", (e) => e.preventDefault());
  $("#pl-print").addEventListener("click", printPlans);
  $("#pl-prev").addEventListener("click", () => { pl.offset = Math.max(0, pl.offset - PLAN_LIMIT); loadPlanList(); });
  $("#pl-next").addEventListener("click", () => { pl.offset += PLAN_LIMIT; loadPlanList(); });
  $("#plan-close").addEventListener("click", () => { pl.plan = null; $("#plan").hidden = true; $("#plan-body").replaceChildren(); });
  window.addEventListener("afterprint", () => document.body.classList.remove("print-plans"));
  // A new page of the develop list: a preview made for the last one goes.
  new MutationObserver(() => { if (pl.bulk) { pl.bulk = null; bulkBox(); } }).observe($("#table tbody"), { childList: true });
  // After app.js has switched the texts.
  for (const b of document.querySelectorAll("button[data-lang]")) b.addEventListener("click", redrawPlans);
}

initPlans();
