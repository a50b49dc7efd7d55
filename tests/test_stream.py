"""Streamed batches (issue 16, item 4): records filed on disk as they complete, statistics as running
sums, JSON Lines and CSV growing in `.part` files — and every output the same bytes as rendering the
whole batch at once, copy pass included."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from conftest import SEEDS, run_cli, seed
from test_batch import REPORT_SCHEMA
from test_copies import OWN_REPORT, TAKEN_LINES

from fzcheck import api, copies, run
from fzcheck.formats import render
from fzcheck.stats import Digest, Tally, compute, states


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The five samples, a township report taking three paragraphs of seed 000, and a file that cannot be read."""
    where = tmp_path_factory.mktemp("stream")
    for path in SEEDS:
        (where / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    source = seed("000").read_text(encoding="utf-8").splitlines()
    (where / "青石镇.txt").write_text(OWN_REPORT.format(taken="\n".join(source[n - 1] for n in TAKEN_LINES)), encoding="utf-8")
    (where / "坏文件.docx").write_bytes(b"PK\x03\x04 not a zip")
    return where


def _execute(folder: Path, out: Path, executor: str = "serial", jobs: int = 1, screen: str = "summary", progress=None):
    outputs = {fmt: str(out / f"result.{fmt}") for fmt in ("json", "jsonl", "csv", "html", "xlsx")}
    request = run.prepare({"paths": [str(folder)], "outputs": outputs, "format": screen}, audit=True)
    request = replace(request, executor=executor, jobs=jobs)
    return run.execute(request, progress), outputs


def _content(fmt: str, data: bytes):
    """The output's bytes; a workbook's parts but the creation time (docProps/core.xml)."""
    if fmt != "xlsx":
        return data
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}


@pytest.mark.parametrize("executor, jobs", [("serial", 1), ("process", 2)])
def test_streamed_outputs_are_the_whole_batch_rendered(folder, tmp_path, executor, jobs):
    result, outputs = _execute(folder, tmp_path, executor, jobs)
    batch = result.batch
    copier = next(r for r in batch.reports if r.path.endswith("青石镇.txt"))
    flagged = next(r for r in copier.results if r.rule == "quality.copied-peer")
    assert flagged.status.value == "fail" and flagged.similar[0].path.endswith(seed("000").name)
    assert [f.path for f in batch.failures] == [str(folder / "坏文件.docx")]
    for fmt, target in outputs.items():
        expected = render(fmt, batch)
        expected = expected if isinstance(expected, bytes) else expected.encode()
        assert _content(fmt, Path(target).read_bytes()) == _content(fmt, expected), fmt
        assert not Path(target + ".part").exists()
    assert result.screen == render("summary", batch)
    assert result.exit_code == 3


def test_a_report_the_copy_pass_leaves_alone_was_rendered_by_its_worker_with_the_batch_count(folder, tmp_path):
    result, outputs = _execute(folder, tmp_path)
    lines = [json.loads(line) for line in Path(outputs["jsonl"]).read_text(encoding="utf-8").splitlines()]
    assert [line["path"].rsplit("/", 1)[-1] for line in lines][-1] == "坏文件.docx" and "message" in lines[-1]
    clean = next(line for line in lines if line["path"].endswith(seed("002").name))
    peer = next(r for r in clean["results"] if r["rule"] == "quality.copied-peer")
    assert peer["status"] == "pass" and peer["message"] == "已与本批其他5份报告比对，未发现大段雷同" and peer["weight"] == 0


def test_the_copy_pass_loads_only_the_reports_it_changes(folder):
    paths = sorted(str(p) for p in folder.glob("*.txt"))
    options = api.Options()
    docs = [api.parse(api.read(p)) for p in paths]
    reports = [copies.tentative(api.check_document(d, options), len(paths) - 1, options) for d in docs]
    prints = [copies.fingerprint(d) for d in docs]
    loaded: list[int] = []

    def load(n):
        loaded.append(n)
        return reports[n]

    changed, _ = copies.corpus_pass([r.metadata.level for r in reports], prints, [], options, load, assumed=len(paths) - 1)
    names = {Path(paths[n]).name for n in changed}
    # the source is not flagged: three of its paragraphs are far less than 30% of it
    assert names == {"青石镇.txt"} and sorted(loaded) == sorted(changed)
    (report,) = changed.values()
    result = next(r for r in report.results if r.rule == "quality.copied-peer")
    assert result.status.value == "fail" and [m.text for m in result.marks] == [p.text for p in result.similar[0].passages]


