"""docs/ is generated from, or checked against, the code and rules, so it cannot drift."""

from __future__ import annotations

import json
import re

from fzcheck import docs
from fzcheck.formats.json_format import SCHEMA
from fzcheck.scoring import GRADES

from conftest import ROOT


def test_rules_reference_is_current():
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == docs.rules_reference(), "docs/rules.md is stale: run `python -m fzcheck.docs docs/rules.md`"


def test_json_doc_names_the_schema_and_every_field():
    text = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    schema = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    assert SCHEMA in text and schema["properties"]["schema"]["const"] == SCHEMA
    fields = set(schema["properties"]) | set(schema["$defs"]["report"]["properties"]) | set(schema["$defs"]["result"]["properties"])
    fields |= set(schema["$defs"]["metadata"]["properties"]) | set(schema["$defs"]["mark"]["properties"])
    missing = sorted(f for f in fields if f"`{f}`" not in text)
    assert missing == []


def test_scoring_doc_matches_the_grade_bands():
    text = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    for floor, name in GRADES:
        assert re.search(rf"{name}.*{floor:g}", text), name


def test_readme_quick_start_and_ci_run_agree():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, re.S)
    install, test = blocks[0].strip(), blocks[1].strip()
    assert "fzcheck check samples/" in install
    assert test in ci.splitlines()
    sample = re.search(r"fzcheck check (samples/\S+)", install).group(1)
    assert (ROOT / sample).is_file()
