"""Facts the citation and time rules check against: rules/data/facts.yaml, validated strictly.

Documents (correct titles, issuers, dates), plans with their periods, bodies and papers renamed
or abolished, powers that changed on a date, and terms whose current form differs from an old
one. Every entry names its source. The file is read through the rule loader's safe YAML loader
and checked like a rule file: unknown keys, wrong types, bad dates, invalid regular expressions
and references to unknown entries are errors naming the file and the line.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fzcheck.errors import RuleSetError
from fzcheck.resources import data_dir
from fzcheck.yamlfile import line_of, load_yaml

SCHEMA = "fzcheck.facts/1"
DATE = re.compile(r"^(19|20)\d{2}(-\d{2}(-\d{2})?)?$")
LEVELS = ("township", "county", "city", "department")


@dataclass(frozen=True)
class Document:
    key: str
    title: str
    source: str
    issuer: str = ""
    family: str = ""  # the words every citation of it (or of a sibling with another period) starts with
    number: str = ""
    published: str = ""
    in_force: str = ""
    until: str = ""
    replaced_by: str = ""
    note: str = ""
    line: int | None = None

    def describe(self) -> str:
        parts = [f"《{self.title}》", self.issuer, self.number]
        if self.published:
            parts.append(f"{self.published}发布")
        if self.in_force:
            parts.append(f"{self.in_force}施行")
        return "，".join(p for p in parts if p)


@dataclass(frozen=True)
class Plan:
    key: str
    name: str
    period: tuple[int, int]
    mentions: tuple[str, ...]
    source: str
    document: str = ""
    outdated_from_year: int | None = None  # first report year that may not cite it as current (default: period end + 1)
    note: str = ""
    line: int | None = None

    @property
    def outdated_from(self) -> int:
        return self.outdated_from_year or self.period[1] + 1

    def describe(self) -> str:
        return f"{self.name}的期限为{self.period[0]}—{self.period[1]}年" + (f"（{self.note}）" if self.note else "")


@dataclass(frozen=True)
class Body:
    key: str
    name: str
    mentions: tuple[str, ...]
    change: str
    date: str
    wrong_from_year: int
    now: str
    source: str
    preceded_by: str = ""  # a mention counts only when the text just before it matches (regex ending in $)
    line: int | None = None

    def describe(self) -> str:
        return f"{self.name}：{self.date}，{self.change}；现为{self.now}"


@dataclass(frozen=True)
class Power:
    key: str
    what: str
    holders: str
    law: str
    from_year: int
    levels: tuple[str, ...]
    acts: tuple[str, ...]
    source: str
    date: str = ""
    department_places: tuple[str, ...] = ()
    exempt: tuple[str, ...] = ()
    respondent: tuple[str, ...] = ()
    note: str = ""
    line: int | None = None

    def describe(self) -> str:
        return f"自{self.date or self.from_year}起，{self.what}的是{self.holders}" + (f"（{self.note}）" if self.note else "")


@dataclass(frozen=True)
class Keep:
    pattern: str
    reason: str
    source: str
    until_year: int | None = None
    line: int | None = None

    def describe(self) -> str:
        until = f"（适用于{self.until_year}年及以前的报告）" if self.until_year else ""
        return f"保留“{self.pattern}”{until}：{self.reason}"


@dataclass(frozen=True)
class Term:
    key: str
    word: str
    current: str
    change: str
    date: str
    source: str
    keep: tuple[Keep, ...] = ()
    line: int | None = None

    def describe(self) -> str:
        kept = "、".join(entry.pattern for entry in self.keep if re.fullmatch(r"[\u4e00-\u9fff]+", entry.pattern))
        return f"“{self.word}”现多应为“{self.current}”（{self.date}：{self.change}）" + (f"；保留法定用语{kept}等" if kept else "")


@dataclass(frozen=True)
class Facts:
    path: str
    separators: str
    separators_source: str
    documents: tuple[Document, ...]
    plans: tuple[Plan, ...]
    bodies: tuple[Body, ...]
    powers: tuple[Power, ...]
    terms: tuple[Term, ...]

    def section(self, name: str) -> tuple[Any, ...]:
        return getattr(self, name)

    def get(self, section: str, key: str) -> Any:
        return next((entry for entry in self.section(section) if entry.key == key), None)

    def select(self, section: str, keys: list[str]) -> tuple[Any, ...]:
        """The entries named (all of the section when `keys` is empty)."""
        entries = self.section(section)
        return entries if not keys else tuple(e for e in entries if e.key in keys)

    def fold_separators(self, text: str) -> str:
        """Year-range separators as '—' (a run of them counts as one)."""
        return re.sub(f"[{re.escape(self.separators)}]+", "—", text)


# ---------------------------------------------------------------- validation

# field → type; a trailing "?" marks an optional field
SPECS: dict[str, dict[str, str]] = {
    "documents": {
        "key": "key", "title": "str", "source": "str", "issuer": "str?", "family": "str?", "number": "str?",
        "published": "date?", "in_force": "date?", "until": "date?", "replaced_by": "ref:documents?", "note": "str?",
    },
    "plans": {
        "key": "key", "name": "str", "period": "period", "mentions": "regex_list", "source": "str",
        "document": "ref:documents?", "outdated_from_year": "year?", "note": "str?",
    },
    "bodies": {
        "key": "key", "name": "str", "mentions": "regex_list", "change": "str", "date": "date",
        "wrong_from_year": "year", "now": "str", "source": "str", "preceded_by": "regex?",
    },
    "powers": {
        "key": "key", "what": "str", "holders": "str", "law": "ref:documents", "from": "date?", "from_year": "year",
        "levels": "levels", "acts": "regex_list", "source": "str", "department_places": "str_list?",
        "exempt": "str_list?", "respondent": "str_list?", "note": "str?",
    },
    "terms": {
        "key": "key", "word": "str", "current": "str", "change": "str", "date": "date", "source": "str",
        "keep": "keep_list?",
    },
}
KEEP_SPEC = {"pattern": "regex", "reason": "str", "source": "str", "until_year": "year?"}
TOP_KEYS = {"facts", "separators", *SPECS}
CLASSES = {"documents": Document, "plans": Plan, "bodies": Body, "powers": Power, "terms": Term}


class _Checker:
    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, message: str, node: Any = None, key: str | None = None) -> None:
        raise RuleSetError(self.path, message, line_of(node, key))

    def value(self, where: str, kind: str, value: Any, node: Any, key: str) -> Any:
        kind = kind.rstrip("?")
        name = f"{where}.{key}"
        if kind in ("str", "key"):
            if not isinstance(value, str) or not value.strip():
                self.fail(f"{name} 应为非空字符串", node, key)
            if kind == "key" and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
                self.fail(f"{name} 应为小写字母、数字和连字符", node, key)
            return value
        if kind == "date":
            if isinstance(value, datetime.date):
                return value.isoformat()
            if not isinstance(value, (str, int)) or not DATE.match(str(value)):
                self.fail(f"{name} 应为日期 YYYY-MM-DD（或 YYYY-MM、YYYY）", node, key)
            return str(value)
        if kind == "year":
            if not isinstance(value, int) or isinstance(value, bool) or not 1949 <= value <= 2100:
                self.fail(f"{name} 应为四位年份", node, key)
            return value
        if kind == "period":
            ok = isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            if not ok or value[0] > value[1]:
                self.fail(f"{name} 应为 [起始年, 结束年]", node, key)
            return (value[0], value[1])
        if kind in ("str_list", "regex_list", "levels"):
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
                self.fail(f"{name} 应为非空字符串列表", node, key)
            if kind == "levels" and set(value) - set(LEVELS):
                self.fail(f"{name} 只能取 {' / '.join(LEVELS)}", node, key)
            for pattern in value if kind == "regex_list" else ():
                self.regex(name, pattern, node, key)
            return tuple(value)
        if kind == "regex":
            return self.regex(name, self.value(where, "str", value, node, key), node, key)
        if kind == "keep_list":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                self.fail(f"{name} 应为映射的列表", node, key)
            return tuple(Keep(**self.entry(name, KEEP_SPEC, item)) for item in value)
        raise ValueError(kind)

    def regex(self, name: str, pattern: str, node: Any, key: str) -> str:
        try:
            re.compile(pattern)
        except re.error as exc:
            self.fail(f"{name} 正则表达式无效 {pattern!r}：{exc}", node, key)
        return pattern

    def entry(self, where: str, spec: dict[str, str], raw: Any) -> dict[str, Any]:
        if not isinstance(raw, dict):
            self.fail(f"{where} 的每一项应为映射")
        unknown = sorted(set(raw) - set(spec))
        if unknown:
            self.fail(f"{where} 有未知的键 {', '.join(map(str, unknown))}（允许：{', '.join(spec)}）", raw, unknown[0])
        result: dict[str, Any] = {"line": line_of(raw)}
        for key, kind in spec.items():
            if key not in raw:
                if not kind.endswith("?"):
                    self.fail(f"{where} 缺少必需的键 {key}", raw)
                continue
            field_name = "date" if key == "from" else key
            if kind.startswith("ref:"):
                result[field_name] = self.value(where, "key", raw[key], raw, key)
            else:
                result[field_name] = self.value(where, kind, raw[key], raw, key)
        return result


def parse(data: Any, path: str) -> Facts:
    check = _Checker(path)
    if not isinstance(data, dict):
        check.fail("顶层应为映射（facts、documents、plans 等键）")
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        check.fail(f"未知的顶层键 {', '.join(map(str, unknown))}（允许：{', '.join(sorted(TOP_KEYS))}）", data, unknown[0])
    if data.get("facts") != SCHEMA:
        check.fail(f"facts 应为 {SCHEMA}", data, "facts")
    separators = check.entry("separators", {"chars": "str", "source": "str"}, data.get("separators"))
    sections: dict[str, tuple[Any, ...]] = {}
    for name, spec in SPECS.items():
        raw = data.get(name) or []
        if not isinstance(raw, list):
            check.fail(f"{name} 应为列表", data, name)
        entries = []
        seen: set[str] = set()
        for item in raw:
            values = check.entry(name, spec, item)
            if values["key"] in seen:
                check.fail(f"{name} 中的 key {values['key']} 重复", item, "key")
            seen.add(values["key"])
            entries.append(CLASSES[name](**values))
        sections[name] = tuple(entries)
    facts = Facts(path, separators["chars"], separators["source"], **sections)
    _check_references(facts, check)
    return facts


def _check_references(facts: Facts, check: _Checker) -> None:
    documents = {d.key for d in facts.documents}
    for section, field_name in (("documents", "replaced_by"), ("plans", "document"), ("powers", "law")):
        for entry in facts.section(section):
            target = getattr(entry, field_name)
            if target and target not in documents:
                raise RuleSetError(facts.path, f"{section}.{field_name} 引用了不存在的文件 {target!r}", entry.line)


@lru_cache(maxsize=8)
def load(path: str | None = None) -> Facts:
    """The facts file (the shipped rules/data/facts.yaml by default), parsed and validated once."""
    path = path or str(data_dir() / "facts.yaml")
    return parse(load_yaml(path), path)


def check_keys(section: str, keys: list[str]) -> str | None:
    """For a kind's `validate`: a Chinese problem when a rule names facts that do not exist."""
    known = {entry.key for entry in load().section(section)}
    unknown = [key for key in keys if key not in known]
    if unknown:
        return f"事实文件的 {section} 中没有 {', '.join(unknown)}（可用：{', '.join(sorted(known))}）"
    return None
