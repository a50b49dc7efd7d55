"""From comparisons to rule results: quality.copied-peer and quality.copied-previous, rescored."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Callable, Sequence

from fzcheck import scoring
from fzcheck.copies.corpus import PEER, PREVIOUS, Matches, Settings, earlier, match
from fzcheck.copies.fingerprint import Fingerprint
from fzcheck.copies.pairs import Comparison
from fzcheck.copies.places import Places, Reader, read_here
from fzcheck.model import (
    Location,
    Mark,
    ReportResult,
    RuleResult,
    SharedPassage,
    Similar,
    Status,
)
from fzcheck.profiles import load
from fzcheck.ruleset import NEUTRAL, PROFILES, Rule

MAX_SIMILAR = 5  # other reports named per result
MAX_EVIDENCE = 120  # characters of a passage quoted in `evidence`


def settings_of(rules: Sequence[Rule]) -> Settings:
    """The loosest thresholds of the given copied rules, so that no report's own bar is missed."""
    if not rules:
        return Settings()
    return Settings(
        min_run=min(r.params["min_run"] for r in rules),
        common_reports=max(r.params["common_reports"] for r in rules),
        common_share=max(r.params["common_share"] for r in rules),
    )


def _similar(c: Comparison, this: Fingerprint, other: Fingerprint, places: Places, other_is_file: bool) -> Similar:
    passages = tuple(
        SharedPassage(
            text=this.text[p.start : p.end],
            mark=places.mark(this, p.start, p.end, True),
            other_text=other.text[p.other_start : p.other_end],
            other_mark=places.mark(other, p.other_start, p.other_end, other_is_file),
        )
        for p in c.passages
    )
    return Similar(path=other.path, issuer=other.issuer, year=other.year, share=round(c.share, 4), passages=passages)


def _result(rule: Rule, status: Status, detail: str, similar: tuple[Similar, ...] = ()) -> RuleResult:
    failed = status in (Status.FAIL, Status.PARTIAL)
    # Only a finding weighs: a report scores the same checked alone or in a clean batch.
    weight = rule.weight if failed else 0.0
    first = similar[0].passages[0] if similar and similar[0].passages else None
    return RuleResult(
        rule=rule.id,
        status=status,
        severity=rule.severity,
        weight=weight,
        earned=round(weight * status.credit, 2) if status is not Status.SKIP else 0.0,
        title=rule.title,
        message=rule.message + f"（{detail}）" if failed else detail,
        suggestion=rule.suggestion if failed else "",
        basis=rule.basis,
        location=first.mark.location(first.mark.section) if first else Location(),
        evidence=tuple(p.text[:MAX_EVIDENCE] for s in similar[:1] for p in s.passages[:5]),
        group=rule.group,
        similar=similar,
        marks=tuple(p.mark for s in similar[:1] for p in s.passages),
    )


def _name(fp: Fingerprint) -> str:
    return f"{fp.issuer}（{fp.path}）" if fp.issuer else fp.path


def decide(rule: Rule, mine: list[Comparison], this: Fingerprint, others: Sequence[Fingerprint], compared: int, places: Places, files: bool) -> RuleResult | None:
    """The result of one copied rule for one report; None leaves the per-document result as it was."""
    p = rule.params
    peer = p["relation"] == "peer"
    flagged = sorted((c for c in mine if c.share >= p["min_share"] and c.shared >= p["min_chars"]), key=lambda c: -c.share)
    if flagged:
        top = flagged[0]
        source = others[top.other]
        whose = "" if peer else f"{source.year}年" if source.year else "往年"
        detail = f"本报告{top.share:.0%}的实质内容（{top.shared}字）与{_name(source)}的{whose}报告相同，共{len(top.passages)}段"
        if len(flagged) > 1:
            detail += f"；另与{len(flagged) - 1}份报告雷同"
        similar = tuple(_similar(c, this, others[c.other], places, files) for c in flagged[:MAX_SIMILAR])
        return _result(rule, Status.FAIL, detail, similar)
    if not compared:
        if peer:
            return None
        return _result(rule, Status.SKIP, f"往年报告中没有本单位（{this.issuer or '发文单位不明'}）更早年度的报告")
    if peer:
        return _result(rule, Status.PASS, f"已与本批其他{compared}份报告比对，未发现大段雷同")
    return _result(rule, Status.PASS, f"已与本单位{compared}份往年报告比对，未发现大段重复")


@lru_cache(maxsize=64)
def _rules(profile: str, user_rules: tuple[str, ...]) -> tuple[Rule | None, Rule | None]:
    ruleset = load(profile, user_rules)
    return ruleset.rule(PEER), ruleset.rule(PREVIOUS)


