"""`fzcheck serve`: start the self-check page. Imported by cli.py; imports nothing heavy until run."""

from __future__ import annotations

import importlib.util
from typing import List

import typer

from fzcheck.errors import EXIT_USAGE, FzcheckError

NEEDED = {"starlette": "starlette", "uvicorn": "uvicorn", "multipart": "python-multipart"}
INSTALL_HINT = "网页服务需要额外的组件（{missing}），请先安装：pip install 'fzcheck[web]'"
PROFILES = ("auto", "township", "county", "city", "department")


def missing_packages() -> list[str]:
    return [package for module, package in NEEDED.items() if importlib.util.find_spec(module) is None]


def loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _address_to_open(host: str, port: int) -> str:
    """The address colleagues type: for "all interfaces", this machine's address on its default route."""
    import socket

    if host in ("0.0.0.0", "::"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect(("10.255.255.255", 9))  # a UDP connect only picks the route; nothing is sent
                host = probe.getsockname()[0]
        except OSError:
            host = socket.gethostname()
    return f"http://{host}:{port}/" if ":" not in host else f"http://[{host}]:{port}/"


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址；默认只允许本机访问，0.0.0.0 表示本机所有网络"),
    port: int = typer.Option(8765, "--port", help="端口"),
    workers: int = typer.Option(2, "--workers", min=1, max=64, help="同时进行的检查数（每个检查一个进程）"),
    timeout: float = typer.Option(30.0, "--timeout", min=1.0, help="每份报告的检查时限（秒）"),
    max_memory: int = typer.Option(768, "--max-memory", min=64, help="每份报告检查时可用的内存（MiB）"),
    rules: List[str] = typer.Option([], "--rules", help="自定义规则文件（YAML），叠加在配置档之上，可重复"),
    profile: str = typer.Option("auto", "--profile", "-p", help="默认配置档：auto、township、county、city、department"),
) -> None:
    """启动自查网页：在浏览器中上传或粘贴报告，查看得分、五项内容和每个问题在正文中的位置。"""
    missing = missing_packages()
    if missing:
        typer.echo(f"错误：{INSTALL_HINT.format(missing='、'.join(missing))}", err=True)
        raise typer.Exit(EXIT_USAGE)
    if profile not in PROFILES:
        typer.echo(f"错误：不支持的配置档 {profile!r}（可用：{', '.join(PROFILES)}）", err=True)
        raise typer.Exit(EXIT_USAGE)
    from fzcheck.profiles import load

    try:
        for name in PROFILES[1:]:
            load(name, tuple(rules))  # a broken rule file stops the start, not a clerk's check
    except FzcheckError as error:
        typer.echo(f"错误：{error}", err=True)
        raise typer.Exit(error.exit_code)

    import uvicorn

    from fzcheck.serve.app import create_app
    from fzcheck.serve.settings import Settings

    settings = Settings(
        host=host, port=port, workers=workers, timeout=timeout, memory=max_memory << 20, profile=profile, rules=tuple(rules)
    )
    address = _address_to_open(host, port)
    typer.echo(f"fzcheck 自查网页：{address}（按 Ctrl-C 停止）", err=True)
    if not loopback(host):
        typer.echo(f"注意：监听 {host}，同一网络中的任何人都可以打开并使用此页面。", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", access_log=False, server_header=False)
