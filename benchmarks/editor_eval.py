"""Sentence-level precision and recall against the editor-labelled dev set (issue 12).

    .venv/bin/python benchmarks/editor_eval.py [--policy newsroom] [--min-confidence X]

``benchmarks/editor/labels.jsonl`` holds labels made with ``../shared/docs/editor-rubric.md``
on 36 whole articles of ``../shared/eval`` (20 BBC articles, 8 human and 8 ChatGPT stories of
``ai-news``): for every body sentence its document, character offsets and the rubric's three
labels (``needs_source``, ``covered``, ``vague``); no text. Offsets index the article as
disclose reads it: a BBC file as it is, an ``ai-news`` record as ``title + "\\n\\n" + text``.

A sentence should be flagged when ``needs_source = 1`` and ``covered = 0``. disclose flags a
sentence when ``disclose lint --format json`` reports an ``unsupported-claim`` or
``vague-attribution`` violation overlapping it. The articles are written to a temporary folder
and linted as a user would, through the command line.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "eval"
LABELS = REPO / "benchmarks" / "editor" / "labels.jsonl"
DISCLOSE = str(REPO / ".venv" / "bin" / "disclose")
FLAG_RULES = ("unsupported-claim", "vague-attribution")


def load_labels() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]


def article_text(doc: str, rid: str | None) -> str:
    """The article a label's offsets index (see the module docstring)."""
    if rid is None:
        return (SHARED / doc).read_text(encoding="utf-8")
    for line in (SHARED / doc).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec["id"] == rid:
            return rec["title"] + "\n\n" + rec["text"]
    raise KeyError(f"{doc}#{rid}")


def articles(labels: list[dict]) -> dict[tuple[str, str | None], str]:
    return {(r["doc"], r["id"]): article_text(r["doc"], r["id"]) for r in labels}


def file_name(doc: str, rid: str | None) -> str:
    return (doc.replace("/", "__").removesuffix(".txt").removesuffix(".jsonl") + (f"__{rid}" if rid else "")) + ".txt"


def lint_flags(texts: dict, extra: list[str], disclose: str = DISCLOSE) -> dict[tuple[str, str | None], list[tuple[int, int, str, float | None]]]:
    """(doc, id) -> spans of flagging violations, through ``disclose lint --format json``."""
    with tempfile.TemporaryDirectory() as tmp:
        names = {}
        for key, text in texts.items():
            name = file_name(*key)
            (Path(tmp) / name).write_text(text, encoding="utf-8")
            names[name] = key
        proc = subprocess.run([disclose, "lint", "--format", "json", "--no-progress", "--ai", "generated", *extra, tmp],
                              capture_output=True, text=True, encoding="utf-8")
        if proc.returncode not in (0, 1):
            raise SystemExit(f"disclose lint failed: {proc.stderr.strip()[:500]}")
        report = json.loads(proc.stdout)
    out: dict = defaultdict(list)
    for f in report["files"]:
        key = names[Path(f["path"]).name]
        for v in f["violations"]:
            if v["rule"].split("/", 1)[1] in FLAG_RULES:
                out[key].append((v["start"], v["end"], v["rule"], v.get("confidence")))
    return out


def evaluate(labels: list[dict], flags: dict) -> dict:
    tp = fp = fn = tn = 0
    by_part: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in labels:
        gold = bool(r["needs_source"] and not r["covered"])
        got = any(s < r["end"] and r["start"] < e for s, e, *_ in flags.get((r["doc"], r["id"]), []))
        part = "bbc" if r["doc"].startswith("bbc/") else r["doc"].split("/")[1].removesuffix(".jsonl")
        c = by_part[part]
        if gold and got:
            tp += 1; c[0] += 1
        elif got:
            fp += 1; c[1] += 1
        elif gold:
            fn += 1; c[2] += 1
        else:
            tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    parts = {k: {"tp": v[0], "fp": v[1], "fn": v[2]} for k, v in sorted(by_part.items())}
    return {"sentences": len(labels), "gold_flagged": tp + fn, "flagged": tp + fp, "precision": round(p, 3),
            "recall": round(rc, 3), "f1": round(f1, 3), "parts": parts}


def crossfit_flags(labels: list[dict], texts: dict, folds: int = 6, base: str = "newsroom") -> dict:
    """Held-out figures through the command line: the articles are split into ``folds`` groups;
    for each, the needs-source model is refitted without that group's articles
    (``train/train_models.py``, needs the ``train`` extra) and the group is linted with a policy
    that uses the refitted model. The threshold is the shipped one."""
    sys.path.insert(0, str(REPO / "train"))
    import train_models
    from disclose.analysis.linear import LinearModel

    shipped = json.loads((REPO / "rules" / "models" / "needs-source.json").read_text(encoding="utf-8"))
    cw = LinearModel.from_data(json.loads((REPO / "rules" / "models" / "checkworthy.json").read_text(encoding="utf-8")))
    rows = train_models.editor_rows(cw)
    keys = sorted(texts)
    flags: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for f in range(folds):
            held = keys[f::folds]
            groups = {f"{d}#{i}" for d, i in held}
            model = train_models.fit_needs_source(rows, shipped["threshold"], exclude=groups)
            mpath = Path(tmp) / f"model{f}.json"
            mpath.write_text(json.dumps(model), encoding="utf-8")
            ppath = Path(tmp) / f"policy{f}.yaml"
            ppath.write_text(f"name: fold{f}\nextends: [{base}]\nmodels:\n  needs-source: {mpath}\n", encoding="utf-8")
            flags.update(lint_flags({k: texts[k] for k in held}, ["--policy", str(ppath), "--policy", "eu-ai-act"]))
    return flags


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--policy", action="append", default=[])
    ap.add_argument("--show", action="store_true", help="print false alarms and misses")
    ap.add_argument("--cv", action="store_true", help="held-out figures: refit the model per fold of articles")
    ap.add_argument("--disclose", default=DISCLOSE, help="the disclose command to measure (default: this checkout's)")
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is absent", file=sys.stderr)
        return 0
    labels = load_labels()
    texts = articles(labels)
    extra = [x for p in args.policy for x in ("--policy", p)]
    flags = (crossfit_flags(labels, texts, base=(args.policy or ["newsroom"])[0]) if args.cv
             else lint_flags(texts, extra, args.disclose))
    print(json.dumps(evaluate(labels, flags), indent=1))
    if args.show:
        for r in labels:
            gold = bool(r["needs_source"] and not r["covered"])
            hits = [f for f in flags.get((r["doc"], r["id"]), []) if f[0] < r["end"] and r["start"] < f[1]]
            if gold != bool(hits):
                text = texts[(r["doc"], r["id"])][r["start"]:r["end"]]
                print(("MISS " if gold else "FA   ") + f"{r['doc']}#{r['id']} {[h[2].split('/')[1] for h in hits]} {text[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
