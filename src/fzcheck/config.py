"""Repository configuration: `.fzcheck.yaml` or `[tool.fzcheck]` in pyproject.toml.

Found by walking up from the current folder (the nearest folder that has either wins; in one
folder `.fzcheck.yaml` wins over pyproject.toml), or named with `--config`. Values are merged
defaults ← file ← command line, and every value remembers where it came from
(`fzcheck config show`). Unknown keys and wrong types are errors (exit 2).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fzcheck.errors import ConfigError
from fzcheck.scoring import FAIL_ON, PASS_SCORE

CONFIG_NAMES = (".fzcheck.yaml", ".fzcheck.yml")
DEFAULTS: dict[str, Any] = {
    "profile": "auto",
    "rules": [],
    "include": [],
    "exclude": [],
    "fail_under": PASS_SCORE,
    "fail_on": "error",
    "exit_zero": False,
    "format": "text",
    "outputs": {},
    "waivers": None,
    "baseline": None,
    "jobs": None,
}
TYPES: dict[str, tuple[type, ...]] = {
    "profile": (str,),
    "rules": (list,),
    "include": (list,),
    "exclude": (list,),
    "fail_under": (int, float),
    "fail_on": (str,),
    "exit_zero": (bool,),
    "format": (str,),
    "outputs": (dict,),
    "waivers": (str, type(None)),
    "baseline": (str, type(None)),
    "jobs": (int, type(None)),
}
PATH_KEYS = ("rules", "waivers", "baseline")
DEFAULT_SOURCE = "默认值"
CLI_SOURCE = "命令行"


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))
    sources: dict[str, str] = field(default_factory=lambda: {key: DEFAULT_SOURCE for key in DEFAULTS})
    root: Path = field(default_factory=Path.cwd)  # folder that include/exclude globs are relative to
    file: str | None = None

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def set(self, key: str, value: Any, source: str) -> None:
        self.values[key] = value
        self.sources[key] = source


def find_config(start: Path | None = None) -> Path | None:
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _pyproject_section(pyproject) is not None:
            return pyproject
    return None


def _pyproject_section(path: Path) -> dict | None:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"配置文件 {path} 无法解析：{exc}") from None
    return data.get("tool", {}).get("fzcheck")


def _read(path: Path) -> dict:
    if path.name == "pyproject.toml":
        data = _pyproject_section(path)
        return data if data is not None else {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"配置文件 {path} 不存在") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"配置文件 {path} 不是有效的 YAML：{exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"配置文件 {path} 顶层应为映射（键: 值）")
    return data


def _validate(path: Path, data: dict) -> dict:
    keys = {key.replace("-", "_"): value for key, value in data.items()}
    unknown = sorted(set(keys) - set(DEFAULTS))
    if unknown:
        raise ConfigError(f"配置文件 {path} 有未知的键 {', '.join(unknown)}（允许：{', '.join(DEFAULTS)}）")
    for key, value in keys.items():
        if not isinstance(value, TYPES[key]) or (isinstance(value, bool) and bool not in TYPES[key]):
            raise ConfigError(f"配置文件 {path} 中 {key} 的类型不对（实际为 {type(value).__name__}）")
    if keys.get("fail_on", "error") not in FAIL_ON:
        raise ConfigError(f"配置文件 {path} 中 fail_on 应为 {' / '.join(FAIL_ON)} 之一")
    for key in ("rules", "include", "exclude"):
        if key in keys and not all(isinstance(item, str) for item in keys[key]):
            raise ConfigError(f"配置文件 {path} 中 {key} 应为字符串列表")
    return keys


def load_config(explicit: str | None = None, start: Path | None = None) -> Config:
    config = Config()
    path = Path(explicit) if explicit else find_config(start)
    if path is None:
        return config
    if explicit and not path.is_file():
        raise ConfigError(f"配置文件 {path} 不存在")
    values = _validate(path, _read(path))
    base = path.resolve().parent
    config.root = base
    config.file = str(path)
    for key, value in values.items():
        if key in PATH_KEYS and value:
            value = [str(base / v) for v in value] if isinstance(value, list) else str(base / value)
        if key == "outputs":
            value = {fmt: str(base / target) for fmt, target in value.items()}
        config.set(key, value, str(path))
    return config


def included_paths(config: Config) -> list[str]:
    """Files named by the config's include globs (used when no path is given on the command line)."""
    found: list[str] = []
    for pattern in config["include"]:
        found.extend(sorted(str(p) for p in config.root.glob(pattern) if p.is_file()))
    return list(dict.fromkeys(found))


def excluded(config: Config, path: str) -> bool:
    from fnmatch import fnmatchcase

    if not config["exclude"]:
        return False
    absolute = Path(path).resolve()
    try:
        relative = absolute.relative_to(config.root).as_posix()
    except ValueError:
        relative = Path(path).as_posix()
    return any(fnmatchcase(relative, pattern) or fnmatchcase(Path(path).as_posix(), pattern) for pattern in config["exclude"])


def describe(config: Config) -> str:
    lines = [f"配置文件：{config.file or '（未找到，使用默认值）'}"]
    for key in DEFAULTS:
        value = config[key]
        shown = value if not isinstance(value, (list, dict)) else (value or "—")
        lines.append(f"  {key:11} = {shown}    （来源：{config.sources[key]}）")
    return "\n".join(lines) + "\n"


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
