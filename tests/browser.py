"""Headless Chromium for the HTML report tests: DOM dumps, network logs, screenshots, and a
small DevTools client over ``--remote-debugging-pipe`` to click and read the page.

Debian's ``chromium`` package (``.ci/run`` installs it). Without the background-networking flags
the browser tries to reach Google services; with them, the only requests a net log can show are
the page's own, which is what the tests check.

    python tests/browser.py screenshot REPORT.html OUT.png [WIDTH HEIGHT]

takes the README screenshot (docs/report-seed.png).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--mute-audio"]
TIMEOUT = 90


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


def require_chromium() -> str:
    """The browser; skip when it is absent, but fail in CI (CI installs it)."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: .ci/run installs it (apt-get install -y chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium); the browser tests need it")
    return path


def _run(args: list[str]) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="disclose-chromium-") as profile:
        return subprocess.run([require_chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=TIMEOUT, check=True)


def dump_dom(page: Path, net_log: Path | None = None) -> str:
    """The DOM after load and scripts, as HTML (``--dump-dom``)."""
    extra = [f"--log-net-log={net_log}"] if net_log else []
    return _run([*extra, "--dump-dom", page.resolve().as_uri()]).stdout


def page_requests(net_log: Path) -> list[str]:
    """URLs the page itself asked for. Chromium's own service requests carry no top-frame site
    ("not an origin"); the page's carry ``file://`` in their network isolation key."""
    data = json.loads(net_log.read_text(encoding="utf-8"))
    urls = []
    for event in data.get("events", []):
        params = event.get("params") or {}
        if "url" in params and str(params.get("network_isolation_key", "")).startswith("file://"):
            urls.append(params["url"])
    return urls


def screenshot(page: Path, out: Path, width: int = 1280, height: int = 1800) -> None:
    _run([f"--window-size={width},{height}", f"--screenshot={out.resolve()}", page.resolve().as_uri()])


class DevTools:
    """A minimal Chrome DevTools Protocol client over the browser's pipe (fds 3 and 4, messages
    separated by NUL): open a page, evaluate JavaScript in it, close."""

    def __init__(self):
        self.profile = tempfile.TemporaryDirectory(prefix="disclose-chromium-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def wire_fds():  # the child's fd 3 reads commands, fd 4 writes replies
            read_end, write_end = os.dup(to_chrome_r), os.dup(from_chrome_w)  # never clobbered by dup2
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.proc = subprocess.Popen(
            [require_chromium(), *FLAGS, f"--user-data-dir={self.profile.name}", "--remote-debugging-pipe",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=wire_fds)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._reader = os.fdopen(self._from_chrome, "rb")
        self._buffer = b""
        self._next = 0
        self.session: str | None = None

    def call(self, method: str, params: dict | None = None, *, session: bool = True) -> dict:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def _read(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = self._reader.read1(65536)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)

    def open(self, page: Path) -> None:
        target = self.call("Target.createTarget", {"url": page.resolve().as_uri()}, session=False)
        attached = self.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True},
                             session=False)
        self.session = attached["sessionId"]
        url = json.dumps(page.resolve().as_uri())
        for _ in range(400):  # the new tab starts as about:blank, already "complete"
            try:
                if self.evaluate(f"location.href === {url} && document.readyState === 'complete'"):
                    return
                self.evaluate("new Promise(r => setTimeout(r, 50))")
            except RuntimeError:  # the blank page's context went away mid-call: navigation
                time.sleep(0.05)
        raise RuntimeError("the page did not finish loading")

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self) -> None:
        try:
            self.call("Browser.close", session=False)
        except (RuntimeError, OSError):
            pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_chrome)
        self._reader.close()
        self.profile.cleanup()

    def __enter__(self) -> "DevTools":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[1] != "screenshot":
        sys.exit(__doc__)
    size = [int(x) for x in sys.argv[4:6]] or [1280, 1800]
    screenshot(Path(sys.argv[2]), Path(sys.argv[3]), *size)
