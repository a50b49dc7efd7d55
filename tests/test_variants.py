"""Variants a reviewer meets, built from the real samples: each keeps or changes verdicts as expected."""

from __future__ import annotations

import re
import textwrap

import pytest

from fzcheck import api

from conftest import seed

BEST = seed("002").read_text(encoding="utf-8")


def verdicts(text: str, tmp_path, name: str = "variant.txt", encoding: str = "utf-8") -> dict[str, str]:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return {r.rule: r.status.value for r in api.check_file(str(path)).results}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    return verdicts(BEST, tmp_path_factory.mktemp("base"))


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def section_bounds(text: str, heading_start: str) -> tuple[int, int]:
    """Line range [start, end) of the top-level section whose heading starts with heading_start."""
    lines = lines_of(text)
    start = next(i for i, line in enumerate(lines) if line.startswith(heading_start))
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^[一二三四五六七八九十]、", lines[i])), len(lines))
    return start, end


def test_removing_the_shortcomings_section(tmp_path, baseline):
    start, end = section_bounds(BEST, "三、")
    lines = lines_of(BEST)
    got = verdicts("\n".join(lines[:start] + lines[end:]), tmp_path)
    assert got["outline.shortcomings"] == "fail"
    assert got["outline.causes"] == "skip"
    assert got["quality.balance"] == got["quality.contradiction"] == "skip"
    changed = ("outline.shortcomings", "outline.causes", "quality.balance", "quality.contradiction")
    unchanged = {k: v for k, v in baseline.items() if k not in changed}
    assert {k: got[k] for k in unchanged} == unchanged


@pytest.mark.parametrize(
    "renames",
    [
        {
            "一、2024年推进法治政府建设的主要举措和成效": "一、2024年工作开展情况",
            "三、2024年推进法治政府建设存在的不足和原因": "三、存在问题和不足",
            "四、2025年推进法治政府建设的主要安排": "四、2025年工作思路和目标举措",
        },
        {
            "一、2024年推进法治政府建设的主要举措和成效": "一、主要做法和成效",
            "三、2024年推进法治政府建设存在的不足和原因": "三、存在的主要问题",
            "四、2025年推进法治政府建设的主要安排": "四、2025年工作安排",
        },
    ],
)
def test_headings_renamed_to_other_real_wordings(tmp_path, baseline, renames):
    text = BEST
    heading_3 = next(line for line in lines_of(BEST) if line.startswith("二、"))
    text = text.replace(heading_3, "二、党政主要负责人履职情况")
    for old, new in renames.items():
        assert old in text
        text = text.replace(old, new)
    assert verdicts(text, tmp_path) == baseline


def test_sections_reordered(tmp_path, baseline):
    lines = lines_of(BEST)
    s2 = section_bounds(BEST, "二、")
    s3 = section_bounds(BEST, "三、")
    s1 = section_bounds(BEST, "一、")
    reordered = lines[: s1[0]] + lines[s3[0] : s3[1]] + lines[s2[0] : s2[1]] + lines[s1[0] : s1[1]] + lines[s3[1] :]
    assert sorted(reordered) == sorted(lines)
    assert verdicts("\n".join(reordered), tmp_path) == baseline


def test_half_width_punctuation(tmp_path, baseline):
    table = str.maketrans({"，": ",", "（": "(", "）": ")", "：": ":", "；": ";", "。": "."})
    text = BEST.translate(table)
    got = verdicts(text, tmp_path)
    assert got == baseline


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-16-le", "utf-8-sig"])
def test_encodings(tmp_path, baseline, encoding):
    assert verdicts(BEST, tmp_path, encoding=encoding) == baseline


def test_crlf_line_endings(tmp_path, baseline):
    assert verdicts(BEST.replace("\n", "\r\n"), tmp_path) == baseline


def test_web_chrome_added(tmp_path, baseline):
    chrome_top = "首页 > 政务公开 > 法治政府建设\n政府信息公开\n"
    lines = lines_of(BEST)
    page = (
        chrome_top
        + "\n".join(lines[:3])
        + "\n2025-03-20 09:30 来源：李河镇\n字号：【大 中 小】\n"
        + "\n".join(lines[3:])
        + "\n打印本页 关闭窗口\n扫一扫在手机打开当前页\n主办单位：重庆市万州区李河镇人民政府\n"
    )
    path = tmp_path / "web.txt"
    path.write_text(page, encoding="utf-8")
    report = api.check_file(str(path))
    got = {r.rule: r.status.value for r in report.results}
    assert report.metadata.published == "2025-03-20"
    assert got.pop("year.publish-deadline") == "pass"
    expected = dict(baseline)
    expected.pop("year.publish-deadline")
    assert got == expected


