"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def kernel_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The environment of a notebook's kernel: qsecase importable from the source tree."""
    paths = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    return dict(os.environ)
