"""Analysis steps of the SST exercise — the PPE field check and the cause tree — and the row
helpers the exercise's forms share.

The PPE step shows the case's station × PPE matrix and checks the declared gaps against the
observations (:func:`~qsecase.methods.ppe.ppe_issues`). The tree step edits facts and links in two
:class:`~qsecase.widgets.rows.RowsEditor`; the link dropdowns follow the fact ids; every change
redraws the tree and re-runs :func:`~qsecase.methods.cause_tree.check_tree`, and the plan step
hears of it through the steps' bus (topic ``"arbre"``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.exercises.sst_accident import corpus_data
from qsecase.methods.base import Issue
from qsecase.methods.cause_tree import check_tree
from qsecase.methods.ppe import ppe_issues, ppe_summary
from qsecase.views import sst_accident_html as views
from qsecase.views.palette import fr_number
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import (
    checkbox_field,
    dropdown_field,
    format_ids,
    heading,
    help_text,
    parse_ids,
    text_field,
    textarea_field,
    tr,
)
from qsecase.widgets.probleme_causes import short
from qsecase.widgets.rows import RowsEditor, next_id

__all__ = ["CATEGORY_LABELS", "KIND_LABELS", "TEXTS", "ArbreStep", "EpiStep", "FieldsRow",
           "Options", "combo_field", "date_field", "multi_field", "parse_rate", "with_missing"]

Options = list[tuple[str, str]]
_WIDE = {"description_width": "14em"}

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "choose": "— choisir —", "missing": "{id} (absent)",
        "epi_help": "Comparez les observations de terrain aux règles de port des EPI de chaque "
                    "poste : déclarez les écarts constatés, les postes jamais observés et le taux "
                    "de conformité des observations.",
        "add_gap": "Ajouter un écart", "gap": "Écart {n}", "station": "Poste", "ppe": "EPI",
        "finding": "Constat", "finding_ph": "ce que montrent les observations (combien, quand)",
        "action": "Action proposée", "facts": "Faits cités (ex. OB-012)",
        "facts_ph": "identifiants séparés par des virgules",
        "not_observed": "Postes jamais observés (Ctrl + clic)", "rate": "Taux de conformité (%)",
        "rate_ph": "ex. 83,2", "comment": "Commentaire",
        "bad_rate": "Taux de conformité : « {value} » n'est pas un pourcentage entre 0 et 100.",
        "tree_help": "Partez du fait ultime (la lésion) et remontez vers la gauche : pour chaque "
                     "fait, demandez « Qu'a-t-il fallu pour qu'il se produise ? », « Est-ce "
                     "nécessaire ? », « Est-ce suffisant ? ». Un seul fait par case, objectif et "
                     "vérifié, sans jugement. Reliez ensuite chaque antécédent au fait qui en "
                     "résulte.",
        "facts_title": "Faits", "links": "Liens (antécédent → conséquence)",
        "add_fact": "Ajouter un fait", "fact": "Fait {n}", "add_link": "Ajouter un lien",
        "link": "Lien {n}", "id": "Identifiant", "text": "Fait",
        "text_ph": "Un fait objectif et vérifié : « le carter était démonté »",
        "kind": "Nature", "category": "Catégorie", "sources": "Sources (ex. A3, T2)",
        "hypothesis": "Hypothèse (fait non vérifié)", "root": "Cause racine à traiter",
        "antecedent": "Antécédent", "consequence": "Conséquence",
        "fact_missing": "{id} (fait inexistant)",
    },
}

KIND_LABELS: dict[str, str] = {"inhabituel": "Inhabituel (variation)",
                               "permanent": "Permanent (habituel)"}
CATEGORY_LABELS: dict[str, str] = {"I": "I — Individu", "T": "T — Tâche", "Ma": "Ma — Matériel",
                                   "Mi": "Mi — Milieu"}


# --- row helpers shared by the exercise's forms --------------------------------------------------


def date_field(description: str, value: dt.date | None = None) -> widgets.DatePicker:
    """A date picker with a visible label, aligned with the other fields."""
    return widgets.DatePicker(value=value, description=description, style=_WIDE)


def combo_field(description: str, value: str, options: Sequence[str],
                placeholder: str = "") -> widgets.Combobox:
    """A free text with suggestions (ids of the corpus, functions of the organisation)."""
    return widgets.Combobox(value=value, options=list(options), ensure_option=False,
                            description=description, placeholder=placeholder,
                            continuous_update=False, layout=widgets.Layout(width="95%"),
                            style=_WIDE)


def multi_field(description: str, options: Options,
                value: Sequence[str]) -> widgets.SelectMultiple:
    """A multiple selection with a visible label (Ctrl + clic)."""
    return widgets.SelectMultiple(options=options, value=tuple(value), description=description,
                                  rows=min(6, max(2, len(options))),
                                  layout=widgets.Layout(width="95%"), style=_WIDE)


def with_missing(options: Options, kept: Sequence[str], label: str) -> Options:
    """``options`` plus each value of ``kept`` that is not one of them, labelled ``label``."""
    known = {v for _label, v in options}
    return [*options, *((label.format(id=k), k) for k in kept if k and k not in known)]


class FieldsRow:
    """One row of a :class:`RowsEditor`: ``fields`` maps each answer field to its input.

    Args:
        fields: The inputs, shown in this order.
        notify: Called when an input changes (not while :meth:`offer` replaces options).
        convert: Per field, turns the input's value into the answer's (e.g. ``parse_ids``).
    """

    def __init__(self, fields: Mapping[str, widgets.Widget], notify: Callable[[], None], *,
                 convert: Mapping[str, Callable[[Any], Any]] | None = None) -> None:
        self.fields = dict(fields)
        self.convert = dict(convert or {})
        self._busy = False
        for widget in self.fields.values():
            widget.observe(lambda _change: None if self._busy else notify(), names="value")
        self.box: widgets.Widget = widgets.VBox(list(self.fields.values()))

    def offer(self, name: str, options: Options, missing: str) -> None:
        """New options for a dropdown or multiple selection; chosen values are kept (flagged)."""
        widget = self.fields[name]
        multiple = isinstance(widget, widgets.SelectMultiple)
        kept = list(widget.value) if multiple else [widget.value]
        self._busy = True
        try:
            widget.options = with_missing(options, kept, missing)
            widget.value = tuple(kept) if multiple else kept[0]
        finally:
            self._busy = False

    def value(self) -> dict[str, Any]:
        return {name: self.convert.get(name, _same)(widget.value)
                for name, widget in self.fields.items()}


def _same(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


# --- PPE field check -------------------------------------------------------------------------------


def parse_rate(text: str) -> float | None:
    """« 83,2 % » → 83.2, empty → None; raises ValueError outside 0–100 or not a number."""
    cleaned = text.strip().rstrip("%").replace("\u202f", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    value = float(cleaned)
    if not 0 <= value <= 100:
        raise ValueError(text)
    return value


class EpiStep(StepForm):
    """PPE gaps, stations never observed and conformity rate, under the station × PPE matrix."""

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        epi, case = ctx.session.answers.epi, ctx.session.case
        self.summary = ppe_summary(*corpus_data.ppe_inputs(case))
        postes = [(t("choose"), ""), *((p, p) for p in self.summary.postes)]
        epis = [(t("choose"), ""), *((e, e) for e in self.summary.epis)]

        def gap(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            poste, ppe = str(data.get("poste", "")), str(data.get("epi", ""))
            return FieldsRow({
                "poste": dropdown_field(t("station"), with_missing(postes, [poste],
                                                                   t("missing")), poste),
                "epi": dropdown_field(t("ppe"), with_missing(epis, [ppe], t("missing")), ppe),
                "constat": textarea_field(t("finding"), str(data.get("constat", "")),
                                          t("finding_ph"), rows=2),
                "action": textarea_field(t("action"), str(data.get("action", "")), rows=2),
                "faits": text_field(t("facts"), format_ids(list(data.get("faits", []))),
                                    t("facts_ph"))}, notify, convert={"faits": parse_ids})

        self.gaps = RowsEditor(gap, lambda _values: self._changed(),
                               [g.model_dump() for g in epi.ecarts], item_title=t("gap"),
                               add_label=t("add_gap"), lang=ctx.lang)
        self.non_observes = multi_field(t("not_observed"), with_missing(
            postes[1:], epi.postes_non_observes, t("missing")), epi.postes_non_observes)
        rate = "" if epi.taux_conformite is None else fr_number(epi.taux_conformite, 1)
        self.taux = text_field(t("rate"), rate, t("rate_ph"))
        self.commentaire = textarea_field(t("comment"), epi.commentaire)
        for widget in (self.non_observes, self.taux, self.commentaire):
            widget.observe(self._changed, names="value")
        self.figure = widgets.HTML(views.ppe_html(self.summary))
        self.layout_with(help_text(t("epi_help")), self.figure, self.gaps, self.non_observes,
                         self.taux, self.commentaire)

    def _changed(self, _change: Any = None) -> None:
        try:
            rate = parse_rate(self.taux.value)
        except ValueError:
            self.issues.invalid(self.t("bad_rate", value=self.taux.value))
            return
        self.commit({"epi": {"ecarts": self.gaps.values(),
                             "postes_non_observes": list(self.non_observes.value),
                             "taux_conformite": rate, "commentaire": self.commentaire.value}})

    def current_issues(self) -> list[Issue]:
        return ppe_issues(self.ctx.session.answers.epi.ecarts, self.summary)


# --- cause tree ------------------------------------------------------------------------------------


class ArbreStep(StepForm):
    """Facts and links of the cause tree; the figure and the checks follow every change."""

    topic = "arbre"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        tree = ctx.session.answers.arbre
        self.known_sources = corpus_data.known_sources(ctx.session.case)

        def fact(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            row = FieldsRow({
                "id": text_field(t("id"), str(data.get("id", ""))),
                "texte": textarea_field(t("text"), str(data.get("texte", "")), t("text_ph"),
                                        rows=2),
                "nature": dropdown_field(t("kind"), [(v, k) for k, v in KIND_LABELS.items()],
                                         data.get("nature", "inhabituel"), width="30em"),
                "categorie": dropdown_field(t("category"), [("—", ""), *(
                    (v, k) for k, v in CATEGORY_LABELS.items())], data.get("categorie") or "",
                    width="30em"),
                "sources": text_field(t("sources"), format_ids(list(data.get("sources", []))),
                                      t("facts_ph")),
                "hypothese": checkbox_field(t("hypothesis"), bool(data.get("hypothese"))),
                "cause_racine": checkbox_field(t("root"), bool(data.get("cause_racine")))},
                notify, convert={"categorie": lambda v: v or None, "sources": parse_ids})
            row.fields["id"].layout.width = "24em"
            return row

        def link(data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
            def pick(name: str) -> widgets.Dropdown:
                current = str(data.get(name, ""))
                return dropdown_field(t(name), with_missing(self._facts(), [current],
                                                            t("fact_missing")), current,
                                      width="30em")

            row = FieldsRow({name: pick(name) for name in ("antecedent", "consequence")}, notify)
            row.box = widgets.HBox([row.fields["antecedent"], widgets.HTML("&nbsp;→&nbsp;"),
                                    row.fields["consequence"]])
            return row

        self.facts = RowsEditor(
            fact, self._facts_changed, [f.model_dump() for f in tree.faits],
            new_row=lambda values: {"id": next_id("F", [v["id"] for v in values])},
            item_title=t("fact"), add_label=t("add_fact"), lang=ctx.lang)
        self.links = RowsEditor(link, lambda _values: self._changed(),
                                [x.model_dump() for x in tree.liens], item_title=t("link"),
                                add_label=t("add_link"), lang=ctx.lang)
        self.figure = widgets.HTML(views.tree_html(tree))
        self.layout_with(help_text(t("tree_help")), heading(t("facts_title")), self.facts,
                         heading(t("links")), self.links, self.figure)

    def _facts(self) -> Options:
        """``("F1 — Le carter…", "F1")`` for each fact of the editor, after « — choisir — »."""
        return [(self.t("choose"), ""), *((f"{f['id']} — {short(str(f['texte']), 50)}",
                                           str(f["id"])) for f in self.facts.values() if f["id"])]

    def _facts_changed(self, _values: list[dict[str, Any]]) -> None:
        for row in self.links.rows:
            for name in ("antecedent", "consequence"):
                row.offer(name, self._facts(), self.t("fact_missing"))  # type: ignore[attr-defined]
        self._changed()

    def _changed(self) -> None:
        tree = {"faits": self.facts.values(), "liens": self.links.values()}
        if self.commit({"arbre": tree}):
            self.figure.value = views.tree_html(self.ctx.session.answers.arbre)

    def current_issues(self) -> list[Issue]:
        return check_tree(self.ctx.session.answers.arbre, self.known_sources)
