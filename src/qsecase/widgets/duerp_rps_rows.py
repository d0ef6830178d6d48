"""The rows of the DUERP editor: one work situation, rated on the organisation's grid.

The gravity, frequency and control inputs offer only the levels of the case's grid (« 3 — Grave »),
with the computed criticité and priority under them; a value off the grid, read from a saved file,
is kept and flagged rather than silently changed. Used by :mod:`.duerp_rps_situations`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from qsecase.errors import QsecaseError
from qsecase.exercises.duerp_rps import corpus_data
from qsecase.methods.duerp import FAMILIES, METHODS, DuerpScale, Situation, rate, split_measures
from qsecase.methods.duerp_update import DuerpVersion
from qsecase.views.palette import fr_number
from qsecase.views.tables import esc
from qsecase.widgets.common import dropdown_field, text_field, textarea_field, tr
from qsecase.widgets.sst_accident_tree import FieldsRow, Options, with_missing

__all__ = ["TEXTS", "load_previous", "new_situation_id", "parse_count", "rating_field",
           "situation_row", "unit_options"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "unit_option": "{id} — {nom} ({n} salariés)",
        "unknown_unit": "{id} (unité inconnue du cas)",
        "id": "Repère", "situation": "Situation de travail",
        "situation_ph": "tâche, lieu, circonstances",
        "operation": "Fonctionnement", "normal": "Normal",
        "degraded": "Dégradé (panne, urgence, pic d'activité, intérim…)",
        "family": "Famille de risques", "danger": "Danger", "damage": "Dommage possible",
        "measures": "Mesures existantes",
        "measures_ph": "une mesure par ligne (« aucune » s'il n'y en a pas)",
        "g": "Gravité G", "f": "Fréquence F", "m": "Maîtrise M", "choose": "— choisir —",
        "no_control": "sans objet : la grille de l'organisation n'a pas de maîtrise",
        "off_scale": "{id} (hors grille)", "unknown_value": "{id} (valeur inconnue)",
        "method": "Méthode d'évaluation", "handicap": "Handicap : risques et adaptations",
        "handicap_ph": "risques particuliers des salariés handicapés, aménagements",
        "exposed": "Salariés exposés", "exposed_ph": "nombre (vide si inconnu)",
        "rating": "Criticité brute {brute}, résiduelle {res} — priorité {p} ({label})",
    },
}


def load_previous(case: Any) -> tuple[DuerpVersion | None, str]:
    """The previous version of the case's DUERP, or ``None`` and why it cannot be read."""
    try:
        return corpus_data.previous_version(case), ""
    except QsecaseError as exc:
        return None, str(exc)


def parse_count(text: str) -> int | str | None:
    """« 12 » → 12; empty → None; anything else is left as typed for validation to refuse."""
    text = str(text).strip().replace("\u202f", "").replace(" ", "")
    if not text:
        return None
    return int(text) if text.isdigit() else text


def rating_field(description: str, levels: Sequence[Any], value: Any, t: Callable[..., str],
                 *, optional: bool = False) -> widgets.Dropdown:
    """A dropdown of the grid's levels « 3 — Grave »; a value off the grid is kept and flagged."""
    options: list[tuple[str, Any]] = [(f"{lv.valeur} — {lv.libelle}", lv.valeur) for lv in levels]
    if optional:
        options.insert(0, (t("choose"), ""))
    current = "" if value is None else value
    return dropdown_field(description, with_missing(options, [current], t("off_scale")), current)


def _labelled(labels: Mapping[str, str], value: str, t: Callable[..., str]) -> Options:
    return with_missing([(v, k) for k, v in labels.items()], [value], t("unknown_value"))


