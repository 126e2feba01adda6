"""Detection quality on real data, measured through the public ``disclose analyze``/``lint`` output.

    make bench-quality            # or: .venv/bin/python benchmarks/quality.py [--only NAME ...]

Every dataset in ``../shared/eval`` (see its README) is written as temporary input files and run
through ``.venv/bin/disclose analyze`` as a subprocess; the JSON Lines it prints (contract §5) are
compared with the gold labels. Nothing here imports disclose itself: the benchmark measures what
users get. It prints a table of figures against the targets, writes
``benchmarks/results/quality.json`` and rewrites the README's ``## Quality`` section.

What is measured (figures with ``cv`` are 5-fold cross-validated, see ``crossval``):

* disclosures -- recall over the real statements of ``disclosures/dev.jsonl`` inserted as their
  own paragraph at the top and, separately, at the bottom of a BBC article (a detection must
  overlap the statement); false detections over the hard negatives inserted the same way (any
  detection in the article counts); false detections on the 2,225 plain BBC articles.
* attribution -- sentence-level P/R/F1 of ``attribution != null`` on PolNeAR (gold: the sentence
  overlaps a ``Cue`` span of any annotator), reported on ``dev`` (rules are developed on ``train``).
* vague -- sentence-level P/R/F1 of "has a vague item" against the CoNLL-2010 Wikipedia weasel
  labels.
* claims -- P/R/F1 of ``claim.checkworthy`` against ClaimBuster labels, on held-out folds (the
  check-worthiness model refitted without each fold).
* editor -- sentence-level precision and recall of the flags (unsupported claim or vague
  attribution) against the editor-labelled dev set (``benchmarks/editor``), on held-out
  articles (the needs-source model refitted without them); see ``benchmarks/editor_eval.py``.
* false alarms -- unsupported-claim and vague-attribution violations per 1,000 words of the BBC
  corpus (``disclose lint``), and the rules and words that fire most.
* AI tells -- ``benchmarks/quality_tells.py`` (issue 8) when it exists.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "eval"
RESULTS = REPO / "benchmarks" / "results" / "quality.json"
README = REPO / "README.md"
DISCLOSE = str(REPO / ".venv" / "bin" / "disclose")

TARGETS = {
    "disclosure_recall": (">=", 0.98),
    "disclosure_false_rate": ("<=", 0.02),
    "disclosure_bbc_false": ("<=", 0),
    "attribution_f1": (">=", 0.88),
    "vague_f1": (">=", 0.65),
    "claim_f1": (">=", 0.85),
    "editor_precision": (">=", 0.80),
    "editor_recall": (">=", 0.60),
    "frank_mean": (">=", 0.70),
}
_WORDS = re.compile(r"\w+")
#: Neutral title for one-sentence records, so the sentence itself is body text (a plain-text
#: article's first line is its title).
_TITLE = "Item"


# -- running disclose -----------------------------------------------------------------------------

def run_disclose(args: list[str], check: bool = True) -> str:
    proc = subprocess.run([DISCLOSE, *args], capture_output=True, text=True, encoding="utf-8")
    if check and proc.returncode not in (0, 1):
        raise SystemExit(f"disclose {' '.join(args[:2])} failed ({proc.returncode}): {proc.stderr.strip()[:500]}")
    return proc.stdout


def analyze(paths: list[str], extra: list[str] | None = None) -> list[dict]:
    out = run_disclose(["analyze", *paths, *(extra or [])])
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def analyze_records(records: list[dict], workdir: Path, name: str, extra: list[str] | None = None) -> list[dict]:
    """Write records as one JSONL file and analyse it: one result per record, in order."""
    path = workdir / f"{name}.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    results = analyze([str(path)], extra)
    if len(results) != len(records):
        raise SystemExit(f"{name}: {len(records)} records in, {len(results)} analyses out")
    return results


def body_sentences(result: dict) -> list[dict]:
    return [s for s in result["sentences"] if s["section"] != "title"]


# -- figures --------------------------------------------------------------------------------------

def prf(gold: Iterable[bool], pred: Iterable[bool]) -> dict:
    tp = fp = fn = tn = 0
    for g, p in zip(gold, pred):
        if g and p:
            tp += 1
        elif p:
            fp += 1
        elif g:
            fn += 1
        else:
            tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "fp": fp, "fn": fn, "tn": tn, "n": tp + fp + fn + tn}


def crossval(gold: list[bool], variants: dict[str, list[bool]], k: int = 5, seed: int = 13) -> dict:
    """k-fold cross-validated P/R/F1 of choosing a variant: for each fold, the variant with the best
    F1 on the other k-1 folds is measured on the held-out fold; the held-out predictions of all
    folds are pooled. With one variant this is the plain figure (nothing is chosen)."""
    idx = list(range(len(gold)))
    random.Random(seed).shuffle(idx)
    folds = [idx[i::k] for i in range(k)]
    pooled_gold: list[bool] = []
    pooled_pred: list[bool] = []
    chosen: list[str] = []
    for f, held in enumerate(folds):
        train = [i for g, fold in enumerate(folds) if g != f for i in fold]
        best = max(variants, key=lambda v: (prf([gold[i] for i in train], [variants[v][i] for i in train])["f1"], v))
        chosen.append(best)
        pooled_gold += [gold[i] for i in held]
        pooled_pred += [variants[best][i] for i in held]
    out = prf(pooled_gold, pooled_pred)
    out["chosen_per_fold"] = chosen
    out["variants"] = {v: prf(gold, pred)["f1"] for v, pred in variants.items()}
    return out


# -- datasets -------------------------------------------------------------------------------------

def bbc_files() -> list[Path]:
    return sorted((SHARED / "bbc").glob("*/*.txt"))


def bench_disclosures(workdir: Path, path: Path | None = None) -> dict:
    """Statements (``../shared/eval/disclosures/dev.jsonl``, or our own collection ``path``)
    inserted at the top and the bottom of BBC articles, through ``disclose analyze``."""
    path = path or SHARED / "disclosures" / "dev.jsonl"
    statements = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    hosts = bbc_files()
    records, meta = [], []
    for i, st in enumerate(statements):
        host = hosts[(i * 37) % len(hosts)].read_text(encoding="utf-8", errors="replace").strip()
        title, _, body = host.partition("\n")
        body = body.strip()
        for where in ("top", "bottom"):
            if where == "top":
                prefix = f"{title}\n\n"
                text = f"{prefix}{st['text']}\n\n{body}\n"
            else:
                prefix = f"{title}\n\n{body}\n\n"
                text = f"{prefix}{st['text']}\n"
            records.append({"id": f"{i}-{where}", "text": text})
            meta.append((st, where, len(prefix), len(prefix) + len(st["text"])))
    results = analyze_records(records, workdir, f"disclosures-{path.stem}")
    found: dict[str, list[bool]] = {"top": [], "bottom": []}
    by_lang: dict[str, list[int]] = {}
    false: dict[str, list[bool]] = {"top": [], "bottom": []}
    missed, false_hits = [], []
    kind_ok = kind_n = 0
    for (st, where, s, e), res in zip(meta, results):
        hits = [d for d in res["disclosures"] if d["start"] < e and s < d["end"]]
        lang = by_lang.setdefault(st["lang"], [0, 0, 0, 0])  # found, statements, false, negatives
        if st["label"] == "disclosure":
            lang[0] += bool(hits)
            lang[1] += 1
        else:
            lang[2] += bool(res["disclosures"])
            lang[3] += 1
        if st["label"] == "disclosure":
            found[where].append(bool(hits))
            if not hits:
                missed.append(f"[{where}, {st['lang']}] {st['text'][:90]}")
            else:
                kind_n += 1
                want = {"ai-generated": "generated", "ai-assisted": "assisted", "image": "generated"}.get(st["kind"], st["kind"])
                kind_ok += hits[0]["kind"] == want
        else:
            false[where].append(bool(res["disclosures"]))
            if res["disclosures"]:
                false_hits.append(f"[{where}, {st['lang']}] {st['text'][:90]}")
    n_pos = len(found["top"])
    n_neg = len(false["top"])
    return {
        "statements": n_pos, "hard_negatives": n_neg,
        "recall_top": round(sum(found["top"]) / n_pos, 4),
        "recall_bottom": round(sum(found["bottom"]) / n_pos, 4),
        "recall": round((sum(found["top"]) + sum(found["bottom"])) / (2 * n_pos), 4),
        "false_rate_top": round(sum(false["top"]) / n_neg, 4),
        "false_rate_bottom": round(sum(false["bottom"]) / n_neg, 4),
        "false_rate": round((sum(false["top"]) + sum(false["bottom"])) / (2 * n_neg), 4),
        "kind_accuracy": round(kind_ok / kind_n, 4) if kind_n else None,
        "missed": sorted(set(missed)), "false_detections": sorted(set(false_hits)),
        "by_language": {k: {"recall": round(v[0] / v[1], 3) if v[1] else None, "statements": v[1] // 2,
                            "false_rate": round(v[2] / v[3], 3) if v[3] else None, "negatives": v[3] // 2}
                        for k, v in sorted(by_lang.items())},
    }


def bench_disclosures_own(workdir: Path) -> dict:
    """Our own collection of real statements and hard negatives (``benchmarks/disclosures``)."""
    return bench_disclosures(workdir, REPO / "benchmarks" / "disclosures" / "statements.jsonl")


def bench_bbc(workdir: Path) -> dict:
    folder = str(SHARED / "bbc")
    files = bbc_files()
    words = sum(len(_WORDS.findall(p.read_text(encoding="utf-8", errors="replace"))) for p in files)
    t0 = time.perf_counter()
    results = analyze([folder])
    analyze_seconds = time.perf_counter() - t0
    with_disclosure = [r["path"] for r in results if r["disclosures"]]
    t0 = time.perf_counter()
    report = json.loads(run_disclose(["lint", folder, "--format", "json", "--fail-on", "never"]))
    lint_seconds = time.perf_counter() - t0
    by_rule: Counter = Counter()
    by_text: dict[str, Counter] = {}
    for f in report["files"]:
        for v in f["violations"]:
            by_rule[v["rule"]] += 1
            if v["kind"] == "attribution":
                key = v["excerpt"].lower()
            else:
                key = ", ".join(sorted(set(re.findall(r"“([^”]+)”", v["message"]))))[:60].lower() or v["rule"]
            by_text.setdefault(v["rule"], Counter())[key] += 1
    per_k = lambda rule: round(1000 * by_rule.get(rule, 0) / words, 3)  # noqa: E731
    return {
        "articles": len(results), "words": words,
        "articles_with_disclosure": len(with_disclosure), "disclosure_paths": with_disclosure[:10],
        "unsupported_claim_per_1k_words": per_k("newsroom/unsupported-claim"),
        "vague_attribution_per_1k_words": per_k("newsroom/vague-attribution"),
        "violations_per_1k_words": round(1000 * sum(by_rule.values()) / words, 3),
        "top_rules": by_rule.most_common(10),
        "top_triggers": {rule: c.most_common(10) for rule, c in by_text.items()},
        "analyze_seconds": round(analyze_seconds, 2), "lint_seconds": round(lint_seconds, 2),
    }


def _polnear_gold(split: Path) -> dict[str, list[tuple[int, int]]]:
    cues: dict[str, list[tuple[int, int]]] = {}
    for ann in sorted((split / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        spans = cues.setdefault(stem, [])
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 2 or not parts[0].startswith("T"):
                continue
            label, *ranges = parts[1].replace(";", " ").split()
            if label != "Cue":
                continue
            nums = [int(x) for x in ranges]
            spans.extend(zip(nums[0::2], nums[1::2]))
    return cues


def bench_attribution(split: str) -> dict:
    folder = SHARED / "polnear" / split
    gold_cues = _polnear_gold(folder)
    results = analyze([str(folder / "text")])
    gold, pred = [], []
    named = unnamed = 0
    for res in results:
        cues = gold_cues.get(Path(res["path"]).stem, [])
        for s in res["sentences"]:
            gold.append(any(a < s["end"] and s["start"] < b for a, b in cues))
            att = s["attribution"]
            pred.append(att is not None)
            if att is not None:
                named += bool(att["named"])
                unnamed += not att["named"]
    out = prf(gold, pred)
    out.update({"articles": len(results), "attributed_named": named, "attributed_unnamed": unnamed})
    return out


def bench_vague(workdir: Path) -> dict:
    with open(SHARED / "weasel" / "train.csv", encoding="utf-8", newline="") as fh:
        rows = [(r["text"].strip(), r["label"].strip() == "1") for r in csv.DictReader(fh) if r["text"].strip()]
    records = [{"id": i, "title": _TITLE, "text": t} for i, (t, _) in enumerate(rows)]
    results = analyze_records(records, workdir, "weasel")
    gold = [g for _, g in rows]
    pred = [any(s["vague"] for s in body_sentences(r)) for r in results]
    strict = [any(v["kind"] != "weasel" for s in body_sentences(r) for v in s["vague"]) for r in results]
    out = prf(gold, pred)
    out["attribution_kinds_only"] = prf(gold, strict)
    out["lexicon_selection_cv"] = weasel_selection_cv(workdir, records, gold)
    kinds = Counter(v["kind"] for r in results for s in body_sentences(r) for v in s["vague"])
    out["items_by_kind"] = dict(kinds)
    return out


def weasel_selection_cv(workdir: Path, records: list[dict], gold: list[bool], k: int = 5, seed: int = 13) -> dict:
    """Cross-validate how the shipped weasel list was chosen. ``weasel-candidates.yaml`` adds the
    left-out words back; then, per fold, weasel words that occur in at least 5 sentences of the
    other folds with a precision below tau are dropped (tau in 0.35/0.40/0.45, itself chosen on
    the other folds), and the held-out fold is measured with what remains. Pooled over folds."""
    results = analyze_records(records, workdir, "weasel-candidates", ["--policy", str(REPO / "benchmarks" / "weasel-candidates.yaml")])
    items = [{(v["kind"], v["text"].lower()) for s in body_sentences(r) for v in s["vague"]} for r in results]

    def keep(train: list[int], tau: float) -> set:
        seen: dict[tuple, list[int]] = {}
        for i in train:
            for key in items[i]:
                seen.setdefault(key, [0, 0])[gold[i]] += 1
        return {key for key, (neg, pos) in seen.items()
                if key[0] != "weasel" or pos + neg < 5 or pos / (pos + neg) >= tau}

    def predict(idx: list[int], kept: set) -> list[bool]:
        return [bool(items[i] & kept) for i in idx]

    idx = list(range(len(gold)))
    random.Random(seed).shuffle(idx)
    folds = [idx[i::k] for i in range(k)]
    pooled_gold: list[bool] = []
    pooled_pred: list[bool] = []
    chosen = []
    for f, held in enumerate(folds):
        train = [i for g, fold in enumerate(folds) if g != f for i in fold]
        tau = max((0.35, 0.40, 0.45), key=lambda t: prf([gold[i] for i in train], predict(train, keep(train, t)))["f1"])
        chosen.append(tau)
        pooled_gold += [gold[i] for i in held]
        pooled_pred += predict(held, keep(train, tau))
    out = prf(pooled_gold, pooled_pred)
    out["tau_per_fold"] = chosen
    out["all_candidates"] = prf(gold, [bool(x) for x in items])
    return out


def _train_module():
    """``train/train_models.py`` (needs the ``train`` extra: make bench-quality installs it)."""
    sys.path.insert(0, str(REPO / "train"))
    import train_models  # type: ignore[import-not-found]

    return train_models


def bench_claims(workdir: Path) -> dict:
    """``claim.checkworthy`` on held-out ClaimBuster sentences: 5 folds; for each, the
    check-worthiness model is refitted on the other four (``train/train_models.py``) and the
    fold is analysed through ``disclose analyze`` with a policy that uses the refitted model."""
    tm = _train_module()
    rows = json.load(open(SHARED / "claimbuster" / "train.json", encoding="utf-8"))
    shipped = json.loads((REPO / "rules" / "models" / "checkworthy.json").read_text(encoding="utf-8"))
    feats, labels = tm.claimbuster_features(tm._analyzer())
    feats = tm._drop_rare(feats)
    idx = list(range(len(rows)))
    random.Random(13).shuffle(idx)
    folds = [idx[i::5] for i in range(5)]
    gold, pred = [], []
    signals: Counter = Counter()
    for f, held in enumerate(folds):
        held_set = set(held)
        train = [i for i in idx if i not in held_set]
        model = tm.fit_checkworthy([feats[i] for i in train], [labels[i] for i in train], shipped["threshold"])
        mpath = workdir / f"checkworthy{f}.json"
        mpath.write_text(json.dumps(model), encoding="utf-8")
        ppath = workdir / f"claims{f}.yaml"
        ppath.write_text(f"name: claims{f}\nextends: [core]\nmodels:\n  checkworthy: {mpath}\n", encoding="utf-8")
        records = [{"id": rows[i]["sentence_id"], "title": _TITLE, "text": rows[i]["text"]} for i in held]
        results = analyze_records(records, workdir, f"claimbuster{f}", ["--policy", str(ppath)])
        gold += [rows[i]["label"] == 1 for i in held]
        pred += [any(s["claim"]["checkworthy"] for s in body_sentences(r)) for r in results]
        signals.update(sig for r in results for s in body_sentences(r) for sig in s["claim"]["signals"])
    out = prf(gold, pred)
    out["method"] = "5-fold, model refitted per fold, measured through disclose analyze"
    out["signals"] = dict(signals.most_common())
    return out


def bench_editor(workdir: Path) -> dict:
    """Sentence-level flags (unsupported claim or vague attribution) against the editor-labelled
    dev set, held out: ``benchmarks/editor_eval.py --cv`` (the needs-source model refitted per
    fold of articles, the held-out articles linted through ``disclose lint``)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import editor_eval  # type: ignore[import-not-found]

    labels = editor_eval.load_labels()
    texts = editor_eval.articles(labels)
    out = editor_eval.evaluate(labels, editor_eval.crossfit_flags(labels, texts))
    out["by_source"] = out.pop("parts")
    strict = editor_eval.evaluate(labels, editor_eval.crossfit_flags(labels, texts, base="newsroom-strict"))
    out["newsroom_strict"] = {k: strict[k] for k in ("precision", "recall", "f1", "flagged")}
    return out


