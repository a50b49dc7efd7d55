"""YAML for rule and fact files: the safe loader (libyaml when present), line numbers kept on every mapping,
and size, depth and alias limits checked on the event stream before anything is built."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from fzcheck.errors import RuleSetError

MAX_FILE = 1024 * 1024  # bytes of one rule file
MAX_DEPTH = 50  # nesting of mappings and lists
MAX_NODES = 200_000  # values once every alias is expanded (base.yaml has a few thousand)


class _Mapping(dict):
    line: int = 0
    key_lines: dict[str, int]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml parses ten times faster
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(None, None, f"重复的键 {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _precheck(path: str, text: str) -> None:
    """Size, depth and alias expansion, measured on the event stream before anything is built:
    a file nested 50,000 deep would crash the parser and an alias bomb would hang the validation."""
    if len(text.encode("utf-8")) > MAX_FILE:
        raise RuleSetError(path, f"文件超过 {MAX_FILE // 1024} KB，不像是规则文件")
    sizes: list[int] = [0]  # values so far in each open collection
    names: list[str | None] = [None]  # each open collection's anchor
    anchors: dict[str, int] = {}  # values behind each anchor
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            sizes.append(0)
            names.append(event.anchor)
            if len(sizes) > MAX_DEPTH + 1:
                raise RuleSetError(path, f"嵌套超过 {MAX_DEPTH} 层", line)
            continue
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            size, anchor = sizes.pop() + 1, names.pop()
        elif isinstance(event, yaml.ScalarEvent):
            size, anchor = 1, event.anchor
        elif isinstance(event, yaml.AliasEvent):
            size, anchor = anchors.get(event.anchor, 1), None
        else:
            continue
        sizes[-1] += size
        if anchor:
            anchors[anchor] = size
        if sizes[-1] > MAX_NODES:
            raise RuleSetError(path, f"别名（*引用）展开后超过 {MAX_NODES:,} 个值，疑似别名炸弹", line)


def _line(node: Any, key: str | None = None) -> int | None:
    if isinstance(node, _Mapping):
        return node.key_lines.get(key, node.line) if key else node.line
    return None


def load_yaml(path: str) -> Any:
    """A YAML file read through the safe loader; mappings remember their lines (see `line_of`)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleSetError(path, "文件不存在") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleSetError(path, f"无法读取（{exc}）") from None
    try:
        _precheck(path, text)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleSetError(path, f"YAML 语法或标签错误：{problem}", mark.line + 1 if mark else None) from None
    except ValueError as exc:  # a scalar YAML resolves to a type it cannot hold, e.g. the date 2018-13-45
        raise RuleSetError(path, f"YAML 值无效：{exc}（日期请写成有效的 YYYY-MM-DD，或加引号）") from None


line_of = _line