def test_json_lines_and_csv_grow_in_input_order_while_the_batch_runs(folder, tmp_path):
    seen: list[tuple[int, list[str], int]] = []  # reports done, paths in the .part file, CSV rows
    part, csv_part = tmp_path / "result.jsonl.part", tmp_path / "result.csv.part"

    def progress(item):
        done = sum(1 for _, _, _ in seen) + 1
        paths = [json.loads(line)["path"] for line in part.read_text(encoding="utf-8").splitlines()]
        seen.append((done, paths, csv_part.read_text(encoding="utf-8-sig").count("\n") - 1))

    result, outputs = _execute(folder, tmp_path, progress=progress)
    reports = [r.path for r in result.batch.reports]
    # serial: each report is written (and flushed) before the next one starts; the unreadable file adds no line
    assert [paths for _, paths, _ in seen] == [reports[: min(n, 5)] if n <= 5 else reports[: n - 1] for n, _, _ in seen]
    rows = [len(r.results) for r in result.batch.reports]
    assert [count for _, _, count in seen] == [sum(rows[: len(paths)]) for _, paths, _ in seen]
    assert len(Path(outputs["jsonl"]).read_text(encoding="utf-8").splitlines()) == len(reports) + 1


def test_a_run_stopped_half_way_leaves_every_finished_record_in_the_part_file(folder, tmp_path):
    done: list = []

    def progress(item):
        done.append(item)
        if len(done) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _execute(folder, tmp_path, progress=progress)
    lines = [json.loads(line) for line in (tmp_path / "result.jsonl.part").read_text(encoding="utf-8").splitlines()]
    assert [line["path"] for line in lines] == [d.path for d in done[:3] if isinstance(d, Digest)]
    assert not (tmp_path / "result.jsonl").exists() and not (tmp_path / "result.json").exists()
    csv_part = (tmp_path / "result.csv.part").read_text(encoding="utf-8-sig").splitlines()
    assert csv_part[0].startswith("文件,单位,标题") and {row.split(",")[0] for row in csv_part[1:]} == {line["path"] for line in lines}


def test_statistics_from_running_sums_in_any_order_are_the_batch_statistics():
    reports = [api.check_path(str(p)) for p in SEEDS] * 3
    expected = compute(reports)
    order = list(range(len(reports)))
    random.Random(7).shuffle(order)
    first, second = Tally(), Tally()
    for k, n in enumerate(order):
        (first if k % 2 else second).add(n, Digest.of(reports[n]), states(reports[n]))
    first.merge(second)
    assert first.result() == expected
    again = Tally()
    for n in order:
        again.add(n, Digest.of(reports[n]), states(reports[n]))
    again.add(4, Digest.of(reports[4]), states(reports[4]), sign=-1)  # a report taken back ...
    again.add(4, Digest.of(reports[4]), states(reports[4]))  # ... and counted again, as the copy pass does
    assert again.result() == expected


def test_the_command_line_writes_json_lines_that_are_the_json_records(folder, tmp_path):
    target, whole = tmp_path / "审查.jsonl", tmp_path / "审查.json"
    proc = run_cli("audit", str(folder), "-o", f"jsonl={target}", "-o", f"json={whole}", "--format", "jsonl", "-j", "2")
    assert proc.returncode == 3
    lines = target.read_text(encoding="utf-8").splitlines()
    assert proc.stdout.splitlines() == lines and len(lines) == 7
    data = json.loads(whole.read_text(encoding="utf-8"))
    jsonschema.validate(data, REPORT_SCHEMA)
    assert [json.loads(line) for line in lines] == data["reports"] + data["errors"]
    assert json.loads(lines[-1])["message"].startswith("无法读取")
    assert f"已写入 {target}" in proc.stderr and not (tmp_path / "审查.jsonl.part").exists()


def test_a_terminal_sees_a_progress_bar_that_knows_the_batch_size(folder):
    """On a terminal (a pseudo-terminal here) the audit shows 已检查/总数 as reports complete; in a pipe, nothing."""
    import os
    import pty
    import re
    import sys

    pid, fd = pty.fork()
    if pid == 0:  # the child: the audit, its stderr on the terminal
        os.execv(sys.executable, [sys.executable, "-m", "fzcheck", "audit", str(folder), "-j", "2"])
    shown = b""
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        shown += data
    _, status = os.waitpid(pid, 0)
    text = shown.decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 3
    files = len(list(folder.iterdir()))  # the unreadable one is checked too, and counts as done
    assert "检查中" in text and f"{files}/{files}" in text
    assert {int(done) for done in re.findall(rf"(\d+)/{files}\b", text)} <= set(range(files + 1))
    piped = run_cli("audit", str(folder), "-j", "2")
    assert "检查中" not in piped.stderr
