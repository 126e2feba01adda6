"""Grounding in source articles (contract §8): sources from the command line, front matter and
JSON Lines; what no source holds; the grounding rules; the analysis fields; sources read once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from disclose import sourcing
from disclose.analysis import Analyzer
from disclose.analysis.grounding import Grounder
from disclose.analysis.grounding_tokens import Tables
from disclose.analysis.source_index import SourceIndex
from disclose.clivalues import spread_sources
from disclose.model import InputError, SourceText
from disclose.policy import load_ruleset
from disclose.readers import parse

DATA = Path(__file__).parent / "data" / "grounding"
#: Source texts written for these tests in the style of SANA dispatches (not the real ones).
SANA = [str(DATA / "sana-putin.txt"), str(DATA / "sana-bases.txt")]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "disclose", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    rs = load_ruleset(["newsroom"])
    return Analyzer(rs.lexicons, rs.settings, rs.trusted_lexicons, rs.models)


def grounder(analyzer: Analyzer, *texts: str) -> Grounder:
    sources = [SourceText(parse(t, f"s{i}.txt", "txt"), None, None, None, f"t{i}{hash(t)}") for i, t in enumerate(texts)]
    return Grounder(analyzer.grounding_tables(), [analyzer.source_index(s) for s in sources])


def missing(g: Grounder, sentence: str) -> list[tuple[str, str]]:
    return [(m.kind, m.text) for m in g.ground(sentence).missing if m.kind != "term"]


# -- normalisation ----------------------------------------------------------------------------

SOURCE = ("Title\n\nOfficials said 5,000 troops and 1.5 million dollars were sent on Tuesday, December 23. "
          "President Vladimir Putin met Ahmed al-Sharaa of Syria in Moscow. Inflation rose 4 per cent.\n\n"
          "The minister said: \"we will defend every inch of our land\" at the rally.\n")


@pytest.mark.parametrize("sentence", [
    "Five thousand troops were sent.",          # spelt out
    "5000 troops were sent.",                   # no separator
    "Nearly 5,000 troops were sent.",
    "$1.5m was sent.",                          # scale suffix
    "Inflation rose 4%.",                       # per cent sign
    "They were sent on Dec. 23.",               # abbreviated month
    "They were sent on 23rd December.",         # day first, ordinal
    "Putin met al-Sharaa.",                     # names by their parts
    "The Syrian leader Ahmed al-Sharaa flew to Moscow.",
])
def test_what_the_sources_hold_is_not_missing(analyzer, sentence):
    assert missing(grounder(analyzer, SOURCE), sentence) == []


@pytest.mark.parametrize("sentence, item", [
    ("6,000 troops were sent.", ("number", "6,000")),
    ("They were sent on November 23.", ("date", "November 23")),
    ("They were sent on Wednesday, December 23.", ("date", "Wednesday, December 23")),
    ("Putin met Bashar al-Assad.", ("name", "Bashar al-Assad")),
    ("The minister said he would \"defend every inch of the nation\".", ("quote", "\"defend every inch of the nation\"")),
])
def test_what_no_source_holds_is_missing(analyzer, sentence, item):
    assert item in missing(grounder(analyzer, SOURCE), sentence)


def test_a_quotation_must_be_in_a_source_word_for_word(analyzer):
    g = grounder(analyzer, SOURCE)
    assert missing(g, "The minister vowed to \"defend every inch of our land\".") == []
    assert ("quote", "“defend every inch of our lands”") in missing(g, "He vowed to “defend every inch of our lands”.")


def test_supported_sentence_scores_above_an_invented_one(analyzer):
    g = grounder(analyzer, SOURCE)
    copied = g.ground("President Vladimir Putin met Ahmed al-Sharaa in Moscow.")
    invented = g.ground("The alliance is proving more durable than ever, analysts believe.")
    assert copied.supported and not invented.supported
    assert copied.evidence[2].startswith("President Vladimir Putin met")


# -- the seed article against SANA-style sources ----------------------------------------------

def planted(seed: Path, tmp_path: Path) -> Path:
    text = seed.read_text(encoding="utf-8")
    assert "Tuesday, December 23rd" in text and "Top Syrian ministers met" in text
    text = text.replace("Tuesday, December 23rd", "Tuesday, November 23rd").replace(
        "Top Syrian ministers met", "Top Syrian ministers and 40 officers met")
    path = tmp_path / "planted.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_planted_errors_are_not_in_sources(seed_article, tmp_path):
    article = planted(seed_article, tmp_path)
    r = run("lint", str(article), "--format", "json", "--sources", *SANA)
    assert r.returncode == 1, r.stderr
    report = json.loads(r.stdout)
    found = [v for v in report["files"][0]["violations"] if v["rule"] == "grounding/not-in-sources"]
    assert sorted(v["excerpt"] for v in found) == ["40", "Tuesday, November 23rd"]
    for v in found:
        assert v["evidence"]["text"] and "Closest source sentence" in v["message"]
    date = next(v for v in found if v["excerpt"].startswith("Tuesday"))
    assert "December 23" in date["evidence"]["text"]


def test_seed_sana_sentences_supported_evaluation_not(seed_article):
    r = run("analyze", str(seed_article), "--sources", *SANA)
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert a["grounding"]["consistent"] is False
    assert [s["path"] for s in a["grounding"]["sources"]] == SANA
    by_text = {s["text"]: s for s in a["sentences"] if "grounding" in s}
    sana = [t for t in by_text if "SANA" in t or "according to the agency" in t]
    assert len(sana) == 3
    for t in sana:
        assert by_text[t]["grounding"]["supported"], t
        assert [m for m in by_text[t]["grounding"]["missing"] if m["kind"] != "term"] == []
    durable = next(t for t in by_text if "more durable than ever" in t)
    assert by_text[durable]["grounding"]["supported"] is False
    # The lint: the SANA sentences get no grounding finding, the evaluation does.
    r = run("lint", str(seed_article), "--format", "json", "--sources", *SANA, "--select", "grounding")
    violations = json.loads(r.stdout)["files"][0]["violations"]
    flagged = {v["start"] for v in violations}
    for t in sana:
        assert by_text[t]["start"] not in flagged
    assert by_text[durable]["start"] in flagged


def test_supported_sentence_is_no_unsupported_claim(seed_article, tmp_path):
    """A sentence the sources support counts as supported for the claim rules."""
    article = tmp_path / "a.txt"
    article.write_text("Ministers meet in Moscow\n\nThe Russian President strongly condemned the repeated Israeli "
                       "violations of Syrian territory, considering them a direct threat to regional security.\n",
                       encoding="utf-8")
    plain = json.loads(run("lint", str(article), "--format", "json", "--select", "unsupported-claim").stdout)
    grounded = json.loads(run("lint", str(article), "--format", "json", "--select", "unsupported-claim",
                              "--sources", SANA[0]).stdout)
    assert plain["files"][0]["violations"], "the sentence is a claim without sources"
    assert grounded["files"][0]["violations"] == []


def test_fix_names_the_sources_a_disclosure_leaves_unnamed(seed_article, tmp_path):
    """The seed's "based on source articles" names none; with sources known, --fix names them."""
    article = tmp_path / "a.txt"
    article.write_text(seed_article.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "putin.txt").write_text(Path(SANA[0]).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "src" / "bases.txt").write_text(Path(SANA[1]).read_text(encoding="utf-8"), encoding="utf-8")
    before = json.loads(run("lint", "a.txt", "--format", "json", "--select", "unnamed-sources",
                            "--sources", "src", cwd=tmp_path).stdout)
    (finding,) = before["files"][0]["violations"]
    assert finding["fix"]["description"] == "name the source articles"
    r = run("lint", "a.txt", "--fix", "--select", "unnamed-sources", "--sources", "src", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    fixed = article.read_text(encoding="utf-8")
    # Named by its headline; the source with no headline, title or URL cannot be named.
    assert ("based on source articles (“Syrian foreign and defence ministers hold talks with Russian "
            "President in Moscow”).") in fixed
    assert not (tmp_path / "src" / "putin.txt").read_text(encoding="utf-8").count("(“")  # sources untouched
    after = json.loads(run("lint", "a.txt", "--format", "json", "--select", "unnamed-sources",
                           "--sources", "src", cwd=tmp_path).stdout)
    assert after["files"][0]["violations"] == []
    # Without sources there is nothing to name them with: the finding stays, with no fix.
    plain = json.loads(run("lint", str(seed_article), "--format", "json", "--select", "unnamed-sources").stdout)
    assert [v.get("fix") for v in plain["files"][0]["violations"]] == [None]


def test_fix_names_a_source_by_given_title_and_url(tmp_path):
    (tmp_path / "s.txt").write_text(Path(SANA[1]).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "a.md").write_text(
        "---\nsources:\n  - path: s.txt\n    title: Syria will honour agreements\n"
        "    url: https://sana.example/en/1\n---\n# Talks\n\nThe ministers met in Moscow.\n\n"
        "This content is AI-generated based on source articles.\n", encoding="utf-8")
    r = run("lint", "a.md", "--fix", "--select", "unnamed-sources", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert ("based on source articles (“Syria will honour agreements”, https://sana.example/en/1)."
            in (tmp_path / "a.md").read_text(encoding="utf-8"))


# -- where sources come from ---------------------------------------------------------------------

def test_front_matter_sources_relative_to_the_article(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "sana.txt").write_text(Path(SANA[0]).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "a.md").write_text("---\ntitle: T\nsources:\n  - path: src/sana.txt\n    title: SANA dispatch\n---\n"
                                   "# Talks\n\nPutin met the ministers on Friday, December 23.\n", encoding="utf-8")
    r = run("analyze", "a.md", cwd=tmp_path)
    a = json.loads(r.stdout)
    assert a["grounding"]["sources"] == [{"path": "src/sana.txt", "title": "SANA dispatch", "url": None}]
    r = run("lint", "a.md", "--format", "json", "--select", "not-in-sources", cwd=tmp_path)
    v = json.loads(r.stdout)["files"][0]["violations"]
    assert [(x["excerpt"], x["evidence"]["label"]) for x in v] == [("Friday, December 23", "SANA dispatch")]
    assert "another weekday" in v[0]["message"]


def test_jsonl_sources_inline(tmp_path):
    src = Path(SANA[0]).read_text(encoding="utf-8")
    records = [
        {"id": "a", "title": "T", "text": "Putin received the ministers at the Kremlin.", "sources": [src]},
        {"id": "b", "title": "T", "text": "Putin received 12 ministers at the Kremlin.",
         "sources": [{"title": "SANA", "url": "https://sana.sy/x", "text": src}]},
        {"id": "c", "title": "T", "text": "No sources here: a plain article."},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = [json.loads(line) for line in run("analyze", str(path)).stdout.splitlines()]
    assert out[0]["grounding"]["consistent"] is True
    assert out[1]["grounding"]["sources"] == [{"path": None, "title": "SANA", "url": "https://sana.sy/x"}]
    assert out[1]["grounding"]["consistent"] is False
    assert "grounding" not in out[2] and all("grounding" not in s for s in out[2]["sentences"])


def test_missing_source_is_an_input_error_naming_both(tmp_path):
    (tmp_path / "a.md").write_text("---\nsources: [gone.txt]\n---\nText.\n", encoding="utf-8")
    r = run("lint", "a.md", cwd=tmp_path)
    assert r.returncode == 2
    assert "a.md" in r.stdout + r.stderr and "source gone.txt" in r.stdout + r.stderr
    (tmp_path / "b.md").write_text("Text.\n", encoding="utf-8")
    r = run("lint", "b.md", "--sources", "nowhere.txt", cwd=tmp_path)
    assert r.returncode == 2 and "b.md" in r.stdout + r.stderr and "source nowhere.txt" in r.stdout + r.stderr


def test_malformed_sources_field_is_an_input_error(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": "x", "sources": [3]}) + "\n", encoding="utf-8")
    r = run("lint", str(path))
    assert r.returncode == 2 and "sources[0]" in r.stdout + r.stderr


def test_sources_option_takes_the_paths_after_it():
    assert spread_sources(["lint", "a.md", "--sources", "s1", "s2", "--format", "json"]) == [
        "lint", "a.md", "--sources", "s1", "--sources", "s2", "--format", "json"]
    assert spread_sources(["rules", "--sources", "x"]) == ["rules", "--sources", "x"]


def test_a_source_folder_is_not_linted_as_articles(tmp_path):
    (tmp_path / "srcs").mkdir()
    for p in SANA:
        (tmp_path / "srcs" / Path(p).name).write_text(Path(p).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "a.txt").write_text("Talks\n\nPutin received the ministers at the Kremlin.\n", encoding="utf-8")
    r = run("lint", ".", "--format", "json", "--sources", "srcs", cwd=tmp_path)
    report = json.loads(r.stdout)
    assert [f["path"] for f in report["files"]] == ["a.txt"]


# -- read and indexed once ------------------------------------------------------------------------

def test_a_pool_of_sources_is_read_and_indexed_once(analyzer, tmp_path):
    docs = [parse(f"T\n\nPutin received minister {i} at the Kremlin.\n", f"a{i}.txt", "txt") for i in range(5)]
    before = sourcing.reads
    analyzer.source_indexes.clear()
    built = []
    original = SourceIndex.__init__

    def counting(self, *a, **k):
        built.append(1)
        original(self, *a, **k)

    SourceIndex.__init__ = counting
    try:
        for doc in docs:
            sourcing.attach(doc, SANA)
            analyzer.analyze(doc)
    finally:
        SourceIndex.__init__ = original
    assert sourcing.reads - before <= 2  # at most once per file (earlier tests may have read them)
    assert len(built) == 2
    assert all(d.sources[0].document is docs[0].sources[0].document for d in docs)


def test_attach_raises_input_error_for_unreadable_source(tmp_path):
    doc = parse("T\n\nText.\n", str(tmp_path / "a.txt"), "txt")
    with pytest.raises(InputError) as exc:
        sourcing.attach(doc, [str(tmp_path / "none.txt")])
    assert "none.txt" in str(exc.value) and "a.txt" in str(exc.value)


def test_tables_without_lexicon_still_ground():
    t = Tables({}, {})
    src = SourceIndex(t, parse("T\n\nThe river flooded the town.\n", "s.txt", "txt"))
    g = Grounder(t, [src])
    assert g.ground("The river flooded the town.").supported
