"""Last year's reports for `--previous PATH` (a folder, one report, or an index file), and the
copied rules' own examples (a pair of short reports each)."""

from __future__ import annotations

import os
from dataclasses import replace

from fzcheck.copies.fingerprint import Fingerprint, fingerprint
from fzcheck.copies.index import IndexError_, is_index, read_index
from fzcheck.model import Status


def load_previous(path: str) -> tuple[list[Fingerprint], list[str]]:
    """Fingerprints of last year's reports, and a Chinese note per report that could not be read."""
    from fzcheck import api, ingest
    from fzcheck.errors import InputError

    if not os.path.exists(path):
        raise IndexError_(f"--previous 指定的 {path} 不存在")
    if os.path.isfile(path) and (is_index(path) or os.path.splitext(path)[1].lower() not in ingest.supported_suffixes()):
        return read_index(path), []  # not a report by its name: an index, or a clear error saying why not
    prints, notes = [], []
    for item in api.expand([path]):
        if not isinstance(item, str):
            notes.append(f"往年报告：{item.message}")
            continue
        try:
            prints.append(fingerprint(api.parse(ingest.read(item))))
        except InputError as error:
            notes.append(f"往年报告：{error}")
    return prints, notes


def example_status(rule, text: str) -> Status:
    """Run a copied rule on its example: the report checked, a line '=====', the other report."""
    from fzcheck import api
    from fzcheck.copies.corpus import Settings, match
    from fzcheck.copies.verdicts import Places, decide
    from fzcheck.kinds.copied import EXAMPLE_SEPARATOR

    mine, _, theirs = text.partition("\n" + EXAMPLE_SEPARATOR + "\n")
    this = fingerprint(api.parse_text(mine, "<示例>"))
    other = fingerprint(api.parse_text(theirs, "<对比示例>"))
    params = rule.params
    settings = Settings(params["min_run"], params["common_reports"], params["common_share"])
    if params["relation"] == "peer":
        found = match([this, other], (), settings).peers
        result = decide(rule, [c for c in found if c.this == 0], this, [this, other], 1, Places(), False)
    else:
        body = this.issuer or "示例单位"  # an example's pair is, by definition, the same body's two years
        this = replace(this, issuer=body)
        other = replace(other, issuer=body, year=this.year - 1 if this.year else None)
        found = match([this], [other], settings).previous
        result = decide(rule, list(found), this, [other], 1, Places(), False)
    return result.status if result is not None else Status.SKIP
