// regie.js — step 6 of the method on the page: ask an intermediary for an
// introduction from a warm path (editors only), and the "what changed"
// report between two days, which prints on one A4 page. It uses app.js's
// state, texts and request helpers (both are classic scripts, loaded in
// order).
"use strict";

Object.assign(TEXT.en, {
  askFor: "Ask %s for this introduction", asking: "Asking …", asked: "Requested from %s (%s)",
  alreadyAsked: "Already asked: %s has an open request for this introduction",
  changesTitle: "What changed", chFrom: "From", chTo: "To", chShow: "Show", chPrint: "Print this report", chCsv: "CSV",
  chPeriod: "What changed from %s to %s", chMoves: "Segment moves", chGained: "Warm paths gained", chLost: "Warm paths lost",
  chConformance: "On policy per segment", chIntros: "Introductions made", chNone: "none", chMore: "… and %d more (see the CSV)",
  chTargets: "of %d develop and invest targets", chVia: "via %s", chMade: "made", chMet: "met",
  chFromShare: "from", chToShare: "to", chPickDates: "Pick two days, the first not after the second.",
  chPlans: "Plans opened and closed", chOpened: "opened", chClosed_achieved: "achieved", chClosed_dropped: "dropped",
});
Object.assign(TEXT.nl, {
  askFor: "Vraag %s om deze introductie", asking: "Bezig …", asked: "Gevraagd aan %s (%s)",
  alreadyAsked: "Al gevraagd: er loopt een verzoek aan %s om deze introductie",
  changesTitle: "Wat veranderde", chFrom: "Van", chTo: "Tot", chShow: "Toon", chPrint: "Druk dit rapport af", chCsv: "CSV",
  chPeriod: "Wat veranderde van %s tot %s", chMoves: "Verschuivingen tussen segmenten", chGained: "Warme paden gewonnen", chLost: "Warme paden verloren",
  chConformance: "Volgens beleid per segment", chIntros: "Gemaakte introducties", chNone: "geen", chMore: "… en nog %d (zie de CSV)",
  chTargets: "van %d ontwikkel- en investeerdoelen", chVia: "via %s", chMade: "gemaakt", chMet: "ontmoet",
  chFromShare: "van", chToShare: "tot", chPickDates: "Kies twee dagen, de eerste niet na de tweede.",
  chPlans: "Plannen geopend en gesloten", chOpened: "geopend", chClosed_achieved: "bereikt", chClosed_dropped: "losgelaten",
});

// REPORT_ROWS is how many rows each list of the report shows, so that the
// report fits one A4 page; the CSV has them all.
const REPORT_ROWS = 10;

const regie = { changes: null };

function canWrite() { return !!state.who && (state.who.role === "editor" || state.who.role === "admin"); }

// canDelete says whether the signed-in token may delete: admins only.
function canDelete() { return !!state.who && state.who.role === "admin"; }

// askForIntroduction adds to a path's list item the button that asks the
// path's introducer — the first person after our employee — for the
// introduction: POST /api/v1/intros with the path it came from. Viewers
// see no button.
function askForIntroduction(li, p) {
  const nodes = p.nodes || [];
  if (!canWrite() || nodes.length < 3 || nodes[0].kind !== "employee" || nodes[1].kind !== "person") return;
  const via = nodes[1];
  const b = el("button", fmt("askFor", via.name), "ask-intro no-print");
  b.type = "button";
  b.dataset.write = "";
  b.addEventListener("click", async () => {
    b.disabled = true;
    b.textContent = t("asking");
    try {
      const r = await (await request("/api/v1/intros", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ employee_id: nodes[0].id, intermediary_id: via.id, target_id: nodes[nodes.length - 1].id, path: nodes.map((n) => n.id) }),
      })).json();
      b.replaceWith(el("span", fmt("asked", via.name, r.id), "asked"));
    } catch (e) {
      // 409: the same employee already has an open request through this
      // intermediary to this target (one at a time); say so in words.
      b.replaceWith(el("span", e.status === 409 ? fmt("alreadyAsked", via.name) : e.message, "notice"));
    }
  });
  li.append(" ", b);
}

// ---- what changed ----

const isoDay = (d) => d.toISOString().slice(0, 10);
const showDay = (s) => new Date(s).toLocaleDateString(locale(), { dateStyle: "medium", timeZone: "UTC" });

function changesQuery(format) {
  const q = new URLSearchParams({ from: $("#ch-from").value, to: $("#ch-to").value, lang: state.lang });
  if (format) q.set("format", format);
  return "/api/v1/reports/changes?" + q;
}

