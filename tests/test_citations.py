"""Citations and time: the facts file, and the rules that check reports against it (issue 14)."""

from __future__ import annotations

import pytest

from fzcheck import api, docs, engine, facts
from fzcheck.errors import RuleSetError
from fzcheck.formats import text as text_format
from fzcheck.profiles import load

from conftest import SEEDS, run_cli, seed

CITATION_RULES = ("citation.title", "citation.current-plan", "citation.renamed-body", "quality.competence", "quality.fazhi-wording")


def check(report: str, rule_id: str, profile: str = "township"):
    ruleset = load(profile)
    doc = api.parse_text(report)
    return engine.evaluate_rule(ruleset.rule(rule_id), engine.Context(doc, ruleset))


def report(year: int, body: str, title: str = "") -> str:
    title = title or f"关于{year}年法治政府建设情况的报告"
    return f"{title}\n一、主要举措和成效\n{body}\n"


# ---------------------------------------------------------------- the facts file


def test_shipped_facts_load_and_every_entry_names_a_source():
    data = facts.load()
    entries = [*data.documents, *data.plans, *data.bodies, *data.powers, *data.terms]
    entries += [keep for term in data.terms for keep in term.keep]
    assert len(data.documents) >= 10 and {p.key for p in data.plans} >= {"pufa-6", "pufa-7", "pufa-8", "gangyao-2015", "gangyao-2021"}
    assert all(entry.source.strip() for entry in entries)
    gangyao = data.get("documents", "gangyao-2021")
    assert (gangyao.title, gangyao.number, gangyao.replaced_by) == ("法治政府建设实施纲要（2021—2025年）", "中发〔2021〕33号", "")
    assert data.get("documents", "gangyao-2015").replaced_by == "gangyao-2021"
    assert data.get("bodies", "legal-daily").date == "2020-08-01"
    assert data.get("powers", "administrative-review-2024").from_year == 2024


FACTS_HEAD = "facts: fzcheck.facts/1\nseparators: {chars: '—-', source: GB/T 15834}\n"
GOOD_PLAN = "plans:\n  - key: p\n    name: 七五普法\n    period: [2016, 2020]\n    mentions: [七五普法]\n    source: 某处\n"


@pytest.mark.parametrize(
    ("body", "problem", "line"),
    [
        (GOOD_PLAN.replace("    source: 某处\n", ""), "缺少必需的键 source", 4),
        (GOOD_PLAN + "    colour: red\n", "未知的键 colour", 9),
        (GOOD_PLAN.replace("[2016, 2020]", "[2020, 2016]"), "period 应为 [起始年, 结束年]", 6),
        (GOOD_PLAN.replace("[七五普法]", "['七五(普法']"), "正则表达式无效", 7),
        (GOOD_PLAN + "    document: no-such\n", "引用了不存在的文件 'no-such'", 4),
        ("bodies:\n  - {key: b, name: x, mentions: [x], change: y, date: 2018-13-45, wrong_from_year: 2019, now: z, source: s}\n",
         "YAML", None),
        ("bodies:\n  - {key: b, name: x, mentions: [x], change: y, date: '18年', wrong_from_year: 2019, now: z, source: s}\n",
         "date 应为日期", 4),
        ("rumours: []\n", "未知的顶层键 rumours", 3),
    ],
)
def test_facts_file_is_validated_strictly_with_lines(tmp_path, body, problem, line):
    path = tmp_path / "facts.yaml"
    path.write_text(FACTS_HEAD + body, encoding="utf-8")
    with pytest.raises(RuleSetError) as caught:
        facts.load(str(path))
    message = str(caught.value)
    assert problem in message and str(path) in message
    if line:
        assert f"第{line}行" in message


def test_a_rule_naming_an_unknown_fact_is_a_rule_file_error(tmp_path):
    rule = (tmp_path / "r.yaml")
    rule.write_text(
        "extends: township\nrules:\n  - id: my.plan\n    kind: current_plan\n    title: t\n    severity: info\n    weight: 1\n"
        "    params: {plans: [pufa-99]}\n    message: m\n    suggestion: s\n    basis: b\n"
        "    examples: {pass: ['x'], fail: ['y']}\n",
        encoding="utf-8",
    )
    proc = run_cli("rules", "validate", str(rule))
    assert proc.returncode == 2 and "pufa-99" in proc.stderr and "my.plan" in proc.stderr


# ---------------------------------------------------------------- citation.title


@pytest.mark.parametrize(
    "cited",
    ["《法治政府建设实施纲要（2021—2025年）》", "《法治政府建设实施纲要(2021-2025年)》", "《法治政府建设实施纲要（2021－2025年）》",
     "《法治政府建设实施纲要（2021～2025年）》", "《法治政府建设实施纲要（2021——2025年）》", "《法治中国建设规划（2020-2025年）》",
     "《广东省法治政府建设实施纲要（2016—2020年）》", "《重大行政决策程序暂行条例》", "《党政主要负责人履行推进法治建设第一责任人职责清单》",
     "《法治政府建设实施方案（2021-2025年）》"],
)
def test_accepted_titles_and_local_documents_pass(cited):
    assert check(report(2023, f"对照{cited}，推进依法行政。"), "citation.title").status.value == "pass"


