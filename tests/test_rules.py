"""Rules as data: every rule's own examples run both ways; rule files are validated strictly."""

from __future__ import annotations

import pytest

from fzcheck.errors import RuleSetError
from fzcheck.examples import run_rule_examples
from fzcheck.ruleset import PROFILES
from fzcheck.profiles import load, shipped_files, validate_file

from conftest import run_cli

ALL = {rule.id: (rule, load(name)) for name in reversed(PROFILES) for rule in load(name).rules}
STABLE_IDS = {
    "outline.achievements", "outline.shortcomings", "outline.causes", "outline.first-responsible",
    "outline.next-year-plan", "outline.other", "year.plan-year", "quality.competence", "year.incomplete",
    "meta.unit-wording", "meta.addressee", "outline.first-responsible-evidence", "meta.genre",
    "quality.placeholders", "quality.data-density",
}


def test_stable_ids_are_shipped():
    for profile in PROFILES:
        assert STABLE_IDS - {"meta.unit-wording"} <= {rule.id for rule in load(profile).rules}, profile
    assert "meta.unit-wording" in {rule.id for rule in load("township").rules}


@pytest.mark.parametrize("rule_id", sorted(ALL))
def test_rule_examples(rule_id):
    rule, ruleset = ALL[rule_id]
    assert rule.examples_pass and rule.examples_fail, "every rule needs pass and fail examples"
    outcomes = run_rule_examples(rule, ruleset)
    bad = [(o.side, o.index, o.status.value) for o in outcomes if not o.ok]
    assert bad == []


def test_profiles_extend_and_change_the_base():
    township, county, city, department = (load(p) for p in PROFILES)
    assert township.rule("meta.joint-bodies") is not None and county.rule("meta.joint-bodies") is None
    assert department.rule("meta.unit-wording") is None and township.rule("meta.unit-wording") is not None
    assert "人大常委会" in " ".join(county.rule("meta.addressee").params["patterns"])
    assert not any("规章" in p for p in city.rule("quality.competence").params["patterns"])
    assert any("规章" in p for p in county.rule("quality.competence").params["patterns"])
    assert {f.extends for n, f in shipped_files().items() if n in PROFILES} <= {"base", "county"}


