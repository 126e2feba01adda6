"""Quality benchmark for undisclosed AI (issue #8): how often ``ai_tells.suspected`` is set.

Measured through the public interface only -- ``disclose analyze`` JSON output -- on the
evaluation data in ``../shared/eval`` (never copied into the project):

* recall: the share of ``ai-news/chatgpt.jsonl`` (400 ChatGPT news stories, none disclosed)
  flagged, overall and per prompt variant;
* false alarms: the share of ``ai-news/human.jsonl`` (100 human stories) and of the 2,225 BBC
  articles of 2004-05 (written before any of these systems existed: every flag is false); and of
  human news from outlets the style model never saw in training (PolNeAR's dev articles, FRANK's
  source articles).

Targets (issue #8, judged on held-out news of other outlets and years): >= 60 % of LLM-written
stories flagged, <= 5 % of human-written, <= 1 % of BBC.

The threshold is a policy setting, so the benchmark also reports a cross-validated figure:
five folds split by ``story`` (the four ChatGPT versions of a story and its human original are
always in the same fold) and by file for BBC; in each fold the lowest threshold meeting both
false-alarm targets on the other four folds is applied to the held-out one.

    python benchmarks/quality_tells.py [path/to/disclose]
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
TARGETS = {"llm": (">=", 0.60), "human": ("<=", 0.05), "bbc": ("<=", 0.01)}
FOLDS = 5


def _analyze(disclose_bin: str, path: Path) -> list[dict]:
    proc = subprocess.run([disclose_bin, "analyze", str(path)], capture_output=True, text=True, check=False)
    if proc.returncode not in (0,):
        raise RuntimeError(f"disclose analyze {path} failed ({proc.returncode}): {proc.stderr.strip()[:300]}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def _records(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as fh:
        return {str(r["id"]): r for r in map(json.loads, fh) if r}


def _rate(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def measure(disclose_bin: str) -> dict:
    """Rates of ``ai_tells.suspected`` on the three sets, per-variant recall, the tells that fire,
    and the story-split cross-validated rates."""
    gpt_meta = _records(SHARED / "ai-news" / "chatgpt.jsonl")
    human_meta = _records(SHARED / "ai-news" / "human.jsonl")
    gpt = _analyze(disclose_bin, SHARED / "ai-news" / "chatgpt.jsonl")
    human = _analyze(disclose_bin, SHARED / "ai-news" / "human.jsonl")
    bbc = _analyze(disclose_bin, SHARED / "bbc")

    def flags(rows: list[dict]) -> list[bool]:
        return [bool(r["ai_tells"]["suspected"]) for r in rows]

    variants: dict[str, list[bool]] = {}
    for r in gpt:
        variants.setdefault(gpt_meta[str(r["id"])]["variant"], []).append(bool(r["ai_tells"]["suspected"]))
    fired: dict[str, dict[str, float]] = {}
    for name, rows in (("llm", gpt), ("human", human), ("bbc", bbc)):
        counts: dict[str, int] = {}
        for r in rows:
            for tell in {i["tell"] for i in r["ai_tells"]["items"]}:
                counts[tell] = counts.get(tell, 0) + 1
        fired[name] = {t: round(c / len(rows), 3) for t, c in sorted(counts.items())}

    scored = {
        "llm": [(gpt_meta[str(r["id"])]["story"], r["ai_tells"]["score"]) for r in gpt],
        "human": [(human_meta[str(r["id"])]["story"], r["ai_tells"]["score"]) for r in human],
        "bbc": [(i, r["ai_tells"]["score"]) for i, r in enumerate(bbc)],
    }
    return {
        "counts": {"llm": len(gpt), "human": len(human), "bbc": len(bbc)},
        "rates": {"llm": _rate(flags(gpt)), "human": _rate(flags(human)), "bbc": _rate(flags(bbc))},
        "llm_by_variant": {v: _rate(f) for v, f in sorted(variants.items())},
        "tells_fired": fired,
        "cross_validated": cross_validate(scored),
    }


def held_out_human(disclose_bin: str) -> dict[str, tuple[int, float, float]]:
    """Human news of outlets the style model never saw in training: PolNeAR's dev articles (seven
    US outlets, 2016; its training articles are training data) and the source articles of FRANK
    (CNN/Daily Mail and BBC XSum, one each however many summaries share it). Per set: articles,
    share suspected, share the style model suspected."""
    out = {}
    polnear = SHARED / "polnear" / "dev" / "text"
    frank = SHARED / "frank" / "dev.jsonl"
    with tempfile.TemporaryDirectory(prefix="quality-tells-") as tmpdir:
        sets = []
        if polnear.is_dir():
            sets.append(("PolNeAR dev (7 US outlets)", polnear))
        if frank.is_file():
            tmp = Path(tmpdir) / "frank-sources.jsonl"
            seen: dict[str, dict] = {}
            for r in _records(frank).values():
                seen.setdefault(r["source"], r)
            tmp.write_text("".join(json.dumps({"id": f"{r['dataset']}-{i}", "text": r["source"]}) + "\n"
                                   for i, r in enumerate(seen.values())), encoding="utf-8")
            sets.append(("FRANK sources (CNN/DM, XSum)", tmp))
        for label, path in sets:
            rows = _analyze(disclose_bin, path)
            style = [bool((r["ai_tells"].get("style") or {}).get("suspected")) for r in rows]
            out[label] = (len(rows), _rate([bool(r["ai_tells"]["suspected"]) for r in rows]), _rate(style))
    return out


def cross_validate(scored: dict[str, list[tuple[int, float]]]) -> dict:
    """Story-split k-fold choice of the threshold; pooled held-out rates and the thresholds."""
    candidates = sorted({round(x * 0.5, 1) for x in range(1, 21)})
    held: dict[str, list[bool]] = {k: [] for k in scored}
    chosen = []
    for fold in range(FOLDS):
        def part(name: str, train: bool) -> list[float]:
            return [s for key, s in scored[name] if (hash_fold(key) != fold) == train]

        threshold = next((t for t in candidates
                          if _rate([s >= t for s in part("human", True)]) <= TARGETS["human"][1]
                          and _rate([s >= t for s in part("bbc", True)]) <= TARGETS["bbc"][1]), candidates[-1])
        chosen.append(threshold)
        for name in scored:
            held[name] += [s >= threshold for s in part(name, False)]
    return {"rates": {k: _rate(v) for k, v in held.items()}, "thresholds": chosen}


def hash_fold(key: int) -> int:
    """A fixed fold for a story id or BBC file index (deterministic, no randomness)."""
    return (int(key) * 2654435761 % 2**32) % FOLDS


def _meets(name: str, value: float) -> bool:
    op, target = TARGETS[name]
    return value >= target if op == ">=" else value <= target


def _style_figures() -> dict:
    """The style model's out-of-fold figures, as ``make train`` measured and stored them."""
    path = Path(__file__).resolve().parents[1] / "rules" / "models" / "style.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))["figures"]["cross_validated"]
    except (OSError, ValueError, KeyError):
        return {}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    disclose_bin = argv[0] if argv else (shutil.which("disclose") or str(Path(sys.executable).with_name("disclose")))
    if not (SHARED / "ai-news" / "chatgpt.jsonl").is_file():
        print(f"quality_tells: evaluation data not found under {SHARED}", file=sys.stderr)
        return 2
    result = measure(disclose_bin)
    labels = {"llm": "LLM-written flagged (ai-news/chatgpt.jsonl)", "human": "human flagged (ai-news/human.jsonl)",
              "bbc": "BBC 2004-05 flagged (all false)"}
    print("Undisclosed AI (ai_tells.suspected)")
    print(f"{'set':<46} {'n':>5} {'rate':>7} {'CV rate':>8}  target   (CV rate: the phrase tells' threshold only)")
    for name, label in labels.items():
        rate, cv = result["rates"][name], result["cross_validated"]["rates"][name]
        op, target = TARGETS[name]
        mark = "ok" if _meets(name, rate) else "MISSED"
        print(f"{label:<46} {result['counts'][name]:>5} {rate:>7.1%} {cv:>8.1%}  {op} {target:.0%} {mark}")
    print("LLM recall by prompt variant: " + ", ".join(f"{v} {r:.0%}" for v, r in result["llm_by_variant"].items()))
    print(f"Cross-validated thresholds (5 story folds): {result['cross_validated']['thresholds']}")
    style = _style_figures()
    if style:
        print("Style model + phrase tells, out-of-fold (train/train_style.py, story-grouped 5-fold CV; "
              "the figures stored in rules/models/style.json):")
        for name, f in style.items():
            print(f"  {name:<18} {f['articles']:>5}  style {f['style_flagged']:6.1%}  with phrase tells "
                  f"{f['with_phrase_tells']:6.1%}  phrase tells alone {f['phrase_tells_alone']:6.1%}")
    held = held_out_human(disclose_bin)
    if held:
        print("Human news of outlets never trained on (all flags false):")
        for label, (n, rate, style_rate) in held.items():
            print(f"  {label:<30} {n:>5}  flagged {rate:6.1%}  by the style model {style_rate:6.1%}")
    for name in labels:
        top = sorted(result["tells_fired"][name].items(), key=lambda kv: -kv[1])[:6]
        print(f"  tells present in {name}: " + ", ".join(f"{t} {r:.0%}" for t, r in top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