@pytest.mark.parametrize(
    ("cited", "correction"),
    [
        ("《法治政府建设实施纲要（20212025年）》", "应为《法治政府建设实施纲要（2021—2025年）》"),
        ("《法治政府建设实施纲要（2022—2025年）》", "没有这一期限的文件"),
        ("《法治政府建设实施纲要》", "应写明期限，如《法治政府建设实施纲要（2021—2025年）》"),
        ("《法治政府建设实施纲（2015-2020年）》", "应为《法治政府建设实施纲要（2015—2020年）》"),
        ("《法治政府建设实施纲要（2015—2020年）纲要》", "应为《法治政府建设实施纲要（2015—2020年）》"),
        ("《党政主要负责人履行推进法治建设的第一责任人职责规定》", "应为《党政主要负责人履行推进法治建设第一责任人职责规定》"),
        ("《重大行政决策程序暂行规定》", "应为《重大行政决策程序暂行条例》"),
    ],
)
def test_wrong_titles_fail_with_the_correct_title_and_place(cited, correction):
    result = check(report(2023, f"我镇对照{cited}，推进依法行政。"), "citation.title")
    assert result.status.value == "fail"
    assert result.location.line == 3
    assert correction in result.evidence[0] and cited.replace("(", "（").replace(")", "）") in result.evidence[0]
    assert "来源：" in result.message


def test_wrong_issuer_fails_and_right_issuer_passes():
    wrong = check(report(2023, "认真学习中共中央、国务院印发的《法治中国建设规划（2020—2025年）》。"), "citation.title")
    assert wrong.status.value == "fail" and "由中共中央印发" in wrong.evidence[0]
    for right in ("党中央、国务院印发的《法治政府建设实施纲要(2021—2025年)》", "中共中央印发了《法治中国建设规划(2020-2025年)》",
                  "中共中央办公厅、国务院办公厅印发的《党政主要负责人履行推进法治建设第一责任人职责规定》"):
        assert check(report(2023, f"认真学习{right}。"), "citation.title").status.value == "pass", right


# ---------------------------------------------------------------- citation.current-plan


@pytest.mark.parametrize(
    ("year", "body", "status"),
    [
        (2023, "深入开展七五普法，营造浓厚法治氛围。", "fail"),
        (2023, "扎实推进“七五”普法，举办讲座5场。", "fail"),
        (2020, "深入开展七五普法，营造浓厚法治氛围。", "pass"),
        (2021, "七五普法顺利收官，八五普法全面启动。", "pass"),
        (2023, "总结七五普法经验，深入开展八五普法。", "pass"),
        (2022, "与“六五”普法相比，“七五”普法在服务大局中不断创新。", "pass"),
        (2022, "根据《法治政府建设实施纲要（2015—2020年）》，全面推进依法行政。", "fail"),
        (2021, "根据《法治政府建设实施纲要（2015—2020年）》，全面推进依法行政。", "pass"),
        (2020, "结合实际谋划八五普法。", "pass"),
    ],
)
def test_plan_carried_out_outside_its_period(year, body, status):
    result = check(report(year, body), "citation.current-plan")
    assert result.status.value == status, result.evidence
    if status == "fail":
        assert result.location.line == 3 and f"报告年度为{year}年" in result.evidence[0] and "来源：" in result.message


# ---------------------------------------------------------------- citation.renamed-body


@pytest.mark.parametrize(
    ("year", "body", "status"),
    [
        (2023, "规范性文件报县法制办备案审查。", "fail"),
        (2022, "依法治县领导小组专题研究法治建设2次。", "fail"),
        (2021, "我镇经验在《法制日报》刊发。", "fail"),
        (2019, "我镇经验在《法制日报》刊发。", "pass"),
        (2017, "规范性文件报县法制办备案审查。", "pass"),
        (2023, "原县法制办的职责已划入县司法局。", "pass"),
        (2023, "2017年，规范性文件报县法制办备案审查，此后改由司法局审查。", "pass"),
        (2023, "在全面依法治县委员会办公室指导下开展工作，成立镇法治建设领导小组。", "pass"),
        (2023, "县市场监管局法制股审核执法案卷。", "pass"),
    ],
)
def test_bodies_named_as_current_after_their_change(year, body, status):
    result = check(report(year, body), "citation.renamed-body")
    assert result.status.value == status, result.evidence
    if status == "fail":
        assert result.location.line == 3 and "现为" in result.evidence[0] and "来源：" in result.message


# ---------------------------------------------------------------- quality.competence (dated powers)


