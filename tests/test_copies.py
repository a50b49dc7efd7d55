"""Copied reports (issue 13): a neighbour's paragraphs, last year's report with the years moved on,
the samples left clean, the index round-trip and a corrupt index."""

from __future__ import annotations

import json
import pickle
import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from fzcheck import api, copies, ingest, run
from fzcheck.copies import index as copies_index
from fzcheck.stream import Lazy
from fzcheck.textfold import fold_plain

from conftest import SEEDS, run_cli, seed

TAKEN_LINES = (11, 17, 19)  # three body paragraphs of seed 000 (故陵镇), none of them pasted regulation text

OWN_REPORT = """中共青石镇委员会 青石镇人民政府
关于2023年度法治政府建设情况的报告
县委、县政府：
2023年，青石镇在县委、县政府的坚强领导下，扎实推进法治政府建设，现将有关情况报告如下。
一、主要举措和成效
（一）规范行政执法。全年办理行政处罚案件19件，全部经过法制审核，案卷评查合格率100%，没有一件被复议撤销。
（二）化解矛盾纠纷。镇村两级调委会排查纠纷163起，调处成功158起，青石村“老娘舅”调解室被评为市级示范点。
{taken}
二、存在的不足和原因
一是执法人员持证率不高，原因是新进人员多、考试安排少；二是村级法律顾问作用发挥不够，原因是服务时间不固定。
三、党政主要负责人履行推进法治建设第一责任人职责情况
镇党委书记主持召开专题会议3次，镇长出庭应诉2次，年终述法在镇人大会议上进行。
四、2024年主要安排
一是开展执法人员轮训；二是落实村级法律顾问坐班制度。
中共青石镇委员会 青石镇人民政府
2024年1月10日
"""


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The five samples and a township report that takes three paragraphs from seed 000."""
    folder = tmp_path_factory.mktemp("batch")
    for path in SEEDS:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    source = _lines(seed("000"))
    taken = "\n".join(source[n - 1] for n in TAKEN_LINES)
    (folder / "青石镇.txt").write_text(OWN_REPORT.format(taken=taken), encoding="utf-8")
    return folder


def _result(report: dict, rule: str) -> dict:
    return next(r for r in report["results"] if r["rule"] == rule)


def test_the_copier_is_flagged_with_its_source_and_passages(batch):
    proc = run_cli("check", str(batch), "--format", "json")
    data = json.loads(proc.stdout)
    reports = {Path(r["path"]).name: r for r in data["reports"]}
    copier = _result(reports["青石镇.txt"], "quality.copied-peer")
    assert copier["status"] == "fail"
    assert "云阳县故陵镇" in copier["message"] and seed("000").name in copier["message"]
    similar = copier["similar"][0]
    assert Path(similar["path"]).name == seed("000").name and similar["issuer"] == "云阳县故陵镇"
    assert similar["share"] >= 0.3
    source_lines, copier_lines = _lines(seed("000")), _lines(batch / "青石镇.txt")
    # one passage per taken paragraph, each found at its line in both files
    assert sorted(p["other_mark"]["line"] for p in similar["passages"]) == list(TAKEN_LINES)
    assert copier["marks"] == [p["mark"] for p in similar["passages"]]
    for passage in similar["passages"]:
        mine, theirs = passage["mark"], passage["other_mark"]
        # each mark's text is the original at its place, in this report and in the source
        assert copier_lines[mine["line"] - 1][mine["column"] - 1 : mine["end_column"] - 1] == mine["text"]
        assert source_lines[theirs["line"] - 1][theirs["column"] - 1 : theirs["end_column"] - 1] == theirs["text"]
        assert fold_plain(mine["text"]) == passage["text"] and fold_plain(theirs["text"]) == passage["other_text"]
        assert len(passage["text"]) > 200
    # the five originals are compared and stay clean, though they share formulas and headings
    for path in SEEDS:
        assert _result(reports[path.name], "quality.copied-peer")["status"] == "pass", path.name
    assert reports["青石镇.txt"]["score"] < run_score(batch / "青石镇.txt")


def run_score(path: Path) -> float:
    return api.check_file(str(path)).score


def _next_year(text: str) -> str:
    """Seed 002 re-submitted a year on: years moved on, a few names changed."""
    text = re.sub(r"20(2[3-5])", lambda m: f"20{int(m.group(1)) + 1}", text)
    for old, new in (("万州区", "万州区"), ("李河镇", "李河镇"), ("村", "社区")):
        text = text.replace(old, new)
    return text


def test_last_years_report_with_the_years_moved_on_is_found_through_an_index(tmp_path):
    last_year = tmp_path / "2024"
    last_year.mkdir()
    for path in SEEDS:
        (last_year / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    index = tmp_path / "2024.fzidx"
    proc = run_cli("audit", str(last_year), "--write-index", str(index), "--exit-zero", "-j", "1")
    assert proc.returncode == 0 and "已把 5 份报告写入索引" in proc.stderr, proc.stderr
    draft = tmp_path / "李河镇报告定稿.txt"
    draft.write_text(_next_year(seed("002").read_text(encoding="utf-8")), encoding="utf-8")
    proc = run_cli("check", str(draft), "--previous", str(index), "--format", "json")
    report = json.loads(proc.stdout)["reports"][0]
    found = _result(report, "quality.copied-previous")
    assert found["status"] == "fail", found["message"]
    similar = found["similar"][0]
    assert Path(similar["path"]).name == seed("002").name and similar["year"] == 2024
    assert similar["share"] > 0.8 and "2024年" in found["message"]
    assert _result(report, "quality.copied-peer")["status"] == "skip"  # one report: no neighbours
    # the seed itself is not "last year's" copy of itself, and other bodies are never compared
    proc = run_cli("check", str(seed("003")), "--previous", str(index), "--format", "json")
    assert _result(json.loads(proc.stdout)["reports"][0], "quality.copied-previous")["status"] == "skip"


def test_previous_can_be_a_single_report(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(_next_year(seed("002").read_text(encoding="utf-8")), encoding="utf-8")
    proc = run_cli("check", str(draft), "--previous", str(seed("002")), "--format", "json")
    assert _result(json.loads(proc.stdout)["reports"][0], "quality.copied-previous")["status"] == "fail"


def test_index_round_trip(tmp_path):
    prints = [copies.fingerprint(api.parse(ingest.read(str(path))), score=80.5) for path in SEEDS]
    path = str(tmp_path / "year.fzidx")
    assert copies.write_index(path, prints) == 5
    again = {fp.path: fp for fp in copies.read_index(path)}
    for fp in prints:
        back = again[fp.path]
        assert (back.issuer, back.level, back.year, back.score) == (fp.issuer, fp.level, fp.year, 80.5)
        assert (back.text, back.paragraphs, back.places) == (fp.text, fp.paragraphs, fp.places)
        assert back.hashes == fp.hashes and back.substantive == fp.substantive
    copies.write_index(path, prints[:1])  # a second year's batch adds to (or replaces in) the same file
    assert len(copies.read_index(path)) == 5


@pytest.mark.parametrize("content", [b"not a database at all", copies_index.MAGIC + b"\x00" * 200])
def test_a_corrupt_index_is_a_clear_error(tmp_path, content):
    index = tmp_path / "坏索引.fzidx"
    index.write_bytes(content)
    proc = run_cli("check", str(seed("002")), "--previous", str(index))
    assert proc.returncode == 2
    assert "无法读取往年索引" in proc.stderr and str(index) in proc.stderr and "Traceback" not in proc.stderr


def test_an_index_of_another_program_is_refused(tmp_path):
    index = tmp_path / "other.sqlite"
    connection = sqlite3.connect(index)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    with pytest.raises(copies.IndexError_, match="无法读取往年索引"):
        copies.read_index(str(index))


def test_audit_pool_carries_fingerprints_back(batch):
    items = api.expand([str(batch)])
    job = api.Job(api.Options(), (copies.FingerprintJob(),))
    pairs = run.check_all(items, api.Options(), 2, "process", job=job)
    results = [report for report, _ in pairs]
    extras = [fingerprint for _, (fingerprint,) in pairs]
    assert [fp.path for fp in extras] == [r.path for r in results]
    assert {fp.issuer for fp in extras} >= {"云阳县故陵镇", "青石镇"}


@pytest.fixture(scope="module")
def outputs(batch, tmp_path_factory):
    """The batch audited once into every batch output; the copier's file name needs escaping in HTML."""
    folder = tmp_path_factory.mktemp("named")
    for path in batch.iterdir():
        name = "青石镇<i>&amp.txt" if path.name == "青石镇.txt" else path.name
        (folder / name).write_bytes(path.read_bytes())
    out = tmp_path_factory.mktemp("out")
    files = {fmt: out / f"result.{fmt}" for fmt in ("xlsx", "html", "csv")}
    args = [arg for fmt, target in files.items() for arg in ("--output", f"{fmt}={target}")]
    proc = run_cli("audit", str(folder), "--format", "json", "--exit-zero", "-j", "1", *args)
    assert proc.returncode == 0, proc.stderr
    return folder, json.loads(proc.stdout), files


