"""docs/api.md's code blocks run as written (a doc that can drift is checked)."""

from __future__ import annotations

import os
import re

from conftest import ROOT


def test_every_python_block_in_the_api_doc_runs(capsys):
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 2
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for block in blocks:
            exec(compile(block, "docs/api.md", "exec"), {})
    finally:
        os.chdir(cwd)
    assert "outline.achievements pass" in capsys.readouterr().out
