"""`fzcheck annotate`: check each report and write its commented Word copy, `<name>.审查.docx`.

Exit codes as for `check`, without the gate: 0 every copy written; 2 a usage error or a copy
refused (it would replace a report, or a file exists and --force was not given); 3 a report could
not be read (the others were still annotated; 3 wins over 2).
"""

from __future__ import annotations

from dataclasses import replace
from typing import List, Optional

import typer

from fzcheck.errors import EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, FzcheckError

HELP = "生成审查副本：把每个问题作为 Word 批注标在报告原文相应的文字上，另存为“<文件名>.审查.docx”（不修改报告本身）。"
SEVERITIES = ("error", "warning", "info")


def _options(config_file: Optional[str], paths: List[str], profile: Optional[str], rules: List[str]):
    """The same check options as `fzcheck check` takes from the configuration, with profile and rules from the command line."""
    from pathlib import Path

    from fzcheck import run

    values = {"paths": paths, "profile": profile, "rules": [str(Path(rule)) for rule in rules] or None}
    return run.prepare(values, config_file=config_file).options


def annotate_command(
    paths: List[str] = typer.Argument(..., help="报告文件或文件夹（.docx .txt .md .pdf .html）"),
    out_dir: Optional[str] = typer.Option(None, "--out-dir", "-o", help="审查副本写入的文件夹（默认与报告同一文件夹）"),
    min_severity: str = typer.Option("info", "--min-severity", help="批注哪些问题：error（只标严重）、warning（严重和警告）、info（全部，默认）"),
    author: str = typer.Option("fzcheck", "--author", help="批注的作者名（默认 fzcheck）"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的审查副本"),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="配置档：auto、township、county、city、department"),
    rules: List[str] = typer.Option([], "--rules", help="自定义规则文件（YAML），可重复"),
    config: Optional[str] = typer.Option(None, "--config", help="配置文件（默认向上查找 .fzcheck.yaml 或 pyproject.toml）"),
) -> None:
    from fzcheck import api
    from fzcheck.annotate import (
        AnnotateOptions,
        OutputError,
        check_output,
        output_path,
        same_file,
        write_copy,
    )
    from fzcheck.model import ReadFailure

    if min_severity not in SEVERITIES:
        _stop(f"--min-severity 应为 {' / '.join(SEVERITIES)} 之一（收到 {min_severity!r}）", EXIT_USAGE)
    try:
        options = _options(config, paths, profile, rules)
    except FzcheckError as error:
        _stop(str(error), error.exit_code)
    wanted = AnnotateOptions(author=author, min_severity=min_severity, force=force)
    items = api.expand(paths)
    inputs = [item for item in items if isinstance(item, str)]
    unreadable = refused = 0
    written: set[str] = set()
    for item in items:
        if isinstance(item, ReadFailure):
            typer.echo(f"错误：{item.message}", err=True)
            unreadable += 1
            continue
        try:
            target = output_path(item, out_dir)
            if any(same_file(target, done) for done in written):
                raise OutputError(f"{target} 已由本次另一份同名报告写入，未覆盖；请分开运行或用 -o 指定不同文件夹")
            check_output(target, inputs, force)
            report = api.check_path(item, options)
            target, copy = write_copy(item, report, out_dir, replace(wanted, force=True))  # checked just above
        except OutputError as error:
            typer.echo(f"错误：{error}", err=True)
            refused += 1
            continue
        except FzcheckError as error:
            typer.echo(f"错误：{error}", err=True)
            unreadable += 1
            continue
        except Exception as exc:  # a bug must cost one report, not the others
            typer.echo(f"错误：无法生成 {item} 的审查副本：内部错误（{type(exc).__name__}: {exc}），请报告此问题", err=True)
            unreadable += 1
            continue
        written.add(target)
        verdict = "达标" if report.passed else "未达标"
        typer.echo(f"已写入 {target}（{copy.comments} 条批注；得分 {report.score:.1f}，{report.grade}，{verdict}）")
    raise typer.Exit(EXIT_UNREADABLE if unreadable else EXIT_USAGE if refused else EXIT_OK)


def _stop(message: str, code: int) -> None:
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(code)
