"""Train the linear models disclose ships under ``rules/models/`` (``make train``).

    .venv/bin/python train/train_models.py [--only checkworthy|needs-source] [--check]

Two logistic regressions (scikit-learn, the ``train`` extra), exported as JSON weights that
``disclose.analysis.linear`` scores in pure Python. Features come from disclose itself (the
``Analyzer`` and ``analysis.linear.text_features`` / ``analysis.support.features``), so the
model sees at training what the linter computes at run time.

* ``checkworthy`` -- ClaimBuster (``../shared/eval/claimbuster/train.json``, 7,976 debate
  sentences, 1 = check-worthy factual claim). Features: word uni- and bigrams, the claim-cue
  signals of ``rules/lexicons/claim-cues.yaml`` and the hand-weighted verdict. Threshold: best
  F1 in 5-fold cross-validation; the figures written are those cross-validated ones.
* ``grounding`` -- FRANK dev (``../shared/eval/frank/dev.jsonl``): does a summary's source article
  support each of its clauses. Features from ``analysis.grounding`` (weighted overlap, new word
  pairs and triples, what no source holds); multiple-instance learning from summary-level labels;
  threshold and figures from grouped cross-validation (balanced accuracy per dataset).
* ``needs-source`` -- the editor-labelled dev set (``benchmarks/editor/labels.jsonl``, labels
  made with ``../shared/docs/editor-rubric.md`` on whole articles of ``../shared/eval``).
  Trained on the sentences no named source covers (``analysis.support.coverage``), target: an
  editor flags it (``needs_source = 1`` and ``covered = 0``). Features: n-grams, signals, the
  check-worthiness score, attribution, vague items, quotation and evaluative adjectives. The shipped
  threshold is the one whose article-grouped cross-validated precision is highest while recall
  stays at or above ``--min-recall``; ``figures`` hold those grouped-CV figures, measured over
  every labelled sentence (covered ones count as not flagged).

Deterministic: fixed folds and solver; the same data gives the same weights. ``--check``
retrains in memory and fails if the shipped files differ in their weights (CI can use it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "eval"
MODELS = REPO / "rules" / "models"
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

try:
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, StratifiedKFold
except ImportError:  # pragma: no cover - the train extra is missing
    raise SystemExit("make train needs the train extra: .venv/bin/pip install -e '.[train]'") from None

from disclose.analysis import BODY_SECTIONS, Analyzer  # noqa: E402
from disclose.analysis.lexicon import Tokens  # noqa: E402
from disclose.analysis.linear import LinearModel, text_features  # noqa: E402
from disclose.analysis.support import features as support_features  # noqa: E402
from disclose.policy.loader import load_ruleset  # noqa: E402
from disclose.readers import parse  # noqa: E402

WORDS = (1, 2)
CHARS = (0, 0)
#: Weights smaller than this are dropped from the shipped file (they change no decision).
PRUNE = 1e-3
#: Coverage that settles a sentence (see analysis.support.HARD_COVER).
from disclose.analysis.support import HARD_COVER  # noqa: E402


def _analyzer(models: dict | None = None) -> Analyzer:
    rs = load_ruleset(["core"])
    return Analyzer(rs.lexicons, rs.settings, rs.trusted_lexicons, models or {})


def _fit(X, y, C: float):
    return LogisticRegression(C=C, max_iter=5000, solver="lbfgs").fit(X, y)


def _export(name: str, vec: DictVectorizer, clf, threshold: float, trained_on: str, figures: dict) -> dict:
    weights = {f: round(float(w), 4) for f, w in zip(vec.feature_names_, clf.coef_[0]) if abs(w) >= PRUNE}
    return {"name": name, "version": 1, "kind": "logistic",
            "features": {"words": list(WORDS), "chars": list(CHARS)},
            "bias": round(float(clf.intercept_[0]), 4), "threshold": round(float(threshold), 4),
            "trained_on": trained_on, "figures": figures, "weights": dict(sorted(weights.items()))}


def _prf(gold, pred) -> dict:
    tp = int(sum(1 for g, p in zip(gold, pred) if g and p))
    fp = int(sum(1 for g, p in zip(gold, pred) if p and not g))
    fn = int(sum(1 for g, p in zip(gold, pred) if g and not p))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


# -- check-worthiness ------------------------------------------------------------------------

def _drop_rare(feats: list[dict], min_count: int = 2) -> list[dict]:
    """Features seen in fewer than ``min_count`` training sentences tell nothing general."""
    counts: dict[str, int] = {}
    for f in feats:
        for k in f:
            counts[k] = counts.get(k, 0) + 1
    return [{k: v for k, v in f.items() if counts[k] >= min_count} for f in feats]


def claimbuster_features(an: Analyzer) -> tuple[list[dict], list[int]]:
    data = json.loads((SHARED / "claimbuster" / "train.json").read_text(encoding="utf-8"))
    feats, gold = [], []
    for rec in data:
        text = rec["text"]
        tokens = Tokens(text)
        f = text_features(tokens.keys, text, WORDS, CHARS)
        claim = an.claims.find(text, 0, tokens)
        for sig in claim.signals:
            f["s:" + sig] = 1.0
        if claim.checkworthy:
            f["s:rule"] = 1.0
        feats.append(f)
        gold.append(int(rec["label"]))
    return feats, gold


def train_checkworthy(C: float = 0.3) -> dict:
    an = _analyzer()
    feats, gold = claimbuster_features(an)
    feats = _drop_rare(feats)
    y = np.array(gold)
    probs = np.zeros(len(y))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(feats, y):
        vec = DictVectorizer()
        clf = _fit(vec.fit_transform([feats[i] for i in train]), y[train], C)
        probs[test] = clf.predict_proba(vec.transform([feats[i] for i in test]))[:, 1]
    best = max((_prf(y, probs >= t)["f1"], -abs(t - 0.5), t) for t in np.arange(0.2, 0.71, 0.05))
    threshold = float(best[2])
    figures = {"claimbuster_cv5": _prf(y, probs >= threshold),
               "hand_weighted_rules_same_folds": _prf(y, [f.get("s:rule", 0) > 0 for f in feats])}
    return fit_checkworthy(feats, gold, threshold, C, figures)


def fit_checkworthy(feats: list[dict], gold: list[int], threshold: float, C: float = 0.3,
                    figures: dict | None = None) -> dict:
    """The check-worthiness model fitted on ``feats`` (see ``claimbuster_features``), as model
    data; ``benchmarks/quality.py`` refits it per fold to measure held-out sentences."""
    vec = DictVectorizer()
    clf = _fit(vec.fit_transform(feats), np.array(gold), C)
    return _export("checkworthy", vec, clf, threshold,
                   "ClaimBuster two-class split (../shared/eval/claimbuster/train.json, 7,976 sentences); "
                   "L2 logistic regression, C=%g, word 1-2-grams + claim-cue signals" % C, figures or {})


# -- needs a source -----------------------------------------------------------------------------

def editor_rows(checkworthy: LinearModel | None) -> list[dict]:
    """Every labelled sentence with its gold labels, coverage and needs-source features."""
    import editor_eval

    labels = editor_eval.load_labels()
    texts = editor_eval.articles(labels)
    an = _analyzer({"checkworthy": checkworthy} if checkworthy else {})
    rows = []
    by_article: dict = {}
    for key, text in texts.items():
        analysis = an.analyze(parse(text, editor_eval.file_name(*key), "txt"))
        blocks: dict[int, list] = {}
        for s in analysis.sentences:
            blocks.setdefault(s.block, []).append(s)
        body = [s for s in analysis.sentences if s.section in BODY_SECTIONS and not s.in_disclosure]
        by_article[key] = (analysis, blocks, body[0] if body else None)
    for r in labels:
        analysis, blocks, first = by_article[(r["doc"], r["id"])]
        s = next((x for x in analysis.sentences if x.start < r["end"] and r["start"] < x.end), None)
        if s is None:
            continue
        block = blocks[s.block]
        tokens = Tokens(s.text)
        f = text_features(tokens.keys, s.text, WORDS, CHARS)
        f.update(support_features(s, tokens, an.subjectivity, an.subjects))
        rows.append({"group": f"{r['doc']}#{r['id']}", "features": f, "covered_by_rules": s.support_via in HARD_COVER,
                     "flag": int(r["needs_source"] and not r["covered"]), "section": s.section,
                     "vague": bool(s.vague)})
    return rows


def train_needs_source(checkworthy: LinearModel | None, C: float = 0.5, min_recall: float = 0.4,
                       rows: list[dict] | None = None) -> dict:
    rows = rows if rows is not None else editor_rows(checkworthy)
    uncovered = [i for i, r in enumerate(rows) if not r["covered_by_rules"] and r["section"] in BODY_SECTIONS]
    groups = np.array([rows[i]["group"] for i in uncovered])
    y = np.array([rows[i]["flag"] for i in uncovered])
    feats = [rows[i]["features"] for i in uncovered]
    probs = np.zeros(len(uncovered))
    for train, test in GroupKFold(6).split(feats, y, groups):
        vec = DictVectorizer()
        clf = _fit(vec.fit_transform([feats[i] for i in train]), y[train], C)
        probs[test] = clf.predict_proba(vec.transform([feats[i] for i in test]))[:, 1]
    score = {idx: p for idx, p in zip(uncovered, probs)}
    gold = [r["flag"] for r in rows]
    curve = {}
    for t in np.arange(0.30, 0.91, 0.05):
        pred = [score.get(i, 0.0) >= t for i in range(len(rows))]
        curve[round(float(t), 2)] = _prf(gold, pred)
    eligible = [t for t, m in curve.items() if m["recall"] >= min_recall]
    threshold = max(eligible, key=lambda t: (curve[t]["precision"], t)) if eligible else max(curve, key=lambda t: curve[t]["f1"])
    figures = {"editor_dev_grouped_cv6": curve[threshold], "curve": curve,
               "sentences": len(rows), "uncovered_sentences": len(uncovered), "gold_flagged": int(sum(gold))}
    return fit_needs_source(rows, threshold, C, figures)


def fit_needs_source(rows: list[dict], threshold: float, C: float = 0.5, figures: dict | None = None,
                     exclude: set[str] = frozenset()) -> dict:
    """The needs-source model fitted on ``rows`` (less the articles in ``exclude``), as model
    data; ``benchmarks/editor_eval.py --cv`` uses it to measure held-out articles end to end."""
    use = [r for r in rows if not r["covered_by_rules"] and r["section"] in BODY_SECTIONS and r["group"] not in exclude]
    y = np.array([r["flag"] for r in use])
    vec = DictVectorizer()
    clf = _fit(vec.fit_transform([r["features"] for r in use]), y, C)
    return _export("needs-source", vec, clf, threshold,
                   "Editor-labelled dev set (benchmarks/editor/labels.jsonl: 646 sentences of 36 articles of "
                   "../shared/eval, BBC and ai-news human/ChatGPT), sentences no named source covers; "
                   "L2 logistic regression, C=%g" % C, figures or {})


# -- grounding in source articles -------------------------------------------------------------

def frank_units(rows: list[dict] | None = None) -> list[dict]:
    """FRANK dev summaries, clause by clause, with the grounding features disclose computes
    (the summary as a .txt article, its source article as its one source)."""
    from disclose.analysis.grounding import Grounder
    from disclose.analysis.grounding_tokens import units
    from disclose.model import SourceText

    rows = rows if rows is not None else [json.loads(line) for line in (SHARED / "frank" / "dev.jsonl").open(encoding="utf-8")]
    an = _analyzer()  # no grounding model: the features do not depend on it
    tables = an.grounding_tables()
    out = []
    for di, r in enumerate(rows):
        src = SourceText(parse(r["source"], "source.txt", "txt"), None, None, None, f"frank\0{di}")
        grounder = Grounder(tables, [an.source_index(src)])
        doc = parse("Summary\n\n" + r["summary"], "summary.txt", "txt")  # as the benchmark sends it: a titled article
        analysis = an.analyze(doc)
        for s in analysis.sentences:
            if s.section not in BODY_SECTIONS or s.in_disclosure:
                continue
            for _, unit in units(s.text):
                al = grounder.ground_unit(unit)
                out.append({"doc": di, "group": r["id"].split(":")[0], "dataset": r["dataset"], "y": int(r["consistent"]),
                            "features": al.features,
                            "critical": any(m.kind in tables.critical for m in al.missing)})
    return out


def _cell_weights(rows: list[dict]) -> "np.ndarray":
    """Each (dataset, label) cell weighs the same: the datasets differ in size and in how many
    summaries are consistent, and balanced accuracy is measured per dataset."""
    cells: dict[tuple, int] = {}
    for r in rows:
        cells[(r["dataset"], r["y"])] = cells.get((r["dataset"], r["y"]), 0) + 1
    return np.array([len(rows) / len(cells) / cells[(r["dataset"], r["y"])] for r in rows])


def _fit_mil(rows: list[dict], vec: DictVectorizer, C: float, rounds: int = 3):
    """A clause of a consistent summary is supported; of an inconsistent one only the clause
    the model finds weakest is taken as unsupported (multiple-instance learning, ``rounds`` times)."""
    X = vec.transform([r["features"] for r in rows])
    y = np.array([r["y"] for r in rows])
    idx = list(range(len(rows)))
    keep = idx
    clf = None
    for _ in range(rounds + 1):
        sub = [rows[i] for i in keep]
        clf = LogisticRegression(C=C, max_iter=5000, solver="lbfgs").fit(X[keep], y[keep], sample_weight=_cell_weights(sub))
        p = clf.predict_proba(X)[:, 1]
        weakest: dict[int, int] = {}
        for i in idx:
            if not rows[i]["y"] and (rows[i]["doc"] not in weakest or p[i] < p[weakest[rows[i]["doc"]]]):
                weakest[rows[i]["doc"]] = i
        keep = sorted([i for i in idx if rows[i]["y"]] + list(weakest.values()))
    return clf


def _doc_ba(rows: list[dict], p, threshold: float) -> dict:
    """Balanced accuracy of the summaries' ``consistent`` (every clause supported, nothing
    critical missing) per dataset, and their mean."""
    docs: dict[int, tuple[str, int, bool]] = {}
    for r, pp in zip(rows, p):
        ok = pp >= threshold and not r["critical"]
        ds, y, prev = docs.get(r["doc"], (r["dataset"], r["y"], True))
        docs[r["doc"]] = (ds, y, prev and ok)
    out = {}
    for ds in sorted({d for d, _, _ in docs.values()}):
        pos = [ok for d, y, ok in docs.values() if d == ds and y]
        neg = [not ok for d, y, ok in docs.values() if d == ds and not y]
        out[ds] = round((sum(pos) / max(1, len(pos)) + sum(neg) / max(1, len(neg))) / 2, 3)
    out["mean"] = round(sum(out.values()) / len(out), 3)
    return out


#: The grounding model's features: few and readable, each with a sign an editor would expect
#: (more shared content, fewer new word triples, fewer recombined words, fewer new rare terms and
#: missing items: more support). Richer sets fitted FRANK's quirks (new word pairs "helping").
GROUNDING_FEATURES = ("g:overlap", "g:new3", "g:apart", "g:term_weight", "g:any_number", "g:any_date",
                      "g:any_name", "g:any_quote")


def train_grounding(C: float = 0.3) -> dict:
    """``grounding``: does a source support a clause. Threshold: the best mean balanced accuracy
    of ``consistent`` over cnndm and bbc in 5-fold cross-validation grouped by source article."""
    rows = frank_units()
    for r in rows:
        r["features"] = {k: v for k, v in r["features"].items() if k in GROUNDING_FEATURES}
    vec = DictVectorizer().fit([r["features"] for r in rows])
    p = np.zeros(len(rows))
    groups = [r["group"] for r in rows]
    X = vec.transform([r["features"] for r in rows])
    for tr, te in GroupKFold(5).split(X, [r["y"] for r in rows], groups):
        clf = _fit_mil([rows[i] for i in tr], vec, C)
        p[te] = clf.predict_proba(X[te])[:, 1]
    grid = [round(t, 2) for t in np.arange(0.1, 0.9, 0.02)]
    scored = [(_doc_ba(rows, p, t)["mean"], -abs(t - 0.5), t) for t in grid]
    threshold = max(scored)[2]
    figures = {"cv_balanced_accuracy": _doc_ba(rows, p, threshold), "clauses": len(rows),
               "summaries": len({r["doc"] for r in rows})}
    clf = _fit_mil(rows, vec, C)
    weights = {f: round(float(w), 4) for f, w in zip(vec.feature_names_, clf.coef_[0]) if abs(w) >= PRUNE}
    return {"name": "grounding", "version": 1, "kind": "logistic", "features": {"words": [0, 0], "chars": [0, 0]},
            "bias": round(float(clf.intercept_[0]), 4), "threshold": threshold,
            "trained_on": "FRANK dev (../shared/eval/frank/dev.jsonl: 671 machine summaries of CNN/DailyMail and "
                          "BBC XSum articles, human factuality labels), clause by clause against the summarised "
                          f"article; multiple-instance L2 logistic regression, C={C}, (dataset, label) cells "
                          "weighted equally",
            "figures": figures, "weights": dict(sorted(weights.items()))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Train disclose's linear models into rules/models/.")
    ap.add_argument("--only", choices=("checkworthy", "needs-source", "grounding"))
    ap.add_argument("--min-recall", type=float, default=0.4)
    ap.add_argument("--check", action="store_true", help="fail if the shipped weights differ from a retraining")
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        raise SystemExit(f"make train needs the evaluation data at {SHARED}")
    MODELS.mkdir(parents=True, exist_ok=True)
    out: dict[str, dict] = {}
    if args.only in (None, "checkworthy"):
        out["checkworthy"] = train_checkworthy()
    cw_data = out.get("checkworthy") or json.loads((MODELS / "checkworthy.json").read_text(encoding="utf-8"))
    if args.only in (None, "needs-source"):
        out["needs-source"] = train_needs_source(LinearModel.from_data(cw_data, "checkworthy"), min_recall=args.min_recall)
    if args.only in (None, "grounding"):
        out["grounding"] = train_grounding()
    status = 0
    for name, data in out.items():
        path = MODELS / f"{name}.json"
        text = json.dumps(data, indent=0, ensure_ascii=False, sort_keys=False) + "\n"
        if args.check:
            shipped = json.loads(path.read_text(encoding="utf-8"))
            # Same features, threshold and weights (to 0.01: another BLAS may round differently).
            same = (set(shipped["weights"]) ^ set(data["weights"])) <= {f for f, w in {**shipped["weights"], **data["weights"]}.items()
                                                                       if abs(w) < 0.01} \
                and shipped["threshold"] == data["threshold"] \
                and all(abs(shipped["weights"].get(f, 0.0) - w) < 0.01 for f, w in data["weights"].items())
            print(f"{name}: {'same as shipped' if same else 'DIFFERS from the shipped file'}")
            status |= 0 if same else 1
            continue
        path.write_text(text, encoding="utf-8")
        figs = {k: v for k, v in data["figures"].items() if k != "curve"}
        print(f"{name}: {len(data['weights'])} weights, threshold {data['threshold']}, {json.dumps(figs)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
