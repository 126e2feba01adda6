"""Shared test helpers: the yamllint-style ``check`` helper and access to ../shared."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# The suite uses a throw-away linter cache (see disclose.policycache), never the user's; the
# subprocesses it starts inherit it.
os.environ["DISCLOSE_CACHE_DIR"] = tempfile.mkdtemp(prefix="disclose-test-cache-")


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skip when it is absent, but fail in CI (CI must have the data)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing in CI: the evaluation data must sit beside the project")
        pytest.skip(f"{path} is absent (the evaluation data lives in ../shared beside the project)")
    return path


@pytest.fixture
def seed_article() -> Path:
    return shared_path("examples", "ai-news-article.txt")