@pytest.mark.parametrize(
    ("title", "body", "status"),
    [
        ("桃源县架桥镇2024年法治政府建设工作报告", "全年受理行政复议申请3件，依法审结3件。", "fail"),
        ("某县市场监督管理局2025年法治政府建设年度报告", "依法办理行政复议案件4件，行政机关负责人出庭应诉率100%。", "fail"),
        ("桃源县架桥镇2023年法治政府建设工作报告", "全年受理行政复议申请3件。", "pass"),
        ("某县人民政府关于2024年法治政府建设情况的报告", "全年受理行政复议申请56件，审结50件。", "pass"),
        ("某县司法局2024年法治政府建设年度报告", "办理行政复议案件56件，纠错率12%。", "pass"),
        ("国家税务总局某县税务局2024年法治政府建设年度报告", "受理行政复议申请2件。", "pass"),
        ("某市交通运输局2024年法治政府建设年度报告", "办理行政复议案件3件。", "pass"),
        ("桃源县架桥镇2024年法治政府建设工作报告", "严格依法办理行政复议案件，及时提交行政复议答复材料。", "pass"),
        ("桃源县架桥镇2024年法治政府建设工作报告", "全面实施新修订的行政复议法，积极妥善办理行政复议事项。", "pass"),
        ("桃源县架桥镇2024年法治政府建设工作报告", "配合县政府办理行政复议案件2件。", "pass"),
    ],
)
def test_review_cases_claimed_by_a_body_without_the_power(title, body, status):
    result = check(f"{title}\n一、主要举措和成效\n{body}\n", "quality.competence")
    assert result.status.value == status, result.evidence
    if status == "fail":
        assert result.location.line == 3 and "县级以上各级人民政府" in result.evidence[0]
        assert "行政复议法" in result.message and "来源：" in result.message


# ---------------------------------------------------------------- quality.fazhi-wording


@pytest.mark.parametrize(
    ("year", "body", "hits"),
    [
        (2024, "全面落实重大行政执法决定法制审核制度，落实领导干部述法制度。", 0),
        (2015, "深入开展六五普法，全面完成第六个五年法制宣传教育规划。", 0),
        (2019, "我镇经验在《法制日报》刊发。", 0),
        (2022, "我镇经验在《法制日报》刊发。", 1),
        (2022, "落实学法用法制度，依法制定规范性文件，局法制股审核案卷。", 0),
        (2022, "开展法制宣传3次，落实行政执法法制审查。", 2),
    ],
)
def test_fazhi_keeps_the_laws_own_words(year, body, hits):
    result = check(report(year, body), "quality.fazhi-wording")
    assert len(result.evidence) == hits and result.status.value == ("fail" if hits else "pass")


# ---------------------------------------------------------------- samples, outputs, docs


EXPECTED_ON_SEEDS = {  # rule → seeds where it fails; every other seed passes (or is skipped)
    "citation.title": {"000"},  # 《重大行政决策程序暂行规定》 for the 条例
    "citation.current-plan": set(),
    "citation.renamed-body": set(),
}


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_citation_rules_on_the_samples(path):
    results = {r.rule: r for r in api.check_file(str(path)).results}
    for rule_id, failing in EXPECTED_ON_SEEDS.items():
        expected = "fail" if path.name[:3] in failing else "pass"
        assert results[rule_id].status.value == expected, (rule_id, results[rule_id].evidence)
    if path.name.startswith("000"):
        assert results["citation.title"].location.line == 17
        assert "《重大行政决策程序暂行规定》" in results["citation.title"].evidence[0]


def test_text_output_gives_the_fact_and_its_source():
    lines = "\n".join(text_format.report_lines(api.check_file(str(seed("000")))))
    assert "依据：《重大行政决策程序暂行条例》，国务院，国务院令第713号" in lines and "来源：gps-for-ai.com" in lines
    assert "第17行第264列「《重大行政决策程序暂行规定》」" in lines


def test_rules_show_lists_the_facts_with_sources():
    shown = run_cli("rules", "show", "citation.current-plan")
    assert shown.returncode == 0 and "依据的事实" in shown.stdout
    assert "七五普法的期限为2016—2020年（来源：islanderfriend.com" in shown.stdout
    assert "依据的事实" not in run_cli("rules", "show", "outline.causes").stdout


def test_rules_reference_lists_every_fact():
    reference = docs.rules_reference()
    data = facts.load()
    for entry in (*data.documents, *data.plans, *data.bodies, *data.powers, *data.terms):
        assert f"| {entry.key} |" in reference
    assert all(rule_id in reference for rule_id in CITATION_RULES)


def test_each_occurrence_is_one_mark_with_its_original_text():
    text = "关于2023年法治政府建设情况的报告\n一、主要举措和成效\n深入开展七五普法。\n  报县法制办审查，扎实推进“七五”普法。\n"
    ruleset = load("township")
    doc = api.parse_text(text)
    plans = engine.evaluate_rule(ruleset.rule("citation.current-plan"), engine.Context(doc, ruleset))
    assert [(m.text, m.line, m.column) for m in plans.marks] == [("七五普法", 3, 5), ("“七五”普法", 4, 15)]
    bodies = engine.evaluate_rule(ruleset.rule("citation.renamed-body"), engine.Context(doc, ruleset))
    assert [(m.text, m.line, m.column) for m in bodies.marks] == [("县法制办", 4, 4)]
    sample = {r.rule: r for r in api.check_file(str(seed("000"))).results}["citation.title"]
    assert [(m.text, m.line) for m in sample.marks] == [("《重大行政决策程序暂行规定》", 17)]