def test_pdf_style_line_breaks(tmp_path, baseline):
    wrapped = []
    for line in lines_of(BEST):
        wrapped.extend(textwrap.wrap(line, 32) or [""])
        wrapped.append("")
    text = "\n".join(wrapped)
    assert max(len(line) for line in wrapped) <= 32
    assert verdicts(text, tmp_path) == baseline


def test_cause_added_to_the_problem_without_one(tmp_path, baseline):
    text = BEST.replace("维护稳定的能力不足；", "维护稳定的能力不足，主要原因是学法用法机制不够健全；")
    got = verdicts(text, tmp_path)
    assert got["outline.causes"] == "pass"
    assert {k: v for k, v in got.items() if k != "outline.causes"} == {k: v for k, v in baseline.items() if k != "outline.causes"}


def test_causes_only_in_the_heading_do_not_count(tmp_path):
    text = seed("000").read_text(encoding="utf-8").replace("三、存在的不足", "三、存在的不足和原因")
    assert verdicts(text, tmp_path)["outline.causes"] == "fail"


def test_plan_naming_the_report_year_is_template_reuse(tmp_path):
    text = BEST.replace("四、2025年推进法治政府建设的主要安排", "四、2024年推进法治政府建设的主要安排")
    path = tmp_path / "v.txt"
    path.write_text(text, encoding="utf-8")
    result = next(r for r in api.check_file(str(path)).results if r.rule == "year.plan-year")
    assert result.status.value == "fail"
    assert "2024年" in result.message and "2025年" in result.message and "模板" in result.message


def test_item_3_only_as_a_run_in_sentence_is_partial(tmp_path, baseline):
    start, end = section_bounds(BEST, "二、")
    lines = lines_of(BEST)
    got = verdicts("\n".join(lines[:start] + lines[end:]), tmp_path)
    assert got["outline.first-responsible"] == "partial"


def test_item_3_as_a_subsection_of_item_1_passes(tmp_path):
    start, end = section_bounds(BEST, "二、")
    lines = lines_of(BEST)
    body = lines[start + 1 : end]
    s1_end = section_bounds(BEST, "一、")[1]
    moved = lines[:s1_end] + ["（六）党政主要负责人履行推进法治建设第一责任人职责情况"] + body + lines[s1_end:start] + lines[end:]
    got = verdicts("\n".join(moved), tmp_path)
    assert got["outline.first-responsible"] == "pass"
    assert got["outline.first-responsible-evidence"] == "pass"


def test_placeholders_left_in_a_draft(tmp_path):
    text = BEST.replace("李河镇2024年", "XX镇2024年", 1).replace("6次", "*次", 1)
    result = next(r for r in api.check_file(str(_write(tmp_path, text))).results if r.rule == "quality.placeholders")
    assert result.status.value == "fail"
    assert len(result.evidence) == 2


def _write(tmp_path, text):
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_department_report_is_detected_and_judged_by_the_department_profile(tmp_path):
    text = seed("003").read_text(encoding="utf-8").replace("桃源县架桥镇2024年", "桃源县司法局2024年", 1).replace("我镇", "我局")
    path = _write(tmp_path, text)
    report = api.check_file(str(path))
    assert (report.metadata.level, report.profile) == ("department", "department")
    got = {r.rule: r.status.value for r in report.results}
    assert "meta.unit-wording" not in got  # 本单位主要负责人 is a department's own wording
    assert got["outline.first-responsible"] == "pass"


def test_county_report_uses_the_county_addressees(tmp_path):
    text = seed("000").read_text(encoding="utf-8")
    text = text.replace("中共云阳县故陵镇委员会\n云阳县故陵镇人民政府\n", "云阳县人民政府\n", 1).replace("县委、县政府：", "云阳县人大常委会：", 1)
    path = _write(tmp_path, text)
    report = api.check_file(str(path))
    assert (report.metadata.level, report.profile) == ("county", "county")
    got = {r.rule: r.status.value for r in report.results}
    assert got["meta.addressee"] == "pass" and "meta.joint-bodies" not in got
    township = {r.rule: r.status.value for r in api.check_file(str(path), api.Options(profile="township")).results}
    assert township["meta.addressee"] == "fail"  # 人大常委会 is not a township's addressee