def _profile(level: str, options) -> str:
    """The shipped profile a report of this level was checked against (a report's `profile` names the
    user's top rule file when there is one, which `load` does not take as a profile)."""
    if options.profile != "auto":
        return options.profile
    return level if level in PROFILES else NEUTRAL


def apply(
    levels: Sequence[str],
    prints: Sequence[Fingerprint],
    previous: Sequence[Fingerprint],
    options,
    load: Callable[[int], ReportResult],
    assumed: int | None = None,
    read: Reader = read_here,
) -> tuple[dict[int, ReportResult], Matches]:
    """The reports whose copied results the pass changes, decided and rescored (by position); also the raw
    matches. `levels` are the reports' levels (their profile under `auto`); `load(n)` gives report n and is
    called only for the reports that change. `assumed`: the peer count each report's worker already
    assumed (`tentative`), so a report the pass does not flag is left as it is; None when nothing was assumed.
    `read` reads the flagged reports again for the exact places of their passages (places.Reader)."""
    rules = [_rules(_profile(level, options), tuple(options.rules)) for level in levels]
    settings = settings_of([rule for pair in rules for rule in pair if rule is not None])
    matches = match(prints, previous, settings)
    places = Places()
    by_this: dict[tuple[str, int], list[Comparison]] = {}
    for kind, found in ((PEER, matches.peers), (PREVIOUS, matches.previous)):
        for c in found:
            by_this.setdefault((kind, c.this), []).append(c)

    def changes_of(n: int) -> dict[str, RuleResult]:
        peer_rule, previous_rule = rules[n]
        changes: dict[str, RuleResult] = {}
        if peer_rule is not None:
            mine = by_this.get((PEER, n), [])
            if mine or assumed != len(prints) - 1:
                found = decide(peer_rule, mine, prints[n], prints, len(prints) - 1, places, True)
                if found is not None and (assumed is None or found != _peer_pass(peer_rule, assumed)):
                    changes[PEER] = found
        if previous_rule is not None and previous:
            this = prints[n]
            same_body = sum(1 for old in previous if earlier(this, old))
            found = decide(previous_rule, by_this.get((PREVIOUS, n), []), this, previous, same_body, places, False)
            if found is not None:
                changes[PREVIOUS] = found
        return changes

    decided = {n: changes for n in range(len(rules)) if (changes := changes_of(n))}
    if places.resolve(read):  # decided again, with the places read from the flagged reports
        decided.update({n: changes_of(n) for n, changes in decided.items() if any(r.similar for r in changes.values())})
    return {n: _rescored(load(n), changes, options) for n, changes in decided.items()}, matches


def _peer_pass(rule: Rule, peers: int) -> RuleResult | None:
    return decide(rule, [], None, (), peers, None, True)  # type: ignore[arg-type]  # a pass reads neither


def tentative(report: ReportResult, peers: int, options) -> ReportResult:
    """The report as the corpus pass leaves it when it flags nothing in a batch of `peers` other reports:
    what a batch's worker renders, so that the pass afterwards rewrites only the reports it flags."""
    peer_rule, _ = _rules(_profile(report.metadata.level, options), tuple(options.rules))
    found = _peer_pass(peer_rule, peers) if peer_rule is not None and peers > 0 else None
    return _rescored(report, {PEER: found}, options) if found is not None else report


def _weightless(result: RuleResult) -> bool:
    """Whether the result leaves the score, the groups' scores and the gate alone whatever it is."""
    return result.status not in (Status.FAIL, Status.PARTIAL) and (result.weight == 0 or not result.counts)


def _rescored(report: ReportResult, changes: dict[str, RuleResult], options) -> ReportResult:
    results = tuple(changes.get(r.rule, r) for r in report.results)
    if all(_weightless(r) for r in (*changes.values(), *(r for r in report.results if r.rule in changes))):
        return replace(report, results=results)  # every worker's tentative pass: nothing to score again
    results = options.suppressions.apply(report.path, results)
    value = scoring.score(results)
    why = scoring.reasons(results, value, options.gate)
    return replace(
        report,
        results=results,
        score=value,
        grade=scoring.grade(value),
        passed=not why,
        groups=scoring.group_scores(results),
        reasons=why,
    )


def batch_pass(items: Sequence, prints: Sequence[Fingerprint | None], previous: Sequence[Fingerprint], options) -> list:
    """The corpus pass over a batch's items held in memory (reports and read failures, with a fingerprint per report)."""
    positions = [n for n, (item, fp) in enumerate(zip(items, prints, strict=True)) if isinstance(item, ReportResult) and fp is not None]
    if len(positions) < 2 and not previous:
        return list(items)
    reports = [items[n] for n in positions]
    changed, _ = apply([r.metadata.level for r in reports], [prints[n] for n in positions], previous, options, reports.__getitem__)
    result = list(items)
    for k, report in changed.items():
        result[positions[k]] = report
    return result
