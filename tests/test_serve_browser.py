"""The page in a real browser: Debian's Chromium driven by Playwright (no browser download).

Chromium comes from `apt-get install chromium fonts-noto-cjk` (.ci/run); its path from FZCHECK_CHROMIUM.
Without it these tests skip — or fail, under FZCHECK_REQUIRE_REAL=1 as in CI.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from conftest import missing_component
from serving import live_server, require

require("starlette", "fzcheck[web]")
require("playwright", "Playwright")

from conftest import seed  # noqa: E402
from render import to_docx  # noqa: E402

pytestmark = pytest.mark.slow
CHROMIUM = os.environ.get("FZCHECK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ANSWERED = re.compile(r"Failed to load resource: the server responded with a status of \d+")  # an error answer the page shows
HOSTILE = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        missing_component(f"Chromium not found at {CHROMIUM} (set FZCHECK_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def url():
    with live_server(workers=2) as url:
        yield url


@pytest.fixture
def page(browser, url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    requests, problems = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" and not ANSWERED.match(message.text) else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(url + "/")
    yield page
    outside = [u for u in requests if not u.startswith((url + "/", "data:", "blob:"))]
    assert outside == [] and problems == []
    context.close()


def wait_for_result(page):
    page.wait_for_selector("#result:not([hidden])", timeout=30_000)


def finding_index(page, rule: str) -> int:
    results = page.evaluate("() => current.answer.reports[0].results.map((r) => r.rule)")
    return results.index(rule)


@pytest.fixture(scope="module")
def word_report(tmp_path_factory) -> Path:
    return to_docx(seed("001").read_text(encoding="utf-8"), tmp_path_factory.mktemp("page") / "遂城镇报告.docx")


def test_upload_a_word_report_see_the_score_and_go_to_a_finding(page, word_report):
    page.set_input_files("#file", str(word_report))
    wait_for_result(page)
    answer = page.evaluate("() => current.answer.reports[0]")
    assert page.text_content("#score") == f"{answer['score']:.1f}" and page.text_content("#grade") == answer["grade"]
    assert "未通过 " in page.text_content("#counts") and page.text_content("#passed") == "未达标"
    items = page.locator("#items li").all_text_contents()
    assert len(items) == 5 and items[1].startswith("✗第二项") and "✓ 存在的不足" in items[1] and "✗ 不足的原因" in items[1]
    causes = finding_index(page, "outline.causes")
    page.click(f'#findings li[data-result="{causes}"]')
    target = page.locator(f'[data-results~="{causes}"]').first
    assert "flash" in target.get_attribute("class")
    box, pane = target.bounding_box(), page.locator("#report-text").bounding_box()
    assert pane["y"] <= box["y"] and box["y"] + box["height"] <= pane["y"] + pane["height"], (box, pane)
    assert 0 <= box["y"] and box["y"] + box["height"] <= 900
    detail = page.text_content("#detail")
    assert "不足的原因" in detail and answer["results"][causes]["suggestion"] in detail and "督察工作规定" in detail
    page.click("#detail-close")
    target.click()
    assert page.is_visible("#detail") and answer["results"][causes]["message"] in page.text_content("#detail")


def test_downloads_json_and_the_commented_word_copy(page, word_report, tmp_path):
    page.set_input_files("#file", str(word_report))
    wait_for_result(page)
    with page.expect_download() as download:
        page.click("#download-json")
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert download.value.suggested_filename == "遂城镇报告.fzcheck.json"
    assert saved["schema"] == "fzcheck.report/1" and "view" not in saved
    assert saved["reports"][0]["score"] == page.evaluate("() => current.answer.reports[0].score")
    with page.expect_download() as download:
        page.click("#download-docx")
    import zipfile

    import docx

    assert download.value.suggested_filename == "遂城镇报告.审查.docx"
    copy = docx.Document(download.value.path())
    assert [p.text for p in copy.paragraphs if p.text] == [p.text for p in docx.Document(str(word_report)).paragraphs if p.text]
    with zipfile.ZipFile(download.value.path()) as archive:
        assert "不足的原因" in archive.read("word/comments.xml").decode()


def test_pasted_text_with_html_shows_as_text(page):
    text = seed("000").read_text(encoding="utf-8").replace("一、", "一、" + HOSTILE, 1)
    page.fill("#text", text)
    page.click("#check-text")
    wait_for_result(page)
    assert page.evaluate("() => window.pwned") is None
    assert page.evaluate("() => document.scripts.length") == 1 and page.locator("#report-text img").count() == 0
    assert HOSTILE in page.text_content("#report-text")
    assert page.text_content("#status") == "检查完成：粘贴的文本"


def test_drag_and_drop_and_changing_the_profile(page):
    data = seed("002").read_bytes()
    page.evaluate(
        """(bytes) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], "拖入的报告.txt", { type: "text/plain" }));
            document.getElementById("drop").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true }));
        }""",
        list(data),
    )
    wait_for_result(page)
    assert page.text_content("#status") == "检查完成：拖入的报告.txt"
    assert "配置档：township" in page.text_content("#about")
    page.select_option("#profile", "department")
    page.wait_for_function("() => document.getElementById('about').textContent.includes('配置档：department')")
    assert page.text_content("#status") == "检查完成：拖入的报告.txt"


def test_an_unreadable_upload_shows_its_reason(page, tmp_path):
    broken = tmp_path / "坏文件.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    page.set_input_files("#file", str(broken))
    page.wait_for_selector("#status.error")
    assert page.text_content("#status").startswith("无法读取 坏文件.docx：") and page.is_hidden("#result")


def test_the_print_sheet_shows_the_result_only(page, word_report):
    page.set_input_files("#file", str(word_report))
    wait_for_result(page)
    page.emulate_media(media="print")
    assert page.is_hidden("#input") and page.is_hidden(".text-pane") and page.is_hidden(".actions")
    assert page.is_visible("#score") and page.is_visible("#items")
    assert page.locator("#findings .print-only").first.is_visible()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page\r") + pdf.count(b"/Type/Page") >= 1


def test_a_finding_in_a_word_table_is_placed_in_its_cell(page, tmp_path):
    import docx

    path = to_docx(seed("001").read_text(encoding="utf-8"), tmp_path / "带表格.docx")
    document = docx.Document(str(path))
    document.add_table(rows=2, cols=2).cell(1, 1).text = "第一行\n加强法制宣传"
    document.save(str(path))
    page.set_input_files("#file", str(path))
    wait_for_result(page)
    wording = finding_index(page, "quality.fazhi-wording")
    in_cell = page.locator(f'mark[data-results~="{wording}"]').last
    assert in_cell.text_content() == "法制"
    assert in_cell.evaluate("(node) => node.closest('p').textContent") == "第一行\n加强法制宣传"
