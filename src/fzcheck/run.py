"""A whole run, as every face needs it: configuration in, a Batch, notes and an exit code out.

`prepare` merges defaults ← configuration file ← the caller's values, validates everything (formats,
profile, gate, every rule file, waivers, baseline, limits) and raises FzcheckError (exit 2) before any
report is read. `execute` expands the paths, checks every report through an exchangeable executor
(serial, process pool, Dask), files each result on disk as it completes (fzcheck.stream: JSON Lines and
CSV grow as `<file>.part` meanwhile, statistics are running sums), runs the copy pass, writes the outputs
in input order and computes the exit code. Nothing here prints: the caller shows `screen` and `notes`.
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable

from fzcheck import api, executors, gate, scoring
from fzcheck import outputs as output_files
from fzcheck.errors import EXIT_UNREADABLE, EXIT_USAGE, ConfigError, FzcheckError
from fzcheck.formats import FORMATS, SCREEN_FORMATS, STREAMED, Batch, piece_of, render
from fzcheck.model import ReadFailure
from fzcheck.pieces import Done, Piecework
from fzcheck.profiles import load
from fzcheck.ruleset import PROFILES, Rule
from fzcheck.stream import Collector

Item = api.Item
PLACES_PER_MAP = 64  # flagged reports whose places one map of the executor reads again


@dataclass(frozen=True)
class RunRequest:
    targets: tuple[str, ...]
    options: api.Options
    screen: str = "text"
    outputs: tuple[tuple[str, str], ...] = ()  # (format, file)
    jobs: int = 1
    executor: str = "process"
    exit_zero: bool = False
    write_baseline: str | None = None
    rules: tuple[Rule, ...] = ()  # every rule of every profile, for formats that describe rules (SARIF)
    exclude: Callable[[str], bool] | None = field(default=None, compare=False)
    previous: str | None = None  # last year's reports (folder, file or index) for copy detection
    write_index: str | None = None  # write this batch's copy-detection index here
    extras: tuple[Callable, ...] = field(default=(), compare=False)  # per-report work in the worker (api.Job); a str result is a note
    keep_batch: bool = True  # RunResult.batch holds every record; the command line sets False, so a large batch stays on disk


@dataclass(frozen=True)
class RunResult:
    batch: Batch | None  # None when the request did not keep it (keep_batch=False)
    screen: str | bytes
    notes: tuple[str, ...]  # Chinese lines for the user (outputs written, unreadable files, waiver notes)
    exit_code: int


def prepare(values: dict[str, Any], audit: bool = False, config_file: str | None = None) -> RunRequest:
    """A validated request from the caller's values (keys as in config.DEFAULTS, plus `paths`, `timeout`,
    `max_memory`, `write_baseline`, `dask` — a scheduler address or "local"); raises FzcheckError for anything wrong, before any report is read."""
    from fzcheck.config import (
        CLI_SOURCE,
        DEFAULT_SOURCE,
        default_jobs,
        excluded,
        included_paths,
        load_config,
    )
    from fzcheck.suppression import Suppressions, load_baseline, load_waivers

    config = load_config(config_file)
    for key, value in values.items():
        if key in config.values and value is not None and value != [] and value != () and value != {}:
            config.set(key, value, CLI_SOURCE)
    if config.sources["format"] == DEFAULT_SOURCE:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            config.set("format", "github", "GITHUB_ACTIONS 环境变量")
        elif audit:
            config.set("format", "summary", DEFAULT_SOURCE)
    screen = config["format"]
    if screen not in SCREEN_FORMATS:
        raise ConfigError(f"不支持的输出格式 {screen!r}（可用：{', '.join(SCREEN_FORMATS)}；xlsx 只能用 --output 写入文件）")
    for fmt in config["outputs"]:
        if fmt not in FORMATS:
            raise ConfigError(f"--output 不支持的格式 {fmt!r}（可用：{', '.join(FORMATS)}）")
    if config["profile"] != "auto" and config["profile"] not in PROFILES:
        raise ConfigError(f"不支持的配置档 {config['profile']!r}（可用：auto, {', '.join(PROFILES)}）")
    if config["fail_on"] not in scoring.FAIL_ON:
        raise ConfigError(f"--fail-on 应为 {' / '.join(scoring.FAIL_ON)} 之一")
    limits = _limits(values)
    user_rules = tuple(config["rules"])
    rulesets = [load(name, user_rules) for name in PROFILES]  # every rule file is validated before any report is read
    suppressions = Suppressions(
        waivers=load_waivers(config["waivers"]) if config["waivers"] else (),
        baseline=load_baseline(config["baseline"]) if config["baseline"] else frozenset(),
    )
    targets = tuple(values.get("paths") or ()) or tuple(included_paths(config))
    if not targets:
        raise ConfigError("没有要检查的报告：请给出文件或文件夹，或在配置文件中设置 include")
    jobs = config["jobs"] if config["jobs"] is not None else default_jobs()
    executor = "process"
    if values.get("dask"):
        from fzcheck.executors.dask import require

        require()
        executor = f"dask:{values['dask']}"
    return RunRequest(
        targets=targets,
        options=api.Options(
            profile=config["profile"],
            rules=user_rules,
            gate=scoring.Gate(float(config["fail_under"]), config["fail_on"]),
            suppressions=suppressions,
            limits=limits,
        ),
        screen=screen,
        outputs=tuple(config["outputs"].items()),
        jobs=(jobs or os.cpu_count() or 1) if audit else 1,
        executor=executor,
        exit_zero=bool(config["exit_zero"]),
        write_baseline=values.get("write_baseline"),
        rules=tuple(rule for ruleset in rulesets for rule in ruleset.rules),
        exclude=(lambda path: excluded(config, path)) if config["exclude"] else None,
        previous=values.get("previous"),
        write_index=values.get("write_index"),
    )


def _limits(values: dict[str, Any]) -> api.Limits:
    timeout = values.get("timeout")
    max_memory = values.get("max_memory")
    if timeout is not None and not (timeout > 0):
        raise ConfigError("--timeout 应为正数（秒）")
    if max_memory is not None and not (max_memory >= 64):
        raise ConfigError("--max-memory 应不少于 64（MiB）")
    defaults = api.Limits()
    return api.Limits(
        timeout=float(timeout) if timeout is not None else defaults.timeout,
        max_memory=int(max_memory) << 20 if max_memory is not None else defaults.max_memory,
    )


def check_all(
    items: list[str | ReadFailure],
    options: api.Options,
    jobs: int = 1,
    executor: str = "process",
    progress: Callable[[Item], None] | None = None,
    job: Callable[[str], Any] | None = None,
) -> list[Any]:
    """Check every path of `items` (ReadFailures pass through), in input order, through an executor."""
    positions = [i for i, item in enumerate(items) if isinstance(item, str)]
    paths = [items[i] for i in positions]
    done: dict[int, Any] = {}
    runner = executors.make(executor if paths else "serial", jobs, options.limits)
    try:
        with _batch_gc():
            for index, result in runner.map(job or api.Job(options), paths):
                done[positions[index]] = result
                if progress:
                    progress(result[0] if isinstance(result, tuple) else result)
    finally:
        runner.close()
    return [done.get(i, item) for i, item in enumerate(items)]


@contextmanager
def _batch_gc():
    """Batch work allocates many short-lived objects and no reference cycles that live (parsed documents
    hold their parents weakly), so the cyclic collector only costs time: pause it for the batch. Each
    report's own leftover cycles (python-docx, BeautifulSoup) are still young when api.check_one frees them."""
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()


