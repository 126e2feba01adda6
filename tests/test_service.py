"""``disclose serve`` (contract §9): the real service on a free loopback port, spoken to over HTTP.

What a CMS relies on: the answer for an article equals the CLI's findings; every malformed request
gets its status and a JSON error without a traceback; the service stays healthy afterwards; with
a token, requests without it are refused; SIGTERM stops it cleanly.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the service needs the serve extra (make demo installs it)")
pytest.importorskip("uvicorn", reason="the service needs the serve extra (make demo installs it)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    def __init__(self, *args: str, cwd: Path | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "disclose", "serve", "--port", str(self.port),
                                      "--workers", "1", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, cwd=cwd)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the service exited {self.proc.returncode}: {self.proc.stderr.read()}")
            try:
                if self.get("/healthz") == (200, {"status": "ok"}):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError("the service did not answer /healthz within 60 s")

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        req = urllib.request.Request(self.url + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as err:
            raw = err.read()
            return err.code, json.loads(raw)  # every error is JSON: this raises if one is not

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, payload, headers: dict | None = None):
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        return self.request("POST", path, body, {"Content-Type": "application/json", **(headers or {})})

    def stop(self) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode, self.proc.stderr.read()


@pytest.fixture(scope="module")
def service():
    svc = Service()
    yield svc
    svc.stop()


def cli_report(path: Path, *args: str) -> dict:
    r = subprocess.run([sys.executable, "-m", "disclose", "lint", str(path), "--format", "json", *args],
                       capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)


def test_seed_answer_equals_the_cli(service, seed_article):
    text = seed_article.read_text(encoding="utf-8")
    status, report = service.post("/v1/lint", {"text": text, "path": str(seed_article)})
    assert status == 200
    cli = cli_report(seed_article)
    assert report["files"] == cli["files"] and report["summary"] == cli["summary"]
    assert {v["rule"] for v in report["files"][0]["violations"]} >= {"eu-ai-act/disclosure-placement",
                                                                     "newsroom/unnamed-sources"}


def test_analyze_and_rules(service, seed_article):
    status, analysis = service.post("/v1/analyze", {"text": seed_article.read_text(encoding="utf-8"),
                                                    "path": "seed.txt"})
    assert status == 200 and analysis["path"] == "seed.txt" and analysis["ai_status"] == "generated"
    assert analysis["disclosures"] and analysis["sentences"]
    status, rules = service.get("/v1/rules")
    assert status == 200
    ids = {r["id"] for r in rules["rules"]}
    assert "newsroom/unnamed-sources" in ids and all(r["summary"] for r in rules["rules"])


def test_markdown_with_sources_and_policies(service):
    text = "# Talks\n\nPutin met the ministers on Friday, December 23.\n"
    source = "Putin met the ministers on Tuesday, December 23, in Moscow."
    status, report = service.post("/v1/lint", {"text": text, "format": "md", "path": "a.md",
                                               "sources": [{"title": "SANA", "text": source}],
                                               "policies": ["newsroom"]})
    assert status == 200 and report["policies"] == ["newsroom"]
    (v,) = [v for v in report["files"][0]["violations"] if v["rule"] == "grounding/not-in-sources"]
    assert v["excerpt"] == "Friday, December 23" and v["evidence"]["label"] == "SANA"


@pytest.mark.parametrize("payload, headers, status", [
    (b"{not json", {}, 400),
    ({"format": "md"}, {}, 400),                                   # no text
    ({"text": 42}, {}, 400),                                       # text not a string
    ({"text": "x", "format": "docx"}, {}, 422),                    # unknown format
    ({"text": "x", "policies": ["no-such-policy"]}, {}, 422),      # unknown policy
    ({"text": "x", "policies": ["../../etc/passwd"]}, {}, 422),    # a path where a name belongs
    ({"text": "x", "ai": "perhaps"}, {}, 422),                     # unknown AI status
    ({"text": "x", "sources": [{"path": "/etc/passwd"}]}, {}, 400),  # the service reads no files
    ({"text": "x"}, {"Content-Type": "text/plain"}, 415),
])
def test_bad_requests_get_json_errors(service, payload, headers, status):
    got, body = service.post("/v1/lint", payload, headers)
    assert got == status
    assert set(body) == {"error"} and body["error"] and "Traceback" not in body["error"]
    assert service.get("/healthz") == (200, {"status": "ok"})


def test_a_12_mb_body_is_refused_and_the_service_stays_up(service):
    got, body = service.post("/v1/lint", json.dumps({"text": "a" * (12 * 1024 * 1024)}).encode())
    assert got == 413 and "larger than" in body["error"]
    status, report = service.post("/v1/lint", {"text": "The minister said taxes would fall."})
    assert status == 200 and report["summary"]["files"] == 1


def test_token_and_graceful_stop(tmp_path):
    token = tmp_path / "token"
    token.write_text("s3cret-token\n", encoding="utf-8")
    svc = Service("--token-file", str(token))
    try:
        assert svc.post("/v1/lint", {"text": "x"})[0] == 401
        assert svc.post("/v1/lint", {"text": "x"}, {"Authorization": "Bearer wrong"})[0] == 401
        status, report = svc.post("/v1/lint", {"text": "x"}, {"Authorization": "Bearer s3cret-token"})
        assert status == 200 and report["files"][0]["path"] == "article.txt"
        assert svc.get("/healthz")[0] == 200  # health needs no token (load balancers probe it)
    finally:
        code, log = svc.stop()
    assert code == 0
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert [entry["status"] for entry in lines if entry.get("path") == "/v1/lint"] == [401, 401, 200]
    assert "s3cret" not in log and '"x"' not in log  # no token, no article text in the logs


def test_non_loopback_without_token_warns():
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "disclose", "serve", "--host", "0.0.0.0", "--port", str(port),
                             "--workers", "1"], stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        assert "without --token-file" in line
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def test_api_is_what_the_service_serves(seed_article):
    import disclose

    text = seed_article.read_text(encoding="utf-8")
    report = disclose.lint_text(text, path=str(seed_article))
    assert report["files"] == cli_report(seed_article)["files"]
    analysis = disclose.analyze_text(text, path="seed.txt")
    assert analysis["ai_status"] == "generated"
    paths = disclose.lint_paths([seed_article])
    assert paths["files"] == report["files"] and paths["exit_code"] == 1
    with pytest.raises(ValueError, match="unknown format"):
        disclose.lint_text(text, format="docx")
    with pytest.raises(TypeError, match="unknown options"):
        disclose.lint_paths([seed_article], colour=True)
    assert os.path.exists(Path(disclose.__file__).parent / "py.typed")
