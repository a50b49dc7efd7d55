"""Structure features on short, real-looking excerpts (domain.md §8)."""

from __future__ import annotations

from fzcheck import api
from fzcheck.enumeration import items


def tops(text: str) -> list[tuple[int, str, str]]:
    doc = api.parse_text(text)
    return [(s.level, s.label, s.title) for s in doc.top_sections()]


def all_sections(text: str) -> list[tuple[int, str, str]]:
    doc = api.parse_text(text)
    return [(s.level, s.label, s.title) for s in doc.sections()]


def test_four_heading_levels_nest():
    text = """关于2023年法治政府建设情况的报告
一、主要举措和成效
（一）健全依法行政制度体系
1.规范性文件管理
（1）合法性审核
全年审核规范性文件5件。
二、存在的不足和原因
一是执法力量不足。"""
    doc = api.parse_text(text)
    first = doc.top_sections()[0]
    assert (first.label, first.title) == ("一、", "主要举措和成效")
    sub = first.children[0]
    assert (sub.level, sub.title) == (2, "健全依法行政制度体系")
    assert (sub.children[0].level, sub.children[0].title) == (3, "规范性文件管理")
    leaf = sub.children[0].children[0]
    assert (leaf.level, leaf.title, leaf.body_text) == (4, "合法性审核", "全年审核规范性文件5件。")
    assert doc.top_sections()[1].title == "存在的不足和原因"


def test_half_width_brackets_and_arabic_with_dunhao():
    text = """关于2024年法治政府建设工作报告
一、主要举措和成效
(一)行政决策规范化
1、完善决策程序
依法落实行政决策程序规范。"""
    assert all_sections(text) == [(1, "一、", "主要举措和成效"), (2, "（一）", "行政决策规范化"), (3, "1、", "完善决策程序")]


def test_heading_run_into_its_paragraph():
    text = """关于2020年度法治政府建设工作情况报告
一、主要措施及成效
（一）加强组织领导，抓好制度建设。我镇始终把依法行政作为政府运作的基本准则。"""
    doc = api.parse_text(text)
    sub = doc.top_sections()[0].children[0]
    assert sub.title == "加强组织领导，抓好制度建设"
    assert sub.body_text == "我镇始终把依法行政作为政府运作的基本准则。"


def test_whole_list_inline_in_one_paragraph_is_not_a_heading():
    text = """关于2023年法治政府建设情况的报告
二、党政主要负责人推进法治建设履职情况
（一）加强组织领导，制定工作规划。（二）严格执行重大行政决策法定程序。（三）依法全面履行政府职能。"""
    doc = api.parse_text(text)
    section = doc.top_sections()[0]
    assert section.children == []
    assert [i.text for i in items(section)] == ["（一）加强组织领导，制定工作规划。", "（二）严格执行重大行政决策法定程序。", "（三）依法全面履行政府职能。"]


def test_yishi_ershi_enumeration_items():
    text = """关于2024年法治政府建设情况的报告
三、存在的不足和原因
主要表现在：一是基层法治力量薄弱；二是依法行政能力不强；三是普法形式单一。"""
    section = api.parse_text(text).top_sections()[0]
    assert [i.text for i in items(section)] == ["一是基层法治力量薄弱；", "二是依法行政能力不强；", "三是普法形式单一。"]


def test_semicolon_list_after_colon_items():
    text = """关于2021年度法治政府建设工作的报告
二、存在的主要问题
主要表现在：普法宣教力度需要进一步加大；行政执法规范化程度仍需进一步提升；行政应诉工作仍需进一步加强。"""
    section = api.parse_text(text).top_sections()[0]
    assert len(items(section)) == 3


def test_heading_wrapped_onto_two_lines_is_one_heading():
    text = """关于2024年法治政府建设情况的报告
四、2025年推进法治政府建设的主要
安排
（一）加强组织领导，全面提高依法行政意识。"""
    assert tops(text) == [(1, "四、", "2025年推进法治政府建设的主要安排")]


def test_pdf_style_break_inside_a_sentence_is_rejoined():
    text = """遂城镇 2020 年度法治政府建设 工作情况报告

2020年以来，我镇依法行政工作在上级部门的指导下，积极推动社会治理工

作，进一步深化建设法治政府、规范化服务型政府。现将情况报告如下：

一、主要措施及成效"""
    doc = api.parse_text(text)
    assert doc.metadata.title == "遂城镇2020年度法治政府建设工作情况报告"
    assert doc.metadata.year == 2020
    joined = [p.norm for p in doc.paragraphs if "社会治理" in p.norm][0]
    assert "社会治理工作，进一步深化" in joined
    # the joined paragraph still points at its source lines
    para = [p for p in doc.paragraphs if "社会治理" in p.norm][0]
    assert para.location(joined.index("作，进一步")).line == 5


def test_markdown_headings():
    text = """# 关于2023年法治政府建设情况的报告
## 一、主要举措和成效
全年开展普法活动12次。
## 二、存在的不足和原因
一是执法力量不足，原因是编制少。"""
    doc = api.parse_text(text)
    assert [(s.label, s.title) for s in doc.top_sections()] == [("一、", "主要举措和成效"), ("二、", "存在的不足和原因")]
    assert doc.metadata.title == "关于2023年法治政府建设情况的报告"
    assert doc.metadata.year == 2023


