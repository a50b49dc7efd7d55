"""Copy detection at scale (issue 13): 10,000 reports with planted copies.

    python benchmarks/bench_copies.py [COUNT] [COUNTY]      # defaults 10000 and 300
    BENCH_FORMAT=docx python benchmarks/bench_copies.py 0 300   # the county batch as Word files only
    BENCH_FORMAT=mixed python benchmarks/bench_copies.py 0 300  # as a county receives them: Word, PDF, web pages, text

1. Generates COUNT reports from the five samples: every sentence of a generated report takes the
   grammatical skeleton of a random sample sentence (jieba's parts of speech) with its nouns, verbs,
   adjectives, numbers and place names drawn afresh from the samples' own word bank, so unrelated
   reports read alike but share no more than the samples' common phrasing. Each report has its own
   invented township and county. Planted: neighbour copies (a report whose three paragraphs are another
   report's, the township's name changed) and whole-report copies (another report with the names
   changed and the years moved on).
2. Parses and fingerprints them on two worker processes; the fingerprint (shingle hashes and the
   MinHash signature) is timed apart from parsing — in an audit it is the workers' share of copy
   detection.
3. Times `fzcheck.copies.match` over the fingerprints in a fresh process (the corpus pass; above
   `candidates.LSH_ABOVE` reports its candidates come from MinHash LSH) with its peak memory, and
   checks that every planted copy is flagged at the rules' thresholds (30% and 150 characters) and
   that no pair of unrelated reports is.
4. Times a county batch (COUNTY reports written as files) with `fzcheck audit -j 2` end to end,
   with and without copy detection in pairs (BENCH_ROUNDS pairs, which of the two runs first alternating;
   the median of the pairs' differences and its spread): the difference
   is copy detection's share of the audit — numpy's import (once, in the main process before the pool
   forks), the workers' fingerprints, the tentative copied result rendered in each worker, the larger
   results, the corpus pass in the main process (timed apart; it includes the workers' re-reading of
   the flagged reports for the places of their passages). BENCH_OUTPUTS=xlsx,html makes each audit
   also write the files a reviewer asks for.

Prints figures; asserts nothing. tests/test_copies.py uses `generate` for the LSH test.
"""

from __future__ import annotations

import os
import pickle
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMAT = os.environ.get("BENCH_FORMAT", "txt")  # the county batch's files: txt, docx / pdf / html (tests/render.py) or mixed
MIXED = ("docx",) * 12 + ("pdf",) * 5 + ("html",) * 2 + ("txt",)  # a county's reports: mostly Word, some PDF, a few pages and texts
if FORMAT != "txt":
    sys.path.insert(0, str(ROOT / "tests"))
    import render

    RENDERERS = {"docx": render.to_docx, "pdf": render.to_pdf, "html": render.to_html}
MIN_SHARE, MIN_CHARS = 0.3, 150  # the shipped copied rules' thresholds (rules/base.yaml)
SYLLABLES = "安柏成丹东枫福高观和华佳江金锦康乐蓝联龙茂梅明宁平棋清庆仁瑞三山盛石双顺松桃天田通万文西祥新兴杏秀阳永玉元云长正中竹"
GROUPS = {"n": "n", "vn": "n", "nz": "n", "nt": "n", "ng": "n", "nl": "n", "v": "v", "vd": "v", "a": "a", "ad": "a", "an": "a", "d": "d"}
OUTLINE = ("一、主要举措和成效", "二、存在的不足和原因", "三、党政主要负责人履行推进法治建设第一责任人职责情况", "四、{next}年主要安排")


@dataclass
class Corpus:
    texts: list[str]
    names: list[str]  # each report's township
    planted: list[tuple[int, int, str]] = field(default_factory=list)  # (copier, source, "paragraphs" | "whole")


def _name(number: int, length: int = 2) -> str:
    chars = []
    for _ in range(length):
        number, digit = divmod(number, len(SYLLABLES))
        chars.append(SYLLABLES[digit])
    return "".join(chars)


