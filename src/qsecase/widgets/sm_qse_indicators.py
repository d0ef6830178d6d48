"""The rows of the dashboard step of the QSE management-system exercise: an indicator (what it
measures, the column of the corpus's indicator table it follows, owner and source, objective, alert
threshold, desired direction, public), a reminder sent for a missing datum, a drift read on an
indicator. Used by :mod:`.sm_qse_dashboard`.

Numbers are typed the French way (« 4,5 »); a text that is not a number, or a month not written
« AAAA-MM », is named in French by :func:`row_problems` and not saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from qsecase.methods.briefs import AUDIENCE_LABELS
from qsecase.methods.dashboard import DRIFT_KINDS
from qsecase.views.palette import fr_number
from qsecase.widgets.common import dropdown_field, text_field, textarea_field, tr
from qsecase.widgets.sst_accident_tree import FieldsRow, Options, combo_field, date_field, with_missing

__all__ = ["FREQUENCIES", "SENS", "TEXTS", "drift_row", "indicator_options", "indicator_row",
           "number_text", "parse_number", "reminder_row", "row_problems"]

SENS: list[tuple[str, str]] = [("↘ baisse souhaitée (moins, c'est mieux)", "baisse"),
                               ("↗ hausse souhaitée (plus, c'est mieux)", "hausse")]
FREQUENCIES: tuple[str, ...] = ("mensuelle", "trimestrielle", "annuelle")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "id": "Repère", "name": "Nom de l'indicateur", "name_ph": "ex. Taux de réclamations clients",
        "definition": "Définition", "definition_ph": "ce qui est mesuré, la formule, l'unité",
        "unit": "Unité", "unit_ph": "ex. %, nombre, t", "column": "Données (colonne du tableau)",
        "choose": "— choisir —", "unknown_column": "{id} (colonne absente du tableau)",
        "owner": "Responsable", "source": "Source des données", "source_ph": "service qui fournit "
        "la donnée", "frequency": "Fréquence", "objective": "Objectif", "threshold": "Seuil d'alerte",
        "number_ph": "nombre, ex. 2,5", "sens": "Sens souhaité", "public": "Public",
        "public_ph": "qui lit cet indicateur", "service": "Service relancé",
        "indicator": "Indicateur", "unknown_indicator": "{id} (indicateur supprimé)",
        "period": "Mois (AAAA-MM)", "period_ph": "ex. 2026-08", "date": "Date de la relance",
        "kind": "Type de dérive", "comment": "Commentaire", "comment_ph": "ce que vous lisez, "
        "l'explication possible, la suite à donner",
        "not_number": "{item} : « {value} » n'est pas un nombre ({field}) ; la ligne n'est pas "
                      "enregistrée tant qu'il n'est pas corrigé.",
        "not_month": "{item} : « {value} » n'est pas un mois écrit AAAA-MM (ex. 2026-08) ; la ligne "
                     "n'est pas enregistrée tant qu'il n'est pas corrigé.",
        "required": "{item} : {field} manquant ; la ligne n'est pas enregistrée tant qu'il manque.",
    },
}


def parse_number(text: Any) -> float | str | None:
    """« 4,5 » → 4.5, « 1 200 » → 1200.0, empty → None; any other text is returned as typed."""
    if text is None or isinstance(text, float | int):
        return text
    cleaned = str(text).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return str(text)


def number_text(value: float | None) -> str:
    """A saved number back into the input, the French way (« 4,5 »)."""
    if value is None:
        return ""
    text = fr_number(float(value), 3)
    return text.rstrip("0").rstrip(",") if "," in text else text


def indicator_options(indicators: Sequence[Mapping[str, Any]]) -> Options:
    """(« I1 — Taux de réclamations », « I1 ») for each indicator with an id, after « — choisir — »."""
    out = [(tr(TEXTS, "fr", "choose"), "")]
    out += [(f"{i['id']} — {i.get('nom') or ''}", str(i["id"])) for i in indicators if i.get("id")]
    return out


def indicator_row(data: Mapping[str, Any], notify: Callable[[], None], columns: Options,
                  people: Sequence[str], lang: str = "fr") -> FieldsRow:
    """One indicator of the dashboard; ``columns`` are (label, name) of the table's numeric columns."""
    t = partial(tr, TEXTS, lang)
    column = str(data.get("colonne", ""))
    row = FieldsRow({
        "id": text_field(t("id"), str(data.get("id", ""))),
        "nom": text_field(t("name"), str(data.get("nom", "")), t("name_ph")),
        "definition": textarea_field(t("definition"), str(data.get("definition", "")), t("definition_ph"),
                                     rows=2),
        "unite": text_field(t("unit"), str(data.get("unite", "")), t("unit_ph")),
        "colonne": dropdown_field(t("column"), with_missing([(t("choose"), ""), *columns], [column],
                                                             t("unknown_column")), column),
        "responsable": combo_field(t("owner"), str(data.get("responsable", "")), people),
        "source": combo_field(t("source"), str(data.get("source", "")), people, t("source_ph")),
        "frequence": dropdown_field(t("frequency"), list(FREQUENCIES), data.get("frequence", "mensuelle")),
        "objectif": text_field(t("objective"), number_text(data.get("objectif")), t("number_ph")),
        "seuil_alerte": text_field(t("threshold"), number_text(data.get("seuil_alerte")), t("number_ph")),
        "sens": dropdown_field(t("sens"), SENS, data.get("sens", "baisse")),
        "public": combo_field(t("public"), str(data.get("public", "")), list(AUDIENCE_LABELS.values()),
                              t("public_ph")),
    }, notify, convert={"objectif": parse_number, "seuil_alerte": parse_number})
    row.fields["id"].layout.width = "24em"
    return row