def _rating_text(row: FieldsRow, scale: DuerpScale, t: Callable[..., str]) -> str:
    g, f, m = (row.fields[k].value for k in ("g", "f", "m"))
    if not (isinstance(g, int) and isinstance(f, int)):
        return ""
    try:
        probe = Situation(id="cotation", unite="-", situation="-", famille="rps", g=g, f=f,
                          m=m if isinstance(m, int) else None)
    except ValidationError:
        return ""
    r = rate(probe, scale)
    text = t("rating", brute=r.brute, res=fr_number(r.residuelle, 2), p=r.priorite,
             label=r.libelle)
    return f'<p role="status" style="margin:0 0 0 14em"><small>{esc(text)}</small></p>'


def situation_row(data: Mapping[str, Any], notify: Callable[[], None], *, scale: DuerpScale,
                  lang: str = "fr") -> FieldsRow:
    """The inputs of one situation of the DUERP (its work unit is the editor's)."""
    t = partial(tr, TEXTS, lang)
    m = data.get("m")
    control = rating_field(t("m"), scale.maitrise, m, t, optional=True)
    if not scale.uses_control:
        control.options = with_missing([(t("no_control"), "")], ["" if m is None else m],
                                       t("off_scale"))
        control.value = "" if m is None else m
        control.disabled = m is None  # a stray value stays editable, so that it can be removed
    operations = [(t("normal"), "normal"), (t("degraded"), "dégradé")]
    row = FieldsRow({
        "id": text_field(t("id"), str(data.get("id", ""))),
        "situation": textarea_field(t("situation"), str(data.get("situation", "")),
                                    t("situation_ph"), rows=2),
        "fonctionnement": dropdown_field(t("operation"), operations,
                                         data.get("fonctionnement", "normal")),
        "famille": dropdown_field(t("family"), _labelled(FAMILIES, str(data.get("famille", "")),
                                                         t), data.get("famille")),
        "danger": text_field(t("danger"), str(data.get("danger", ""))),
        "dommage": text_field(t("damage"), str(data.get("dommage", ""))),
        "mesures": textarea_field(t("measures"), "\n".join(data.get("mesures", [])),
                                  t("measures_ph"), rows=3),
        "g": rating_field(t("g"), scale.gravite, data.get("g", 1), t),
        "f": rating_field(t("f"), scale.frequence, data.get("f", 1), t),
        "m": control,
        "methode": dropdown_field(t("method"), _labelled(METHODS, str(data.get("methode", "")),
                                                         t), data.get("methode", "EvRP")),
        "handicap": textarea_field(t("handicap"), str(data.get("handicap", "")),
                                   t("handicap_ph"), rows=2),
        "exposes": text_field(t("exposed"), "" if data.get("exposes") is None
                              else str(data["exposes"]), t("exposed_ph"))},
        notify, convert={"mesures": split_measures, "m": lambda v: None if v == "" else v,
                         "exposes": parse_count})
    row.fields["id"].layout.width = "24em"
    summary = widgets.HTML(_rating_text(row, scale, t))
    for name in ("g", "f", "m"):
        row.fields[name].observe(lambda _c: setattr(summary, "value",
                                                    _rating_text(row, scale, t)), names="value")
    fields = list(row.fields.values())
    row.box = widgets.VBox([*fields[:10], summary, *fields[10:]])
    row.summary = summary  # type: ignore[attr-defined]
    return row


def unit_options(case: Any, situations: Sequence[Situation], lang: str = "fr") -> Options:
    """The case's work units « UT-QUAI — Quai (25 salariés) », then units unknown to the case."""
    t = partial(tr, TEXTS, lang)
    units = case.spec.organisation.unites_travail
    known = [(t("unit_option", id=u.id, nom=u.nom, n=u.effectif), u.id) for u in units]
    return with_missing(known, list(dict.fromkeys(s.unite for s in situations)), t("unknown_unit"))


def new_situation_id(unit: str, used: Sequence[str]) -> str:
    """« QUAI-01 », « QUAI-02 »… for a unit « UT-QUAI »: the first free number."""
    prefix = unit.removeprefix("UT-")[:15]
    n = 1
    while f"{prefix}-{n:02d}" in used:
        n += 1
    return f"{prefix}-{n:02d}"
