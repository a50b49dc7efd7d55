"""Reading a commented Word copy back as a client would: python-docx, LibreOffice, PDFium."""

from __future__ import annotations

import ctypes
import hashlib
import io
import shutil
import subprocess
from pathlib import Path


from conftest import missing_component

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTES_FILTER = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _in_textbox(element) -> bool:
    return any(parent.tag == f"{W}txbxContent" for parent in element.iterancestors())


def anchored(data: bytes) -> dict[int, str]:
    """Each comment id → the text between its commentRangeStart and commentRangeEnd, counted as
    python-docx counts paragraph text (direct runs and hyperlink runs; paragraphs joined by \\n)."""
    import docx
    from lxml import etree

    body = docx.Document(io.BytesIO(data)).element.body
    open_ranges: dict[int, list[str]] = {}
    done: dict[int, str] = {}
    for event, element in etree.iterwalk(body, events=("start", "end")):
        tag = element.tag
        if event == "start" and tag == f"{W}commentRangeStart":
            open_ranges[int(element.get(f"{W}id"))] = []
        elif event == "start" and tag == f"{W}commentRangeEnd":
            comment_id = int(element.get(f"{W}id"))
            if comment_id in open_ranges:
                done[comment_id] = "".join(open_ranges.pop(comment_id))
        elif event == "start" and tag == f"{W}r" and element.getparent().tag in (f"{W}p", f"{W}hyperlink"):
            if not _in_textbox(element):
                for parts in open_ranges.values():
                    parts.append(element.text)
        elif event == "end" and tag == f"{W}p" and not _in_textbox(element):
            for parts in open_ranges.values():
                parts.append("\n")
    return done


def comments(data: bytes) -> dict[int, tuple[str, str, str]]:
    """Comment id → (author, initials, text)."""
    import docx

    return {c.comment_id: (c.author, c.initials, c.text) for c in docx.Document(io.BytesIO(data)).comments}


def paragraph_texts(data: bytes) -> list[str]:
    """Every body paragraph's text, then every top-level table cell paragraph's, as python-docx reads them."""
    import docx

    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for tc in row._tr.tc_lst:
                texts.extend(p.text for p in tc.iterchildren(f"{W}p"))
    return texts


def soffice() -> str:
    """LibreOffice's command, or a skip — a failure when FZCHECK_REQUIRE_REAL=1 (CI installs it)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    missing_component("LibreOffice (soffice) is not installed: apt-get install -y --no-install-recommends libreoffice-writer-nogui")


def pdf_with_notes(docx_path: Path, out_dir: Path) -> Path:
    """LibreOffice converts the copy headless to PDF with its comments exported as PDF annotations."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / "lo-profile"
    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", NOTES_FILTER, "--outdir", str(out_dir), str(docx_path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = out_dir / (docx_path.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice wrote no PDF for {docx_path}"
    return pdf


def pdf_annotation_texts(pdf_path: Path) -> list[str]:
    """The Contents of every text annotation (Word comments become these) in a PDF, via PDFium."""
    import pypdfium2
    import pypdfium2.raw as raw

    texts = []
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    try:
        for page in pdf:
            for index in range(raw.FPDFPage_GetAnnotCount(page)):
                annotation = raw.FPDFPage_GetAnnot(page, index)
                try:
                    if raw.FPDFAnnot_GetSubtype(annotation) != raw.FPDF_ANNOT_TEXT:
                        continue
                    size = raw.FPDFAnnot_GetStringValue(annotation, b"Contents", None, 0)
                    buffer = ctypes.create_string_buffer(size)
                    raw.FPDFAnnot_GetStringValue(annotation, b"Contents", ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)), size)
                    texts.append(buffer.raw.decode("utf-16-le").rstrip("\x00"))
                finally:
                    raw.FPDFPage_CloseAnnot(annotation)
    finally:
        pdf.close()
    return texts


# -- findings with marks, built directly, so a test decides exactly where each mark falls --
from fzcheck.model import Location, Mark, Metadata, ReportResult, RuleResult, Status  # noqa: E402


def finding(rule: str, marks, severity: str = "error", status: Status = Status.FAIL, group: str = "quality") -> RuleResult:
    return RuleResult(
        rule=rule,
        status=status,
        severity=severity,
        weight=1.0,
        earned=0.0,
        title=f"测试规则 {rule}",
        message=f"{rule} 的问题说明",
        suggestion=f"{rule} 的修改建议",
        basis="《法治政府建设与责任落实督察工作规定》第二十五条",
        location=Location(),
        group=group,
        marks=tuple(marks),
    )


def report_of(results, fmt: str = "docx", title: str = "", sections=()) -> ReportResult:
    return ReportResult(
        path="测试报告",
        format=fmt,
        ruleset="base",
        profile="township",
        metadata=Metadata(title=title),
        sections=tuple(sections),
        results=tuple(results),
        score=52.5,
        grade="不合格",
        passed=False,
        reasons=("得分 52.5 低于及格线 60",),
    )


def mark_in(paragraphs: list[str], needle: str, nth: int = 0, **place) -> Mark:
    """The mark of the nth occurrence of `needle` in a list of paragraph texts (1-based paragraph numbers)."""
    seen = 0
    for number, text in enumerate(paragraphs, start=1):
        start = text.find(needle)
        while start >= 0:
            if seen == nth:
                return Mark(text=needle, paragraph=number, start=start, end=start + len(needle), **place)
            seen += 1
            start = text.find(needle, start + 1)
    raise AssertionError(f"{needle!r} not found")