def reminder_row(data: Mapping[str, Any], notify: Callable[[], None], indicators: Options,
                 people: Sequence[str], lang: str = "fr") -> FieldsRow:
    """One reminder sent to a service for a missing datum."""
    t = partial(tr, TEXTS, lang)
    chosen = str(data.get("indicateur", ""))
    options = with_missing(indicators, [chosen], t("unknown_indicator"))
    return FieldsRow({
        "service": combo_field(t("service"), str(data.get("service", "")), people),
        "indicateur": dropdown_field(t("indicator"), options, chosen),
        "periode": text_field(t("period"), str(data.get("periode", "")), t("period_ph")),
        "date": date_field(t("date"), data.get("date")),
    }, notify)


def drift_row(data: Mapping[str, Any], notify: Callable[[], None], indicators: Options,
              lang: str = "fr") -> FieldsRow:
    """One drift read on an indicator: which, what kind, from which month, and a comment."""
    t = partial(tr, TEXTS, lang)
    chosen = str(data.get("indicateur", ""))
    options = with_missing(indicators, [chosen], t("unknown_indicator"))
    return FieldsRow({
        "indicateur": dropdown_field(t("indicator"), options, chosen),
        "type": dropdown_field(t("kind"), list(DRIFT_KINDS), data.get("type", DRIFT_KINDS[0])),
        "periode": text_field(t("period"), str(data.get("periode", "")), t("period_ph")),
        "commentaire": textarea_field(t("comment"), str(data.get("commentaire", "")), t("comment_ph"),
                                      rows=2),
    }, notify)


def row_problems(values: Sequence[Mapping[str, Any]], item: str, required: Mapping[str, str],
                 lang: str = "fr") -> list[str]:
    """Why some rows cannot be saved: a required field empty (``required``: field → its French
    name), a number field holding text, a month not written « AAAA-MM »."""
    t = partial(tr, TEXTS, lang)
    problems = []
    for n, v in enumerate(values, 1):
        name = item.format(n=n)
        problems += [t("required", item=name, field=label) for key, label in required.items()
                     if not str(v.get(key) or "").strip()]
        for key, label in (("objectif", t("objective")), ("seuil_alerte", t("threshold"))):
            if isinstance(v.get(key), str):
                problems.append(t("not_number", item=name, value=v[key], field=label.lower()))
        period = str(v.get("periode") or "").strip()
        if period and not _MONTH.match(period):
            problems.append(t("not_month", item=name, value=period))
    return problems