def bench_frank(workdir: Path) -> dict:
    """Grounding (contract §8) on FRANK dev: each machine summary, as a titled article, with its
    source article as its one source (a JSON Lines ``sources`` field), through ``disclose
    analyze``; a summary is predicted consistent when ``grounding.consistent`` is true. Balanced
    accuracy per dataset (the mean of the recall on consistent and on inconsistent summaries).
    The model and its threshold were chosen on this split (``make train``): these are training
    figures; the cross-validated ones are in ``rules/models/grounding.json``."""
    rows = [json.loads(line) for line in (SHARED / "frank" / "dev.jsonl").open(encoding="utf-8")]
    records = [{"id": r["id"], "title": "Summary", "text": r["summary"], "sources": [r["source"]]} for r in rows]
    started = time.time()
    results = analyze_records(records, workdir, "frank")
    seconds = time.time() - started
    out: dict = {"summaries": len(rows), "analyze_seconds": round(seconds, 1)}
    for ds in sorted({r["dataset"] for r in rows}):
        pairs = [(r["consistent"], a["grounding"]["consistent"]) for r, a in zip(rows, results) if r["dataset"] == ds]
        pos = [p for g, p in pairs if g]
        neg = [not p for g, p in pairs if not g]
        out[ds] = round((sum(pos) / len(pos) + sum(neg) / len(neg)) / 2, 3)
    out["mean"] = round((out["cnndm"] + out["bbc"]) / 2, 3)
    model = json.loads((REPO / "rules" / "models" / "grounding.json").read_text(encoding="utf-8"))
    out["cv"] = model.get("figures", {}).get("cv_balanced_accuracy")
    return out


