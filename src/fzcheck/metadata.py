"""Who wrote a report, about which year, at what level: title, issuer, level, year, addressee, dates.

Works on the cleaned paragraphs of the header, the opening and the end block, plus the web page's
metadata block (索引号/发布机构/成文日期 lines that normalize dropped as page clutter).

- Title: the first header line that names the report (报告/总结/法治); a numbered heading ("一、…")
  or a line of page clutter is never the title. A title set on two lines is joined.
- Level, first answer wins: the title (the body before 关于 — the government decides a joint
  Party + government title; the subject before the year; the place after the year), the header
  bodies, the subject of the opening sentence ("2022年，XX街道深入…"), the page's 发布机构, the
  signature, a heading that names the writer (区政府主要负责同志…), self-references (我镇, 我局).
  A 市 is a prefecture city unless the addressee or the report itself shows a county-level city;
  `level_note` says how the level was decided when it is not plain. The level names and name
  patterns live in rules/data/levels.yaml.
- Year: the title's year; else the first year of the opening that is not inside 《》 and not
  part of a range; a report covering several years ("2022—2024年", "五年来") gets `period` and
  no single year.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from fzcheck.headings import match_heading
from fzcheck.model import Metadata
from fzcheck.resources import data_dir
from fzcheck.textfold import YEAR_RE, cn_year, iso_date

DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12})〔((?:19|20)\d{2})〕(\d{1,5})号")
SIGNER = re.compile(r"签发人[：:]?(\S{2,12})")
DATE = re.compile(r"^((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,2})月(\d{1,2}|[一二三四五六七八九十]{1,3})日$")
BODY_NAME = re.compile(r"(委员会|人民政府|政府|办事处|局|办公室|厅|中心|委|办)(?:文件)?$")
MAX_HEADER_LINE = 40
TITLE_WORDS = ("报告", "总结", "汇报")
NOT_TITLE = re.compile(r"星期|浏览|来源[：:]|发布(?:时间|日期)|索引号|小编|范文|解读")
TITLE_SUBJECT = re.compile(r"^(?:关于)?(.*?)(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4}|\*{4})年")
YEAR_FIRST = re.compile(r"^(?:关于)?(?:19|20)\d{2}年度?(.+?)(?:法治|依法)")
CITATION = re.compile(r"《[^》]{0,80}》|〈[^〉]{0,80}〉")
RANGE = re.compile(r"((?:19|20)\d{2})年?[—\-–~至到－]+((?:19|20)\d{2})年?")
SEVERAL_YEARS = re.compile(r"(?<![〇零一二三四五六七八九十\d])(?:近|这)?([两三四五六七八九十])年(?:来|以来)|(?<![〇零一二三四五六七八九十\d])([两三四五六七八九十])年法治政府建设")
OPENING_YEAR = re.compile(r"((?:19|20)\d{2})年")
LEAD_IN = re.compile(
    r"^(?:(?:根据|按照|为)[^，。]{0,60}，)?(?:(?:(?:19|20)\d{2}|今|去)年(?:度|以来)?，?)?(?:在[^。]{0,60}?(?:领导|指导|支持|关心)下，?)?"
)
SUBJECT_END = re.compile(
    r"坚持|深入|认真|全面|始终|紧紧|紧扣|积极|扎实|以|在|把|聚焦|围绕|持续|法治政府建设|法治建设|严格|不断|牢固|"
    r"高度|切实|按照|立足|着力|大力|进一步|继续|结合|依法|党委|党工委|的"
)
DEPARTMENT_SUBJECT = re.compile(r"^([\u4e00-\u9fff]{2,16}?(?:局|委员会|中心|办公室))")
PUBLISHER = re.compile(r"(?:发布机构|发文机构|制发机构|发布单位|发文单位)[〕\]|：:]*([\u4e00-\u9fff]{2,30})")
NEXT_FIELD = re.compile(r"文号|发文字号|有效性|时效性|成文日期|发布日期|主题分类|索引号|公开方式")
HEADING_SELF = re.compile(r"^([县区市州旗镇乡])(?:委、?\1?)?(?:人民)?政府")


@lru_cache(maxsize=1)
def levels() -> dict:
    """rules/data/levels.yaml: level names, name suffixes, self-references, tier signs."""
    return yaml.safe_load((data_dir() / "levels.yaml").read_text(encoding="utf-8"))


def level_label(level: str) -> str:
    return levels()["levels"].get(level, {}).get("label", "层级未识别")


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    digits = {ch: i for i, ch in enumerate("一二三四五六七八九", start=1)}
    if "十" not in text:
        return digits.get(text, 0)
    tens, _, ones = text.partition("十")
    return (digits.get(tens, 1) if tens else 1) * 10 + digits.get(ones, 0)


def iso(norm: str) -> str:
    found = DATE.match(norm)
    if not found:
        return ""
    year_text, month_text, day_text = found.groups()
    year = int(year_text) if year_text.isdigit() else cn_year(year_text)
    return iso_date(year, _cn_number(month_text), _cn_number(day_text))


def _strip_party(name: str) -> str:
    """'中共XX区委XX区人民政府' → 'XX区人民政府': the government decides a joint title."""
    for pattern in levels()["party"]:
        found = re.match(pattern, name)
        if found and found.end() < len(name):
            return name[found.end():]
    return name


def classify_level(name: str) -> str:
    """township / county / city / department from a body's or a place's name ('' when unknown)."""
    table = levels()
    name = _strip_party(name.removesuffix("文件")).removeprefix("中共")
    if name.endswith(("省", "自治区")) or re.search(r"(?:省|自治区)(?:人民)?政府$", name):
        return ""  # a province: no profile of its own
    for suffix in table["government"]:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    else:
        if name.endswith(("委员会", "党委", "党工委", "委")):
            place = re.sub(r"(委员会|党委|党工委|委)$", "", name)
            if _place_level(place):
                return _place_level(place)
    order = ("township", "department", "county", "city")
    return next((lv for lv in order if name.endswith(tuple(table["levels"][lv]["suffixes"]))), "")


def _place_level(place: str) -> str:
    table = levels()["levels"]
    return next((lv for lv in ("township", "county", "city") if place.endswith(tuple(table[lv]["suffixes"]))), "")


def title_of(candidates: list[str]) -> str:
    title = ""
    for norm in candidates:
        if norm.endswith("：") or norm.startswith("现将") or match_heading(norm) is not None or NOT_TITLE.search(norm):
            continue
        if any(word in norm for word in TITLE_WORDS) or "法治" in norm:
            if "法治" in norm or not title:
                title = norm
            if "法治" in norm:
                break
    if title in candidates:  # a long title set on two lines: "关于2023年法治政府建设" + "情况的报告"
        following = candidates[candidates.index(title) + 1 : candidates.index(title) + 2]
        if following and not title.endswith(TITLE_WORDS) and following[0].endswith(TITLE_WORDS) and len(following[0]) <= 20:
            title += following[0]
    return title


def title_subjects(title: str) -> list[str]:
    """Names in a title that say who wrote it, most telling first."""
    names = []
    if "关于" in title:
        before = title.split("关于", 1)[0]
        if before:
            names.append(before)
    subject = TITLE_SUBJECT.match(title)
    if subject and subject.group(1):
        names.append(subject.group(1))
    after_year = YEAR_FIRST.match(title)
    if after_year:
        names.append(after_year.group(1))
    return names


def opening_subject(opening: str) -> str:
    """The subject of the opening sentence: '2022年，XX街道深入…' → 'XX街道'."""
    opening = CITATION.sub("", opening)
    rest = opening[LEAD_IN.match(opening).end():]
    end = SUBJECT_END.search(rest, 2)
    if end and end.start() <= 24:
        return rest[: end.start()]
    department = DEPARTMENT_SUBJECT.match(rest)
    return department.group(1) if department else ""


def _year(title: str, opening: list[str]) -> tuple[int | None, str]:
    """(year, period): period is set for a report covering several years."""
    for text in [title] + opening[:1]:
        bare = CITATION.sub("", text)
        found = RANGE.search(bare)
        if found and (text is title or bare.startswith(found.group(0))):
            return None, f"{found.group(1)}—{found.group(2)}年"
        several = SEVERAL_YEARS.search(bare[:30] if text is not title else bare)
        if several:
            return None, f"{several.group(1) or several.group(2)}年"
    found = YEAR_RE.search(title)
    if found:
        return int(found.group(0)), ""
    subject = TITLE_SUBJECT.match(title)
    if subject and cn_year(title[subject.end(1) : subject.end(1) + 4]):
        return cn_year(title[subject.end(1) : subject.end(1) + 4]), ""
    for norm in opening:
        bare = RANGE.sub("", CITATION.sub("", norm))
        found = OPENING_YEAR.search(bare)
        if found:
            return int(found.group(1)), ""
    return None, ""


def _self_level(text: str, headings: list[str]) -> str:
    for heading in headings:
        found = HEADING_SELF.match(heading)
        if found:
            return _place_level(found.group(1))
    table = levels()["levels"]
    counts = {lv: sum(text.count(word) for word in spec["self"]) for lv, spec in table.items()}
    best = max(counts, key=lambda lv: counts[lv])
    return best if counts[best] else ""


def _city_or_county_city(addressee: str, text: str) -> tuple[str, str]:
    """A 市 government: prefecture city, or county-level city (county level)?"""
    table = levels()
    if any(word in addressee for word in table["addressee_tiers"]["city"]):
        return "city", "主送省委、省政府，按地级市检查"
    prefecture = sum(text.count(w) for w in table["prefecture_city_signs"])
    county_city = sum(text.count(w) for w in table["county_city_signs"])
    if "县级市" in text or county_city > prefecture:
        return "county", "县级市（据报告内容判断），按县级检查；如不是，请用 --profile city"
    if prefecture:
        return "city", ""
    return "city", "未能确定是地级市还是县级市，按地级市检查；县级市请用 --profile county"


def detect(
    header: list[str], opening: list[str], ending: list[str], headings: list[str], text: str,
    published: str | None, clutter: tuple[str, ...] = (),
) -> Metadata:
    """Metadata from folded header lines, the opening paragraphs, the end block and the dropped page clutter."""
    candidates = header + [norm for norm in opening[:2] if len(norm) < 60]
    title = title_of(candidates)
    bodies = tuple(
        norm.removesuffix("文件")
        for norm in header
        if norm not in title and len(norm) <= MAX_HEADER_LINE and BODY_NAME.search(norm) and not norm.endswith("：")
        and not NOT_TITLE.search(norm)
    )
    number = next((m for m in (DOC_NUMBER.search(n) for n in header) if m), None)
    signer = next((m for m in (SIGNER.search(n) for n in header) if m), None)
    addressee = next(
        (n for n in header + opening[:1] if n.endswith("：") and len(n) <= MAX_HEADER_LINE and not n.startswith("现将")),
        "",
    )
    signature = tuple(n for n in ending if not DATE.match(n))
    issued = next((iso(n) for n in reversed(ending) if DATE.match(n)), "")
    publisher = next((m.group(1) for m in (PUBLISHER.search(line) for line in clutter) if m), "")
    publisher = NEXT_FIELD.split(publisher)[0]  # "自治区人民政府文号…" on a line without separators
    year, period = _year(title, opening)

    level, note = "", ""
    sources = title_subjects(title) + list(reversed(bodies)) + [opening_subject(opening[0]) if opening else ""]
    sources += [publisher] + list(signature)
    for name in sources:
        level = classify_level(name) if name else ""
        if level:
            break
    if not level:
        level = _self_level(text, headings)
        note = "据报告的自称判断层级" if level else ""
    place_names = [name for name in sources if name and classify_level(name) == "city"]
    if level == "city" and place_names:
        level, note = _city_or_county_city(addressee, text)
    return Metadata(
        title=title,
        bodies=bodies,
        document_number=number.group(0) if number else "",
        signer=signer.group(1) if signer else "",
        addressee=addressee.removesuffix("："),
        signature=signature,
        issued=issued,
        published=published or "",
        year=year,
        level=level,
        period=period,
        publisher=publisher,
        level_note=note,
    )
