// The interview page: asks the questions the evaluator still needs (in its order), re-evaluates
// after every answer and shows the decision. Every text from the rules goes in through
// textContent, never as HTML.
"use strict";

const WORDS = {
  ja: {
    title: "規則による判定", inForce: "適用される規則", asOf: "評価日", dateHint: "YYYY-MM-DD または 令和6年3月31日",
    showAll: "すべての質問を表示", questions: "質問", answer: "判定", yes: "はい", no: "いいえ", unknown: "不明",
    choose: "選択してください", dlFacts: "事実ファイル (YAML) をダウンロード", dlDecision: "判定記録 (JSON) をダウンロード",
    tokenNeeded: "アクセストークンが必要です", token: "トークン", tokenSave: "送信", deadline: "期限", status: "状態",
    obligations: "なすべきこと", due: "期日", overdue: "期日超過", clause: "根拠", quote: "原文を表示",
    undecided: "未確定: さらに質問に答えてください", remaining: (n) => `残りの質問: ${n}`, done: "必要な質問にはすべて答えました",
    badDate: "日付は 2024-03-31 または 令和6年3月31日 の形で書いてください", decidedOn: "決定日", evalDate: "評価日",
    period: "措置の期間", none: "なし", asked: "回答済み", change: "回答を取り消す", lang: "English", langName: "日本語",
  },
  en: {
    title: "Rules decision", inForce: "Rules in force", asOf: "Evaluation date", dateHint: "YYYY-MM-DD or 令和6年3月31日",
    showAll: "Show all questions", questions: "Questions", answer: "Decision", yes: "Yes", no: "No", unknown: "I don't know",
    choose: "Choose…", dlFacts: "Download facts (YAML)", dlDecision: "Download decision record (JSON)",
    tokenNeeded: "An access token is needed", token: "Token", tokenSave: "Send", deadline: "Deadline", status: "Status",
    obligations: "What to do", due: "due", overdue: "overdue", clause: "Clause", quote: "Show the text",
    undecided: "Not decided yet: answer more questions", remaining: (n) => `Questions left: ${n}`, done: "Every needed question is answered",
    badDate: "Write the date as 2024-03-31 or 令和6年3月31日", decidedOn: "Decided", evalDate: "Evaluation date",
    period: "Period of the measure", none: "none", asked: "Answered", change: "Clear answer", lang: "日本語", langName: "English",
  },
};

const state = {
  lang: "ja", answers: {}, unknown: [], asOf: "", token: sessionStorage.getItem("ismap-rules-token") || "",
  rulesets: null, facts: null, last: null, lastText: "", showAll: false, perPage: 3,
};

const $ = (id) => document.getElementById(id);
const w = (key) => WORDS[state.lang][key];
const el = (tag, attrs, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") e.textContent = v; else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
};
const pick = (t) => (t ? (state.lang === "en" ? t.en || t.ja : t.ja || t.en) : "");

