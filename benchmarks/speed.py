"""Speed benchmark (``make bench-speed``): disclose against proselint 0.16 and a single-pass regex
floor on the BBC corpus (../shared/eval/bbc), plus start-up time, per-kind and per-reader time,
scaling with --jobs and peak memory on a big JSON Lines file. Prints the figures against the
targets of issue #15 (which replaced issue #5's) and writes them to
benchmarks/results/speed-<date>.json.

Two kinds of measurement:

* in-process, single thread, files already in memory, one ``time.process_time`` per tool over
  the whole corpus: disclose (read + analyse + check), proselint's ``LintFile.lint`` with its
  default checks, and the floor -- one compiled alternation of a few dozen lexicon words run over
  each sentence of a one-regex sentence split (the least any word-list linter must do);
* whole command lines in a fresh process (start-up, file reading and report writing included):
  ``disclose lint bbc --format json --jobs 1`` and with the default jobs; peak RSS from
  ``getrusage(RUSAGE_CHILDREN)`` of a wrapper process that runs only that command.

The machine is shared: every figure is the best of ``--repeat`` runs (the least disturbed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
BBC = SHARED / "eval" / "bbc"
DISCLOSE = [sys.executable, "-m", "disclose"]

TARGETS = {
    "jobs1_vs_proselint": 4.0,  # at least
    "jobs1_vs_floor": 10.0,  # at most (disclose time / floor time)
    "default_jobs_vs_proselint": 7.0,  # at least
    "seed_vs_proselint_one_file": 1.0,  # at most (a one-file lint of the seed / proselint check of it)
    "jsonl_peak_rss_mb": 300.0,  # at most
    "grounding_vs_plain": 2.0,  # at most (issue 13: the seed against two sources / the seed alone)
}
SEED = SHARED / "examples" / "ai-news-article.txt"
#: Source texts in the style of SANA dispatches, written for the grounding tests.
SANA = [REPO / "tests" / "data" / "grounding" / "sana-putin.txt", REPO / "tests" / "data" / "grounding" / "sana-bases.txt"]


def corpus() -> list[tuple[str, bytes]]:
    if not BBC.is_dir():
        sys.exit(f"bench-speed: {BBC} is missing (the evaluation data lives in ../shared beside the project)")
    return [(str(p), p.read_bytes()) for p in sorted(BBC.rglob("*.txt"))]


def best(fn, repeat: int) -> float:
    """CPU seconds of this process (``time.process_time``): the same clock for the three tools,
    and one that other people's jobs on a shared machine do not inflate, unlike wall time."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


# -- in-process -------------------------------------------------------------------------------


def bench_disclose(files, repeat: int) -> dict:
    from disclose import checks, readers
    from disclose.engine import Linter
    from disclose.policy import BUILTIN_DEFAULT, load_ruleset

    start = time.perf_counter()
    linter = Linter(load_ruleset(list(BUILTIN_DEFAULT)))
    build = time.perf_counter() - start

    # Per check kind: wrap each kind's check() with a clock (the wrapper's cost is in the total).
    per_kind: dict[str, float] = {}
    originals = {}
    for kind in checks.kinds():
        module = checks.get(kind)
        originals[kind] = module.check

        def timed(rule, analysis, _orig=module.check, _kind=kind):
            t = time.process_time()
            out = list(_orig(rule, analysis))
            per_kind[_kind] = per_kind.get(_kind, 0.0) + time.process_time() - t
            return out

        module.check = timed

    def run():
        for path, data in files:
            for doc in readers.read_data(data, path):
                linter.lint(doc)

    run()  # warm-up: lazily compiled patterns, caches
    per_kind.clear()
    total = best(run, repeat)
    per_kind = {k: v / repeat for k, v in per_kind.items()}  # per run (every run adds to it)
    for kind, orig in originals.items():
        checks.get(kind).check = orig

    # Per reader: the same articles as plain text, Markdown, HTML and JSON Lines records.
    texts = [(p, d.decode("utf-8", "replace")) for p, d in files]
    as_md = [(p[:-4] + ".md", t.replace("\n", "\n\n", 1)) for p, t in texts]
    as_html = [(p[:-4] + ".html", "<html><body>" + "".join(f"<p>{line}</p>\n" for line in t.split("\n") if line)
                + "</body></html>") for p, t in texts]
    jsonl = "\n".join(json.dumps({"id": i, "title": t.split("\n", 1)[0], "text": t.split("\n", 1)[-1]})
                      for i, (_, t) in enumerate(texts)).encode("utf-8")
    per_reader = {
        "txt": best(lambda: [list(readers.read_data(d, p)) for p, d in files], repeat),
        "md": best(lambda: [readers.parse(t, p, "md") for p, t in as_md], repeat),
        "html": best(lambda: [readers.parse(t, p, "html") for p, t in as_html], repeat),
        "jsonl": best(lambda: list(readers.read_jsonl_lines(_lines(jsonl), "corpus.jsonl")), repeat),
    }
    read_txt = per_reader["txt"]
    return {"build_linter_s": build, "total_s": total, "read_s": read_txt,
            "checks_s": sum(per_kind.values()), "analysis_s": total - read_txt - sum(per_kind.values()),
            "per_kind_s": per_kind, "per_reader_s": per_reader}


