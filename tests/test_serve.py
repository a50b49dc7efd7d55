"""`fzcheck serve` over HTTP: every route, every error and every limit, against real worker processes."""

from __future__ import annotations

import io
import json
import re
import socket
import tempfile
import threading
import warnings
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from serving import live_server, require  # noqa: E402

require("starlette", "fzcheck[web]")
with warnings.catch_warnings():  # Starlette 1.x nudges towards httpx2; httpx is what the test extra installs
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from conftest import ROOT  # noqa: E402
from fzcheck import api  # noqa: E402
from fzcheck.formats import json_format  # noqa: E402
from fzcheck.serve.app import create_app  # noqa: E402
from fzcheck.serve.settings import Settings  # noqa: E402
from render import to_docx  # noqa: E402

SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
STATIC = ROOT / "src" / "fzcheck" / "serve" / "static"
HOSTILE = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">"


def client_for(**settings) -> TestClient:
    return TestClient(create_app(Settings(**settings)), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client():
    with client_for(workers=2) as client:
        yield client


def upload(client, name: str, data: bytes, view: bool = False, **fields):
    return client.post("/api/check" + ("?view=1" if view else ""), files={"file": (name, data)}, data=fields)


def expected_record(path: Path, name: str) -> dict:
    record = json_format.record(api.check_file(str(path)))
    return json.loads(json_format.orjson.dumps({**record, "path": name}))


def test_page_is_chinese_self_contained_and_guarded(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "法治政府建设年度报告自查" in page.text and 'lang="zh-CN"' in page.text
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    for asset in ("page.js", "page.css"):
        response = client.get(f"/static/{asset}")
        assert response.status_code == 200 and response.text == (STATIC / asset).read_text(encoding="utf-8")
    for path in STATIC.iterdir():  # nothing from a CDN: no absolute URL anywhere in the shipped assets
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", path.read_text(encoding="utf-8"), re.I), path.name
    script = (STATIC / "page.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "eval(" not in script


def test_check_txt_answers_the_contract_document(client, seeds):
    path = seeds[1]
    response = upload(client, path.name, path.read_bytes())
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    answer = response.json()
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(answer, SCHEMA)
    assert answer["summary"] == {"reports": 1, "passed": 0, "failed": 1, "unreadable": 0}
    assert answer["reports"][0] == expected_record(path, path.name)


def test_check_docx_with_view_maps_findings_to_their_paragraphs(client, seeds, tmp_path):
    source = seeds[1].read_text(encoding="utf-8")
    docx_path = to_docx(source, tmp_path / "遂城镇报告.docx")
    response = upload(client, "遂城镇报告.docx", docx_path.read_bytes(), view=True)
    assert response.status_code == 200
    answer = response.json()
    report, view = answer["reports"][0], answer["view"]
    assert report == expected_record(docx_path, "遂城镇报告.docx")
    import docx

    paragraphs = docx.Document(str(docx_path)).paragraphs
    for block in view["blocks"]:  # every shown block is a Word paragraph's own text, unchanged
        assert block["text"] == paragraphs[int(block["place"][1:-1]) - 1].text
    causes = next(i for i, r in enumerate(report["results"]) if r["rule"] == "outline.causes")
    spans = [s for s in view["marks"] if s["result"] == causes]
    assert spans, "the failed outline.causes result must point into the text"
    block = view["blocks"][spans[0]["block"]]
    assert block["place"] == f"第{report['results'][causes]['location']['paragraph']}段"
    assert block["text"].startswith("我镇法治政府建设工作在县委")
    headings = [b["text"] for b in view["blocks"] if b["heading"]]
    assert "二、存在问题和不足" in headings and not any(h.startswith("我镇") for h in headings)


def test_pasted_text_is_checked_like_a_file(client, seeds):
    text = seeds[0].read_text(encoding="utf-8")
    response = client.post("/api/check?view=1", data={"text": text})
    assert response.status_code == 200
    report = response.json()["reports"][0]
    direct = json_format.record(api.check_document(api.parse_text(text, "粘贴的文本")))
    assert report["path"] == "粘贴的文本" and report["score"] == direct["score"] and report["grade"] == direct["grade"]
    assert [r["status"] for r in report["results"]] == [r.status.value for r in direct["results"]]


def test_profile_can_be_forced(client, seeds):
    path = seeds[1]
    auto = upload(client, path.name, path.read_bytes()).json()["reports"][0]
    forced = upload(client, path.name, path.read_bytes(), profile="department").json()["reports"][0]
    assert auto["profile"] == "township" and forced["profile"] == "department"
    bad = upload(client, path.name, path.read_bytes(), profile="../../etc")
    assert bad.status_code == 400 and "配置档" in bad.json()["message"]


def test_hostile_html_in_a_report_stays_data(client, seeds):
    text = seeds[0].read_text(encoding="utf-8").replace("一、", "一、" + HOSTILE, 1)
    response = upload(client, "恶意.html", f"<html><body><p>{HOSTILE}</p><pre>{text}</pre></body></html>".encode(), view=True)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    pasted = client.post("/api/check?view=1", data={"text": text}).json()
    assert any(HOSTILE in block["text"] for block in pasted["view"]["blocks"])


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("图片.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "无法读取 图片.png"),
        ("压缩包.zip", None, "ZIP"),
        ("旧文档.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "另存为 .docx"),
        ("假的.docx", "这只是文本".encode(), "不是 Word 文档"),
    ],
)
def test_a_file_that_is_not_a_report_gets_a_chinese_reason(client, name, data, problem, tmp_path):
    if data is None:
        with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
            archive.writestr("readme.txt", "不是报告")
        data = (tmp_path / "a.zip").read_bytes()
    response = upload(client, name, data)
    assert response.status_code in (400, 422), response.text
    message = response.json()["message"]
    assert problem in message and "Traceback" not in message


def test_empty_and_missing_input_are_refused(client):
    empty = upload(client, "空.docx", b"")
    assert empty.status_code == 400 and empty.json()["message"] == "上传的文件 空.docx 是空的"
    blank = client.post("/api/check", data={"text": "  \n "})
    assert blank.status_code == 400 and "空的" in blank.json()["message"]
    nothing = client.post("/api/check", data={"other": "x"})
    assert nothing.status_code == 400 and "字段 file" in nothing.json()["message"]
    garbage = client.post("/api/check", content=b"--x\r\nnot multipart", headers={"content-type": "multipart/form-data; boundary=zz"})
    assert garbage.status_code == 400 and "message" in garbage.json()


def test_upload_names_never_become_paths(client, seeds):
    path = seeds[0]
    response = upload(client, "../../../../etc/本地/报告.txt", path.read_bytes())
    assert response.status_code == 200 and response.json()["reports"][0]["path"] == "报告.txt"
    windows = upload(client, "C:\\Users\\clerk\\报告.txt", path.read_bytes())
    assert windows.json()["reports"][0]["path"] == "报告.txt"
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/%2e%2e/app.py").status_code == 404


def test_nothing_of_an_upload_is_left_on_disk(seeds, tmp_path, monkeypatch):
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setenv("TMPDIR", str(private))  # the workers' temporary folder
    monkeypatch.setattr(tempfile, "tempdir", str(private))  # the server's (the form parser spools big parts)
    big = seeds[0].read_text(encoding="utf-8") * 80
    assert len(big.encode()) > 1024 * 1024
    docx_path = to_docx(seeds[2].read_text(encoding="utf-8"), tmp_path / "r.docx")
    with client_for(workers=1) as client:
        assert upload(client, "大.txt", big.encode()).status_code == 200
        assert upload(client, "r.docx", docx_path.read_bytes()).status_code == 200
        assert upload(client, "坏.docx", b"PK\x03\x04broken").status_code == 422
        assert client.post("/api/check", data={"text": big}).status_code == 200
        assert list(private.iterdir()) == []
    assert list(private.iterdir()) == []


def test_uploads_over_the_limit_are_refused_before_being_read(client):
    big = client.post("/api/check", content=b"x" * 64, headers={"content-length": str(21 * 1024 * 1024), "content-type": "multipart/form-data; boundary=zz"})
    assert big.status_code == 413 and "20 MB" in big.json()["message"]
    with live_server(workers=1) as url:  # the test client reads a body whole before the app sees it; a socket does not
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(b"POST /api/check HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: multipart/form-data; boundary=zz\r\n\r\n")
            part = b'--zz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
            sock.sendall(b"%x\r\n%s\r\n" % (len(part), part))
            chunk = "法".encode() * (1024 * 1024 // 3)
            for _ in range(21):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            answer = b""
            while "上限".encode() not in answer:  # answered with the body's end never sent
                received = sock.recv(65536)
                assert received, answer
                answer += received
        assert answer.startswith(b"HTTP/1.1 413") and "20 MB".encode() in answer
    real = client.post("/api/check", files={"file": ("大.txt", b"a" * (21 * 1024 * 1024))})
    assert real.status_code == 413


def test_rules_health_annotate_and_unknown_routes(client):
    rules = client.get("/api/rules", params={"profile": "county"}).json()
    ids = [rule["id"] for rule in rules["rules"]]
    assert rules["profile"] == "county" and "outline.causes" in ids and "year.plan-year" in ids
    assert all(rule["title"] and rule["severity"] in ("error", "warning", "info") for rule in rules["rules"])
    assert client.get("/api/rules", params={"profile": "x"}).status_code == 400
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json() == {"status": "ok", "workers": 2, "checking": 0}
    missing = client.get("/nothing")
    assert missing.status_code == 404 and missing.json()["message"] == "没有这个页面"
    assert client.get("/api/check").status_code == 405


def test_the_commented_word_copy(client, seeds, tmp_path):
    docx_path = to_docx(seeds[1].read_text(encoding="utf-8"), tmp_path / "r.docx")
    answer = client.post("/api/annotate", files={"file": ("遂城镇报告.docx", docx_path.read_bytes())})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert answer.headers["content-disposition"] == "attachment; filename*=UTF-8''%E9%81%82%E5%9F%8E%E9%95%87%E6%8A%A5%E5%91%8A.%E5%AE%A1%E6%9F%A5.docx"
    with zipfile.ZipFile(io.BytesIO(answer.content)) as copy:
        comments = copy.read("word/comments.xml").decode()
    assert comments.count("<w:comment ") >= 5 and "不足的原因" in comments
    pasted = client.post("/api/annotate", data={"text": seeds[1].read_text(encoding="utf-8")})
    assert pasted.status_code == 200 and "%E7%B2%98%E8%B4%B4%E7%9A%84%E6%96%87%E6%9C%AC.%E5%AE%A1%E6%9F%A5.docx" in pasted.headers["content-disposition"]
    broken = client.post("/api/annotate", files={"file": ("坏.docx", b"PK\x03\x04broken")})
    assert broken.status_code == 422 and broken.json()["message"].startswith("无法读取 坏.docx")


def test_a_zip_bomb_is_stopped_and_the_server_goes_on(seeds, tmp_path):
    bomb = tmp_path / "炸弹.docx"
    to_docx("关于2023年度法治政府建设情况的报告\n一、主要举措和成效", bomb)
    with zipfile.ZipFile(bomb) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != "word/document.xml":
                archive.writestr(name, data)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(parts["word/document.xml"][:-len(b"</w:body></w:document>")])
            filler = b"<w:p><w:r><w:t>" + b"\xe6\xb3\x95" * 4096 + b"</w:t></w:r></w:p>" * 1
            for _ in range(600 * 1024 * 1024 // len(filler)):
                member.write(filler)
            member.write(b"</w:body></w:document>")
    assert bomb.stat().st_size < 20 * 1024 * 1024
    with client_for(workers=1, memory=300 * 1024 * 1024, timeout=20) as client:
        response = upload(client, bomb.name, bomb.read_bytes())
        assert response.status_code == 422 and "炸弹.docx" in response.json()["message"]
        assert upload(client, seeds[0].name, seeds[0].read_bytes()).status_code == 200


@pytest.mark.parametrize(
    ("task", "problem"),
    [
        ("serve_tasks:hang", "超过 2 秒仍未完成"),
        ("serve_tasks:blow_up", "内存超过上限"),
        ("serve_tasks:die", "异常退出"),
        ("serve_tasks:broken", "内部错误（RuntimeError）"),
    ],
)
def test_a_check_that_hangs_or_blows_up_is_stopped_and_the_server_goes_on(task, problem, seeds):
    with client_for(workers=1, timeout=2, memory=200 * 1024 * 1024, task=task) as client:
        first = upload(client, "报告.txt", seeds[0].read_bytes())
        assert first.json()["message"].startswith("检查 报告.txt") and problem in first.json()["message"]
        assert first.status_code == (500 if task.endswith("broken") else 422)
        assert client.get("/healthz").json()["checking"] == 0
        again = upload(client, "报告.txt", seeds[0].read_bytes())  # a fresh worker took the stopped one's place
        assert again.status_code == first.status_code and again.json() == first.json()


def test_checks_beyond_workers_and_queue_get_503(seeds, monkeypatch):
    monkeypatch.setenv("FZCHECK_TEST_SLOW", "4")  # long enough that all four requests arrive while two are admitted
    data = seeds[0].read_bytes()
    with client_for(workers=1, queue=1, task="serve_tasks:slow") as client:
        started = threading.Barrier(4)

        def one(_):
            started.wait()
            return upload(client, "报告.txt", data)

        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(one, range(4)))
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [200, 200, 503, 503], codes
    busy = next(answer for answer in answers if answer.status_code == 503)
    assert "服务器正忙" in busy.json()["message"]