// --- dates: ISO and Japanese era (令和, 平成) ---
const ERAS = [["令和", "R", 2018, "2019-05-01"], ["平成", "H", 1988, "1989-01-08"], ["昭和", "S", 1925, "1926-12-25"]];
function wareki(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  if (!m) return "";
  for (const [name, , base, start] of ERAS) {
    if (iso >= start) {
      const y = Number(m[1]) - base;
      return `${name}${y === 1 ? "元" : y}年${Number(m[2])}月${Number(m[3])}日`;
    }
  }
  return "";
}
function parseDate(text) {
  let s = (text || "").trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  let y, mo, d;
  if (m) { [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]; } else {
    m = /^(令和|平成|昭和|R|H|S)\s*(元|\d{1,2})\s*[年.\/-]\s*(\d{1,2})\s*[月.\/-]\s*(\d{1,2})\s*日?$/i.exec(s);
    if (!m) return null;
    const era = ERAS.find((e) => e[0] === m[1] || e[1] === m[1].toUpperCase());
    y = era[2] + (m[2] === "元" ? 1 : Number(m[2])); mo = Number(m[3]); d = Number(m[4]);
  }
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
const both = (iso) => (iso ? `${iso}（${wareki(iso)}）` : w("none"));

// --- the API ---
async function api(path, body) {
  const headers = { "Content-Type": "application/json" };
  if (state.token) headers.Authorization = "Bearer " + state.token;
  const r = await fetch(path, body === undefined ? { headers } : { method: "POST", headers, body: JSON.stringify(body) });
  const text = await r.text();
  if (r.status === 401) { $("token-box").hidden = false; $("token").focus(); throw new Error(w("tokenNeeded")); }
  let json = null;
  try { json = JSON.parse(text); } catch (e) { /* not JSON */ }
  if (!r.ok) {
    const d = json && json.diagnostics && json.diagnostics[0];
    throw new Error(d ? `${d.message}${d.help ? " — " + d.help : ""}` : `HTTP ${r.status}`);
  }
  return { json, text };
}

function request() {
  const body = { facts: state.answers };
  if (state.asOf) body.as_of = state.asOf;
  if (state.unknown.length) body.unknown = state.unknown;
  return body;
}

async function evaluate() {
  $("error").textContent = "";
  // Marks the page busy while an answer is on its way (screen readers and tests wait on it).
  document.body.setAttribute("aria-busy", "true");
  try {
    const { json, text } = await api("/v1/eval", request());
    state.last = json; state.lastText = text;
    if (!state.facts || state.facts.id !== json.ruleset.id) {
      state.facts = (await api(`/v1/rulesets/${encodeURIComponent(json.ruleset.id)}/facts`)).json;
    }
    render();
  } catch (e) {
    $("error").textContent = e.message;
  } finally {
    document.body.setAttribute("aria-busy", "false");
  }
}

// --- the interview ---
function control(q) {
  const id = "f-" + q.fact.replace(/[^A-Za-z0-9_-]/g, "_");
  const label = pick(q.label) || q.fact;
  const fs = el("fieldset", { "data-fact": q.fact, "data-type": q.type });
  fs.append(el("legend", { id: id + "-legend", text: label }));
  if (q.description) fs.append(el("p", { class: "desc", id: id + "-desc", text: pick(q.description) }));
  const given = state.answers[q.fact];
  const isUnknown = state.unknown.includes(q.fact);
  const choice = (value, text, checked) => {
    const rid = `${id}-${value}`;
    return el("span", { class: "choice" },
      el("input", { type: "radio", name: id, id: rid, value, checked }),
      el("label", { for: rid, text }));
  };
  if (q.type === "bool") {
    fs.append(choice("true", w("yes"), given === true), choice("false", w("no"), given === false),
      choice("unknown", w("unknown"), isUnknown));
    fs.addEventListener("change", (ev) => answer(q, ev.target.value === "unknown" ? undefined : ev.target.value === "true", ev.target.value === "unknown"));
    return fs;
  }
  if (q.type === "enum") {
    const sel = el("select", { id, "aria-labelledby": id + "-legend" }, el("option", { value: "", text: w("choose") }));
    for (const v of q.values) sel.append(el("option", { value: v.value, text: pick(v.label) || v.value, selected: given === v.value }));
    if (q.optional) sel.append(el("option", { value: "__null", text: w("none"), selected: given === null }));
    sel.append(el("option", { value: "__unknown", text: w("unknown"), selected: isUnknown }));
    sel.addEventListener("change", () => {
      if (sel.value === "") return;
      answer(q, sel.value === "__null" ? null : sel.value === "__unknown" ? undefined : sel.value, sel.value === "__unknown");
    });
    fs.append(sel);
    return fs;
  }
  const input = el("input", { type: "text", id, "aria-labelledby": id + "-legend", autocomplete: "off",
    value: given === undefined || given === null ? "" : String(given), "aria-describedby": q.type === "date" ? id + "-hint" : null });
  fs.append(input);
  if (q.type === "date") fs.append(el("span", { class: "hint", id: id + "-hint", text: " " + w("dateHint") }));
  if (q.optional) {
    // An optional fact may be known to have no value (null), which is not the same as unknown.
    const none = el("input", { type: "checkbox", id: id + "-none", "data-role": "none", checked: given === null });
    fs.append(el("span", { class: "choice" }, none, el("label", { for: id + "-none", text: w("none") })));
    none.addEventListener("change", () => { if (none.checked) answer(q, null, false); });
  }
  const unk = el("input", { type: "checkbox", id: id + "-unknown", "data-role": "unknown", checked: isUnknown });
  fs.append(el("span", { class: "choice" }, unk, el("label", { for: id + "-unknown", text: w("unknown") })));
  const err = el("span", { class: "field-error", role: "status" });
  fs.append(err);
  input.addEventListener("change", () => {
    const raw = input.value.trim();
    if (raw === "") return;
    if (q.type === "date") {
      const iso = parseDate(raw);
      if (!iso) { err.textContent = " " + w("badDate"); return; }
      answer(q, iso, false);
    } else if (q.type === "number") {
      answer(q, Number(raw), false);
    } else {
      answer(q, raw, false);
    }
  });
  unk.addEventListener("change", () => { if (unk.checked) answer(q, undefined, true); });
  return fs;
}

function answer(q, value, unknown) {
  delete state.answers[q.fact];
  state.unknown = state.unknown.filter((f) => f !== q.fact);
  if (unknown) state.unknown.push(q.fact); else state.answers[q.fact] = value;
  evaluate().then(() => {
    // Keep the keyboard where the person is: on the next question.
    const next = document.querySelector("#form fieldset input, #form fieldset select");
    if (next && !state.showAll) next.focus();
  });
}

function renderForm() {
  const form = $("form");
  form.replaceChildren();
  const e = state.last;
  if (!e) return;
  const questions = state.showAll && state.facts
    ? state.facts.facts.filter((f) => !f.informational)
    : e.questions.slice(0, state.perPage);
  for (const q of questions) form.append(control(q));
  $("progress").textContent = e.questions.length ? w("remaining")(e.questions.length) : w("done");
}

// --- the answer ---
function renderDecisions() {
  const box = $("decisions");
  box.replaceChildren();
  const e = state.last;
  if (!e) return;
  // The main decisions, then any other decision that carries obligations (what to do next).
  const others = Object.keys(e.decisions).filter((n) => !e.main.includes(n) && (e.decisions[n].obligation_items || []).length);
  for (const name of e.main.concat(others)) {
    const d = e.decisions[name];
    const div = el("div", { class: "decision", "data-decision": name });
    div.append(el("h3", { text: pick(d.title) || name }));
    if (!d.determined) div.append(el("p", { class: "undecided", text: w("undecided") }));
    const outcome = pick(d.outcome_title) || d.outcome || "";
    if (outcome) div.append(el("p", { class: "measure", text: outcome }));
    const dl = el("dl");
    dl.append(el("dt", { text: w("deadline") }), el("dd", { class: "deadline", "data-iso": d.deadline || "", text: both(d.deadline) }));
    dl.append(el("dt", { text: w("status") }), el("dd", { class: "status", text: d.status || "" }));
    if (d.source) dl.append(el("dt", { text: w("clause") }), el("dd", {}, cite(d.source)));
    div.append(dl);
    const items = d.obligation_items || [];
    if (items.length) {
      div.append(el("h4", { text: w("obligations") }));
      const ul = el("ul", { class: "obligations" });
      for (const o of items) {
        const li = el("li", { "data-id": o.id }, el("span", { class: "text", text: pick(o.text) || o.id }));
        if (o.due) li.append(el("span", { class: o.overdue ? "due overdue" : "due", text: ` — ${w("due")} ${both(o.due)}${o.overdue ? " (" + w("overdue") + ")" : ""}` }));
        if (o.source) li.append(" ", cite(o.source));
        ul.append(li);
      }
      div.append(ul);
    }
    box.append(div);
  }
}

function cite(source) {
  const clause = el("span", { class: "clause", text: source.clause });
  if (!source.quote) return clause;
  return el("details", { class: "cite" }, el("summary", {}, clause, " ", w("quote")), el("blockquote", { text: source.quote }));
}

// The decision date, the measure's period up to its deadline, and the evaluation date on one line.
function renderTimeline() {
  const box = $("timeline");
  box.replaceChildren();
  const e = state.last;
  if (!e) return;
  const d = e.decisions[e.main[0]];
  const points = [[e.ruleset.decided_on, w("decidedOn")], [e.as_of, w("evalDate")]];
  if (d && d.deadline) points.push([d.deadline, w("deadline")]);
  const days = (iso) => Date.parse(iso + "T00:00:00Z") / 864e5;
  const xs = points.map((p) => days(p[0]));
  const lo = Math.min(...xs), hi = Math.max(...xs), span = Math.max(1, hi - lo);
  const W = 640, x = (iso) => 40 + ((days(iso) - lo) / span) * (W - 80);
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  const sv = (tag, attrs, text) => {
    const n = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    return n;
  };
  svg.setAttribute("viewBox", `0 0 ${W} 110`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", "timeline-title");
  svg.append(sv("title", { id: "timeline-title" }, points.map((p) => `${p[1]} ${p[0]}`).join(", ")));
  svg.append(sv("line", { x1: 40, y1: 55, x2: W - 40, y2: 55, stroke: "#888", "stroke-width": 2 }));
  if (d && d.deadline) {
    svg.append(sv("rect", { x: x(e.ruleset.decided_on), y: 49, width: Math.max(1, x(d.deadline) - x(e.ruleset.decided_on)), height: 12, fill: "#9ec1e8" }));
    svg.append(sv("text", { x: (x(e.ruleset.decided_on) + x(d.deadline)) / 2, y: 80, "text-anchor": "middle", fill: "#1a1a1a" }, w("period")));
  }
  points.forEach(([iso, label], i) => {
    svg.append(sv("circle", { cx: x(iso), cy: 55, r: 6, fill: i === 1 ? "#f0a500" : "#1d4e89" }));
    const anchor = x(iso) < W * 0.2 ? "start" : x(iso) > W * 0.8 ? "end" : "middle";
    svg.append(sv("text", { x: x(iso), y: i === 1 ? 100 : 30 - (i === 2 ? 0 : 12), "text-anchor": anchor, fill: "#1a1a1a" }, `${label} ${iso}`));
  });
  box.append(svg);
}

function render() {
  document.documentElement.lang = state.lang;
  for (const n of document.querySelectorAll("[data-i18n]")) n.textContent = w(n.dataset.i18n);
  $("lang").textContent = w("lang");
  $("lang").setAttribute("aria-pressed", state.lang === "en" ? "true" : "false");
  document.title = `${w("title")} — ismap-rules`;
  const rs = state.last ? state.last.ruleset : null;
  const info = rs && state.rulesets ? state.rulesets.rulesets.find((r) => r.id === rs.id) : null;
  $("ruleset").textContent = rs ? `${info && info.title ? pick(info.title) + " " : ""}(${rs.id}, ${w("inForce")} ${both(rs.effective_from)})` : "";
  if (state.last && !$("as-of").value) $("as-of").value = state.last.as_of;
  renderForm();
  renderDecisions();
  renderTimeline();
}

// --- downloads ---
function yamlScalar(v) {
  if (v === null) return "null";
  if (typeof v === "boolean" || typeof v === "number") return String(v);
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  return JSON.stringify(v);
}
function factsYAML() {
  let out = `# ismap-rules facts (${state.last ? state.last.ruleset.id : ""})\n`;
  if (state.asOf || state.last) out += `as_of: ${state.asOf || state.last.as_of}\n`;
  for (const [k, v] of Object.entries(state.answers)) out += `${JSON.stringify(k)}: ${yamlScalar(v)}\n`;
  if (state.unknown.length) out += `unknown: [${state.unknown.map((u) => JSON.stringify(u)).join(", ")}]\n`;
  return out;
}
function download(name, type, text) {
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

function start() {
  $("lang").addEventListener("click", () => { state.lang = state.lang === "ja" ? "en" : "ja"; render(); });
  $("show-all").addEventListener("change", () => { state.showAll = $("show-all").checked; render(); });
  $("as-of").addEventListener("change", () => {
    const raw = $("as-of").value.trim();
    const iso = raw === "" ? "" : parseDate(raw);
    if (iso === null) { $("error").textContent = w("badDate"); return; }
    state.asOf = iso;
    $("as-of").value = iso;
    evaluate();
  });
  $("token-save").addEventListener("click", () => {
    state.token = $("token").value;
    sessionStorage.setItem("ismap-rules-token", state.token);
    $("token-box").hidden = true;
    boot();
  });
  $("dl-facts").addEventListener("click", () => download("facts.yaml", "application/yaml", factsYAML()));
  $("dl-decision").addEventListener("click", () => download("decision.json", "application/json", state.lastText));
  boot();
}
async function boot() {
  try {
    state.rulesets = (await api("/v1/rulesets")).json;
  } catch (e) {
    $("error").textContent = e.message;
    return;
  }
  await evaluate();
}

document.addEventListener("DOMContentLoaded", start);