def bench_tells() -> dict | None:
    try:
        sys.path.insert(0, str(REPO / "benchmarks"))
        import quality_tells  # type: ignore[import-not-found]  # issue 8's AI-tells benchmark
    except ImportError:
        return None
    return {"module": quality_tells, "figures": quality_tells.measure(DISCLOSE)}


# -- report ---------------------------------------------------------------------------------------

def _meets(key: str, value: float) -> str:
    op, target = TARGETS[key]
    ok = value >= target if op == ">=" else value <= target
    return "yes" if ok else "NO"


def table(fig: dict) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    if d := fig.get("disclosures"):
        rows.append(("disclosure recall (top / bottom)", f"{d['recall']:.3f} ({d['recall_top']:.3f} / {d['recall_bottom']:.3f})", "≥ 0.98", _meets("disclosure_recall", d["recall"])))
        rows.append(("disclosure false detections, hard negatives", f"{d['false_rate']:.3f} ({d['hard_negatives']} × 2)", "≤ 0.02", _meets("disclosure_false_rate", d["false_rate"])))
    if d := fig.get("disclosures_own"):
        rows.append(("own collection: disclosure recall (top / bottom)", f"{d['recall']:.3f} ({d['recall_top']:.3f} / {d['recall_bottom']:.3f}), {d['statements']} statements", "≥ 0.98", _meets("disclosure_recall", d["recall"])))
        rows.append(("own collection: hard negatives flagged", f"{d['false_rate']:.3f} ({d['hard_negatives']} × 2)", "≤ 0.02", _meets("disclosure_false_rate", d["false_rate"])))
        langs = ", ".join(f"{k} {v['recall']:.2f} ({v['statements']})" for k, v in d["by_language"].items() if v["recall"] is not None)
        rows.append(("  … recall by language (statements)", langs, "", ""))
    if b := fig.get("bbc"):
        rows.append(("disclosure false detections, plain BBC", f"{b['articles_with_disclosure']} of {b['articles']}", "0", _meets("disclosure_bbc_false", b["articles_with_disclosure"])))
    if a := fig.get("attribution_dev"):
        rows.append(("attribution F1 (PolNeAR dev; P / R)", f"{a['f1']:.3f} ({a['precision']:.3f} / {a['recall']:.3f})", "≥ 0.88", _meets("attribution_f1", a["f1"])))
    if a := fig.get("attribution_train"):
        rows.append(("attribution F1 (PolNeAR train, development)", f"{a['f1']:.3f} ({a['precision']:.3f} / {a['recall']:.3f})", "", ""))
    if v := fig.get("vague"):
        rows.append(("vague-attribution F1 (CoNLL-2010 weasel; P / R)", f"{v['f1']:.3f} ({v['precision']:.3f} / {v['recall']:.3f})", "≥ 0.65", _meets("vague_f1", v["f1"])))
        if cv := v.get("lexicon_selection_cv"):
            rows.append(("  … 5-fold CV of the weasel-list selection", f"{cv['f1']:.3f} ({cv['precision']:.3f} / {cv['recall']:.3f})", "≥ 0.65", _meets("vague_f1", cv["f1"])))
    if c := fig.get("claims"):
        rows.append(("check-worthy claim F1 (ClaimBuster, held-out folds; P / R)", f"{c['f1']:.3f} ({c['precision']:.3f} / {c['recall']:.3f})", "≥ 0.85", _meets("claim_f1", c["f1"])))
    if e := fig.get("editor"):
        rows.append(("editor flags: precision (dev, held-out articles)", f"{e['precision']:.3f}", "≥ 0.80", _meets("editor_precision", e["precision"])))
        rows.append(("editor flags: recall (dev, held-out articles)", f"{e['recall']:.3f} ({e['gold_flagged']} to flag, {e['flagged']} flagged)", "≥ 0.60", _meets("editor_recall", e["recall"])))
        if st := e.get("newsroom_strict"):
            rows.append(("  … with newsroom-strict (P / R)", f"{st['precision']:.3f} / {st['recall']:.3f}", "", ""))
    if f := fig.get("frank"):
        rows.append(("grounding: FRANK dev balanced accuracy, cnndm / bbc / mean (fitted on it)", f"{f['cnndm']:.3f} / {f['bbc']:.3f} / {f['mean']:.3f}", "≥ 0.65 each, ≥ 0.70 mean", _meets("frank_mean", f["mean"])))
        if cv := f.get("cv"):
            rows.append(("  … grouped 5-fold CV on FRANK dev (held-out sources)", f"{cv['cnndm']:.3f} / {cv['bbc']:.3f} / {cv['mean']:.3f}", "≥ 0.65 each, ≥ 0.70 mean", _meets("frank_mean", cv["mean"])))
    if b := fig.get("bbc"):
        rows.append(("BBC unsupported-claim per 1,000 words", f"{b['unsupported_claim_per_1k_words']:.2f}", "", ""))
        rows.append(("BBC vague-attribution per 1,000 words", f"{b['vague_attribution_per_1k_words']:.2f}", "", ""))
        rows.append(("BBC analyze time, 2,225 articles (s)", f"{b['analyze_seconds']:.1f}", "", ""))
    return rows


