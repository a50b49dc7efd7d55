"""Rule files: limits checked before parsing, values validated as they will be used, user patterns bounded."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import run_cli, seed

from fzcheck import api, patterns, profiles
from fzcheck.errors import RuleSetError

RULE = """\
rules:
  - id: custom.phrase
    kind: phrases
    title: 自定义
    severity: warning
    weight: {weight}
    params:
      scope: document
      phrases: [{phrase}]
      match: {match}
    message: 缺少
    suggestion: 补充
    basis: 自定
    examples:
      pass: [依法行政]
      fail: [其他]
"""


def _rule_file(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> str:
    with pytest.raises(RuleSetError) as caught:
        profiles.validate_file(str(path))
    return str(caught.value)


def test_yaml_nested_fifty_thousand_deep_is_refused_not_a_crash(tmp_path):
    path = _rule_file(tmp_path, "rules: " + "[" * 50_000 + "]" * 50_000 + "\n")
    proc = run_cli("rules", "validate", str(path))
    assert proc.returncode == 2 and "嵌套超过 50 层" in proc.stderr and str(path) in proc.stderr and "第1行" in proc.stderr


def test_an_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [依法, 依规, 依章, 依程, 依序, 依时, 依理, 依情, 依据, 依照]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 9)]
    text = "\n".join(lines) + "\n" + RULE.format(weight=1, phrase="*a8", match="substring")
    message = _error(_rule_file(tmp_path, text))
    assert "别名炸弹" in message and "第6行" in message  # a5: over 10⁵ values


def test_a_rule_file_over_the_size_limit_is_refused(tmp_path):
    message = _error(_rule_file(tmp_path, "# " + "注" * 400_000 + "\n" + RULE.format(weight=1, phrase="依法", match="substring")))
    assert "不像是规则文件" in message


@pytest.mark.parametrize("weight", [".nan", ".inf", "-.inf", "-1"])
def test_weights_must_be_finite_and_not_negative(tmp_path, weight):
    message = _error(_rule_file(tmp_path, RULE.format(weight=weight, phrase="依法", match="substring")))
    assert "weight 应为非负数" in message and "第6行" in message


def test_a_number_parameter_must_be_finite(tmp_path):
    text = textwrap.dedent("""\
        extends: township
        override:
          quality.data-density:
            params:
              min_per_1000: .nan
        """)
    assert "类型应为 number" in _error(_rule_file(tmp_path, text))


def test_heading_patterns_are_validated_joined(tmp_path):
    text = textwrap.dedent("""\
        extends: township
        sections:
          achievements:
            name: 成效
            headings: ['(?P<x>成效)', '(?P<x>成绩)']
        """)
    message = _error(_rule_file(tmp_path, text))
    assert "合并成一个正则后无效" in message and "第5行" in message


@pytest.mark.parametrize("pattern", ["'(a+)+$'", "'(法|.)*'", "'(\\s*\\d+)+'"])
def test_catastrophic_user_patterns_are_refused_with_file_and_line(tmp_path, pattern):
    path = _rule_file(tmp_path, RULE.format(weight=1, phrase=pattern, match="regex"))
    proc = run_cli("rules", "validate", str(path))
    assert proc.returncode == 2 and "可能在长文本上失控" in proc.stderr and f"{path} 第9行" in proc.stderr


def test_harmless_repeats_are_accepted():
    for pattern in ("(?:\\d+、)+", "([^。]+。)+", "(?:第[一二三]+条)+", "(依法|依规)+", "\\d+(?:\\.\\d+)?"):
        assert patterns.catastrophic(pattern) is None, pattern


def test_a_user_pattern_that_runs_too_long_fails_only_that_report(tmp_path, monkeypatch):
    monkeypatch.setattr(patterns, "USER_TIMEOUT", 0.05)
    slow = "'\\d*,?\\d*,?\\d*,?\\d*,?[^\\d,]'"  # polynomial, not a refused shape: the time limit is the net
    rules = _rule_file(tmp_path, RULE.format(weight=1, phrase=slow, match="regex"))
    digits = tmp_path / "digits.txt"
    digits.write_text(seed("002").read_text(encoding="utf-8") + "\n" + "1" * 3000 + "\n", encoding="utf-8")
    options = api.Options(rules=(str(rules),))
    failed = api.check_one(str(digits), options)
    assert failed.path == str(digits) and "超过 0.05 秒" in failed.message and "请改写该正则" in failed.message
    good = api.check_one(str(seed("002")), options)
    assert good.results


def test_verbatim_reference_cannot_name_any_path(tmp_path):
    text = textwrap.dedent("""\
        extends: township
        override:
          outline.first-responsible-evidence:
            params:
              reference: /etc/passwd
        """)
    assert "只能是规则文件所在文件夹或 rules/data 中的文件名" in _error(_rule_file(tmp_path, text))
    escaping = text.replace("/etc/passwd", "../../etc/passwd")
    assert "只能是" in _error(_rule_file(tmp_path, escaping, "b.yaml"))


def test_verbatim_reference_in_the_rule_files_own_folder(tmp_path):
    (tmp_path / "regulation.txt").write_text("党政主要负责人是本地区推进法治建设第一责任人，应当切实履行职责。" * 3, encoding="utf-8")
    text = textwrap.dedent("""\
        extends: township
        override:
          outline.first-responsible-evidence:
            params:
              reference: regulation.txt
        """)
    loaded = profiles.validate_file(str(_rule_file(tmp_path, text)))
    assert loaded.rule("outline.first-responsible-evidence").params["reference"] == str((tmp_path / "regulation.txt").resolve())