def _stream(items: list, request: RunRequest, progress, notes: list[str]) -> Collector:
    """Check the batch into a Collector: each report's record, pieces and fingerprint made in its worker
    (fzcheck.pieces) and filed on disk as it completes. With two reports or more, or a previous year or an
    index to write, the copy pass then finds copied reports (fingerprints made in the workers, matching here)."""
    files = [n for n, item in enumerate(items) if isinstance(item, str)]
    compare = len(files) >= 2 or bool(request.previous) or bool(request.write_index)
    earlier: list = []
    fingerprint = None
    if compare:
        from fzcheck import copies
        from fzcheck.copies.candidates import LSH_ABOVE

        if request.previous:
            earlier, found = copies.load_previous(request.previous)
            notes.extend(f"注意：{note}" for note in found)
        fingerprint = copies.FingerprintJob(signature=len(files) > LSH_ABOVE)
    wanted = {request.screen} | {fmt for fmt, _ in request.outputs}
    formats = tuple(dict.fromkeys(piece_of(name) for name in STREAMED if name in wanted))  # each piece made once
    work = Piecework(request.options, formats, request.extras, fingerprint, peers=len(files) - 1 if compare else 0)
    collector = Collector(items, work, request.outputs)
    if hasattr(progress, "total"):  # a progress bar learns the batch's size once the folders are listed
        progress.total(len(files))
    runner = executors.make(request.executor if files else "serial", request.jobs, request.options.limits)
    try:
        with _batch_gc():
            for index, result in runner.map(work, [items[n] for n in files]):
                collector.add(files[index], result)
                if progress:
                    progress(result.digest if isinstance(result, Done) else result)
        if compare:
            _copy_pass(collector, earlier, request, notes, peers=len(files) - 1, runner=runner)
    except BaseException:
        collector.close()
        raise
    finally:
        runner.close()
    return collector


