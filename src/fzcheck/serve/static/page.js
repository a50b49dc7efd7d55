"use strict";
// The self-check page: sends the upload or the pasted text to /api/check?view=1 and shows the answer.
// Every piece of report text goes into the page through textContent, never as HTML.

const $ = (id) => document.getElementById(id);
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };
const SEVERITY_LABEL = { error: "严重", warning: "警告", info: "提示" };
const STATUS = { pass: ["✓", "通过"], partial: ["◐", "部分"], fail: ["✗", "未通过"], skip: ["–", "不适用"] };
const ITEMS = [
  ["第一项", "主要举措和成效", ["outline.achievements"]],
  ["第二项", "存在的不足和原因", ["outline.shortcomings", "outline.causes"]],
  ["第三项", "党政主要负责人履行第一责任人职责情况", ["outline.first-responsible"]],
  ["第四项", "下一年度主要安排", ["outline.next-year-plan"]],
  ["第五项", "其他需要报告的情况", ["outline.other"]],
];
const WORST = ["fail", "partial", "pass", "skip"];

let current = null; // {form fields to resend, answer}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function setStatus(message, isError) {
  $("status").textContent = message;
  $("status").className = isError ? "status error" : "status";
}

function isFinding(result) {
  return (result.status === "fail" || result.status === "partial") && !result.suppressed;
}

function place(result) {
  const first = (result.marks || [])[0];
  if (first && first.table != null) return `表${first.table}第${first.row}行第${first.cell}格`;
  const loc = result.location || {};
  if (loc.page != null) return `第${loc.page}页`;
  if (loc.line != null) return `第${loc.line}行`;
  if (loc.paragraph != null) return `第${loc.paragraph}段`;
  return "全文";
}

async function send(fields) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append("profile", $("profile").value);
  setStatus("正在检查……");
  $("result").hidden = true;
  let response;
  try {
    response = await fetch("/api/check?view=1", { method: "POST", body: form });
  } catch (error) {
    setStatus("无法连接检查服务，请确认服务器仍在运行", true);
    return;
  }
  const answer = await response.json().catch(() => ({ message: `服务器返回了无法识别的内容（${response.status}）` }));
  if (!response.ok) {
    setStatus(answer.message || `检查失败（${response.status}）`, true);
    return;
  }
  current = { fields, answer };
  show(answer);
  setStatus(`检查完成：${answer.reports[0].path}`);
}

function show(answer) {
  const report = answer.reports[0];
  const results = report.results;
  $("score").textContent = report.score.toFixed(1);
  $("grade").textContent = report.grade;
  $("passed").textContent = report.passed ? "达标" : "未达标";
  $("passed").className = report.passed ? "passed-yes" : "passed-no";
  const c = report.counts;
  $("counts").textContent = `通过 ${c.pass} 项 · 部分通过 ${c.partial} 项 · 未通过 ${c.fail} 项 · 不适用 ${c.skip} 项`;
  $("reasons").textContent = report.reasons.join("；");
  const meta = report.metadata;
  const about = [report.path, meta.title || "（未识别出标题）"];
  if (meta.year) about.push(`${meta.year}年度`);
  about.push(`配置档：${report.profile}`);
  $("about").textContent = about.join(" · ");
  showItems(results);
  const spans = answer.view.marks;
  showText(answer.view.blocks, spans, results);
  showFindings(results, spans);
  $("result").hidden = false;
}

function showItems(results) {
  const list = $("items");
  list.replaceChildren();
  const byId = Object.fromEntries(results.map((r, i) => [r.rule, i]));
  for (const [label, name, ids] of ITEMS) {
    const present = ids.filter((id) => id in byId).map((id) => byId[id]);
    if (!present.length) continue;
    const status = WORST.find((s) => present.some((i) => results[i].status === s));
    const item = el("li");
    item.append(el("span", `sym ${status}`, STATUS[status][0]), el("strong", "", label), document.createTextNode(` ${name}`));
    for (const i of present) item.append(el("span", "sub", `${STATUS[results[i].status][0]} ${results[i].title}：${results[i].message}`));
    item.addEventListener("click", () => reveal(present.find((i) => results[i].status !== "pass") ?? present[0]));
    list.append(item);
  }
}

function showText(blocks, spans, results) {
  const container = $("report-text");
  container.replaceChildren();
  const byBlock = new Map();
  spans.forEach((span) => {
    if (!byBlock.has(span.block)) byBlock.set(span.block, []);
    byBlock.get(span.block).push(span);
  });
  let paragraph = null;
  let last = null;
  blocks.forEach((block, index) => {
    if (paragraph === null || block.paragraph !== last) {
      paragraph = el("p", block.heading ? "heading" : "");
      container.append(paragraph);
      last = block.paragraph;
    }
    const holder = el("span");
    holder.id = `b${index}`;
    const spansHere = byBlock.get(index) || [];
    paragraph.append(holder);
    fillBlock(holder, block.text, spansHere, results);
    for (const s of spansHere) {
      if (isFinding(results[s.result]) || document.getElementById(`r${s.result}`)) continue;
      const target = el("span"); // where a passed or skipped item stands, for the five items' links
      target.id = `r${s.result}`;
      holder.prepend(target);
    }
  });
}

