"""The wheel ships the built-in policies: `pip install .` from anywhere finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_contains_every_policy_and_lexicon(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(REPO)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    [wheel] = tmp_path.glob("disclose_lint-*.whl")  # the distribution name ("disclose" on PyPI is another project)
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"disclose/rules/{p.relative_to(REPO / 'rules').as_posix()}" for p in (REPO / "rules").rglob("*.yaml")}
    assert expected and expected <= names, sorted(expected - names)
    assert "disclose/cli.py" in names and "disclose/py.typed" in names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    assert "\nName: disclose-lint\n" in zipfile.ZipFile(wheel).read(metadata).decode()
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "disclose = disclose.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
