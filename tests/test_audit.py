"""disclose audit on a real dask.distributed LocalCluster with worker processes: the same
violations as ``disclose lint`` on the same input, written as JSON Lines."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from disclose.cli import app
from tests.test_parallel import _corpus



@pytest.fixture(scope="module", autouse=True)
def _distributed_installed():
    """Without ``distributed`` the tests skip on a developer's machine, but FAIL in CI (``CI``
    set): there the `test` extra installs dask[distributed], and a missing one means the audit
    went untested."""
    if importlib.util.find_spec("distributed") is None:
        message = "dask[distributed] is not installed (extra `disclose[dask]`; the `test` extra includes it)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: required when CI is set", pytrace=False)
        pytest.skip(message)

# Dask runs in processes of its own, never inside the test process: importing `distributed` here
# changed how the process pools of later tests (forked from this process) send results back, and
# users run `disclose audit` as its own process anyway.
CLUSTER = """
import sys
from distributed import LocalCluster
with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
    print(c.scheduler_address, flush=True)
    sys.stdin.read()
"""


def audit(*args: str) -> subprocess.CompletedProcess:
    """Run ``disclose audit`` as a user does: its own process."""
    return subprocess.run([sys.executable, "-m", "disclose", "audit", *args], capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def cluster():
    """A real LocalCluster with two worker processes, in a process of its own; yields its address."""
    proc = subprocess.Popen([sys.executable, "-c", CLUSTER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        address = proc.stdout.readline().strip()
        assert address.startswith("tcp://"), address
        yield address
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)


def test_audit_equals_lint(tmp_path, cluster):
    (tmp_path / "corpus").mkdir()
    inputs = _corpus(tmp_path / "corpus")
    out = tmp_path / "audit.jsonl"
    res = audit(*inputs, "--output", str(out), "--scheduler", cluster)
    assert res.returncode == 2, res.stderr  # the corpus has input errors, like lint's exit code
    assert "Audited" in res.stderr and "missing.txt" in res.stderr
    audited = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    lint = CliRunner().invoke(app, ["lint", "--format", "json", "--jobs", "1", "--no-progress", *inputs])
    linted = json.loads(lint.stdout)["files"]
    assert audited == linted
    assert sum(len(f["violations"]) for f in audited) > 100


def test_audit_reports_an_unreachable_scheduler(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nSources say it rained.\n", encoding="utf-8")
    res = audit(str(tmp_path), "--output", str(tmp_path / "o.jsonl"), "--scheduler", "tcp://127.0.0.1:9")
    assert res.returncode == 2
    assert "cannot reach the Dask scheduler" in res.stderr