function fillBlock(holder, text, spans, results) {
  const chars = Array.from(text); // offsets are code points
  const shown = spans.filter((s) => isFinding(results[s.result]));
  const cuts = new Set([0, chars.length]);
  shown.forEach((s) => { cuts.add(s.start); cuts.add(s.end); });
  const points = [...cuts].sort((a, b) => a - b);
  for (let k = 0; k < points.length; k++) {
    const at = points[k];
    for (const s of shown.filter((x) => x.start === at && x.start === x.end)) {
      const result = results[s.result];
      const words = s.place ? `▶ ${result.title}` : `▲ 此处缺：${result.title}`;
      const badge = el("span", `anchor ${result.severity}`, words);
      tag(badge, [s], results);
      holder.append(badge);
    }
    if (k + 1 >= points.length) break;
    const piece = chars.slice(at, points[k + 1]).join("");
    const covering = shown.filter((s) => !s.anchor && s.start <= at && s.end >= points[k + 1] && s.end > s.start);
    if (!covering.length) { holder.append(document.createTextNode(piece)); continue; }
    covering.sort((a, b) => SEVERITY_ORDER[results[a.result].severity] - SEVERITY_ORDER[results[b.result].severity]);
    const mark = el("mark", results[covering[0].result].severity, piece);
    tag(mark, covering, results);
    holder.append(mark);
  }
}

function tag(node, spans, results) {
  const ids = [...new Set(spans.map((s) => s.result))];
  node.dataset.results = ids.join(" ");
  node.title = ids.map((i) => results[i].title).join("；");
  node.addEventListener("click", (event) => { event.stopPropagation(); detail(ids); });
}

function showFindings(results, spans) {
  const list = $("findings");
  list.replaceChildren();
  const order = results.map((r, i) => i).filter((i) => isFinding(results[i]));
  order.sort((a, b) => SEVERITY_ORDER[results[a].severity] - SEVERITY_ORDER[results[b].severity] || a - b);
  $("finding-count").textContent = `（${order.length} 个）`;
  if (!order.length) list.append(el("li", "none", "没有发现问题。"));
  for (const i of order) {
    const r = results[i];
    const item = el("li", r.severity);
    item.tabIndex = 0;
    item.dataset.result = i;
    const head = el("div");
    head.append(el("span", `badge ${r.severity}`, SEVERITY_LABEL[r.severity]), el("span", "title", `${STATUS[r.status][0]} ${r.title}`), el("span", "place", place(r)));
    const printed = el("div", "print-only");
    printed.append(el("div", "", `建议：${r.suggestion}`), el("div", "", `依据：${r.basis}`));
    item.append(head, el("span", "message", r.message), printed);
    item.addEventListener("click", () => reveal(i));
    item.addEventListener("keydown", (event) => { if (event.key === "Enter") reveal(i); });
    list.append(item);
  }
}

function reveal(index) {
  const target = document.querySelector(`[data-results~="${index}"]`) || document.getElementById(`r${index}`);
  document.querySelectorAll(".flash").forEach((n) => n.classList.remove("flash"));
  if (target) {
    target.scrollIntoView({ block: "center" });
    target.classList.add("flash");
  }
  detail([index]);
}

function detail(ids) {
  const results = current.answer.reports[0].results;
  const body = $("detail-body");
  body.replaceChildren();
  for (const i of ids) {
    const r = results[i];
    body.append(el("h3", "", `${STATUS[r.status][0]} ${r.title}（${SEVERITY_LABEL[r.severity]}，${place(r)}）`));
    const facts = el("dl");
    for (const [label, value] of [["问题", r.message], ["修改建议", r.suggestion], ["依据", r.basis], ["规则编号", r.rule]]) {
      if (value) facts.append(el("dt", "", label), el("dd", "", value));
    }
    body.append(facts);
  }
  $("detail").hidden = false;
}

function download(blob, name) {
  const link = el("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function baseName() {
  return current.answer.reports[0].path.replace(/\.[^.]*$/, "") || "报告";
}

async function downloadWord() {
  const form = new FormData();
  for (const [key, value] of Object.entries(current.fields)) form.append(key, value);
  form.append("profile", $("profile").value);
  setStatus("正在生成带批注的 Word 副本……");
  const response = await fetch("/api/annotate", { method: "POST", body: form }).catch(() => null);
  if (!response) { setStatus("无法连接检查服务", true); return; }
  if (!response.ok) {
    const answer = await response.json().catch(() => ({}));
    setStatus(answer.message || `生成失败（${response.status}）`, true);
    return;
  }
  download(await response.blob(), `${baseName()}.审查.docx`);
  setStatus("已下载带批注的 Word 副本");
}

function downloadJson() {
  const { view, ...document } = current.answer;
  const blob = new Blob([JSON.stringify(document, null, 2)], { type: "application/json" });
  download(blob, `${baseName()}.fzcheck.json`);
}

function start() {
  const drop = $("drop");
  $("file").addEventListener("change", () => { const f = $("file").files[0]; if (f) send({ file: f }); $("file").value = ""; });
  ["dragenter", "dragover"].forEach((type) => drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add("over"); }));
  ["dragleave", "drop"].forEach((type) => drop.addEventListener(type, () => drop.classList.remove("over")));
  drop.addEventListener("drop", (e) => { e.preventDefault(); const f = e.dataTransfer.files[0]; if (f) send({ file: f }); });
  $("check-text").addEventListener("click", () => {
    const text = $("text").value;
    if (!text.trim()) { setStatus("请先粘贴报告全文", true); return; }
    send({ text });
  });
  $("profile").addEventListener("change", () => { if (current) send(current.fields); });
  $("download-docx").addEventListener("click", downloadWord);
  $("download-json").addEventListener("click", downloadJson);
  $("print").addEventListener("click", () => window.print());
  $("detail-close").addEventListener("click", () => { $("detail").hidden = true; });
}

start();
