"""The places of copied passages in Word reports, read again by the batch's workers (issue 13), and what
a report that changed or vanished since its check gets instead."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from fzcheck import api, copies
from fzcheck.copies.places import Places, read_here

from conftest import ROOT, SEEDS, seed
from render import to_docx
from test_copies import OWN_REPORT, TAKEN_LINES, _lines

# `fzcheck audit` run in this child as the command line runs it; prints which modules its main process loaded
AUDIT = """
import json, runpy, sys
sys.argv = ["fzcheck", *sys.argv[1:]]
try:
    runpy.run_module("fzcheck", run_name="__main__")
except SystemExit:
    pass
print(json.dumps(sorted(name for name in ("docx", "lxml") if name in sys.modules)), file=sys.stderr)
"""


@pytest.fixture(scope="module")
def word_batch(tmp_path_factory):
    """The five samples and a township report taking three paragraphs of seed 000, all as Word files."""
    folder = tmp_path_factory.mktemp("word")
    for path in SEEDS:
        to_docx(path.read_text(encoding="utf-8"), folder / f"{path.stem}.docx")
    source = _lines(seed("000"))
    to_docx(OWN_REPORT.format(taken="\n".join(source[n - 1] for n in TAKEN_LINES)), folder / "青石镇.docx")
    return folder


def _paragraph_text(path: Path, number: int) -> str:
    return docx.Document(str(path)).paragraphs[number - 1].text


def test_word_passages_are_placed_exactly_by_the_workers_and_the_client_never_loads_the_word_reader(word_batch):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", AUDIT, "audit", str(word_batch), "-j", "2", "--format", "json", "--exit-zero"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stderr.strip().splitlines()[-1]) == []  # every .docx was read in a worker
    reports = {Path(r["path"]).name: r for r in json.loads(proc.stdout)["reports"]}
    copier = next(r for r in reports["青石镇.docx"]["results"] if r["rule"] == copies.PEER)
    assert copier["status"] == "fail"
    similar = copier["similar"][0]
    source = word_batch / f"{seed('000').stem}.docx"
    assert Path(similar["path"]) == source and len(similar["passages"]) == len(TAKEN_LINES)
    for passage in similar["passages"]:
        for mark, path in ((passage["mark"], word_batch / "青石镇.docx"), (passage["other_mark"], source)):
            # a Word place: the paragraph's number in the file and the passage's characters in it
            assert mark.get("line") is None and mark["paragraph"] >= 1
            assert _paragraph_text(path, mark["paragraph"])[mark["start"] : mark["end"]] == mark["text"]
            assert len(mark["text"]) > 200
    assert copier["marks"] == [p["mark"] for p in similar["passages"]]


def _flagged_pair(tmp_path: Path):
    """A copier and its source as text files, their fingerprints and the copier's first shared passage."""
    source_text = seed("000").read_text(encoding="utf-8")
    source_path = tmp_path / "source.txt"
    source_path.write_text(source_text, encoding="utf-8")
    copier_path = tmp_path / "copier.txt"
    taken = "\n".join(_lines(seed("000"))[n - 1] for n in TAKEN_LINES)
    copier_path.write_text(OWN_REPORT.format(taken=taken), encoding="utf-8")
    prints = [copies.fingerprint(api.parse(api.ingest.read(str(p)))) for p in (copier_path, source_path)]
    passage = copies.match(prints).peers[0].passages[0]
    return copier_path, prints[0], passage


def test_a_passage_is_placed_at_its_line_once_its_report_is_read_again(tmp_path):
    path, fp, passage = _flagged_pair(tmp_path)
    places = Places()
    before = places.mark(fp, passage.start, passage.end, True)
    assert before.line == 8 and before.column is None  # its paragraph's line only, until the file is read
    assert places.resolve(read_here)
    exact = places.mark(fp, passage.start, passage.end, True)
    line = _lines(path)[exact.line - 1]
    assert exact.line == 8 and line[exact.column - 1 : exact.end_column - 1] == exact.text == fp.text[passage.start : passage.end]
    assert not places.resolve(read_here)  # nothing more wanted


@pytest.mark.parametrize("change", ["edited", "deleted"])
def test_a_report_changed_or_gone_since_its_check_keeps_its_paragraphs_places(tmp_path, change):
    path, fp, passage = _flagged_pair(tmp_path)
    if change == "edited":
        lines = _lines(path)
        lines[7] = "（三）" + lines[7]  # the copied paragraph no longer reads as when it was fingerprinted
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        path.unlink()
    places = Places()
    places.mark(fp, passage.start, passage.end, True)
    wanted = {p: tuple(spans) for p, spans in places.wanted.items()}
    assert copies.PlacesJob(wanted)(str(path)) == ((None,) if change == "edited" else ())
    places.resolve(read_here)
    kept = places.mark(fp, passage.start, passage.end, True)
    assert kept.line == 8 and kept.column is None and kept.text == fp.text[passage.start : passage.end]
