"""The ``metadata`` kind: machine-readable marks and their consistency with the text."""

from tests.helpers import check, lint_text

PRESENCE = {"kind": "metadata", "check": "presence", "when": {"ai": ["generated"]}}
CONSISTENCY = {"kind": "metadata", "check": "consistency"}

BODY = "The harbour reopened on Monday after storm repairs.\n"


def test_front_matter_mark_decides_status_and_satisfies_rule():
    result = lint_text("---\nai: generated\n---\n# Harbour\n\n" + BODY, PRESENCE, fmt="md")
    assert result.ai_status == "generated" and result.ai_status_source == "metadata"
    assert result.violations == []


def test_missing_mark():
    check("# Harbour\n\n" + BODY, PRESENCE, problems=[(1, 3)], fmt="md", ai="generated")


def test_html_meta_and_jsonld_marks():
    meta = '<html><head><meta name="ai-disclosure" content="ai-generated"></head><body><h1>Harbour</h1><p>' + BODY + "</p></body></html>"
    assert lint_text(meta, PRESENCE, fmt="html").violations == []
    jsonld = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "digitalSourceType": '
              '"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}</script></head>'
              "<body><h1>Harbour</h1><p>" + BODY + "</p></body></html>")
    result = lint_text(jsonld, PRESENCE, fmt="html")
    assert result.ai_status == "generated" and result.violations == []


def test_mark_contradicting_text():
    text = "---\nai: none\n---\n# Harbour\n\nThis article was generated with AI.\n\n" + BODY
    check(text, CONSISTENCY, problems=[(2, 1)], fmt="md")
    agreeing = "---\nai: generated\n---\n# Harbour\n\nThis article was generated with AI.\n\n" + BODY
    check(agreeing, CONSISTENCY, problems=[], fmt="md")


def test_fix_adds_front_matter_key():
    rule = {**PRESENCE, "fix": {"at": "metadata"}}
    [v] = check("---\ntitle: Harbour\n---\n# Harbour\n\n" + BODY, rule, problems=[(4, 3)], fmt="md", ai="generated")
    assert v.fix.edits == [(4, 4, "ai: generated\n")]
