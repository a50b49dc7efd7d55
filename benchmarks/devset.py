"""Figures for issue 9 over the composed development set (tests/data/devset.yaml).

    PYTHONPATH=src python benchmarks/devset.py                 # this checkout
    PYTHONPATH=/path/to/other/src python benchmarks/devset.py  # another version, for before/after

Prints: year, level, item 1, item 3 (all, and where it has its own heading), truncation noticed,
false "missing" verdicts after a cut, crashes. Works with versions before issue 9 (no `period`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from fzcheck import api

DEVSET = Path(__file__).resolve().parents[1] / "tests" / "data" / "devset.yaml"
MISSING_WORDS = ("全文未找到", "缺少")


def status(report, rule: str) -> str:
    return next((r.status.value for r in report.results if r.rule == rule), "absent")


def measure(cases: list[dict]) -> dict[str, tuple[int, int]]:
    tally: dict[str, list[int]] = {k: [0, 0] for k in ("year", "level", "item1", "item3", "item3-heading", "cut", "no-missing-after-cut", "no-crash")}

    def count(key: str, ok: bool) -> None:
        tally[key][0] += int(ok)
        tally[key][1] += 1

    for case in cases:
        expect = case["expect"]
        try:
            report = api.check_document(api.parse_text(case["text"], case["name"]))
        except Exception:  # noqa: BLE001 - a crash is a figure here
            count("no-crash", False)
            continue
        count("no-crash", True)
        meta = report.metadata
        year_ok = meta.year == expect["year"] and getattr(meta, "period", "") == expect.get("period", "")
        count("year", year_ok)
        count("level", meta.level == expect["level"])
        count("item1", status(report, "outline.achievements") == expect["item1"])
        if expect["cut"]:
            count("cut", meta.truncated)
            false_missing = [
                r for r in report.results
                if r.status.value == "fail" and any(r.message.startswith(w) or w in r.message for w in MISSING_WORDS)
            ]
            count("no-missing-after-cut", not false_missing)
        else:
            count("item3", status(report, "outline.first-responsible") == expect["item3"])
            if expect["item3"] == "pass":
                count("item3-heading", status(report, "outline.first-responsible") == "pass")
    return {k: (v[0], v[1]) for k, v in tally.items()}


FORMS_DOC = Path(__file__).resolve().parents[1] / "docs" / "supported-forms.md"
LEVEL_NAMES = {"township": "乡镇（街道）", "county": "县（市、区）", "city": "市", "department": "部门", "": "未识别→通用"}


def forms_markdown(cases: list[dict]) -> str:
    """docs/supported-forms.md: every real form the development set covers (checked by tests/test_devset.py)."""
    lines = [
        "# 支持的报告形式（自动生成）",
        "",
        "由 `python benchmarks/devset.py --write-forms` 从 `tests/data/devset.yaml` 生成，`tests/test_devset.py` 核对。",
        "每一行是一种在真实报告网页上见到的形式，测试用自拟的短摘录逐项验证（地名为虚构）。",
        "",
        "| 形式 | 年度 | 层级 | 第一项 | 第三项 | 截断 |",
        "|---|---|---|---|---|---|",
    ]
    for case in cases:
        e = case["expect"]
        year = e.get("period") or (str(e["year"]) if e["year"] else "未写明")
        lines.append(
            f"| {case['name']} | {year} | {LEVEL_NAMES[e['level']]} | {e['item1']} | {e['item3']} | {'是' if e['cut'] else ''} |"
        )
    return "\n".join(lines) + "\n"


def load_cases() -> list[dict]:
    return yaml.safe_load(DEVSET.read_text(encoding="utf-8"))["cases"]


def main() -> None:
    cases = load_cases()
    if "--write-forms" in sys.argv:
        FORMS_DOC.write_text(forms_markdown(cases), encoding="utf-8")
        print(f"wrote {FORMS_DOC}")
        return
    figures = measure(cases)
    print(f"{len(cases)} cases ({sum(1 for c in cases if c['expect']['cut'])} cut off) — {api.__file__}")
    for key, (good, total) in figures.items():
        share = f"{100 * good / total:.0f}%" if total else "–"
        print(f"  {key:22s} {good:3d}/{total:<3d} {share}")


if __name__ == "__main__":
    sys.exit(main())
