"""Patterns from the user's own rule files: catastrophic shapes refused, every match under a time limit.

The shipped patterns are written and tested to be linear (tests/test_hostile_patterns.py). A
user's pattern is not: `(a+)+$` on a line of forty "a"s backtracks for ever. The known shapes
(a quantifier inside a quantified group, a quantified alternation whose branches can match the
same text) are refused when the rule file is validated, and what slips through runs in the
`regex` package with a timeout, so one pattern can at worst fail one report with a clear message.
"""

from __future__ import annotations

import string

try:
    import re._constants as _c  # Python 3.11+
    import re._parser as _parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

from fzcheck.errors import EXIT_UNREADABLE, FzcheckError

USER_TIMEOUT = 5.0  # seconds for one search of one user pattern in one report
REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT)
SAMPLE = string.printable + "一二三四五六七八九十年月日的是在和了、，。：；（）《》〔〕【】零百千万亿元次件项人 \u3000"


class UserPattern(str):
    """A pattern string that came from a user's rule file (runs under the time limit)."""

    __slots__ = ()


class PatternTimeout(FzcheckError):
    """A user pattern ran out of time on one report: the report fails with this message, the batch goes on."""

    exit_code = EXIT_UNREADABLE

    def __init__(self, pattern: str, seconds: float) -> None:
        super().__init__(f"规则文件中的正则表达式 {pattern[:60]!r} 超过 {seconds:g} 秒仍未完成匹配（可能在回溯失控），请改写该正则")


def _items(tree):
    for op, av in tree:
        yield op, av
        for child in _children(op, av):
            yield from _items(child)


def _children(op, av) -> list:
    if op in REPEATS:
        return [av[2]]
    if op is _c.SUBPATTERN:
        return [av[3]]
    if op is _c.BRANCH:
        return list(av[1])
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [av[1]]
    if op is _c.GROUPREF_EXISTS:
        return [p for p in av[1:] if p is not None]
    return []  # atomic groups and possessive repeats never backtrack into themselves


def _first(tree) -> list:
    """The items that can begin a match of a sub-pattern (approximately: through groups and optional items)."""
    for op, av in tree:
        if op is _c.SUBPATTERN:
            return _first(av[3])
        if op is _c.BRANCH:
            return [item for branch in av[1] for item in _first(branch)]
        if op in REPEATS:
            found = _first(av[2])
            if av[0] > 0:
                return found
            continue
        if op is _c.AT or op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        return [(op, av)]
    return [(_c.ANY, None)]  # may match the empty string: overlaps everything


def _matches(item, char: str) -> bool:
    op, av = item
    if op is _c.LITERAL:
        return ord(char) == av
    if op is _c.NOT_LITERAL:
        return ord(char) != av
    if op is _c.IN:
        return _in_set(av, char)
    return True  # ANY, CATEGORY on its own, back-references…: assume the worst


def _in_set(av, char: str) -> bool:
    negate = False
    hit = False
    for op, value in av:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            hit = hit or ord(char) == value
        elif op is _c.RANGE:
            hit = hit or value[0] <= ord(char) <= value[1]
        elif op is _c.CATEGORY:
            name = str(value).rsplit("_", 1)[-1].lower()
            test = {"digit": str.isdigit, "space": str.isspace, "word": lambda c: c.isalnum() or c == "_"}.get(name)
            negated = "not" in str(value).lower()
            hit = hit or (test is None or (test(char) != negated))
    return hit != negate


def _overlap(a: list, b: list) -> bool:
    """Whether some character can begin both: tried on a sample alphabet plus every literal named."""
    named = "".join(chr(av) for op, av in a + b if op is _c.LITERAL)
    return any(_matches(x, char) and _matches(y, char) for x in a for y in b for char in SAMPLE + named)


def _flat(tree) -> list:
    """A sequence with its groups opened, so (?:x+y)+ is seen as x+ then y."""
    items = []
    for op, av in tree:
        if op is _c.SUBPATTERN:
            items.extend(_flat(av[3]))
        else:
            items.append((op, av))
    return items


def _nested(body) -> bool:
    """Whether a repeated body holds an unbounded repeat that the rest of the body cannot tell apart:
    (a+)+ and (a+b?)+ backtrack exponentially; ([^。]+。)+ does not (the 。 ends every round)."""
    items = _flat(body)
    for index, (op, av) in enumerate(items):
        if op not in REPEATS or av[1] != _c.MAXREPEAT:
            continue
        inner = _first(av[2])
        rest = [item for i, item in enumerate(items) if i != index]
        required = [item for item in rest if not (item[0] in REPEATS and item[1][0] == 0) and item[0] is not _c.AT]
        if not required or any(_overlap(inner, _first([item])) for item in required):
            return True
    return False


def catastrophic(pattern: str) -> str | None:
    """A Chinese description of a shape that backtracks exponentially, or None."""
    try:
        tree = _parser.parse(pattern)
    except Exception:  # noqa: BLE001 - invalid patterns are reported by re.compile
        return None
    for op, av in _items(tree):
        if op not in REPEATS or av[1] != _c.MAXREPEAT:
            continue
        if _nested(av[2]):
            return "量词嵌套，如 (a+)+"
        for inner_op, inner_av in _items(av[2]):
            if inner_op is _c.BRANCH:
                branches = [_first(branch) for branch in inner_av[1]]
                for i, first in enumerate(branches):
                    if any(_overlap(first, other) for other in branches[i + 1 :]):
                        return "重复的分支可匹配相同文字，如 (a|a)*"
    return None


class TimedPattern:
    """A `regex` pattern whose searches stop after USER_TIMEOUT seconds (the `re` interface kinds use)."""

    def __init__(self, pattern: str) -> None:
        import regex

        self.pattern = pattern
        self._compiled = regex.compile(pattern, flags=regex.V0)

    def _call(self, method: str, text: str):
        try:
            result = getattr(self._compiled, method)(text, timeout=USER_TIMEOUT)
            return list(result) if method == "finditer" else result
        except TimeoutError:
            raise PatternTimeout(self.pattern, USER_TIMEOUT) from None

    def finditer(self, text: str):
        return iter(self._call("finditer", text))

    def search(self, text: str):
        return self._call("search", text)

    def match(self, text: str):
        return self._call("match", text)

    def fullmatch(self, text: str):
        return self._call("fullmatch", text)