def _bank():
    """Sentence skeletons (token, part-of-speech group or None) and a word bank per group, from the samples."""
    import jieba
    import jieba.posseg as posseg

    jieba.setLogLevel(60)
    skeletons, bank = [], {group: set() for group in set(GROUPS.values())}
    for path in sorted((ROOT / "samples").glob("0*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()[3:-2]
        for sentence in re.findall(r"[^。；！？\n]{12,90}[。；]", "\n".join(lines)):
            if re.match(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）", sentence):
                continue
            tokens = []
            for word, flag in posseg.cut(sentence):
                group = "m" if flag == "m" or word.isdigit() else "ns" if flag == "ns" else GROUPS.get(flag)
                tokens.append((word, group))
                if group in bank and len(word) >= 2:
                    bank[group].add(word)
            skeletons.append(tokens)
    return skeletons, {group: sorted(words) for group, words in bank.items()}


def _sentence(rng: random.Random, skeletons, bank, place: str) -> str:
    out = []
    for word, group in rng.choice(skeletons):
        if group == "m":
            out.append(str(rng.randint(2, 480)))
        elif group == "ns":
            out.append(place)
        elif group in bank and len(word) >= 2:
            out.append(rng.choice(bank[group]))
        else:
            out.append(word)
    return "".join(out)


def _report(rng, skeletons, bank, town: str, county: str, year: int) -> list[str]:
    """A report's lines: header, title, addressee, sections of paragraphs, signature and date."""
    place = f"{town}镇"
    lines = [f"中共{place}委员会 {place}人民政府", f"关于{year}年度法治政府建设情况的报告", f"中共{county}县委、{county}县人民政府："]
    lines.append(f"{year}年，{place}" + _sentence(rng, skeletons, bank, place))
    for heading, paragraphs in zip(OUTLINE, (5, 2, 2, 2)):
        lines.append(heading.format(next=year + 1))
        for _ in range(rng.randint(paragraphs, paragraphs + 2)):
            lines.append("".join(_sentence(rng, skeletons, bank, place) for _ in range(rng.randint(3, 6))))
    lines += [f"中共{place}委员会 {place}人民政府", f"{year + 1}年1月{rng.randint(2, 28)}日"]
    return lines


def _body(lines: list[str]) -> list[int]:
    return [n for n in range(4, len(lines) - 2) if not re.match(r"^[一二三四]、", lines[n])]


def generate(count: int, seed: int = 13, paragraph_copies: int | None = None, whole_copies: int | None = None) -> Corpus:
    """`count` reports, about 1% of them taking three paragraphs of another and 0.5% another's whole text."""
    rng = random.Random(seed)
    skeletons, bank = _bank()
    names = [_name(n + 7 * len(SYLLABLES)) if n < len(SYLLABLES) ** 2 - 7 * len(SYLLABLES) else _name(n, 3) for n in range(count)]
    counties = [_name(rng.randrange(len(SYLLABLES) ** 2)) for _ in range(count)]
    years = [rng.choice((2022, 2023, 2024)) for _ in range(count)]
    reports = [_report(rng, skeletons, bank, names[n], counties[n], years[n]) for n in range(count)]
    paragraph_copies = max(2, count // 100) if paragraph_copies is None else paragraph_copies
    whole_copies = max(1, count // 200) if whole_copies is None else whole_copies
    chosen = rng.sample(range(count), 2 * (paragraph_copies + whole_copies))
    corpus = Corpus([], names)
    for number in range(paragraph_copies):
        copier, source = chosen[2 * number], chosen[2 * number + 1]
        theirs = reports[source]
        taken = sorted(_body(theirs), key=lambda n: -len(theirs[n]))[:3]
        mine = reports[copier]
        spots = rng.sample(_body(mine)[:-2], 3)
        for spot, line in zip(sorted(spots), sorted(taken)):
            mine[spot] = theirs[line].replace(names[source], names[copier])
        kept = set(spots)
        while sum(len(mine[n]) for n in spots) < 0.42 * sum(len(mine[n]) for n in _body(mine)):
            drop = next(n for n in reversed(_body(mine)) if n not in kept)  # shorten the copier until the three are ~40% of it
            del mine[drop]
            spots = [s - 1 if s > drop else s for s in spots]
            kept = set(spots)
        corpus.planted.append((copier, source, "paragraphs"))
    offset = 2 * paragraph_copies
    for number in range(whole_copies):
        copier, source = chosen[offset + 2 * number], chosen[offset + 2 * number + 1]
        text = "\n".join(reports[source]).replace(names[source], names[copier]).replace(counties[source], counties[copier])
        text = re.sub(r"20(2\d)", lambda m: f"20{int(m.group(1)) + 1}", text)
        reports[copier] = text.splitlines()
        corpus.planted.append((copier, source, "whole"))
    corpus.texts = ["\n".join(lines) + "\n" for lines in reports]
    return corpus


def _fingerprint_chunk(args):
    """Parse and fingerprint reports in a worker; returns the fingerprints and the seconds spent on each step."""
    from fzcheck import api, copies
    from fzcheck.copies.candidates import signature_of

    start, texts = args
    prints, parse, shingles, minhash = [], 0.0, 0.0, 0.0
    for offset, text in enumerate(texts):
        t0 = time.perf_counter()
        doc = api.parse_text(text, f"报告/{start + offset:05d}.txt")
        t1 = time.perf_counter()
        fp = copies.fingerprint(doc)
        t2 = time.perf_counter()
        fp = replace(fp, signature=signature_of(fp.hashes, [start for _, start in fp.paragraphs]))
        t3 = time.perf_counter()
        prints.append(fp)
        parse, shingles, minhash = parse + t1 - t0, shingles + t2 - t1, minhash + t3 - t2
    return prints, parse, shingles, minhash


def fingerprints(texts: list[str], workers: int = 2):
    chunks = [(n, texts[n : n + 250]) for n in range(0, len(texts), 250)]
    started = time.perf_counter()
    with get_context("spawn").Pool(workers) as pool:
        done = pool.map(_fingerprint_chunk, chunks)
    wall = time.perf_counter() - started
    prints = [fp for chunk in done for fp in chunk[0]]
    return prints, wall, sum(c[1] for c in done), sum(c[2] for c in done), sum(c[3] for c in done)


def related_groups(count: int, planted) -> list[int]:
    """Each report's group: a copier and its source are one group (a pair across groups is unrelated)."""
    group = list(range(count))

    def root(n):
        while group[n] != n:
            group[n] = group[group[n]]
            n = group[n]
        return n

    for copier, source, _ in planted:
        group[root(copier)] = root(source)
    return [root(n) for n in range(count)]


def flagged(matches) -> set[tuple[int, int]]:
    """Pairs (this, other) the copied rules flag for `this` at the shipped thresholds."""
    return {(c.this, c.other) for c in matches.peers if c.share >= MIN_SHARE and c.shared >= MIN_CHARS}


def _match_in_fresh_process(path: str) -> None:
    """Child: load the fingerprints, time match(), print figures (peak RSS includes the fingerprints)."""
    from fzcheck.copies import candidates, match

    prints = []
    with open(path, "rb") as handle:
        planted = pickle.load(handle)
        while len(prints) < planted[0]:
            prints.extend(pickle.load(handle))  # in slices, so that loading leaves no peak of its own
    planted = planted[1]
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    pairs = candidates.lsh(prints) if len(prints) > candidates.LSH_ABOVE else None
    lsh_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    matches = match(prints)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found = flagged(matches)
    groups = related_groups(len(prints), planted)
    missed = [(c, s, kind) for c, s, kind in planted if (c, s) not in found]
    false = sorted(pair for pair in found if groups[pair[0]] != groups[pair[1]])
    unrelated = [c.share for c in matches.peers if groups[c.this] != groups[c.other]]
    print(f"  LSH candidates: {len(pairs) if pairs is not None else '—'} pairs in {lsh_seconds:.1f} s (alone)")
    print(f"  match(): {seconds:.1f} s; peak RSS {peak:.0f} MiB (after loading the fingerprints: {loaded:.0f} MiB)")
    print(f"  planted copies: {len(planted)}, flagged {len(planted) - len(missed)}, missed {len(missed)}: {missed[:10]}")
    print(f"  flagged pairs between unrelated reports: {len(false)} {false[:10]}")
    print(f"  unrelated pairs compared exactly: {len(unrelated)}; highest share among them {max(unrelated, default=0):.1%}")


# `fzcheck audit FOLDER -j 2` in this process, timed end to end with the CPU of every process, and the
# corpus pass (copies.corpus_pass, as run.py calls it) timed inside; with "off", copy detection is left out.
_TIMED_AUDIT = """
import os, resource, runpy, sys, time
started = time.perf_counter()
from fzcheck import copies, run
inner, spent = copies.corpus_pass, []
def timed(*args, **kwargs):
    t0 = time.perf_counter()
    try:
        return inner(*args, **kwargs)
    finally:
        spent.append(time.perf_counter() - t0)
if sys.argv[2] == "off":  # no fingerprints, no tentative result in the workers, no copy pass (workers are forked)
    copies.FingerprintJob = lambda signature=False: None
    copies.tentative = lambda report, peers, options: report
    run._copy_pass = lambda *args, **kwargs: None
else:
    copies.corpus_pass = timed
outputs = [arg for fmt in sys.argv[3].split(",") if fmt for arg in ("-o", f"{fmt}={sys.argv[4]}/审查.{fmt}")]
sys.argv = ["fzcheck", "audit", sys.argv[1], "-j", "2", "--format", "json", "--exit-zero", *outputs]
sys.stdout = open(os.devnull, "w")
try:
    runpy.run_module("fzcheck", run_name="__main__")
except SystemExit:
    pass
finally:
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(u.ru_utime + u.ru_stime for u in usage)
    print(f"audit {time.perf_counter() - started:.3f} {cpu:.3f} {sum(spent):.3f} {'numpy' in sys.modules}", file=sys.stderr)
"""
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "9"))  # pairs of audits, with and without copy detection
OUTPUTS = os.environ.get("BENCH_OUTPUTS", "")  # files the audit also writes, e.g. "xlsx,html" (a reviewer's audit)


def _audit(folder: str, mode: str) -> tuple[float, float, float, bool]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.run([sys.executable, "-c", _TIMED_AUDIT, folder, mode, OUTPUTS, out], capture_output=True, env=env)
    assert proc.returncode == 0, proc.stderr.decode()
    wall, cpu, corpus_pass, numpy = proc.stderr.decode().rsplit("audit ", 1)[1].split()
    return float(wall), float(cpu), float(corpus_pass), numpy == "True"


def _worker_fingerprints(paths: list[str]) -> tuple[float, float]:
    """Child: CPU seconds of numpy's import (as the main process makes it, before forking the workers) and of
    fingerprinting `paths` after parsing them (what a worker adds)."""
    code = """
import os, resource, sys, time
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as copies.fingerprint.preload sets it
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
from fzcheck import api, copies, ingest
t0 = cpu()
import numpy
t1 = cpu() - t0
docs = [api.parse(ingest.read(path)) for path in sys.argv[1:]]
t0 = cpu()
for doc in docs:
    copies.fingerprint(doc)
print(t1, cpu() - t0)
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, env=env, check=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def county(count: int) -> None:
    """A county batch as files: the audit end to end with and without copy detection (the difference is its
    cost: the workers' fingerprints and numpy's import there, the larger results, the corpus pass)."""
    from statistics import median

    from fzcheck import api, copies, run

    corpus = generate(count, seed=300)
    with tempfile.TemporaryDirectory() as folder:
        for n, text in enumerate(corpus.texts):
            kind = MIXED[n % len(MIXED)] if FORMAT == "mixed" else FORMAT
            path = Path(folder, f"{corpus.names[n]}镇.{kind}")
            if kind == "txt":
                path.write_text(text, encoding="utf-8")
            else:
                RENDERERS[kind](text, path)
        on, off = [], []
        for round_ in range(ROUNDS):
            for mode in ("on", "off") if round_ % 2 == 0 else ("off", "on"):
                (on if mode == "on" else off).append(_audit(folder, mode))
        items = api.expand([folder])
        numpy_import, fingerprinting = _worker_fingerprints(items)
        options = api.Options()
        pairs = run.check_all(items, options, 2, "process", job=api.Job(options, (copies.FingerprintJob(),)))
        result = copies.batch_pass([p[0] for p in pairs], [p[1][0] for p in pairs], [], options)
    found = sum(1 for r in result for x in r.results if x.rule == copies.PEER and x.status.value == "fail")
    wall = sorted((a[0] - b[0]) / a[0] for a, b in zip(on, off))  # each pair's share of its own audit
    cpu = sorted((a[1] - b[1]) / a[1] for a, b in zip(on, off))
    print(
        f"county batch of {count} {_kinds()} files, {ROUNDS} pairs of audits (-j 2):\n"
        f"  audit with copy detection {median(r[0] for r in on):.2f} s wall, {median(r[1] for r in on):.2f} s CPU (all processes, medians); "
        f"without {median(r[0] for r in off):.2f} s, {median(r[1] for r in off):.2f} s CPU\n"
        f"  copy detection, median of the pairs: {median(wall):.1%} of the audit's wall time (quartiles {_quartiles(wall)}), "
        f"{median(cpu):.1%} of its CPU (quartiles {_quartiles(cpu)})\n"
        f"  corpus pass inside the audit (main process, after the workers; includes the workers' reading the flagged reports "
        f"again for the places of their passages) {median(r[2] for r in on):.3f} s; numpy imported in the main process: {any(r[3] for r in on)}\n"
        f"  numpy's import (main process, before the workers fork) {numpy_import:.3f} s CPU; "
        f"fingerprints {fingerprinting / count * 1000:.2f} ms CPU per report (in the workers)\n"
        f"  {found} reports flagged, {len(corpus.planted)} copies planted"
    )


def _kinds() -> str:
    if FORMAT != "mixed":
        return "." + FORMAT
    return " / ".join(f".{kind} ×{MIXED.count(kind)}" for kind in dict.fromkeys(MIXED)) + f" in every {len(MIXED)}"


def _quartiles(values: list[float]) -> str:
    from statistics import quantiles

    low, _, high = quantiles(values, n=4) if len(values) > 1 else (values[0], 0, values[0])
    return f"{low:.1%}–{high:.1%}"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    county_count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    if not count:
        county(county_count)
        return
    started = time.perf_counter()
    corpus = generate(count)
    chars = sum(len(t) for t in corpus.texts)
    print(f"generated {count} reports ({chars / count:.0f} characters each on average), {len(corpus.planted)} copies planted, in {time.perf_counter() - started:.0f} s")
    prints, wall, parse, shingles, minhash = fingerprints(corpus.texts)
    print(f"parse + fingerprint on 2 processes: {wall:.1f} s wall; CPU per report: parse {parse / count * 1000:.1f} ms, "
          f"shingle hashes {shingles / count * 1000:.1f} ms, MinHash signature {minhash / count * 1000:.1f} ms")
    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as handle:
        pickle.dump((len(prints), corpus.planted), handle)
        for start in range(0, len(prints), 500):
            pickle.dump(prints[start : start + 500], handle)
    del prints
    print(f"corpus pass over {count} fingerprints (fresh process):")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": "0"}
    code = f"import sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); import bench_copies; bench_copies._match_in_fresh_process({handle.name!r})"
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    os.unlink(handle.name)
    if county_count:
        county(county_count)


if __name__ == "__main__":
    main()