async function loadChanges() {
  const from = $("#ch-from").value, to = $("#ch-to").value;
  if (!from || !to || from > to) { regie.changes = new Error(t("chPickDates")); renderChanges(); return; }
  $("#ch-result").replaceChildren(el("p", t("loading"), "working"));
  const res = await api(changesQuery()).catch((e) => e);
  // A language switch meanwhile does not matter (the report holds codes);
  // a sign-out does.
  if (!token()) return;
  regie.changes = res;
  renderChanges();
}

// block returns one section of the report: a heading and a table of rows
// (at most REPORT_ROWS, then a line saying how many more).
function block(title, rows, cls) {
  const box = el("div", null, "ch-block " + cls);
  box.append(el("h3", title));
  const table = el("table");
  const body = el("tbody");
  if (rows.length === 0) {
    const tr = el("tr");
    tr.append(el("td", t("chNone"), "muted"));
    body.append(tr);
  }
  for (const cells of rows.slice(0, REPORT_ROWS)) {
    const tr = el("tr");
    for (const [text, c] of cells) tr.append(el("td", text, c || ""));
    body.append(tr);
  }
  table.append(body);
  box.append(table);
  if (rows.length > REPORT_ROWS) box.append(el("p", fmt("chMore", rows.length - REPORT_ROWS), "muted"));
  return box;
}

function share(s) {
  return s.stakeholders ? num(s.on_policy, 0) + "/" + num(s.stakeholders, 0) + " (" + num(s.share * 100, 0) + " %)" : "–";
}

function renderChanges() {
  const out = $("#ch-result");
  const res = regie.changes;
  out.replaceChildren();
  $("#ch-period").textContent = "";
  $("#ch-print").disabled = $("#ch-csv").disabled = !res || res instanceof Error;
  if (!res) return;
  if (res instanceof Error) { out.append(el("p", res.message, "notice")); return; }
  $("#ch-period").textContent = fmt("chPeriod", showDay(res.from), showDay(res.to));
  const path = (c) => [[c.target.name], [num(c.from_strength) + " → " + num(c.to_strength), "num"], [c.via ? fmt("chVia", c.via.name) : ""]];
  out.append(
    block(t("chMoves"), res.moves.map((m) => [[m.stakeholder.name], [segName(m.from.segment) + " → " + segName(m.to.segment)]]), "ch-moves"),
    block(t("chGained") + " (" + fmt("chTargets", res.targets) + ")", res.gained.map(path), "ch-gained"),
    block(t("chLost"), res.lost.map(path), "ch-lost"),
    block(t("chConformance"), res.conformance.map((c) => [[segName(c.segment)], [share(c.from) + " → " + share(c.to), "num"]]), "ch-conformance"),
    block(t("chIntros"), res.intros.map((i) => [[showDay(i.at)], [i.employee.name + " → " + i.intermediary.name + " → " + i.target.name],
      [t(i.state === "met" ? "chMet" : "chMade")]]), "ch-intros"),
    // A closed plan says as what it was closed (its state, achieved or
    // dropped); the closing note is in the CSV.
    block(t("chPlans"), res.plans.map((p) => [[showDay(p.at)], [p.owner.name + " → " + p.target.name],
      [t(p.change === "closed" ? "chClosed_" + p.state : "chOpened")]]), "ch-plans"),
  );
}

async function downloadChangesCSV() {
  try {
    const blob = await (await request(changesQuery("csv"))).blob();
    const a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = "changes-" + $("#ch-from").value + "-" + $("#ch-to").value + ".csv";
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  } catch (e) {
    status(e.message);
  }
}

// printChanges prints the report alone: the page's print layout shows
// only #changes while body has the class print-changes.
function printChanges() {
  document.body.classList.add("print-changes");
  window.print();
}

function initRegie() {
  const today = new Date();
  $("#ch-to").value = isoDay(today);
  $("#ch-from").value = isoDay(new Date(today.getTime() - 90 * 864e5));
  $("#ch-form").addEventListener("submit", (e) => { e.preventDefault(); loadChanges(); });
  $("#ch-print").addEventListener("click", printChanges);
  $("#ch-csv").addEventListener("click", downloadChangesCSV);
  window.addEventListener("afterprint", () => document.body.classList.remove("print-changes"));
  $("#signout").addEventListener("click", () => { regie.changes = null; renderChanges(); });
  // The report holds codes and names: a language switch draws it again
  // without fetching it (after app.js has switched the texts).
  for (const b of document.querySelectorAll("button[data-lang]")) b.addEventListener("click", () => renderChanges());
}

initRegie();
