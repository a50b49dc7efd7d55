"""`--output html=…`: one self-contained page (inline CSS, no scripts, no network loads)."""

from __future__ import annotations

from html import escape
from typing import Iterator

from fzcheck import __version__
from fzcheck.formats import Batch, similar
from fzcheck.formats.places import occurrences
from fzcheck.formats.text import LEVEL_LABELS, SEVERITY_LABELS
from fzcheck.formats.view import BatchView, View, ranked
from fzcheck.model import ReportResult, Status
from fzcheck.stats import BatchStats, Digest, subject

CSS = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:2em auto;max-width:1200px;color:#222;line-height:1.5}
h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:2px solid #c00;padding-bottom:.2em;margin-top:2em}h3{font-size:1.1em}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}tr.fail td{background:#fff1f0}.ok{color:#1a7f37}.bad{color:#c00}.part{color:#b36b00}
.bar{display:inline-block;height:.8em;background:#1a7f37;vertical-align:middle}.muted{color:#777;font-size:.9em}
.report{border:1px solid #ddd;border-radius:6px;padding:.5em 1em;margin:1em 0}.ev{color:#555;font-size:.9em}
"""
MARK_CLASS = {Status.PASS: "ok", Status.PARTIAL: "part", Status.FAIL: "bad", Status.SKIP: "muted"}


RANK = "<fzcheck-rank>"  # in a report's piece, replaced by its rank on assembly; escaped text never holds a "<"


def _summary(digests: list[Digest]) -> list[str]:
    rows = ["<table><tr><th>排名</th><th>文件</th><th>单位</th><th>年度</th><th>层级</th><th>得分</th><th>等级</th><th>结论</th><th>未通过项</th></tr>"]
    for rank, d in enumerate(digests, start=1):
        css = "" if d.passed else ' class="fail"'
        rows.append(
            f"<tr{css}><td>{rank}</td><td><a href=\"#r{rank}\">{escape(d.path)}</a></td><td>{escape(d.subject)}</td>"
            f"<td>{d.year or ''}</td><td>{escape(LEVEL_LABELS.get(d.level, d.level))}</td><td>{d.score:.1f}</td>"
            f"<td>{d.grade}</td><td>{'通过' if d.passed else '未通过'}<div class=\"muted\">{escape('；'.join(d.reasons))}</div></td>"
            f"<td>{escape('、'.join(d.failed))}</td></tr>"
        )
    rows.append("</table>")
    return rows


def _statistics(stats: BatchStats, failures: int) -> list[str]:
    parts = [
        f"<p>共 {stats.reports} 份报告，通过 {stats.passed} 份；无法读取 {failures} 份。"
        f"得分：平均 {stats.mean}，中位数 {stats.median}，最低 {stats.lowest}，最高 {stats.highest}。</p>",
        "<table><tr><th>等级</th><th>份数</th></tr>" + "".join(f"<tr><td>{g}</td><td>{n}</td></tr>" for g, n in stats.grades) + "</table>",
        "<h3>各项通过率</h3><table><tr><th>规则</th><th>名称</th><th>严重程度</th><th>适用</th><th>通过</th><th>部分</th><th>未通过</th><th>通过率</th></tr>",
    ]
    for rule in stats.rules:
        width = int((rule.pass_rate or 0) * 120)
        parts.append(
            f"<tr><td>{escape(rule.rule)}</td><td>{escape(rule.title)}</td><td>{SEVERITY_LABELS[rule.severity]}</td><td>{rule.applicable}</td>"
            f"<td>{rule.passed}</td><td>{rule.partial}</td><td>{rule.failed}</td>"
            f"<td><span class=\"bar\" style=\"width:{width}px\"></span> {rule.rate_text}</td></tr>"
        )
    parts.append("</table><h3>最常见的问题</h3><ol>")
    for rule in stats.common_gaps():
        parts.append(f"<li>{escape(rule.title)}（{escape(rule.rule)}）：{rule.failed} 份未通过，{rule.partial} 份部分通过</li>")
    parts.append("</ol>")
    return parts


def _similar(reports: list[ReportResult]) -> list[str]:
    """Each report that repeats another: the other report, the share, and every shared passage with its places."""
    found = similar.all_pairs(reports)
    if not found:
        return ["<p>未发现雷同报告（同批报告之间、与往年报告之间均未发现大段相同的内容）。</p>"]
    parts = [
        "<table><tr><th>报告</th><th>类别</th><th>相似报告</th><th>相同比例</th><th>雷同段落</th></tr>"
    ]
    for pair in found:
        rows = "".join(
            f"<li>本报告{escape(similar.where(p.mark))}：{escape(p.mark.text or p.text)}"
            f"<div class=\"muted\">相似报告{escape(similar.where(p.other_mark))}：{escape(p.other_mark.text or p.other_text)}</div></li>"
            for p in similar.passages(pair)
        )
        suppressed = f'<div class="muted">（{escape(pair.suppressed)}）</div>' if pair.suppressed else ""
        parts.append(
            f"<tr class=\"fail\"><td>{escape(pair.report.path)}<div class=\"muted\">{escape(subject(pair.report))}</div></td>"
            f"<td>{pair.relation}</td><td>{escape(similar.other_label(pair))}</td><td>{similar.share(pair.similar.share)}{suppressed}</td>"
            f"<td><ol>{rows}</ol></td></tr>"
        )
    parts.append("</table>")
    return parts


def _report(rank: int, report) -> list[str]:
    meta = report.metadata
    parts = [
        f'<div class="report" id="r{rank}"><h3>{rank}. {escape(report.path)}</h3>',
        f"<p>{escape(meta.title or '（未识别出标题）')} · {meta.year or '年度未识别'} · {escape(LEVEL_LABELS.get(meta.level, meta.level))} · "
        f"得分 <b>{report.score:.1f}</b>（{report.grade}）{'通过' if report.passed else '<span class=bad>未通过</span>'}</p>",
        "<table><tr><th></th><th>规则</th><th>结论</th><th>位置</th><th>建议</th></tr>",
    ]
    for result in sorted(report.results, key=lambda r: (r.status is Status.PASS, r.status is Status.SKIP)):
        evidence = "".join(f'<div class="ev">· {escape(e)}</div>' for e in result.evidence[:3]) if result.status is not Status.PASS else ""
        suppressed = f'<div class="muted">（{escape(result.suppressed)}）</div>' if result.suppressed else ""
        parts.append(
            f'<tr><td class="{MARK_CLASS[result.status]}">{result.status.mark} {result.status.label}</td>'
            f"<td>{escape(result.title)}<div class=\"muted\">{escape(result.rule)} · {SEVERITY_LABELS[result.severity]}</div></td>"
            f"<td>{escape(result.message)}{evidence}{suppressed}</td>"
            f"<td>{_places(result)}<div class=\"muted\">{escape(result.location.section)}</div></td>"
            f"<td>{escape(result.suggestion)}</td></tr>"
        )
    parts.append("</table></div>")
    return parts


def _places(result) -> str:
    if not result.marks or result.status is Status.PASS:
        return escape(result.location.describe())
    return "".join(f"<div>{escape(occurrence)}</div>" for occurrence in occurrences(result))


def piece(report: ReportResult) -> bytes:
    """A report's section, made where the report is checked; its rank is filled in on assembly."""
    return "\n".join(_report(RANK, report)).encode("utf-8")  # type: ignore[arg-type]


def document(view: View) -> Iterator[bytes]:
    order = ranked(view)
    digests = [view.digests[k] for k in order]
    stats = view.stats()
    parts = [
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
        "<title>法治政府建设年度报告审查结果</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>法治政府建设年度报告审查结果</h1>",
        f'<p class="muted">由 fzcheck {__version__} 生成。</p>',
        "<h2>汇总</h2>",
        *_summary(digests),
        "<h2>批次统计</h2>",
        *_statistics(stats, len(view.failures)),
    ]
    if any(rule.rule in similar.RELATIONS and rule.applicable for rule in stats.rules):
        parts.append("<h2>相似报告</h2>")
        parts.extend(_similar([view.report(k) for k in order if view.digests[k].copied]))
    if view.failures:
        parts.append("<h2>无法读取的文件</h2><ul>")
        parts.extend(f"<li>{escape(f.message)}</li>" for f in view.failures)
        parts.append("</ul>")
    parts.append("<h2>各报告明细</h2>")
    yield ("\n".join(parts) + "\n").encode("utf-8")
    for rank, section in enumerate(view.pieces("html", order), start=1):
        yield section.replace(RANK.encode(), str(rank).encode()) + b"\n"
    yield "</body></html>\n".encode("utf-8")


def render(batch: Batch) -> str:
    return b"".join(document(BatchView(batch))).decode("utf-8")
