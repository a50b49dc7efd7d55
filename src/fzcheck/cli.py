"""The command line: a thin typer layer that parses arguments, calls fzcheck.run and prints."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import List, Optional

import typer

from fzcheck.errors import EXIT_USAGE, FzcheckError

HELP = """fzcheck：法治政府建设年度报告合规检查。

对照《法治政府建设与责任落实督察工作规定》规定的五项内容和常见问题检查报告，给出得分、缺项和修改建议。

退出码：0 全部通过；1 有报告未达标（门禁未通过）；2 用法、配置或规则文件错误；3 有文件无法读取（其余文件照常检查，3 优先于 1）。
"""

app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)
rules_app = typer.Typer(help="查看、校验和测试规则。", no_args_is_help=True)
config_app = typer.Typer(help="查看配置（.fzcheck.yaml 或 pyproject.toml 的 [tool.fzcheck]）。", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
app.add_typer(config_app, name="config")

PATHS_HELP = "报告文件或文件夹（文件夹递归查找 .txt .md .docx .pdf .html）；省略时用配置中的 include"
FORMAT_HELP = "屏幕输出格式：text、json、jsonl、summary、sarif、junit、github、csv、html（在 GitHub Actions 中默认 github）"
OUTPUT_HELP = "另存一份结果，形如 xlsx=审查.xlsx，可重复：xlsx、html、csv、json、jsonl、sarif、junit、text（jsonl 与 csv 在检查过程中逐份写入“文件名.part”，结束时改名）"
PROFILE_HELP = "配置档：auto（按报告自动识别）、township、county、city、department"
RULES_HELP = "自定义规则文件（YAML），叠加在配置档之上，可重复"
FAIL_UNDER_HELP = "及格分数线：低于该分数的报告判为未通过（默认 60）"
FAIL_ON_HELP = "哪一级问题未通过时门禁失败：error（默认）、warning、info、never"
EXIT_ZERO_HELP = "门禁未通过也以 0 退出（推广试行期使用；无法读取的文件仍以 3 退出）"
PREVIOUS_HELP = "往年报告：文件夹、单份报告或 --write-index 写出的索引文件；按发文单位找出与本单位往年报告大段重复的报告"
WRITE_INDEX_HELP = "把本次检查的报告写入索引文件（SQLite），明年用 --previous 比对；已有的索引会追加"
DASK_HELP = "在 Dask 集群上审查：调度器地址（如 tcp://10.0.0.5:8786），或 local（本机启动 --jobs 个工作进程）；需 pip install \"fzcheck[cluster]\""


def _fail(error: FzcheckError) -> None:
    typer.echo(f"错误：{error}", err=True)
    raise typer.Exit(error.exit_code)


def _usage(message: str) -> None:
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _write(output: str | bytes) -> None:
    if isinstance(output, bytes):
        sys.stdout.buffer.write(output)
    else:
        sys.stdout.write(output)
    sys.stdout.flush()


def _parse_outputs(specs: List[str]) -> dict[str, str]:
    outputs = {}
    for spec in specs:
        fmt, sep, target = spec.partition("=")
        if not sep or not target:
            _usage(f"--output 应形如 格式=文件，如 xlsx=审查.xlsx（收到 {spec!r}）")
        outputs[fmt.strip()] = target.strip()
    return outputs


def _run(audit_mode: bool, config_file: Optional[str], values: dict) -> None:
    from fzcheck import run

    try:
        request = run.prepare(values, audit=audit_mode, config_file=config_file)
    except FzcheckError as error:
        _fail(error)
    if values.get("annotate_dir"):  # each worker also writes the report's commented Word copy
        from fzcheck.annotate import CopyWriter

        request = replace(request, extras=(*request.extras, CopyWriter(values["annotate_dir"])))
    request = replace(request, keep_batch=False)  # the records stay on disk; only the screen and the files are made
    try:
        result = _with_progress(audit_mode, lambda progress: run.execute(request, progress))
    except FzcheckError as error:
        _fail(error)
    _write(result.screen)
    for note in result.notes:
        typer.echo(note, err=True)
    raise typer.Exit(result.exit_code)


def _with_progress(audit_mode: bool, work):
    """A progress bar on a terminal for audits; quiet in pipes and CI logs."""
    if not audit_mode or not sys.stderr.isatty():
        return work(None)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn("检查中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("check", total=None)

        class Advance:
            def __call__(self, _) -> None:
                bar.advance(task)

            def total(self, count: int) -> None:
                bar.update(task, total=count)

        return work(Advance())


def _common(audit_mode: bool):
    """The options `check` and `audit` share, as one typer signature."""

    def command(
        paths: List[str] = typer.Argument(None, help=PATHS_HELP),
        format: Optional[str] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
        output: List[str] = typer.Option([], "--output", "-o", help=OUTPUT_HELP),
        profile: Optional[str] = typer.Option(None, "--profile", "-p", help=PROFILE_HELP),
        rules: List[str] = typer.Option([], "--rules", help=RULES_HELP),
        fail_under: Optional[float] = typer.Option(None, "--fail-under", help=FAIL_UNDER_HELP),
        fail_on: Optional[str] = typer.Option(None, "--fail-on", help=FAIL_ON_HELP),
        exit_zero: Optional[bool] = typer.Option(None, "--exit-zero", help=EXIT_ZERO_HELP, show_default=False),
        config: Optional[str] = typer.Option(None, "--config", help="配置文件（默认向上查找 .fzcheck.yaml 或 pyproject.toml）"),
        waivers: Optional[str] = typer.Option(None, "--waivers", help="豁免文件（YAML：rule、files、reason、expires）"),
        baseline: Optional[str] = typer.Option(None, "--baseline", help="基线文件：其中已有的问题不影响门禁"),
        write_baseline: Optional[str] = typer.Option(None, "--write-baseline", help="把当前所有问题写入基线文件"),
        jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="并行进程数（audit；0 = 全部核心）", hidden=not audit_mode),
        timeout: Optional[float] = typer.Option(None, "--timeout", help="每份报告的检查时限（秒，默认 60）：超时的报告记为无法检查，其余照常"),
        max_memory: Optional[int] = typer.Option(None, "--max-memory", help="每份报告可用的内存（MiB，默认 1024）：超出的报告记为无法检查"),
        previous: Optional[str] = typer.Option(None, "--previous", help=PREVIOUS_HELP),
        write_index: Optional[str] = typer.Option(None, "--write-index", help=WRITE_INDEX_HELP),
        dask: Optional[str] = typer.Option(None, "--dask", help=DASK_HELP, hidden=not audit_mode),
        annotate_dir: Optional[str] = typer.Option(None, "--annotate-dir", help="同时为每份报告生成带批注的审查副本（.审查.docx），写入该文件夹", hidden=not audit_mode),
    ) -> None:
        values = {
            "paths": paths or [],
            "format": format,
            "outputs": _parse_outputs(output) or None,
            "profile": profile,
            "rules": [str(Path(r)) for r in rules] or None,
            "fail_under": fail_under,
            "fail_on": fail_on,
            "exit_zero": exit_zero,
            "waivers": waivers,
            "baseline": baseline,
            "jobs": jobs,
            "timeout": timeout,
            "max_memory": max_memory,
            "write_baseline": write_baseline,
            "previous": previous,
            "write_index": write_index,
            "annotate_dir": annotate_dir,
            "dask": dask,
        }
        _run(audit_mode, config, values)

    return command


app.command(
    "check",
    help="检查一份或多份报告：得分、五项内容逐项结论、每个问题的位置、建议和依据。",
)(_common(audit_mode=False))
app.command(
    "audit",
    help="批量审查：多进程检查整个文件夹，输出排名、各项通过率、得分分布，并可另存 Excel/HTML/CSV/JSON。",
)(_common(audit_mode=True))

from fzcheck.annotate.cli import HELP as ANNOTATE_HELP  # noqa: E402
from fzcheck.annotate.cli import annotate_command

app.command("annotate", help=ANNOTATE_HELP)(annotate_command)


from fzcheck.serve.command import serve  # noqa: E402  (the web face; its server libraries load only when run)

app.command("serve")(serve)


@config_app.command("show")
def config_show(config: Optional[str] = typer.Option(None, "--config", help="配置文件")) -> None:
    """显示生效的配置以及每个值的来源。"""
    from fzcheck.config import describe, load_config

    try:
        typer.echo(describe(load_config(config)), nl=False)
    except FzcheckError as error:
        _fail(error)


def _ruleset(profile: str, rules: List[str]):
    from fzcheck.profiles import load

    try:
        return load(profile, tuple(rules))
    except FzcheckError as error:
        _fail(error)


@rules_app.command("list")
def rules_list(
    profile: str = typer.Option("township", "--profile", "-p", help="配置档"),
    rules: List[str] = typer.Option([], "--rules", help=RULES_HELP),
) -> None:
    """列出规则：编号、名称、严重程度、权重。"""
    ruleset = _ruleset(profile, rules)
    typer.echo(f"配置档 {ruleset.profile}（{ruleset.title}），共 {len(ruleset.rules)} 条规则")
    for rule in ruleset.rules:
        typer.echo(f"  {rule.id:38} {rule.severity:8} {rule.weight:5.1f}  {rule.title}")


@rules_app.command("show")
def rules_show(
    rule_id: str = typer.Argument(..., help="规则编号，如 outline.causes"),
    profile: str = typer.Option("township", "--profile", "-p", help="配置档"),
    rules: List[str] = typer.Option([], "--rules", help=RULES_HELP),
) -> None:
    """显示一条规则：检查什么、为什么（依据）、示例和参数。"""
    from fzcheck import docs

    rule = _ruleset(profile, rules).rule(rule_id)
    if rule is None:
        _usage(f"配置档 {profile} 中没有规则 {rule_id}（用 fzcheck rules list 查看）")
    typer.echo(docs.rule_markdown(rule))


@rules_app.command("validate")
def rules_validate(path: str = typer.Argument(..., help="规则文件（YAML）")) -> None:
    """校验规则文件：未知的键、类型错误、未知的规则类型、无效的正则、重复的编号等。"""
    from fzcheck.profiles import validate_file

    try:
        ruleset = validate_file(path)
    except FzcheckError as error:
        _fail(error)
    typer.echo(f"{path}：有效（合并后共 {len(ruleset.rules)} 条规则）")


@rules_app.command("test")
def rules_test(
    path: Optional[str] = typer.Argument(None, help="规则文件；省略时测试内置规则"),
    profile: str = typer.Option("township", "--profile", "-p", help="配置档"),
) -> None:
    """运行规则自带的示例（pass 示例应通过，fail 示例应不通过）。"""
    from fzcheck.examples import run_examples
    from fzcheck.profiles import load
    from fzcheck.ruleset import load_file

    try:
        ruleset = load(profile, (path,) if path else ())
        only = None
        if path:
            user = load_file(path)
            only = {rule.id for rule in user.rules} | set(user.override)
    except FzcheckError as error:
        _fail(error)
    outcomes = run_examples(ruleset, only)
    bad = [o for o in outcomes if not o.ok]
    for outcome in bad:
        expected = "通过" if outcome.side == "pass" else "不通过"
        typer.echo(f"  ✗ {outcome.rule} 示例 {outcome.side}#{outcome.index}：应{expected}，实际为 {outcome.status.label}")
    typer.echo(f"规则示例：{len(outcomes) - len(bad)} 个符合，{len(bad)} 个不符合")
    raise typer.Exit(1 if bad else 0)


def main() -> None:
    try:
        app()
    except Exception as exc:  # a bug: say so in one line instead of a traceback (FZCHECK_DEBUG=1 shows it)
        if os.environ.get("FZCHECK_DEBUG"):
            raise
        typer.echo(f"错误：fzcheck 内部错误（{type(exc).__name__}: {exc}），请报告此问题；设置 FZCHECK_DEBUG=1 可查看详细信息", err=True)
        sys.exit(EXIT_USAGE)
