"""Small HTML pieces of the correction and self-study pages every exercise shows step by step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qsecase.methods.base import Issue
from qsecase.views.tables import esc, issues_html

__all__ = ["bullets", "checks", "date_fr", "para", "wording"]


def para(label: str, text: Any) -> str:
    """« Label : text » as a paragraph (« — » when empty)."""
    return f"<p><strong>{esc(label)} :</strong> {esc(text) or '—'}</p>"


def checks(issues: Sequence[Issue]) -> str:
    """The method checks the trainee saw while typing, for the trainer's reading."""
    return f"<h4>Contrôles de méthode</h4>{issues_html(issues)}" if issues else ""


def bullets(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>" if items else "<p>—</p>"


def date_fr(value: Any) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def wording(item: Any) -> str:
    """An expected wording of the key and its accepted variants, as plain text."""
    return item.libelle + (f" (ou : {' ; '.join(item.synonymes)})" if item.synonymes else "")