def test_unnumbered_headings_in_a_report_without_numbers():
    text = """关于2023年法治政府建设情况的报告
主要举措和成效
全年开展普法活动12次，调解矛盾纠纷86件，群众满意度明显提升。
存在的不足和原因
执法人员数量不足，主要原因是编制有限，人员经常变动。"""
    assert [t for _, _, t in tops(text)] == ["主要举措和成效", "存在的不足和原因"]


def test_web_chrome_and_word_artefacts_are_dropped_and_publish_date_kept():
    text = """政府信息公开
桃源县架桥镇2024年法治政府建设工作报告
2025-03-28 11:14 来源:桃源县架桥镇
字号:【
2024年度,我镇在县委、县政府的正确领导下,深入学习贯彻党的二十大精神。[bookmark: _GoBack]
一、深化学习宣传习近平法治思想
举办习近平法治思想培训班。
扫一扫在手机打开当前页
已归档"""
    doc = api.parse_text(text)
    joined = "".join(p.norm for p in doc.paragraphs)
    for chrome in ("政府信息公开", "字号", "扫一扫", "已归档", "bookmark", "来源"):
        assert chrome not in joined
    assert doc.metadata.published == "2025-03-28"
    assert doc.metadata.title == "桃源县架桥镇2024年法治政府建设工作报告"


def test_header_metadata_and_end_block():
    text = """中共云阳县故陵镇委员会
云阳县故陵镇人民政府
关于2023年法治政府建设情况的报告

县委、县政府：
2023年，在县委、县政府的正确领导下，故陵镇扎实推进法治建设，现将2023年法治政府建设情况报告如下：
一、2023年推进法治政府建设的主要举措和成效
全年开展普法活动12次。

中共云阳县故陵镇委员会
云阳县故陵镇人民政府
2024年1月8日"""
    meta = api.parse_text(text).metadata
    assert meta.bodies == ("中共云阳县故陵镇委员会", "云阳县故陵镇人民政府")
    assert meta.addressee == "县委、县政府"
    assert meta.signature == ("中共云阳县故陵镇委员会", "云阳县故陵镇人民政府")
    assert meta.issued == "2024-01-08"
    assert (meta.year, meta.level, meta.truncated) == (2023, "township", False)


def test_document_number_signer_and_spaced_year():
    text = """遂溪县遂城镇人民政府文件
遂镇府[2020]157号
签发人：陈泽和
遂城镇 2020 年度法治政府建设 工作情况报告
2020年以来，我镇依法行政工作在上级部门的指导和镇党委、政府的领导下稳步推进。"""
    meta = api.parse_text(text).metadata
    assert meta.document_number == "遂镇府〔2020〕157号"
    assert meta.signer == "陈泽和"
    assert meta.bodies == ("遂溪县遂城镇人民政府",)
    assert meta.year == 2020


def test_year_from_opening_when_title_has_none_and_chinese_numeral_year():
    assert api.parse_text("法治政府建设情况报告\n2022年，我镇坚持依法行政，全面推进法治政府建设各项工作取得新成效。").metadata.year == 2022
    assert api.parse_text("关于二〇二三年法治政府建设情况的报告\n正文。").metadata.year == 2023


def test_levels_from_bodies_and_titles():
    cases = {
        "XX区2023年度法治政府建设情况报告": "county",
        "云阳县2023年法治政府建设情况报告": "county",
        "重庆市万州区李河镇2024年法治政府建设工作报告": "township",
        "XX市2023年法治政府建设年度报告": "city",
        "XX县司法局2023年法治政府建设年度报告": "department",
        "XX街道办事处2023年法治政府建设工作报告": "township",
    }
    for title, level in cases.items():
        assert api.parse_text(title + "\n2023年，全面推进法治政府建设各项工作取得新成效。").metadata.level == level, title
    dept = "XX县发展和改革委员会\n关于2023年法治政府建设情况的报告\n2023年，我委全面推进法治政府建设，取得新成效。"
    assert api.parse_text(dept).metadata.level == "department"


def test_truncated_copy_is_detected():
    text = """关于2024年法治政府建设情况的报告
一、主要举措和成效
全年开展普法活动12次，调解矛盾纠纷86件，群众满意度明显提升。
二、存在的不足和原因
一是执法人员数量不足，主要原因是编制有限，人员经常"""
    assert api.parse_text(text).metadata.truncated is True


def test_traditional_script_is_read_for_matching_and_shown_as_is():
    text = """關於2023年法治政府建設情況的報告
一、主要舉措和成效
全年開展普法活動12次，調解矛盾糾紛86件。
二、存在的不足和原因
一是執法人員數量不足，主要原因是編制有限。"""
    doc = api.parse_text(text)
    assert doc.metadata.year == 2023
    assert [s.title for s in doc.top_sections()] == ["主要举措和成效", "存在的不足和原因"]
    assert doc.paragraphs[1].text == "一、主要舉措和成效"


def test_title_set_on_two_lines():
    text = """中共云阳县故陵镇委员会
云阳县故陵镇人民政府
关于2023年法治政府建设
情况的报告
县委、县政府：
2023年，故陵镇扎实推进法治建设，现将有关情况报告如下："""
    meta = api.parse_text(text).metadata
    assert meta.title == "关于2023年法治政府建设情况的报告"
    assert meta.bodies == ("中共云阳县故陵镇委员会", "云阳县故陵镇人民政府")
    assert meta.addressee == "县委、县政府"