def render(rows: list[tuple[str, str, str, str]]) -> str:
    head = ("measure", "figure", "target", "met")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
    line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    return "\n".join([line(head), line(tuple("-" * w for w in widths)), *map(line, rows)])


def markdown(fig: dict, rows: list[tuple[str, str, str, str]]) -> str:
    md = ["| measure | figure | target | met |", "|---|---|---|---|"]
    md += [f"| {a} | {b} | {c or '–'} | {d or '–'} |" for a, b, c, d in rows]
    if b := fig.get("bbc"):
        md.append("")
        md.append("Rules that fire most on the BBC corpus: " + ", ".join(f"`{r}` {n}" for r, n in b["top_rules"]) + ".")
        for rule in ("newsroom/unsupported-claim", "newsroom/vague-attribution"):
            if rule in b["top_triggers"]:
                md.append(f"Most frequent triggers of `{rule}`: " + ", ".join(f"“{t}” {n}" for t, n in b["top_triggers"][rule][:10]) + ".")
    if t := fig.get("tells_table"):
        md += ["", "AI tells (issue 8's benchmark):", "", "```text", t, "```"]
    return "\n".join(md)


def commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        return out + ("+uncommitted" if dirty else "")
    except OSError:
        return "unknown"


def update_readme(section_body: str) -> None:
    text = README.read_text(encoding="utf-8")
    begin, end = "<!-- quality:begin -->", "<!-- quality:end -->"
    block = f"{begin}\n{section_body}\n{end}"
    if begin in text and end in text:
        text = re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        anchor = "## Design notes"
        section = f"## Quality\n\n{block}\n\n"
        text = text.replace(anchor, section + anchor, 1) if anchor in text else text + "\n" + section
    README.write_text(text, encoding="utf-8")


