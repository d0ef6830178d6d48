"""What the forms of the environmental exercise share: French numbers typed in text inputs, the
checks that keep an unreadable row out of the answers, and the suggestions read from the case
(functions of the organisation's roles, services, supports of a datum).

A row whose required text is empty, or whose number is not a number, is named in French by
:func:`row_problems` and not saved: the answers file only ever holds valid answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from qsecase.case_model import Case
from qsecase.views.palette import fr_number
from qsecase.widgets.common import tr

__all__ = ["SUPPORTS", "TEXTS", "functions", "number_text", "parse_int", "parse_number", "row_problems",
           "services"]

SUPPORTS: tuple[str, ...] = (
    "facture du fournisseur", "relevé de compteur", "bon d'enlèvement", "ticket de pesée",
    "bordereau de suivi des déchets (Trackdéchets)", "fiche d'intervention (fluides frigorigènes)",
    "registre de production", "export du logiciel de gestion",
)
"""Usual supports of an environmental datum, suggested in the collection plan."""

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "required": "{item} : « {field} » est à renseigner ; la ligne n'est pas enregistrée tant que ce "
                    "champ est vide.",
        "not_number": "{item} : « {value} » n'est pas un nombre ({field}) ; la ligne n'est pas "
                      "enregistrée tant qu'il n'est pas corrigé.",
        "negative": "{item} : la valeur de « {field} » est négative ; la ligne n'est pas enregistrée tant "
                    "qu'elle n'est pas corrigée.",
        "not_integer": "{item} : « {value} » n'est pas un nombre entier de {low} à {high} ({field}) ; la "
                       "ligne n'est pas enregistrée tant qu'il n'est pas corrigé.",
    },
}


def parse_number(text: Any) -> float | str | None:
    """« 4,5 » → 4.5, « 1 200 » → 1200.0, empty → None; any other text is returned as typed."""
    if text is None or isinstance(text, float | int):
        return text
    cleaned = (str(text).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
               .replace(",", "."))
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return str(text)


def parse_int(text: Any) -> int | str | None:
    """« 12 » → 12, empty → None; any other text is returned as typed."""
    if text is None or isinstance(text, int):
        return text
    cleaned = str(text).strip().replace("\u202f", "").replace(" ", "")
    if not cleaned:
        return None
    return int(cleaned) if cleaned.isdigit() else str(text)


def number_text(value: float | None) -> str:
    """A saved number back into the input, the French way (« 4,5 »)."""
    if value is None:
        return ""
    text = fr_number(float(value), 4)
    return text.rstrip("0").rstrip(",") if "," in text else text


def row_problems(values: Sequence[Mapping[str, Any]], item: str, *,
                 required: Mapping[str, str] | None = None,
                 numbers: Mapping[str, str] | None = None,
                 integers: Mapping[str, tuple[str, int, int]] | None = None,
                 lang: str = "fr") -> list[str]:
    """Why some rows cannot be saved, in French.

    Args:
        values: The rows' values, as the editors give them (numbers already parsed).
        item: Title of a row, « Ligne {n} ».
        required: Field → its French name, for texts that must not be empty.
        numbers: Field → its French name, for numbers ≥ 0 (text left as typed is refused).
        integers: Field → (its French name, lowest, highest), for optional whole numbers.
        lang: Language of the messages.
    """
    t = partial(tr, TEXTS, lang)
    problems: list[str] = []
    for n, v in enumerate(values, 1):
        name = item.format(n=n)
        problems += [t("required", item=name, field=label) for key, label in (required or {}).items()
                     if v.get(key) is None or not str(v.get(key)).strip()]
        for key, label in (numbers or {}).items():
            value = v.get(key)
            if isinstance(value, str):
                problems.append(t("not_number", item=name, value=value, field=label))
            elif isinstance(value, float | int) and value < 0:
                problems.append(t("negative", item=name, field=label))
        for key, (label, low, high) in (integers or {}).items():
            value = v.get(key)
            if isinstance(value, str) or (isinstance(value, int) and not low <= value <= high):
                problems.append(t("not_integer", item=name, value=value, field=label, low=low, high=high))
    return problems


def functions(case: Case) -> list[str]:
    """The functions of the organisation's roles (who holds a datum, who can act)."""
    return list(dict.fromkeys(r.fonction for r in case.spec.organisation.roles))


def services(case: Case) -> list[str]:
    """The services of the organisation: its work units, then its processes."""
    org = case.spec.organisation
    return list(dict.fromkeys([u.nom for u in org.unites_travail] + [p.nom for p in org.processus]))