def _lines(data: bytes):
    import io

    from disclose.readers.jsonl import record_lines

    return record_lines(io.BytesIO(data), "corpus.jsonl")


def bench_proselint(files, repeat: int) -> dict:
    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    CheckRegistry().register_many(__register__)
    texts = [(p, d.decode("utf-8", "replace")) for p, d in files]
    found = [0]

    def run():
        found[0] = sum(len(LintFile(p, t).lint(DEFAULT)) for p, t in texts)

    run()
    return {"total_s": best(run, repeat), "findings": found[0]}


def floor_words() -> list[str]:
    """A few dozen words from disclose's own lexicons (vague sources, hedges, reporting verbs)."""
    import yaml

    words: list[str] = []
    for name in ("vague-sources", "reporting-verbs"):
        data = yaml.safe_load((REPO / "rules" / "lexicons" / f"{name}.yaml").read_text(encoding="utf-8"))
        for value in data.values():
            if isinstance(value, list):
                words += [w for w in value if isinstance(w, str) and re.fullmatch(r"[\w' -]+", w)]
    return list(dict.fromkeys(words))[:40]


def bench_floor(files, repeat: int) -> dict:
    words = floor_words()
    alternation = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                             + r")\b", re.IGNORECASE)
    sentence_end = re.compile(r"(?<=[.!?])\s+|\n+")
    texts = [d.decode("utf-8", "replace") for _, d in files]
    found = [0]

    def run():
        n = 0
        for text in texts:
            for sentence in sentence_end.split(text):
                n += len(alternation.findall(sentence))
        found[0] = n

    run()
    return {"total_s": best(run, repeat), "words": len(words), "findings": found[0]}


# -- whole commands ---------------------------------------------------------------------------

_WRAPPER = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); w = time.perf_counter() - t; "
            "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(p.returncode, w, u.ru_maxrss, u.ru_utime + u.ru_stime)")


#: Commands run as a user's would: Python writes and reuses bytecode (some shells here set
#: PYTHONDONTWRITEBYTECODE, which makes every start compile disclose's modules again), and
#: disclose keeps its linter cache in a folder of the benchmark's own (see policycache).
USER_ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "DISCLOSE_NO_CACHE")}
USER_ENV["DISCLOSE_CACHE_DIR"] = tempfile.mkdtemp(prefix="disclose-bench-cache-")


def run_command(cmd: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """(wall seconds, peak RSS in MB, CPU seconds of it and its workers) of ``cmd`` alone,
    measured by a wrapper process."""
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True, text=True, check=True,
                         env=env or USER_ENV)
    code, wall, rss, cpu = out.stdout.split()
    if code not in ("0", "1"):
        raise SystemExit(f"bench-speed: {' '.join(cmd)} exited {code}")
    return float(wall), int(rss) / 1024, float(cpu)


