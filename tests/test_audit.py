"""disclose audit on a real dask.distributed LocalCluster with worker processes: the same
violations as ``disclose lint`` on the same input, written as JSON Lines."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from disclose.cli import app
from tests.test_parallel import _corpus

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


def test_audit_equals_lint(tmp_path, cluster):
    (tmp_path / "corpus").mkdir()
    inputs = _corpus(tmp_path / "corpus")
    out = tmp_path / "audit.jsonl"
    res = CliRunner().invoke(app, ["audit", *inputs, "--output", str(out), "--scheduler", cluster.scheduler_address])
    assert res.exit_code == 2, res.output  # the corpus has input errors, like lint's exit code
    assert "Audited" in res.stderr and "missing.txt" in res.stderr
    audited = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    lint = CliRunner().invoke(app, ["lint", "--format", "json", "--jobs", "1", "--no-progress", *inputs])
    linted = json.loads(lint.stdout)["files"]
    assert audited == linted
    assert sum(len(f["violations"]) for f in audited) > 100


def test_audit_reports_an_unreachable_scheduler(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nSources say it rained.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["audit", str(tmp_path), "--output", str(tmp_path / "o.jsonl"),
                                   "--scheduler", "tcp://127.0.0.1:9"])
    assert res.exit_code == 2
    assert "cannot reach the Dask scheduler" in res.stderr