def _copy_pass(collector: Collector, earlier: list, request: RunRequest, notes: list[str], peers: int, runner) -> None:
    from fzcheck import copies

    def read(wanted):  # the flagged reports read again for their passages' places, by the batch's workers
        paths, found = list(wanted), {}
        for first in range(0, len(paths), PLACES_PER_MAP):  # each task carries its map's job: keep it small
            group = paths[first : first + PLACES_PER_MAP]
            for n, marks in runner.map(copies.PlacesJob({path: wanted[path] for path in group}), group):
                if isinstance(marks, tuple):
                    found[group[n]] = marks
        return found

    checked = [n for n in collector.positions if n in collector.prints]
    if len(checked) >= 2 or earlier:
        levels = [collector.digests[n].level for n in checked]
        prints = collector.fingerprints(checked)

        def load(k: int):
            return collector.report(checked[k])

        changed, _ = copies.corpus_pass(levels, prints, earlier, request.options, load, assumed=peers, read=read)
        for k, report in changed.items():
            collector.replace(checked[k], report)
    if request.write_index:
        count = copies.write_index(request.write_index, collector.fingerprints(checked, scored=True))
        notes.append(f"已把 {count} 份报告写入索引 {request.write_index}")


def execute(request: RunRequest, progress: Callable[[Any], None] | None = None) -> RunResult:
    """Run the request. `progress` is called as each report completes, with its Digest (or ReadFailure);
    if it has a `total` method, that is called first with the number of reports to check."""
    items = [item for item in api.expand(request.targets) if not (isinstance(item, str) and request.exclude and request.exclude(item))]
    targets = [(f"--output {fmt}", target) for fmt, target in request.outputs]
    # before any report is read: a bad target costs nothing, and no input is ever overwritten
    output_files.check(targets + ([("--write-baseline", request.write_baseline)] if request.write_baseline else []), [i for i in items if isinstance(i, str)])
    notes: list[str] = []
    collector = _stream(items, request, progress, notes)
    try:
        return _finish(collector, request, notes)
    finally:
        collector.close()


def _finish(collector: Collector, request: RunRequest, notes: list[str]) -> RunResult:
    loaded: list[Batch] = []

    def whole() -> Batch:
        if not loaded:
            loaded.append(collector.batch(request.rules))
        return loaded[0]

    notes.extend(collector.notes)
    failed_write = False
    for fmt, target in request.outputs:
        if fmt in STREAMED:
            problem = collector.finish(target, fmt)
        else:
            problem = output_files.write(target, render(fmt, whole()))
        failed_write = failed_write or problem is not None
        notes.append(f"错误：{problem}" if problem else f"已写入 {target}")
    failures = collector.failure_list()
    if request.screen == "summary":
        from fzcheck.formats.summary import screen as summary_screen

        screen: str | bytes = summary_screen([collector.digests[n] for n in collector.positions], collector.stats(), failures)
    elif request.screen in STREAMED:
        screen = b"".join(collector.chunks(request.screen))
        screen = screen.decode("utf-8") if request.screen == "html" else screen
    else:
        screen = render(request.screen, whole())
    if request.screen not in ("text", "summary"):
        notes.extend(f"错误：{failure.message}" for failure in failures)
    reports = collector.reports()
    notes.extend(f"注意：{note}" for note in request.options.suppressions.notes(reports))
    if request.write_baseline:
        from fzcheck.suppression import write_baseline

        try:
            count = write_baseline(request.write_baseline, reports)
            notes.append(f"已把 {count} 个现有问题写入基线 {request.write_baseline}")
        except (OSError, FzcheckError) as exc:
            failed_write = True
            notes.append(f"错误：无法写入基线 {request.write_baseline}（{exc}）")
    passed = all(collector.digests[n].passed for n in collector.positions)
    code = gate.code(bool(failures), passed, request.exit_zero or bool(request.write_baseline))
    if failed_write and code != EXIT_UNREADABLE:
        code = EXIT_USAGE
    return RunResult(whole() if request.keep_batch else None, screen, tuple(notes), code)