def test_excel_has_a_copied_column_and_a_similar_reports_sheet(outputs):
    from openpyxl import load_workbook

    folder, data, files = outputs
    copier, source = str(folder / "青石镇<i>&amp.txt"), str(folder / seed("000").name)
    book = load_workbook(files["xlsx"])
    assert book.sheetnames == ["汇总", "问题明细", "相似报告", "统计", "无法读取"]
    summary = book["汇总"]
    header = [c.value for c in summary[1]]
    column = header.index("雷同")
    cells = {row[1]: row[column] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert set(cells) == {r["path"] for r in data["reports"]}
    share = _result(next(r for r in data["reports"] if r["path"] == copier), "quality.copied-peer")["similar"][0]["share"]
    assert cells[copier] == f"{share:.0%} 云阳县故陵镇（{source}）"
    assert all(cells[path] is None for path in cells if path != copier)  # the five originals: empty
    sheet = book["相似报告"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == len(TAKEN_LINES)  # one row per shared passage
    source_lines, copier_lines = _lines(seed("000")), _lines(folder / "青石镇<i>&amp.txt")
    assert {(r["文件"], r["类别"], r["相似报告"], r["相似报告单位"], r["相同比例（%）"]) for r in rows} == {
        (copier, "同批", source, "云阳县故陵镇", round(share * 100, 1))
    }
    assert [r["段落"] for r in rows] == [1, 2, 3]
    places = re.compile(r"第(\d+)行第(\d+)列")
    assert sorted(int(places.fullmatch(r["相似报告位置"]).group(1)) for r in rows) == list(TAKEN_LINES)
    for r in rows:
        line, column_ = map(int, places.fullmatch(r["本报告位置"]).groups())
        assert copier_lines[line - 1][column_ - 1 :].startswith(r["本报告原文"])
        line, column_ = map(int, places.fullmatch(r["相似报告位置"]).groups())
        assert source_lines[line - 1][column_ - 1 :].startswith(r["相似报告原文"]) and len(r["相似报告原文"]) > 200


def test_html_has_a_similar_reports_section_with_places(outputs):
    from html import escape

    folder, data, files = outputs
    page = files["html"].read_text(encoding="utf-8")
    section = page.split("<h2>相似报告</h2>", 1)[1].split("<h2>", 1)[0]
    copier = next(r for r in data["reports"] if r["path"].endswith("&amp.txt"))
    assert escape(copier["path"]) in section and "<i>" not in section  # the name is escaped, not markup
    assert section.count("<tr class=\"fail\">") == 1  # one report repeats another; the originals are absent
    similar = _result(copier, "quality.copied-peer")["similar"][0]
    assert f"{similar['share']:.0%}" in section and escape(f"云阳县故陵镇（{similar['path']}）") in section
    for passage in similar["passages"]:
        mine, theirs = passage["mark"], passage["other_mark"]
        assert f"本报告第{mine['line']}行第{mine['column']}列：{escape(mine['text'])}" in section
        assert f"相似报告第{theirs['line']}行第{theirs['column']}列：{escape(theirs['text'])}" in section


def test_csv_rows_carry_the_copied_column(outputs):
    import csv
    import io

    folder, data, files = outputs
    rows = list(csv.DictReader(io.StringIO(files["csv"].read_bytes().decode("utf-8-sig"))))
    copied = {row["文件"]: row["雷同"] for row in rows}
    copier = next(r["path"] for r in data["reports"] if r["path"].endswith("&amp.txt"))
    assert copied[copier].endswith(f"云阳县故陵镇（{folder / seed('000').name}）") and copied[copier][0].isdigit()
    assert all(value == "" for path, value in copied.items() if path != copier)


def test_html_says_when_no_report_repeats_another(tmp_path):
    for path in SEEDS[:2]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    page = tmp_path / "out.html"
    proc = run_cli("audit", str(tmp_path), "--output", f"html={page}", "--exit-zero", "-j", "1")
    assert proc.returncode == 0, proc.stderr
    assert "<h2>相似报告</h2>\n<p>未发现雷同报告" in page.read_text(encoding="utf-8")


def _bench_copies():
    """benchmarks/bench_copies.py's generator: reports built from the samples' word bank, copies planted."""
    import importlib.util
    import sys

    if "bench_copies" in sys.modules:
        return sys.modules["bench_copies"]
    spec = importlib.util.spec_from_file_location("bench_copies", Path(__file__).resolve().parents[1] / "benchmarks" / "bench_copies.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_copies"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_minhash_lsh_finds_planted_copies_and_flags_no_unrelated_pair(monkeypatch):
    import os

    from fzcheck.copies import candidates

    if not candidates.available():
        if os.environ.get("FZCHECK_REQUIRE_REAL") == "1":
            pytest.fail("datasketch is not installed (pip install '.[test]') and FZCHECK_REQUIRE_REAL=1")
        pytest.skip("datasketch is not installed")
    bench = _bench_copies()
    corpus = bench.generate(240, seed=7, paragraph_copies=5, whole_copies=3)
    prints = []
    for number, text in enumerate(corpus.texts):
        fp = copies.fingerprint(api.parse_text(text, f"报告/{number:03d}.txt"), signature=True)
        assert fp.signature.startswith(candidates.TAG)  # the worker's per-chunk MinHash signatures
        prints.append(fp)
    used, original = [], candidates.lsh
    monkeypatch.setattr(candidates, "lsh", lambda *args: used.append(1) or original(*args))
    spool = Spool(prints)
    matches = copies.match(spool, lsh_above=100)
    assert used == [1]  # candidates came from MinHash LSH, not from the sampled index
    # a large batch's fingerprints are read from the run layer's spool when asked for, never all held:
    # once for the LSH signatures, once for common wording, and for the few candidate pairs
    assert spool.reads < 2 * len(prints) + 4 * len(corpus.planted) + 40, spool.reads
    flagged = bench.flagged(matches)
    for copier, source, kind in corpus.planted:
        assert (copier, source) in flagged, (copier, source, kind)
    groups = bench.related_groups(len(prints), corpus.planted)
    assert not [pair for pair in flagged if groups[pair[0]] != groups[pair[1]]]
    # the same reports without signatures (an index, an older worker): computed on the spot, same pairs
    again = copies.match([replace(fp, signature=b"") for fp in prints], lsh_above=100)
    assert bench.flagged(again) == flagged



def test_small_batch_candidates_come_from_the_workers_samples(batch):
    import itertools
    from array import array
    from collections import Counter

    from fzcheck.copies import candidates
    from fzcheck.copies.fingerprint import SAMPLE_BELOW

    prints = [copies.fingerprint(api.parse(ingest.read(str(path)))) for path in sorted(batch.iterdir())]
    for fp in prints:  # the same one in eight of every report's counted shingles, sorted
        assert fp.sample == array("I", sorted({value for value in fp.hashes if 0 < value < SAMPLE_BELOW}))
        assert 0 < len(fp.sample) < len(fp.hashes) / 4
    paths = [fp.path for fp in prints]
    copier, source = paths.index(str(batch / "青石镇.txt")), paths.index(str(batch / seed("000").name))
    found = candidates.sampled(prints, 4)
    assert (min(copier, source), max(copier, source)) in found
    # against every shingle: a candidate shares MIN_SAMPLED uncommon ones at least, and every pair sharing
    # a passage's worth (150) of uncommon shingles is a candidate
    sets = [frozenset(fp.hashes) - {0} for fp in prints]
    held = Counter(value for values in sets for value in values)
    for i, j in itertools.combinations(range(len(prints)), 2):
        uncommon = {value for value in sets[i] & sets[j] if held[value] < 4}
        if len(uncommon) >= 150:
            assert (i, j) in found, (paths[i], paths[j])
        if (i, j) in found:
            assert len(uncommon) >= candidates.MIN_SAMPLED
    # a fingerprint without a sample (made elsewhere) is sampled on the spot: the same pairs
    assert candidates.sampled([replace(fp, sample=array("I")) for fp in prints], 4) == found
    spool = Spool(prints)  # a small batch's fingerprints are read from the run layer's spool once each
    assert copies.match(spool) == copies.match(prints) and spool.reads == len(prints)


class Spool(Lazy):
    """Fingerprints as the streamed run layer hands them over (stream.Lazy): each one unpickled when asked for."""

    def __init__(self, prints) -> None:
        blobs = [pickle.dumps(fp) for fp in prints]
        self.reads = 0

        def load(k: int):
            self.reads += 1
            return pickle.loads(blobs[k])

        super().__init__(len(blobs), load)


def test_a_small_batch_is_matched_without_numpy_in_the_main_process(batch, tmp_path):
    """The county batch's corpus pass runs in plain Python: numpy's import alone cost more than the rest."""
    import os
    import subprocess
    import sys

    prints = [copies.fingerprint(api.parse(ingest.read(str(path)))) for path in sorted(batch.iterdir())]
    spool = tmp_path / "prints.pickle"
    spool.write_bytes(pickle.dumps(prints))
    code = (
        "import pickle, sys; from fzcheck.copies import match; "
        f"found = match(pickle.load(open({str(spool)!r}, 'rb'))); "
        "print(max(c.share for c in found.peers) > 0.3, 'numpy' in sys.modules)"
    )
    src = str(Path(copies.__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert proc.stdout.split() == ["True", "False"], proc.stdout + proc.stderr  # the copier found, numpy never loaded


def test_an_audits_workers_inherit_numpy_from_the_client_instead_of_importing_it_each():
    """A forked pool's workers find copy detection's numpy loaded: the client imports it once before the
    fork (Piecework.preload), rather than every worker on its first report."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from fzcheck import api, copies, executors\n"
        "from fzcheck.pieces import Piecework\n"
        "class Probe:\n"  # no `warm`: a worker that finds numpy has inherited it
        "    work = Piecework(api.Options(), fingerprint=copies.FingerprintJob())\n"
        "    def preload(self):\n"
        "        self.work.preload()\n"
        "    def __call__(self, path):\n"
        "        return 'numpy' in sys.modules\n"
        "runner = executors.make('process', 2, api.Limits())\n"
        "print(sorted(found for _, found in runner.map(Probe(), ['a', 'b', 'c'])), 'numpy' in sys.modules)\n"
        "runner.close()\n"
    )
    src = str(Path(copies.__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert proc.stdout.split() == ["[True,", "True,", "True]", "True"], proc.stdout + proc.stderr


def test_shingle_hashes_are_the_same_with_and_without_numpy():
    import importlib

    from fzcheck.copies import shingles
    from fzcheck.copies.boilerplate import reference_hashes

    module = importlib.import_module("fzcheck.copies.fingerprint")  # the package exports a function of that name
    texts = [p.norm for p in api.parse(ingest.read(str(seed("003")))).paragraphs if p.norm]
    for text in texts[:12]:
        assert shingles.shingle_hashes(text, 10).tolist() == shingles._python(text.translate(shingles._DIGITS), 10)
    fast, slow = module.hash_paragraphs(texts), module._hash_paragraphs_python(texts, reference_hashes(module.SHINGLE))
    assert fast == slow and 0 < fast[1] < sum(len(t) for t in texts)  # some pasted regulation text is discounted
    # a year moved on is the same shingle; a changed character is not
    assert list(shingles.shingle_hashes("2023年组织学法12次", 10)) == list(shingles.shingle_hashes("2024年组织学法15次", 10))
    assert list(shingles.shingle_hashes("2023年组织学法12次", 10)) != list(shingles.shingle_hashes("2023年组织普法12次", 10))


def test_a_workers_tentative_pass_scores_the_report_as_a_full_rescoring_would():
    """The pass a worker writes in (weight 0) replaces a skip: score, groups and gate stay as computed anew."""
    from fzcheck import scoring

    options = api.Options()
    for path in SEEDS:
        before = api.check_file(str(path), options)
        after = copies.tentative(before, 12, options)
        peer = next(r for r in after.results if r.rule == copies.PEER)
        assert peer.status.value == "pass" and peer.message == "已与本批其他12份报告比对，未发现大段雷同"
        assert after.score == scoring.score(after.results) == before.score
        assert after.groups == scoring.group_scores(after.results)
        assert after.reasons == scoring.reasons(after.results, after.score, options.gate) and after.passed == (not after.reasons)

