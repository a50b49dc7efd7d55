"""The command line: a thin typer layer over api, ruleset, examples and formats."""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

from fzcheck.errors import EXIT_USAGE, FzcheckError

HELP = """fzcheck：法治政府建设年度报告合规检查。

对照《法治政府建设与责任落实督察工作规定》规定的五项内容和常见问题检查报告，给出得分、缺项和修改建议。

退出码：0 全部通过；1 有报告未达标；2 用法、配置或规则文件错误；3 有文件无法读取（其余文件照常检查）。
"""

app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False, rich_markup_mode=None)
rules_app = typer.Typer(help="查看、校验和测试规则。", no_args_is_help=True)
app.add_typer(rules_app, name="rules")

PROFILE_HELP = "配置档：auto（按报告自动识别）、township、county、city、department"


def _fail(error: FzcheckError) -> None:
    typer.echo(f"错误：{error}", err=True)
    raise typer.Exit(error.exit_code)


def _write(output: str | bytes) -> None:
    if isinstance(output, bytes):
        sys.stdout.buffer.write(output)
    else:
        sys.stdout.write(output)


@app.command()
def check(
    paths: List[str] = typer.Argument(..., help="报告文件或文件夹（文件夹会递归查找 .txt .md .docx .pdf .html）"),
    format: str = typer.Option("text", "--format", "-f", help="输出格式：text 或 json"),
    profile: str = typer.Option("auto", "--profile", "-p", help=PROFILE_HELP),
    rules: Optional[str] = typer.Option(None, "--rules", help="自定义规则文件（YAML），叠加在配置档之上"),
    fail_under: float = typer.Option(60.0, "--fail-under", help="及格分数线：低于该分数的报告判为未通过"),
) -> None:
    """检查一份或多份报告，输出得分、缺项和修改建议。"""
    from fzcheck import api, gate
    from fzcheck.formats import FORMATS, Batch, render
    from fzcheck.ruleset import PROFILES, load

    if format not in FORMATS:
        typer.echo(f"错误：不支持的输出格式 {format!r}（可用：{', '.join(FORMATS)}）", err=True)
        raise typer.Exit(EXIT_USAGE)
    if profile != "auto" and profile not in PROFILES:
        typer.echo(f"错误：不支持的配置档 {profile!r}（可用：auto, {', '.join(PROFILES)}）", err=True)
        raise typer.Exit(EXIT_USAGE)
    try:
        for name in PROFILES:  # validate every rule set before any report is read
            load(name, rules)
        options = api.Options(profile=profile, rules=rules, pass_score=fail_under)
        items = api.check_paths(paths, options)
    except FzcheckError as error:
        _fail(error)
    batch = Batch.of(items)
    _write(render(format, batch))
    if format != "text":
        for failure in batch.failures:
            typer.echo(f"错误：{failure.message}", err=True)
    raise typer.Exit(gate.exit_code(batch))


@rules_app.command("list")
def rules_list(
    profile: str = typer.Option("township", "--profile", "-p", help="配置档"),
    rules: Optional[str] = typer.Option(None, "--rules", help="自定义规则文件"),
) -> None:
    """列出规则：编号、名称、严重程度、权重。"""
    from fzcheck.ruleset import load

    try:
        ruleset = load(profile, rules)
    except FzcheckError as error:
        _fail(error)
    typer.echo(f"配置档 {ruleset.profile}（{ruleset.title}），共 {len(ruleset.rules)} 条规则")
    for rule in ruleset.rules:
        typer.echo(f"  {rule.id:38} {rule.severity:8} {rule.weight:5.1f}  {rule.title}")


@rules_app.command("show")
def rules_show(
    rule_id: str = typer.Argument(..., help="规则编号，如 outline.causes"),
    profile: str = typer.Option("township", "--profile", "-p", help="配置档"),
    rules: Optional[str] = typer.Option(None, "--rules", help="自定义规则文件"),
) -> None:
    """显示一条规则：检查什么、为什么（依据）、示例和参数。"""
    from fzcheck import docs
    from fzcheck.ruleset import load

    try:
        ruleset = load(profile, rules)
    except FzcheckError as error:
        _fail(error)
    rule = ruleset.rule(rule_id)
    if rule is None:
        typer.echo(f"错误：配置档 {profile} 中没有规则 {rule_id}（用 fzcheck rules list 查看）", err=True)
        raise typer.Exit(EXIT_USAGE)
    typer.echo(docs.rule_markdown(rule))


@rules_app.command("validate")
def rules_validate(path: str = typer.Argument(..., help="规则文件（YAML）")) -> None:
    """校验规则文件：未知的键、类型错误、未知的规则类型、无效的正则、重复的编号等。"""
    from fzcheck.ruleset import validate_file

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
    from fzcheck.ruleset import load, load_file

    try:
        ruleset = load(profile, path)
        only = {rule.id for rule in load_file(path).rules} | set(load_file(path).override) if path else None
    except FzcheckError as error:
        _fail(error)
    outcomes = run_examples(ruleset, only)
    bad = [o for o in outcomes if not o.ok]
    for outcome in bad:
        expected = "通过" if outcome.side == "pass" else "不通过"
        typer.echo(f"  ✗ {outcome.rule} 示例 {outcome.side}#{outcome.index}：应{expected}，实际为 {outcome.status.label}")
    typer.echo(f"{len(outcomes) - len(bad)} passed, {len(bad)} failed")
    raise typer.Exit(1 if bad else 0)


def main() -> None:
    app()
