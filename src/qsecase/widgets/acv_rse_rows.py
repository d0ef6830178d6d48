"""Row helpers of the LCA and RSE forms: units suggested, numbers typed the French way, and the
checks that keep an unreadable row out of the answers (its text stays in the form, named in French
under it, until it is corrected: nothing typed is lost).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from qsecase.methods.base import Issue
from qsecase.widgets.common import tr

__all__ = ["TEXTS", "UNITS", "entry_problems", "source_issues"]

UNITS: tuple[str, ...] = ("p", "kg", "g", "t", "kWh", "MWh", "MJ", "L", "m³", "km", "t.km", "m²")
"""Units suggested for a product or an amount (any unit qsecase can convert may be typed)."""

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "required": "{item} : « {field} » est à renseigner ; la saisie n'est pas enregistrée tant que ce "
                    "champ est vide.",
        "not_number": "{item} : « {value} » n'est pas un nombre ({field}) ; la saisie n'est pas "
                      "enregistrée tant qu'il n'est pas corrigé (virgule décimale acceptée).",
        "unknown_sources": "{item} : source(s) inconnue(s) dans le corpus : {ids}.",
    },
}


def entry_problems(values: Sequence[Mapping[str, Any]], item: str, *,
                   required: Mapping[str, str] | None = None,
                   numbers: Mapping[str, str] | None = None, lang: str = "fr") -> list[str]:
    """Why some rows cannot be saved, in French.

    Args:
        values: The rows' values (numbers already parsed: a text left as typed is not a number).
        item: Title of a row, « Intrant {n} ».
        required: Field → its French name, for values that must not be empty.
        numbers: Field → its French name, for numbers (negative ones pass: the method checks name them).
        lang: Language of the messages.
    """
    t = partial(tr, TEXTS, lang)
    problems: list[str] = []
    for n, v in enumerate(values, 1):
        name = item.format(n=n)
        problems += [t("required", item=name, field=label) for key, label in (required or {}).items()
                     if v.get(key) is None or not str(v.get(key)).strip()]
        problems += [t("not_number", item=name, value=v[key], field=label)
                     for key, label in (numbers or {}).items()
                     if isinstance(v.get(key), str) and v[key].strip()]
    return problems


def source_issues(cited: Mapping[str, Sequence[str]], known: set[str] | Mapping[str, Any],
                  lang: str = "fr") -> list[Issue]:
    """A warning for each item (its title → the ids it cites) citing ids unknown to the corpus."""
    out = []
    for item, ids in cited.items():
        unknown = [i for i in ids if i not in known]
        if unknown:
            out.append(Issue(level="attention", message=tr(TEXTS, lang, "unknown_sources", item=item,
                                                           ids=", ".join(unknown))))
    return out
