"""`--format junit`: one test case per report × rule; failing rules are failures."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from fzcheck.formats import Batch
from fzcheck.formats.places import occurrences
from fzcheck.model import Status


def render(batch: Batch) -> str:
    suites = ET.Element("testsuites", name="fzcheck")
    total = failures = errors = skipped = 0
    for report in batch.reports:
        suite = ET.SubElement(suites, "testsuite", name=report.path)
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for result in report.results:
            case = ET.SubElement(suite, "testcase", classname=report.path, name=f"{result.rule} {result.title}")
            counts["tests"] += 1
            if result.suppressed or result.status is Status.SKIP:
                ET.SubElement(case, "skipped", message=result.suppressed or result.message)
                counts["skipped"] += 1
            elif result.status is Status.FAIL:
                failure = ET.SubElement(case, "failure", message=result.message, type=result.severity)
                where = "\n".join(occurrences(result)) or f"{result.location.describe()} {result.location.section}"
                failure.text = f"{where}\n建议：{result.suggestion}\n依据：{result.basis}"
                counts["failures"] += 1
            elif result.status is Status.PARTIAL:
                ET.SubElement(case, "system-out").text = f"部分通过：{result.message}"
        properties = ET.SubElement(suite, "properties")
        for name, value in (("score", report.score), ("grade", report.grade), ("passed", report.passed)):
            ET.SubElement(properties, "property", name=name, value=str(value))
        suite.set("tests", str(counts["tests"]))
        suite.set("failures", str(counts["failures"]))
        suite.set("errors", "0")
        suite.set("skipped", str(counts["skipped"]))
        total, failures, skipped = total + counts["tests"], failures + counts["failures"], skipped + counts["skipped"]
    for failure in batch.failures:
        suite = ET.SubElement(suites, "testsuite", name=failure.path, tests="1", failures="0", errors="1", skipped="0")
        case = ET.SubElement(suite, "testcase", classname=failure.path, name="读取报告")
        ET.SubElement(case, "error", message=failure.message, type="unreadable")
        total, errors = total + 1, errors + 1
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", str(errors))
    suites.set("skipped", str(skipped))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
