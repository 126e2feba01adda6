"""CI output formats (contract §2): SARIF 2.1.0 (validated against the vendored schema), GitHub
workflow commands (chosen automatically inside GitHub Actions) and JUnit XML."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from disclose.cli import app
from disclose.reporters.github import command

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "sarif-2.1.0-rtm.5.json"
runner = CliRunner()

ARTICLE = ("---\ntitle: Harbour\n---\n# Harbour reopens\n\n"
           "The harbour reopened on Monday, sources say.\n\n"
           "<!-- disclose-disable-next-line chatbot-leftover -->\n"
           "Ships queued for hours, according to the port authority.\n")


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a b.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "content" / "clean.txt").write_text(
        "Harbour\n\nThis article was generated with AI.\n\n"
        "The harbour reopened on Monday, the port authority said.\n", encoding="utf-8")
    return tmp_path


def lint(*args: str, env: dict | None = None):
    return runner.invoke(app, ["lint", *args], env=env or {"GITHUB_ACTIONS": ""})


def test_vendored_schema_is_complete_and_strict(sarif_validator):
    schema = sarif_validator.schema
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    for name in ("run", "result", "region", "reportingDescriptor", "fix", "notification", "invocation"):
        assert name in schema["definitions"], name
    good = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": []}]}
    sarif_validator.validate(good)
    for bad in (
        {"version": "2.0.0", "runs": []},                                        # wrong version
        {"version": "2.1.0"},                                                    # runs missing
        {"version": "2.1.0", "runs": [{"results": []}]},                         # tool missing
        {"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]},                # driver name missing
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                       "results": [{"message": {"text": "m"}, "level": "fatal"}]}]},
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                       "results": [{"message": {"text": "m"}, "locations": [
                                           {"physicalLocation": {"region": {"startLine": 0}}}]}]}]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            sarif_validator.validate(bad)


def test_sarif_report_is_valid_and_complete(workspace, sarif_validator):
    res = lint("content", "--ai", "generated", "--format", "sarif")
    assert res.exit_code == 1, res.output
    log = json.loads(res.output)
    sarif_validator.validate(log)
    [run] = log["runs"]
    assert run["tool"]["driver"]["name"] == "disclose" and run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    by_id = {r["id"]: r for r in rules}
    assert {r["ruleId"] for r in results} == set(by_id)
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["partialFingerprints"]["discloseFingerprint/v1"]
        assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "content/a%20b.md"
    missing = next(r for r in results if r["ruleId"] == "eu-ai-act/disclosure-missing")
    assert missing["level"] == "error"
    region = missing["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (6, 1)
    assert ARTICLE[region["charOffset"]:region["charOffset"] + region["charLength"]] == \
        "The harbour reopened on Monday, sources say."
    [fix] = missing["fixes"]
    [replacement] = fix["artifactChanges"][0]["replacements"]
    assert "This article was generated with AI." in replacement["insertedContent"]["text"]
    rule = by_id["eu-ai-act/disclosure-missing"]
    assert rule["defaultConfiguration"]["level"] == "error"
    assert "Article 50(4)" in rule["help"]["text"] and rule["properties"]["kind"] == "disclosure"
    unused = next(r for r in results if r["ruleId"] == "disclose/unused-suppression")
    assert unused["level"] == "note" and by_id["disclose/unused-suppression"]["shortDescription"]["text"]
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_fingerprints_survive_moving_text(workspace):
    first = json.loads(lint("content/a b.md", "--ai", "generated", "--format", "sarif").output)
    moved = ARTICLE.replace("# Harbour reopens\n\n", "# Harbour reopens\n\nA new first paragraph.\n\n")
    (workspace / "content" / "a b.md").write_text(moved, encoding="utf-8")
    second = json.loads(lint("content/a b.md", "--ai", "generated", "--format", "sarif").output)

    def prints(log):
        return {(r["ruleId"], r["partialFingerprints"]["discloseFingerprint/v1"]) for r in log["runs"][0]["results"]
                if r["ruleId"] == "newsroom/vague-attribution"}
    assert prints(first) and prints(first) == prints(second)


def test_sarif_input_errors_and_jsonl_records(workspace, sarif_validator):
    (workspace / "bad.md").write_bytes(b"\x00\x01binary")
    (workspace / "c.jsonl").write_text('{"id": "r1", "title": "Mayor", "text": "The mayor reportedly resigned."}\n', encoding="utf-8")
    res = lint("bad.md", "c.jsonl", "--format", "sarif")
    assert res.exit_code == 2
    log = json.loads(res.output)
    sarif_validator.validate(log)
    run = log["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False
    [note] = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "error" and "binary" in note["message"]["text"]
    [result] = run["results"]
    assert result["locations"][0]["logicalLocations"] == [{"name": "r1", "kind": "record"}]
    assert "region" not in result["locations"][0]["physicalLocation"]


def test_sarif_is_still_valid_when_empty(workspace, sarif_validator):
    res = lint("content/clean.txt", "--format", "sarif")
    assert res.exit_code == 0
    log = json.loads(res.output)
    sarif_validator.validate(log)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_validator_catches_a_broken_report(workspace, sarif_validator):
    """The validation above can fail: a report with a result stripped of its message fails."""
    log = json.loads(lint("content", "--ai", "generated", "--format", "sarif").output)
    broken = copy.deepcopy(log)
    del broken["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        sarif_validator.validate(broken)


def test_github_workflow_commands(workspace):
    res = lint("content", "--ai", "generated", "--format", "github")
    lines = res.output.splitlines()
    assert ("::error file=content/a b.md,line=6,col=1,endLine=6,endColumn=45,"
            "title=eu-ai-act/disclosure-missing::AI-generated article carries no AI-use disclosure.") in \
        "\n".join(lines)
    assert any(line.startswith("::warning file=content/a b.md,line=6,col=33,") and "title=newsroom/vague-attribution::"
               in line for line in lines)
    assert any(line.startswith("::notice file=content/a b.md,line=8,") for line in lines)  # unused suppression: info
    assert lines[-1].startswith("disclose: ")


def test_github_format_is_automatic_inside_github_actions(workspace):
    auto = lint("content", "--ai", "generated", env={"GITHUB_ACTIONS": "true"})
    assert auto.output.startswith("::")
    assert lint("content", "--ai", "generated", "--format", "text", env={"GITHUB_ACTIONS": "true"}).output.startswith("content/")
    assert lint("content", "--ai", "generated").output.startswith("content/")


def test_github_escaping():
    line = command("error", "50% done\nnext, line", file="a,b:c.md", line=3, title="t")
    assert line == "::error file=a%2Cb%3Ac.md,line=3,title=t::50%25 done%0Anext, line"


def test_junit_one_case_per_file_one_failure_per_violation(workspace):
    (workspace / "bad.md").write_bytes(b"\x00binary")
    res = lint("content", "bad.md", "--ai", "generated", "--format", "junit")
    root = ET.fromstring(res.output)
    [suite] = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["content/a b.md", "content/clean.txt", "bad.md"]
    failures = cases[0].findall("failure")
    assert len(failures) == int(suite.get("failures")) and len(failures) >= 3
    assert {f.get("type") for f in failures} >= {"eu-ai-act/disclosure-missing", "newsroom/vague-attribution"}
    assert "content/a b.md:6:1: error eu-ai-act/disclosure-missing" in "".join(f.text for f in failures)
    assert cases[1].findall("failure") == []
    assert cases[2].find("error") is not None and suite.get("errors") == "1"
    assert suite.get("tests") == "3"