def write(tmp_path, text: str, name: str = "mine.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


RULE = """
  - id: province.special
    kind: phrases
    title: 本省特色事项
    severity: warning
    weight: 2
    params: {phrases: [营商环境]}
    message: 未写营商环境
    suggestion: 写明优化营商环境的举措。
    basis: 某省指引
    examples:
      pass: ["关于2023年法治政府建设情况的报告\\n一、主要举措和成效\\n持续优化营商环境。"]
      fail: ["关于2023年法治政府建设情况的报告\\n一、主要举措和成效\\n开展普法。"]
"""


def test_user_file_extends_a_profile_adds_rules_and_switches_some_off(tmp_path):
    path = write(tmp_path, "extends: county\ndisable: [quality.balance]\noverride:\n  meta.genre: {severity: error, weight: 6}\nrules:" + RULE)
    ruleset = validate_file(path)
    assert ruleset.rule("province.special").severity == "warning"
    assert ruleset.rule("quality.balance") is None
    assert (ruleset.rule("meta.genre").severity, ruleset.rule("meta.genre").weight) == ("error", 6.0)
    assert ruleset.rule("meta.addressee").params == load("county").rule("meta.addressee").params


@pytest.mark.parametrize(
    "text, problem, line",
    [
        ("rules:" + RULE.replace("    weight: 2\n", "    weight: 2\n    colour: red\n"), "未知的键 colour", 7),
        ("rules:" + RULE.replace("weight: 2", "weight: heavy"), "weight 应为非负数", 6),
        ("rules:" + RULE.replace("kind: phrases", "kind: magic"), "未知的规则类型 'magic'", 3),
        ("rules:" + RULE.replace("[营商环境]", "[营商环境]\n      bogus: 1").replace("params: {phrases", "params:\n      phrases"), "没有参数 bogus", None),
        ("rules:" + RULE.replace("kind: phrases", "kind: forbidden").replace("{phrases: [营商环境]}", "{patterns: ['(未闭合']}"), "正则表达式无效", 7),
        ("rules:" + RULE + RULE, "规则 id 重复", 15),
        ("rules:" + RULE.replace('      fail: ["关于2023年法治政府建设情况的报告\\n一、主要举措和成效\\n开展普法。"]\n', ""), "examples.fail", None),
        ("extends: nowhere\nrules:" + RULE, "extends 的 'nowhere' 不存在", None),
        ("extends: township\ndisable: [no.such-rule]\n", "no.such-rule 不存在", None),
        ("rules: !!python/object/apply:os.system ['echo hi']\n", "YAML 语法或标签错误", 1),
        ("rules:\n  - id: a.b\n    kind: phrases\n  id: [\n", "YAML 语法或标签错误", None),
        ("rulez: []\n", "未知的顶层键 rulez", 1),
        ("rules:" + RULE.replace("{phrases: [营商环境]}", "{phrases: [营商环境], scope: nosuchsection}"), "未定义的章节角色 'nosuchsection'", 2),
    ],
)
def test_rule_file_errors_name_file_line_and_rule(tmp_path, text, problem, line):
    path = write(tmp_path, text)
    with pytest.raises(RuleSetError) as caught:
        validate_file(path)
    message = str(caught.value)
    assert path in message and problem in message
    if line:
        assert f"第{line}行" in message


def test_python_tags_are_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    path = write(tmp_path, f"rules: !!python/object/apply:os.system ['touch {marker}']\n")
    proc = run_cli("rules", "validate", path)
    assert proc.returncode == 2 and not marker.exists()


def test_rules_commands(tmp_path):
    listing = run_cli("rules", "list", "--profile", "department")
    assert listing.returncode == 0 and "outline.causes" in listing.stdout and "meta.unit-wording" not in listing.stdout
    shown = run_cli("rules", "show", "outline.causes")
    assert shown.returncode == 0
    assert "依据：《法治政府建设与责任落实督察工作规定》" in shown.stdout and "通过的示例" in shown.stdout
    assert run_cli("rules", "show", "no.such").returncode == 2
    good = write(tmp_path, "extends: township\nrules:" + RULE)
    assert run_cli("rules", "validate", good).returncode == 0
    tested = run_cli("rules", "test", good)
    assert tested.returncode == 0 and "2 个符合，0 个不符合" in tested.stdout
    wrong = write(tmp_path, "extends: township\nrules:" + RULE.replace("持续优化营商环境", "持续优化服务"), "wrong.yaml")
    tested = run_cli("rules", "test", wrong)
    assert tested.returncode == 1 and "province.special 示例 pass#1" in tested.stdout
    builtin = run_cli("rules", "test")
    assert builtin.returncode == 0 and "，0 个不符合" in builtin.stdout


def test_word_level_matching_does_not_fire_inside_longer_words(tmp_path, monkeypatch):
    monkeypatch.setenv("FZCHECK_CACHE_DIR", str(tmp_path / "cache"))
    rule = RULE.replace("{phrases: [营商环境]}", "{phrases: [法治], match: word}").replace("持续优化营商环境", "坚持法治为本").replace("开展普法", "推进法治化进程")
    path = write(tmp_path, "extends: township\nrules:" + rule)
    proc = run_cli("rules", "test", path, env={"FZCHECK_CACHE_DIR": str(tmp_path / "cache")})
    assert proc.returncode == 0, proc.stdout
    assert list((tmp_path / "cache").glob("jieba-*.json")), "the dictionary cache is written on first use"
    again = run_cli("rules", "test", path, env={"FZCHECK_CACHE_DIR": str(tmp_path / "cache")})
    assert again.returncode == 0


def test_an_edited_rule_file_is_read_again(tmp_path):
    """A long-running process (the page, a cluster worker) sees a rule file's new content."""
    import os

    from fzcheck.profiles import load

    path = tmp_path / "本省.yaml"
    path.write_text("extends: township\noverride:\n  quality.balance: {weight: 3}\n", encoding="utf-8")
    assert load("township", (str(path),)).rule("quality.balance").weight == 3
    path.write_text("extends: township\noverride:\n  quality.balance: {weight: 7}\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load("township", (str(path),)).rule("quality.balance").weight == 7
