"""Crafted hostile inputs, each timed end to end (read → check) in this process (issue 15).

    python benchmarks/attack.py [--sizes 10000,100000,1000000]

For the inputs that used to be quadratic the time is shown at 10k / 100k / 1M characters (or tags):
linear growth means about ×10 per step. The others show the time until the promised refusal.
Nothing here asserts a time; the figures go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from fzcheck import api, profiles  # noqa: E402
from fzcheck.errors import RuleSetError  # noqa: E402
from fzcheck.model import ReadFailure  # noqa: E402

HEAD = "关于2024年法治政府建设情况的报告\n一、主要举措和成效\n"
SCALED = {
    "网页：嵌套 <div>（个）": lambda n: ("deep.html", ("<html><body>" + "<div>" * n + "法治政府建设" + "</div>" * n).encode()),
    "章节中的长串数字（字）": lambda n: ("digits.txt", (HEAD + "1" * n + "\n").encode()),
    "一行 “[bookmark:”（字）": lambda n: ("bookmarks.txt", (HEAD + "[bookmark:" * (n // 10) + "\n").encode()),
    "网页：不闭合的 <li> 与多余的结束标签（个）": lambda n: ("li.html", ("<ul>" + "<li>依法行政" * (n // 2) + "</span>" * (n // 2)).encode()),
}


def _docx_bytes(change) -> bytes:
    from render import to_docx

    sample = next((ROOT / "samples").glob("002*.txt")).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        source = zipfile.ZipFile(to_docx(sample, Path(folder) / "a.docx", word_numbering="paragraph"))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info)
                target.writestr(info.filename, change(info.filename, data))
        return buffer.getvalue()


def _pdf_bomb() -> bytes:
    from test_hostile_files import _pdf_with_stream

    return _pdf_with_stream(512 << 20)


FIXED = {
    "PDF：内容流解压后 512 MB": lambda: ("bomb.pdf", _pdf_bomb()),
    "Word：XML 解压后 190 MB": lambda: ("xml.docx", _docx_bytes(lambda name, data: data.replace(b"<w:body>", b"<w:body><!--" + b" " * 190_000_000 + b"-->") if name == "word/document.xml" else data)),
    "Word：编号标签 200 万字": lambda: ("label.docx", _docx_bytes(lambda name, data: data.replace(b'w:val="%1\xe3\x80\x81"', b'w:val="' + b"%1" * 1_000_000 + b'"') if name == "word/numbering.xml" else data)),
    "Word：编号到第 100 项": lambda: ("hundred.docx", _docx_bytes(lambda name, data: data.replace(b'<w:start w:val="1"/>', b'<w:start w:val="99"/>', 1) if name == "word/numbering.xml" else data)),
    "文本：20 MB 空行": lambda: ("blank.txt", b"\n" * (20 * 1024 * 1024 - 1)),
}
RULES = {
    "规则文件：嵌套 50,000 层": "rules: " + "[" * 50_000 + "]" * 50_000 + "\n",
    "规则文件：别名炸弹（10⁸ 个值）": "a0: &a0 [依法, 依规]\n" + "".join(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]\n" for n in range(1, 9)),
    "规则文件：用户正则 (a+)+$": "rules:\n  - id: x.y\n    kind: phrases\n    title: t\n    severity: info\n    weight: 1\n    params: {phrases: ['(a+)+$'], match: regex}\n    message: m\n    suggestion: s\n    basis: b\n    examples: {pass: [a], fail: [b]}\n",
}


def _time_file(name: str, data: bytes) -> tuple[float, str]:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, name)
        Path(path).write_bytes(data)
        started = time.perf_counter()
        item = api.check_one(path)
        elapsed = time.perf_counter() - started
    outcome = item.message.split("：", 1)[-1][:40] if isinstance(item, ReadFailure) else f"已检查，得分 {item.score:.1f}"
    return elapsed, outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    api.check_one(str(next((ROOT / "samples").glob("002*.txt"))))  # warm: rules and jieba loaded
    print("| 输入 | " + " | ".join(f"{size:,}" for size in sizes) + " | 结果（最大规模） |")
    print("|---|" + "---:|" * len(sizes) + "---|")
    for label, make in SCALED.items():
        cells, outcome = [], ""
        for size in sizes:
            elapsed, outcome = _time_file(*make(size))
            cells.append(f"{elapsed:.2f} s")
        print(f"| {label} | " + " | ".join(cells) + f" | {outcome} |")
    print("\n| 输入 | 用时 | 结果 |\n|---|---:|---|")
    for label, make in FIXED.items():
        elapsed, outcome = _time_file(*make())
        print(f"| {label} | {elapsed:.2f} s | {outcome} |")
    for label, text in RULES.items():
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "rules.yaml"
            path.write_text(text, encoding="utf-8")
            started = time.perf_counter()
            try:
                profiles.validate_file(str(path))
                outcome = "通过（不应如此）"
            except RuleSetError as error:
                outcome = str(error).split("：", 1)[-1][:40]
            print(f"| {label} | {time.perf_counter() - started:.2f} s | {outcome} |")


if __name__ == "__main__":
    main()
