"""The five real seed reports get the verdicts a careful reviewer gives them (domain.md §9)."""

from __future__ import annotations

import pytest

from fzcheck import api
from fzcheck.model import Status

from conftest import seed

# rule id → expected status, per seed
EXPECTED = {
    "000": {
        "outline.achievements": "pass",
        "outline.shortcomings": "pass",
        "outline.causes": "fail",  # three symptoms, no cause
        "outline.first-responsible": "pass",
        "outline.first-responsible-evidence": "fail",  # mostly the 第四/六条 text pasted
        "outline.next-year-plan": "pass",
        "year.plan-year": "pass",  # 2024 for a 2023 report
        "year.incomplete": "pass",
        "year.issued-date": "pass",  # 2024-01-08
        "meta.addressee": "pass",  # 县委、县政府
        "meta.genre": "pass",
        "meta.unit-wording": "pass",
        "meta.joint-bodies": "pass",
        "quality.competence": "fail",  # 制定规章, 完善法律法规体系, 审理行政诉讼
        "quality.contradiction": "pass",
        "quality.placeholders": "pass",
    },
    "001": {
        "outline.achievements": "pass",  # 主要措施及成效
        "outline.shortcomings": "pass",  # 存在问题和不足
        "outline.causes": "fail",  # implicit causes only
        "outline.first-responsible": "pass",  # 党政主要负责人履职情况
        "outline.first-responsible-evidence": "partial",
        "outline.next-year-plan": "pass",
        "year.plan-year": "fail",  # 下一步工作计划: no year
        "year.incomplete": "fail",  # 遂镇府〔2020〕157号, 截止11月底
        "year.issued-date": "skip",
        "meta.addressee": "skip",  # no 主送
        "meta.genre": "pass",
        "meta.unit-wording": "pass",
        "meta.joint-bodies": "fail",  # government only
        "quality.contradiction": "fail",  # 没有发生不规范执法 vs 执法行为还不够规范
        "quality.competence": "pass",
        "quality.placeholders": "pass",
    },
    "002": {
        "outline.achievements": "pass",
        "outline.shortcomings": "pass",
        "outline.causes": "partial",  # causes for 2 of 3 problems
        "outline.first-responsible": "pass",
        "outline.first-responsible-evidence": "pass",
        "outline.next-year-plan": "pass",
        "year.plan-year": "pass",  # 2025
        "year.incomplete": "pass",
        "meta.addressee": "skip",
        "meta.genre": "pass",
        "meta.unit-wording": "pass",
        "meta.joint-bodies": "pass",
        "quality.competence": "pass",
        "quality.contradiction": "pass",
        "quality.placeholders": "pass",
    },
    "003": {
        "outline.achievements": "pass",  # topic sections, no umbrella heading
        "outline.shortcomings": "pass",
        "outline.causes": "fail",  # no causal wording
        "outline.first-responsible": "pass",
        "outline.first-responsible-evidence": "partial",
        "outline.next-year-plan": "pass",
        "year.plan-year": "pass",
        "year.incomplete": "pass",
        "year.publish-deadline": "pass",  # published 2025-03-28
        "meta.genre": "pass",
        "meta.unit-wording": "fail",  # 本单位主要负责人 in a township report
        "quality.competence": "pass",
        "quality.contradiction": "pass",
        "quality.placeholders": "pass",
    },
    "004": {
        "outline.achievements": "pass",  # 2021年工作情况
        "outline.shortcomings": "pass",  # 存在的主要问题
        "outline.causes": "fail",
        "outline.first-responsible": "fail",  # missing
        "outline.first-responsible-evidence": "skip",
        "outline.next-year-plan": "pass",
        "year.plan-year": "fail",  # 下一步工作计划
        "year.incomplete": "fail",  # 现已…
        "meta.addressee": "fail",  # only 依法治县办
        "meta.genre": "fail",  # 自查报告
        "meta.unit-wording": "pass",
        "quality.competence": "pass",
        "quality.contradiction": "pass",
        "quality.placeholders": "pass",
    },
}

METADATA = {
    "000": dict(year=2023, level="township", addressee="县委、县政府", issued="2024-01-08", document_number=""),
    "001": dict(year=2020, level="township", addressee="", issued="", document_number="遂镇府〔2020〕157号"),
    "002": dict(year=2024, level="township", addressee="", issued=""),
    "003": dict(year=2024, level="township", published="2025-03-28"),
    "004": dict(year=2021, level="township", addressee="丰都县委全面依法治县委员会办公室"),
}


@pytest.fixture(scope="module")
def results():
    return {number: api.check_file(str(seed(number))) for number in EXPECTED}


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_seed_verdicts(results, number):
    got = {r.rule: r.status.value for r in results[number].results}
    expected = EXPECTED[number]
    assert {rule: got[rule] for rule in expected} == expected


@pytest.mark.parametrize("number", sorted(METADATA))
def test_seed_metadata(results, number):
    meta = results[number].metadata
    for key, value in METADATA[number].items():
        assert getattr(meta, key) == value, key
    assert meta.truncated is False
    assert "法治政府建设" in meta.title


def test_best_seed_passes_and_missing_item_fails(results):
    assert results["002"].passed and results["002"].grade in ("优秀", "良好")
    assert not results["004"].passed
    ranking = sorted(results, key=lambda n: results[n].score, reverse=True)
    assert ranking[0] == "002" and ranking[-1] == "004"


def test_missing_item_is_anchored_where_expected(results):
    missing = next(r for r in results["004"].results if r.rule == "outline.first-responsible")
    assert missing.status is Status.FAIL
    # 004 goes from 二、存在的主要问题 straight to 三、下一步工作计划 (line 28)
    assert missing.location.line == 28
    assert "下一步工作计划" in missing.location.section


def test_causes_evidence_names_the_problem_without_a_cause(results):
    causes = next(r for r in results["002"].results if r.rule == "outline.causes")
    assert causes.evidence == ("二是依法行政能力不强，干部运用法治思维和法治方式化解矛盾、维护稳定的能力不足；",)
    assert causes.location.line == 16
    assert "3个问题中2个" in causes.message


def test_section_tree_of_seed_001(results):
    tops = [(s.label, s.title, s.line) for s in results["001"].sections]
    assert tops == [
        ("一、", "主要措施及成效", 15),
        ("二、", "存在问题和不足", 39),
        ("三、", "党政主要负责人履职情况", 45),
        ("四、", "下一步工作计划", 67),
    ]
    assert len(results["001"].sections[0].children) == 7
