"""Load benchmark of ``disclose serve`` (issue 16): BBC articles sent by concurrent clients.

Starts the real service on a free loopback port (``--workers``: default the cores), sends
``--articles`` BBC articles (../shared/eval/bbc) from ``--clients`` concurrent clients, and checks
every answer against ``disclose lint --format json`` of the same file. Prints requests per
second, latency percentiles and the service's resident memory (service and workers) before and
after, and writes them to benchmarks/results/serve-<date>.json.

    .venv/bin/python benchmarks/serve.py [--articles 400] [--clients 16] [--workers N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BBC = REPO.parent / "shared" / "eval" / "bbc"


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children (the workers), in MB, from /proc."""
    total = 0
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):  # the workers are started from a thread
        try:
            pids += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def post(url: str, payload: dict) -> tuple[int, dict, float]:
    body = json.dumps(payload).encode()
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=120) as resp:
        answer = json.loads(resp.read())
        return resp.status, answer, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    if not BBC.is_dir():
        sys.exit(f"bench-serve: {BBC} is missing")
    files = sorted(BBC.rglob("*.txt"))[: args.articles]

    # What the CLI says of each file (one run over all of them).
    # Timed too: the service's requests per second are read beside lint's articles per second
    # (default jobs: the cores; and --jobs 1), on the same files.
    lint_cmd = [sys.executable, "-m", "disclose", "lint", *map(str, files), "--format", "json", "--no-progress"]
    t0 = time.perf_counter()
    cli = subprocess.run(lint_cmd, capture_output=True, text=True)
    cli_wall = time.perf_counter() - t0
    t0 = time.perf_counter()
    subprocess.run(lint_cmd + ["--jobs", "1"], capture_output=True, text=True)
    cli_wall_1 = time.perf_counter() - t0
    expected = {f["path"]: f for f in json.loads(cli.stdout)["files"]}

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "disclose", "serve", "--port", str(port)]
    if args.workers:
        cmd += ["--workers", str(args.workers)]
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        # Warm-up: one request per client, then memory is measured from there.
        sample = {"text": files[0].read_text(encoding="utf-8"), "path": str(files[0])}
        with ThreadPoolExecutor(args.clients) as ex:
            list(ex.map(lambda _: post(url + "/v1/lint", sample), range(args.clients)))
        before = rss_mb(proc.pid)

        def one(path: Path):
            status, answer, seconds = post(url + "/v1/lint", {"text": path.read_text(encoding="utf-8"),
                                                               "path": str(path)})
            same = status == 200 and answer["files"][0] == expected[str(path)]
            return status, same, seconds

        start = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as ex:
            results = list(ex.map(one, files))
        wall = time.perf_counter() - start
        after = rss_mb(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)

    latencies = sorted(r[2] for r in results)
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    res = {"date": dt.date.today().isoformat(), "articles": len(files), "clients": args.clients,
           "workers": args.workers or os.cpu_count(), "ok_200": sum(r[0] == 200 for r in results),
           "same_as_cli": sum(r[1] for r in results), "wall_s": wall, "requests_per_s": len(files) / wall,
           "p50_s": statistics.median(latencies), "p99_s": p(0.99), "max_s": latencies[-1],
           "rss_before_mb": before, "rss_after_mb": after, "rss_growth_mb": after - before,
           "service_exit_code": proc.returncode,
           "lint_default_jobs_articles_per_s": len(files) / cli_wall, "lint_jobs1_articles_per_s": len(files) / cli_wall_1}
    print(json.dumps(res, indent=2))
    print(f"\n{res['ok_200']}/{len(files)} answered 200, {res['same_as_cli']} equal to the CLI's findings; "
          f"{res['requests_per_s']:.1f} requests/s; p50 {res['p50_s']:.3f} s, p99 {res['p99_s']:.3f} s; "
          f"memory {before:.0f} -> {after:.0f} MB (+{after - before:.0f} MB); exit {proc.returncode} on SIGTERM; "
          f"lint of the same files: {res['lint_default_jobs_articles_per_s']:.1f} articles/s (default jobs), "
          f"{res['lint_jobs1_articles_per_s']:.1f} (--jobs 1)")
    out = REPO / "benchmarks" / "results" / f"serve-{res['date']}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
