"""Make docs/annotate-example.png: the first page of a commented copy as LibreOffice lays it out.

    python docs/annotate_picture.py COPY.审查.docx

LibreOffice (7.4, Debian) exports the comments as PDF text annotations, which a rasteriser shows
only as icons; so the page is rendered by `pdftoppm -png -r 60` and each annotation's text is
drawn in a margin beside it, joined to its icon, the way Word shows comments in balloons.
Needs soffice, pdftoppm and a CJK font (fonts-noto-cjk).
"""

from __future__ import annotations

import ctypes
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
DPI = 60
MARGIN = 330
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def main(copy: Path, out: Path = ROOT / "docs" / "annotate-example.png") -> None:
    import pypdfium2
    import pypdfium2.raw as raw
    from PIL import Image, ImageDraw, ImageFont
    from wordcopy import pdf_with_notes

    with tempfile.TemporaryDirectory() as folder:
        pdf_path = pdf_with_notes(copy, Path(folder))
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", str(pdf_path), f"{folder}/page"], check=True, capture_output=True)
        page_image = Image.open(next(Path(folder).glob("page*.png"))).convert("RGB")
        pdf = pypdfium2.PdfDocument(str(pdf_path))
        page = pdf[0]
        height_pt = page.get_height()
        notes = []
        for index in range(raw.FPDFPage_GetAnnotCount(page)):
            annotation = raw.FPDFPage_GetAnnot(page, index)
            if raw.FPDFAnnot_GetSubtype(annotation) == raw.FPDF_ANNOT_TEXT:
                rect = raw.FS_RECTF()
                raw.FPDFAnnot_GetRect(annotation, rect)
                size = raw.FPDFAnnot_GetStringValue(annotation, b"Contents", None, 0)
                buffer = ctypes.create_string_buffer(size)
                raw.FPDFAnnot_GetStringValue(annotation, b"Contents", ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)), size)
                text = buffer.raw.decode("utf-16-le").rstrip("\x00")
                notes.append(((height_pt - rect.top) * DPI / 72, rect.left * DPI / 72, text))
            raw.FPDFPage_CloseAnnot(annotation)
        pdf.close()
    width, height = page_image.size
    canvas = Image.new("RGB", (width + MARGIN, height), "white")
    canvas.paste(page_image, (0, 0))
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.truetype(FONT, 10)
    y_free = 6
    for y, x, text in sorted(notes):
        lines = [part for line in text.splitlines()[:4] for part in textwrap.wrap(line, 27)][:6]
        box_height = 14 * len(lines) + 8
        top = max(y_free, int(y) - 6)
        if top + box_height > height:
            break
        draw.line([(x + 12, y + 6), (width + 6, top + 8)], fill=(204, 51, 51), width=1)
        draw.rectangle([width + 6, top, width + MARGIN - 6, top + box_height], fill=(255, 242, 204), outline=(204, 51, 51))
        for number, line in enumerate(lines):
            draw.text((width + 11, top + 4 + 14 * number), line, fill="black", font=font)
        y_free = top + box_height + 6
    canvas.quantize(colors=32).save(out, optimize=True)
    print(f"{out}：{out.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
