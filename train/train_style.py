"""Train the undisclosed-AI style model (``rules/models/style.json``, issue 17).

    .venv/bin/python train/train_style.py [--check]

Data: ``../shared/eval/ai-news`` (100 human news stories and 400 ChatGPT versions of the same
stories: two rephrasings and two generations from the headline each), the BBC corpus
(``../shared/eval/bbc``, 2,225 human articles) and PolNeAR's training articles
(``../shared/eval/polnear/train``, 840 political news articles of seven US outlets, 2016; its dev
articles are left for measuring the false rate on outlets never trained on). Every article goes through the real analysis
(``Analyzer.analyze``) and ``analysis.style.style_features``, so training and linting measure the
same thing.

Word-pattern sequences (``g:`` features, ``style.word_patterns``) are kept when found in at least
``--pattern-share`` (10 %) of the articles. ``--by-topic`` reports out-of-fold figures with each
ai-news topic held out whole and writes nothing.

Features left out on purpose: paragraph features (the human ai-news texts lost their paragraph
breaks; the machine versions kept theirs: the model would learn the file format) and the
structural tells that count paragraphs.

Cross-validation is grouped: a story's human original and its four machine versions are always in
the same fold, and each BBC and PolNeAR article is its own group. The threshold is chosen on the
out-of-fold probabilities so that at most ``--bbc-false`` of the BBC articles (default 0.5%, under
the 1% target), ``--other-false`` of the PolNeAR ones (1%) and at most 5% of the human ai-news
stories are flagged; the figures reported are
out-of-fold. The shipped model is then fitted on everything with that threshold.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
SHARED = REPO.parent / "shared" / "eval"
OUT = REPO / "rules" / "models" / "style.json"

from disclose import readers  # noqa: E402
from disclose.analysis import BODY_SECTIONS, Analyzer  # noqa: E402
from disclose.analysis.style import english_share, style_features  # noqa: E402
from disclose.policy import load_ruleset  # noqa: E402

EXCLUDED_TELLS = {"t:uniform-paragraphs", "t:listicle"}


def _usable(name: str) -> bool:
    return not name.startswith("p:") and name not in EXCLUDED_TELLS


def article_rows() -> list[dict]:
    """One row per article: its features, label (1 = machine), group and where it came from."""
    rs = load_ruleset(["core"])
    analyzer = Analyzer(rs.lexicons, rs.settings, rs.trusted_lexicons, rs.models)
    vocab = rs.lexicons["style"]
    rows = []

    def add(doc, label: int, group: str, origin: str, variant: str, topic: str = "") -> None:
        an = analyzer.analyze(doc)
        by_block: dict[int, bool] = {}
        for s in an.sentences:
            by_block[s.block] = by_block.get(s.block, False) or s.in_disclosure
        paragraphs = [(b.text, i, b) for i, b in enumerate(doc.blocks)
                      if b.section in BODY_SECTIONS and not by_block.get(i, False)]
        feats = style_features(an.sentences, paragraphs, an.tells, vocab)
        if feats:
            rows.append({"x": {k: v for k, v in feats.items() if _usable(k)}, "y": label, "group": group, "topic": topic or group,
                         "origin": origin, "variant": variant, "english": english_share(an.sentences, vocab),
                         "tells_suspected": an.phrase_suspected})

    for name, label in (("human.jsonl", 0), ("chatgpt.jsonl", 1)):
        for line in (SHARED / "ai-news" / name).read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            doc = readers.parse(f"{rec['title']}\n\n{rec['text']}", f"ai-news/{rec['id']}.txt", "txt")
            add(doc, label, f"story-{rec['story']}", "ai-news", rec.get("variant") or "human",
                f"topic-{rec.get('category', '')}")
    for i, path in enumerate(sorted((SHARED / "bbc").rglob("*.txt"))):
        for doc in readers.read_path(str(path)):
            if not isinstance(doc, Exception):
                add(doc, 0, f"bbc-{i}", "bbc", "bbc")
    # PolNeAR's training articles: seven other outlets (2016), so that "human" is not one house
    # style; its dev articles stay out, for measuring the false rate on outlets never trained on.
    for i, path in enumerate(sorted((SHARED / "polnear" / "train" / "text").glob("*.txt"))):
        for doc in readers.read_path(str(path)):
            if not isinstance(doc, Exception):
                add(doc, 0, f"polnear-{i}", "polnear", "polnear")
    return rows


def feature_names(rows, pattern_share: float) -> list[str]:
    """Every style feature, and the word-pattern sequences (``g:``) found in at least
    ``pattern_share`` of the articles (rarer ones would be fitted to single stories)."""
    seen: dict[str, int] = {}
    for r in rows:
        for k in r["x"]:
            seen[k] = seen.get(k, 0) + 1
    return sorted(k for k, n in seen.items() if not k.startswith("g:") or n >= pattern_share * len(rows))


def _matrix(rows, names):
    return np.array([[r["x"].get(n, 0.0) for n in names] for r in rows])


#: The share of the human side's weight each source of human articles gets. PolNeAR's share is
#: small on purpose: enough to keep other outlets' house styles from reading as machine-written
#: (out of fold its false rate falls from 0.8 % to 0.4 %), not so much that the model's notion of
#: "human" becomes PolNeAR's (with half of BBC's weight, recall fell by three points).
HUMAN_WEIGHT = {"ai-news": 0.5, "bbc": 0.4, "polnear": 0.1}


def _weights(rows) -> np.ndarray:
    """Machine stories weigh as much as all human ones; ai-news humans as much as BBC and
    PolNeAR together."""
    n_ai = sum(r["y"] for r in rows)
    n_h = {o: sum(1 for r in rows if r["origin"] == o and not r["y"]) for o in HUMAN_WEIGHT}
    return np.array([1.0 / n_ai if r["y"] else HUMAN_WEIGHT[r["origin"]] / n_h[r["origin"]]
                     for r in rows]) * len(rows)


def fit(rows, names, C):
    X = _matrix(rows, names)
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=C, max_iter=5000).fit((X - mean) / scale, [r["y"] for r in rows],
                                                     sample_weight=_weights(rows))
    return mean, scale, clf


def out_of_fold(rows, names, C, folds=5, by: str = "group") -> np.ndarray:
    """Out-of-fold probabilities; folds by story (``group``) or by ``topic`` (the ai-news
    category: every story of a topic held out together, a harder test of generalisation)."""
    p = np.zeros(len(rows))
    groups = [r[by] for r in rows]
    for train, test in GroupKFold(folds).split(rows, groups=groups):
        mean, scale, clf = fit([rows[i] for i in train], names, C)
        X = (_matrix([rows[i] for i in test], names) - mean) / scale
        p[test] = clf.predict_proba(X)[:, 1]
    return p


def choose_threshold(rows, p, bbc_false: float, human_false: float, other_false: float = 0.01) -> float:
    """The lowest threshold that flags at most ``bbc_false`` of the BBC articles, ``other_false``
    of the PolNeAR ones and ``human_false`` of the human ai-news stories (out of fold)."""
    limits = []
    for origin, allowed in (("bbc", bbc_false), ("polnear", other_false), ("ai-news", human_false)):
        scores = np.sort(p[[i for i, r in enumerate(rows) if r["origin"] == origin and not r["y"]]])
        if len(scores):
            limits.append(scores[min(len(scores) - 1, int(np.ceil(len(scores) * (1 - allowed))))])
    return float(min(0.99, max(*limits, 0.5) + 1e-6))


def figures(rows, p, threshold) -> dict:
    out = {}
    flagged = p >= threshold
    either = np.array([f or r["tells_suspected"] for f, r in zip(flagged, rows)])
    for key, sel in (("bbc", lambda r: r["origin"] == "bbc"),
                     ("polnear", lambda r: r["origin"] == "polnear"),
                     ("ai-news human", lambda r: r["origin"] == "ai-news" and not r["y"]),
                     ("ai-news machine", lambda r: r["y"] == 1),
                     ("rephrasings", lambda r: r["variant"].startswith("rephrase")),
                     ("generated", lambda r: r["variant"].startswith("generated"))):
        idx = [i for i, r in enumerate(rows) if sel(r)]
        out[key] = {"articles": len(idx), "style_flagged": round(float(flagged[idx].mean()), 4),
                    "with_phrase_tells": round(float(either[idx].mean()), 4),
                    "phrase_tells_alone": round(float(np.mean([rows[i]["tells_suspected"] for i in idx])), 4)}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--C", type=float, default=0.1)
    ap.add_argument("--pattern-share", type=float, default=0.1,
                    help="keep word-pattern sequences found in at least this share of the articles")
    ap.add_argument("--bbc-false", type=float, default=0.005)
    ap.add_argument("--human-false", type=float, default=0.05)
    ap.add_argument("--other-false", type=float, default=0.01,
                    help="the most of the PolNeAR articles (other outlets) the style model may flag, out of fold")
    ap.add_argument("--check", action="store_true", help="fail if the shipped weights differ from a retraining")
    ap.add_argument("--by-topic", action="store_true",
                    help="only report out-of-fold figures with each ai-news topic held out whole (writes nothing)")
    args = ap.parse_args(argv)
    rows = article_rows()
    names = feature_names(rows, args.pattern_share)
    if args.by_topic:
        p = out_of_fold(rows, names, args.C, by="topic")
        threshold = choose_threshold(rows, p, args.bbc_false, args.human_false, args.other_false)
        print(json.dumps(figures(rows, p, threshold), indent=1))
        print(f"topic-held-out threshold {threshold:.4f}")
        return 0
    p = out_of_fold(rows, names, args.C)
    threshold = choose_threshold(rows, p, args.bbc_false, args.human_false, args.other_false)
    figs = figures(rows, p, threshold)
    mean, scale, clf = fit(rows, names, args.C)
    feats = {n: {"mean": round(float(m), 6), "scale": round(float(s), 6), "weight": round(float(w), 4)}
             for n, m, s, w in zip(names, mean, scale, clf.coef_[0]) if abs(w) >= 1e-3}
    english = [r["english"] for r in rows]
    model = {"name": "style", "version": 1, "kind": "standardised-logistic",
             "bias": round(float(clf.intercept_[0]), 4), "threshold": round(threshold, 4),
             "min_english": round(max(0.2, float(np.percentile(english, 1)) * 0.8), 3),
             "trained_on": ("../shared/eval/ai-news (100 human stories, 400 ChatGPT versions), the BBC corpus "
                            "(2,225 human articles) and PolNeAR's training articles (840, seven US outlets) as "
                            "negatives; L2 logistic regression over standardised style "
                            f"features, AI-tell counts and the rates of word-pattern sequences found in >= {args.pattern_share:.0%} of "
                            f"the articles, C={args.C}; grouped 5-fold CV (a story and its versions in one "
                            "fold); threshold on out-of-fold probabilities for <= "
                            f"{args.bbc_false:.1%} BBC, <= {args.other_false:.0%} PolNeAR and <= {args.human_false:.0%} "
                            "human ai-news flagged"),
             "figures": {"cross_validated": figs}, "features": feats}
    text = json.dumps(model, indent=1, sort_keys=False) + "\n"
    print(json.dumps(figs, indent=1))
    print(f"threshold {threshold:.4f}; {len(feats)} features")
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("style model: " + ("reproduced" if same else "DIFFERS from the shipped file"))
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