def bench_cli(jobs: int | None, repeat: int) -> dict:
    cmd = [*DISCLOSE, "lint", str(BBC), "--format", "json", "--output", os.devnull, "--no-progress"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    runs = [run_command(cmd) for _ in range(repeat)]
    return {"jobs": jobs, "wall_s": min(r[0] for r in runs), "peak_rss_mb": max(r[1] for r in runs),
            "cpu_s": min(r[2] for r in runs)}


def bench_startup(runs: int) -> dict:
    """Median wall time of ``disclose lint`` on one file as pre-commit runs it: every run after
    the first, which builds the linter cache (``first_run_s``: a run with an empty cache)."""
    article = next(iter(sorted(BBC.rglob("*.txt"))))
    ai_article = REPO / "examples" / "generated-news.md"
    cold = dict(USER_ENV, DISCLOSE_CACHE_DIR=tempfile.mkdtemp(prefix="disclose-bench-cold-"))
    out = {"python_s": statistics.median(run_command([sys.executable, "-c", "pass"])[0] for _ in range(runs)),
           "first_run_s": run_command([*DISCLOSE, "lint", str(article)], cold)[0]}
    out["lint_one_bbc_s"] = statistics.median(run_command([*DISCLOSE, "lint", str(article)])[0] for _ in range(runs))
    if ai_article.exists():
        out["lint_one_ai_disclosure_s"] = statistics.median(
            run_command([*DISCLOSE, "lint", str(ai_article)])[0] for _ in range(runs))
    if SEED.exists():
        # Interleaved, so that a busy moment on the shared machine hits both alike.
        plain, grounded = [], []
        for _ in range(runs):
            plain.append(run_command([*DISCLOSE, "lint", str(SEED)])[0])
            grounded.append(run_command([*DISCLOSE, "lint", str(SEED), "--sources", *map(str, SANA)])[0])
        out["lint_one_seed_s"] = statistics.median(plain)
        out["lint_one_seed_two_sources_s"] = statistics.median(grounded)
        proselint = Path(sys.executable).with_name("proselint")
        if proselint.exists():
            out["proselint_one_seed_s"] = statistics.median(
                run_command([str(proselint), "check", str(SEED)])[0] for _ in range(runs))
    return out


def bench_memory(files, megabytes: int) -> dict:
    """Peak RSS of ``lint big.jsonl --format json --jobs 1`` on ``megabytes`` of JSON Lines."""
    texts = [d.decode("utf-8", "replace") for _, d in files]
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.jsonl"
        size = i = 0
        with open(big, "w", encoding="utf-8") as fh:
            while size < megabytes * 1_000_000:
                t = texts[i % len(texts)]
                line = json.dumps({"id": i, "title": t.split("\n", 1)[0], "text": t.split("\n", 1)[-1]}) + "\n"
                fh.write(line)
                size += len(line.encode("utf-8"))
                i += 1
        wall, rss, _cpu = run_command([*DISCLOSE, "lint", str(big), "--format", "json", "--jobs", "1",
                                       "--output", os.devnull])
    return {"megabytes": megabytes, "records": i, "wall_s": wall, "peak_rss_mb": rss}


# -- report -----------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=2, help="runs per measurement; the best counts")
    ap.add_argument("--memory-mb", type=int, default=100, help="size of the JSON Lines memory test (0: skip)")
    ap.add_argument("--startup-runs", type=int, default=7)
    args = ap.parse_args()

    files = corpus()
    mb = sum(len(d) for _, d in files) / 1e6
    n = len(files)
    print(f"corpus: {BBC} -- {n} articles, {mb:.2f} MB; {os.cpu_count()} cores; python {sys.version.split()[0]}",
          flush=True)
    from disclose.parallel import default_jobs

    res: dict = {"date": dt.date.today().isoformat(), "articles": n, "megabytes": mb, "cores": os.cpu_count(),
                 "default_jobs": default_jobs(), "load_average": os.getloadavg()}
    res["disclose"] = bench_disclose(files, args.repeat)
    res["proselint"] = bench_proselint(files, args.repeat)
    res["floor"] = bench_floor(files, args.repeat)
    res["cli_jobs1"] = bench_cli(1, args.repeat)
    res["cli_default"] = bench_cli(None, args.repeat)
    res["startup"] = bench_startup(args.startup_runs)
    if args.memory_mb:
        res["memory"] = bench_memory(files, args.memory_mb)

    d, p, f = res["disclose"], res["proselint"], res["floor"]
    rate = lambda seconds: f"{mb / seconds:7.3f} MB/s {n / seconds:8.0f} articles/s"  # noqa: E731
    print(f"\nin-process, single thread (best of {args.repeat}):")
    print(f"  disclose   {d['total_s']:8.2f} s  {rate(d['total_s'])}  (linter built in {d['build_linter_s']:.2f} s)")
    print(f"  proselint  {p['total_s']:8.2f} s  {rate(p['total_s'])}  ({p['findings']} findings)")
    print(f"  floor      {f['total_s']:8.2f} s  {rate(f['total_s'])}  ({f['words']} words, {f['findings']} hits)")
    print("  disclose time by stage: " + ", ".join(f"{k[:-2]} {d[k]:.2f} s" for k in ("read_s", "analysis_s", "checks_s")))
    print("  per check kind: " + ", ".join(f"{k} {v:.3f} s" for k, v in sorted(d["per_kind_s"].items(), key=lambda kv: -kv[1])))
    print("  per reader (same articles): " + ", ".join(f"{k} {v:.2f} s ({mb / v:.1f} MB/s)" for k, v in d["per_reader_s"].items()))
    print("\nwhole command (start-up, reading and JSON report included):")
    for key in ("cli_jobs1", "cli_default"):
        c = res[key]
        print(f"  disclose lint --jobs {c['jobs'] or 'default':7}  {c['wall_s']:7.2f} s  {rate(c['wall_s'])}  "
              f"CPU {c['cpu_s']:.1f} s  peak RSS {c['peak_rss_mb']:.0f} MB")
    print(f"  scaling: default jobs ({res['default_jobs']}) run {res['cli_jobs1']['wall_s'] / res['cli_default']['wall_s']:.2f}x "
          f"faster than --jobs 1 (the machine is shared: compare CPU seconds too)")
    s = res["startup"]
    print(f"  load average at start: {', '.join(f'{x:.1f}' for x in res['load_average'])}")
    print("  start-up: python -c pass {:.3f} s; disclose lint one BBC article {:.3f} s".format(s["python_s"], s["lint_one_bbc_s"])
          + (f"; one AI article with a disclosure {s['lint_one_ai_disclosure_s']:.3f} s" if "lint_one_ai_disclosure_s" in s else "")
          + f"; first run (builds the linter cache) {s['first_run_s']:.3f} s")
    if "lint_one_seed_s" in s:
        print(f"  the seed article: {s['lint_one_seed_s']:.3f} s; against two source articles "
              f"{s['lint_one_seed_two_sources_s']:.3f} s"
              + (f"; proselint check of it {s['proselint_one_seed_s']:.3f} s" if "proselint_one_seed_s" in s else ""))
    if "memory" in res:
        m = res["memory"]
        print(f"  {m['megabytes']} MB JSON Lines ({m['records']} records), --jobs 1: {m['wall_s']:.0f} s, peak RSS {m['peak_rss_mb']:.0f} MB")

    checks = {
        "jobs1_vs_proselint": (p["total_s"] / res["cli_jobs1"]["wall_s"], ">="),
        "jobs1_vs_floor": (d["total_s"] / f["total_s"], "<="),
        "default_jobs_vs_proselint": (p["total_s"] / res["cli_default"]["wall_s"], ">="),
    }
    if "proselint_one_seed_s" in s:
        checks["seed_vs_proselint_one_file"] = (s["lint_one_seed_s"] / s["proselint_one_seed_s"], "<=")
    if "lint_one_seed_s" in s:
        checks["grounding_vs_plain"] = (s["lint_one_seed_two_sources_s"] / s["lint_one_seed_s"], "<=")
    if "memory" in res:
        checks["jsonl_peak_rss_mb"] = (res["memory"]["peak_rss_mb"], "<=")
    print("\ntargets:")
    res["targets"] = {}
    for name, (value, op) in checks.items():
        target = TARGETS[name]
        ok = value >= target if op == ">=" else value <= target
        res["targets"][name] = {"value": value, "target": f"{op} {target}", "met": ok}
        print(f"  {name:28s} {value:10.2f}  (target {op} {target:g})  {'met' if ok else 'NOT MET'}")

    out_dir = REPO / "benchmarks" / "results"
    out_dir.mkdir(exist_ok=True)
    path = out_dir / f"speed-{res['date']}.json"
    path.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"\nfigures written to {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
