"""Configuration as CI uses it (contract §7): found by walking up from each file,
``.disclose.yaml`` or ``[tool.disclose]``, include/exclude, per-path overrides, fail_on, and a
bad config as one line with exit 2."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from disclose.cli import app

runner = CliRunner()
VAGUE = "Harbour\n\nThe harbour reopened on Monday, sources say.\n"
NO_DISCLOSURE = "Harbour\n\nThe harbour reopened on Monday, the port authority said.\n"


def lint(*args: str):
    res = runner.invoke(app, ["lint", *args, "--format", "json"], env={"GITHUB_ACTIONS": ""})
    return res, (json.loads(res.stdout) if res.stdout.startswith("{") else None)


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for rel in ("content/news/a.txt", "content/drafts/b.txt", "content/wire/c.txt", "other/d.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(VAGUE if "wire" not in rel else NO_DISCLOSURE, encoding="utf-8")
    return tmp_path


def _forget_configs() -> None:
    from disclose import config

    config._config_in.cache_clear()
    config.find_config_file.cache_clear()
    config._loaded.clear()


def paths(report) -> list[str]:
    return [f["path"] for f in report["files"]]


def test_pyproject_config_is_found_walking_up_and_yaml_wins(site):
    (site / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.disclose]\nfail_on = "warning"\n'
                                         'exclude = ["content/drafts/**"]\n', encoding="utf-8")
    res, report = lint("content")
    assert sorted(paths(report)) == ["content/news/a.txt", "content/wire/c.txt"]
    assert res.exit_code == 1  # fail_on: warning from pyproject
    (site / ".disclose.yaml").write_text("fail_on: never\n", encoding="utf-8")
    _forget_configs()  # config lookups are cached per process (one CLI run); this test runs two
    res, report = lint("content")
    assert res.exit_code == 0 and len(paths(report)) == 3  # .disclose.yaml wins; no exclude there


def test_nearest_config_governs_each_file(site):
    (site / ".disclose.yaml").write_text("ai: none\n", encoding="utf-8")
    (site / "content" / "wire" / ".disclose.yaml").write_text("ai: generated\n", encoding="utf-8")
    _, report = lint("content/news/a.txt", "content/wire/c.txt")
    status = {f["path"]: (f["ai_status"], f["ai_status_source"]) for f in report["files"]}
    assert status == {"content/news/a.txt": ("none", "config"), "content/wire/c.txt": ("generated", "config")}


def test_include_exclude_and_overrides(site):
    (site / ".disclose.yaml").write_text(
        'include: ["content/**"]\nexclude: ["content/drafts/**"]\n'
        "overrides:\n"
        '  - files: ["content/wire/**"]\n'
        "    ai: generated\n"
        '  - files: ["content/news/**"]\n'
        "    rules: {vague-attribution: error}\n", encoding="utf-8")
    res, report = lint(".")
    files = {f["path"]: f for f in report["files"]}
    assert sorted(files) == ["content/news/a.txt", "content/wire/c.txt"]
    assert [(v["rule"], v["severity"]) for v in files["content/news/a.txt"]["violations"]] == \
        [("newsroom/vague-attribution", "error")]
    assert files["content/wire/c.txt"]["ai_status_source"] == "config"
    assert "eu-ai-act/disclosure-missing" in [v["rule"] for v in files["content/wire/c.txt"]["violations"]]
    assert res.exit_code == 1
    # a file named explicitly is linted even when excluded (as pre-commit passes files)
    _, report = lint("content/drafts/b.txt")
    assert paths(report) == ["content/drafts/b.txt"]


# The include/exclude matcher production uses (``readers.globs`` through ``Config``), run the way
# users run it: a config file and a walk over folders.
GLOBS = [
    # (include, exclude, files linted)
    ([], ["drafts"], ["content/news/a.txt", "content/wire/c.txt", "other/d.txt"]),  # a folder: all in it
    (["content/*.txt"], [], []),  # `*` never crosses `/`
    (["content/*/*.txt"], [], ["content/drafts/b.txt", "content/news/a.txt", "content/wire/c.txt"]),
    (["content/**/c.txt"], [], ["content/wire/c.txt"]),  # `**`: any number of folders
    (["**/content/**"], [], ["content/drafts/b.txt", "content/news/a.txt", "content/wire/c.txt"]),
    (["*.txt"], ["c.txt"], ["content/drafts/b.txt", "content/news/a.txt", "other/d.txt"]),  # base names
    (["content/**"], ["content/news/a.txt", "./content/drafts/"], ["content/wire/c.txt"]),  # exclude wins
    (["content/news/a.txt", "other/d.txt"], ["other/**"], ["content/news/a.txt"]),
]


@pytest.mark.parametrize("include,exclude,linted", GLOBS)
def test_include_exclude_globs(site, include, exclude, linted):
    (site / ".disclose.yaml").write_text(json.dumps({"include": include, "exclude": exclude}), encoding="utf-8")
    _forget_configs()
    _, report = lint(".")
    assert sorted(paths(report)) == linted


def test_globs_are_relative_to_the_config_folder(site, monkeypatch):
    (site / "content" / ".disclose.yaml").write_text('include: ["news/*", "drafts/**"]\nexclude: ["drafts"]\n'
                                                     'overrides:\n  - files: ["*/a.txt"]\n    ai: generated\n',
                                                     encoding="utf-8")
    _forget_configs()
    _, report = lint("content", "other")
    assert {f["path"]: f["ai_status"] for f in report["files"]} == {"content/news/a.txt": "generated",
                                                                     "other/d.txt": "unknown"}
    monkeypatch.chdir(site / "other")  # the same answer from another working folder
    _forget_configs()
    _, report = lint("../content")
    assert paths(report) == ["../content/news/a.txt"]


def test_override_can_turn_a_rule_off(site):
    (site / ".disclose.yaml").write_text('overrides:\n  - files: ["content/news/*"]\n'
                                         "    rules: {newsroom/vague-attribution: off}\n", encoding="utf-8")
    _, report = lint("content/news/a.txt", "other/d.txt")
    assert [len(f["violations"]) for f in report["files"]] == [0, 1]


def test_bad_config_is_one_line_and_exit_2(site):
    (site / ".disclose.yaml").write_text("policies: [newsroom]\nfail_on: sometimes\n", encoding="utf-8")
    res, _ = lint("content")
    assert res.exit_code == 2
    assert ".disclose.yaml:2" in res.stderr and "fail_on" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