BENCHES: dict[str, Callable[[Path], dict]] = {
    "disclosures": bench_disclosures,
    "disclosures_own": bench_disclosures_own,
    "bbc": bench_bbc,
    "attribution_train": lambda _: bench_attribution("train"),
    "attribution_dev": lambda _: bench_attribution("dev"),
    "vague": bench_vague,
    "claims": bench_claims,
    "editor": bench_editor,
    "frank": bench_frank,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", action="append", choices=[*BENCHES, "tells"], help="run only these parts")
    ap.add_argument("--no-readme", action="store_true", help="do not rewrite the README's Quality section")
    args = ap.parse_args(argv)
    if not SHARED.exists():
        print(f"the evaluation data is missing: {SHARED}", file=sys.stderr)
        return 2
    if not Path(DISCLOSE).exists():
        print(f"{DISCLOSE} is missing: run `make install` first", file=sys.stderr)
        return 2
    wanted = args.only or [*BENCHES, "tells"]
    figures: dict = {"date": dt.date.today().isoformat(), "commit": commit()}
    with tempfile.TemporaryDirectory(prefix="disclose-bench-") as tmp:
        for name, bench in BENCHES.items():
            if name in wanted:
                t0 = time.perf_counter()
                figures[name] = bench(Path(tmp))
                print(f"  {name}: {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    if "tells" in wanted and (tells := bench_tells()) is not None:
        figures["tells"] = tells["figures"]
        table_fn = getattr(tells["module"], "table", None)
        if callable(table_fn):
            figures["tells_table"] = str(table_fn(tells["figures"]))
    rows = table(figures)
    print(render(rows))
    if figures.get("tells_table"):
        print("\nAI tells\n" + figures["tells_table"])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"\nfigures written to {RESULTS.relative_to(REPO)}")
    if not args.no_readme and not args.only:
        update_readme(f"Measured on {figures['date']} at commit `{figures['commit']}` with `make bench-quality` "
                      f"(data: `../shared/eval`; full figures in `benchmarks/results/quality.json`).\n\n"
                      + markdown(figures, rows))
        print("README.md Quality section updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
