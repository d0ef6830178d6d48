"""What the widget tests read back: the answers saved on disk, the issues a form shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def saved(path: Path) -> dict[str, Any]:
    """The ``answers`` section of the file on disk."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]


def messages(form: Any) -> str:
    """The messages of the issues a form shows (plain text, not escaped HTML)."""
    return " ".join(i.message for i in form.issues.issues)
