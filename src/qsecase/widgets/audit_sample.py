"""The sampling step of the internal audit exercise (4-4.a, ISO 19011 annex A.6): one or more samples
of corpus records, each with its population, objective, method, size, seed and stratum.

« Tirer l'échantillon » draws the elements reproducibly
(:func:`~qsecase.methods.audit_sampling.draw_sample`); it never replaces elements already drawn —
the trainee clears them first, on purpose. A judgement-based sample (« raisonné ») is chosen by hand
in the list of the population's records. Each sample shows its coverage (overall and per stratum),
its plan and the records drawn.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.case_model import Case
from qsecase.methods.audit import SAMPLING_METHODS, draw_sample
from qsecase.methods.base import Issue
from qsecase.views.tables import esc
from qsecase.widgets.audit_case import (
    population,
    populations,
    record_options,
    strata,
    strata_columns,
)
from qsecase.widgets.audit_sample_view import sample_issues, sample_view
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import dropdown_field, help_text, text_field, textarea_field, tr
from qsecase.widgets.rows import RowsEditor
from qsecase.widgets.sst_accident_tree import multi_field, with_missing

__all__ = ["TEXTS", "SampleRow", "SampleStep"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Un audit ne voit qu'une partie des enregistrements : définissez pour chaque "
                "population examinée (un tableau du corpus) l'objectif de l'échantillon, la "
                "méthode, la taille et, pour un tirage au sort, une graine qui rend le tirage "
                "reproductible. Stratifiez sur une colonne (type, étape, mois…) pour couvrir chaque "
                "catégorie. En échantillonnage raisonné, choisissez vous-même les enregistrements "
                "et justifiez ce choix.",
        "add": "Ajouter un échantillon", "item": "Échantillon {n}", "population": "Population",
        "choose": "— choisir —", "unknown": "{id} (inconnu du corpus)", "objective": "Objectif",
        "objective_ph": "ce que l'examen de ces enregistrements doit vérifier",
        "method": "Méthode", "size": "Taille de l'échantillon",
        "seed": "Graine du tirage", "seed_ph": "nombre entier ; choisi au premier tirage s'il manque",
        "stratum": "Colonne de stratification", "none": "— aucune —",
        "picked": "Enregistrements choisis (Ctrl + clic)", "justification": "Justification",
        "justification_ph": "pourquoi cette taille, cette méthode, ces enregistrements",
        "draw": "Tirer l'échantillon", "clear": "Effacer les éléments tirés",
        "no_population": "✖ Choisissez d'abord la population à échantillonner.",
        "no_size": "✖ Indiquez la taille de l'échantillon avant de tirer.",
        "judgement": "✖ Échantillonnage raisonné : choisissez vous-même les enregistrements dans la "
                     "liste ci-dessus ; rien n'est tiré au sort.",
        "already": "✖ Éléments déjà tirés ({n}) : le tirage ne les remplace pas. Pour tirer à "
                   "nouveau, cliquez d'abord sur « Effacer les éléments tirés ».",
        "drawn": "✔ Éléments tirés : {n} (méthode : {method}, graine : {seed}).",
        "cleared": "✔ Éléments effacés : vous pouvez tirer un nouvel échantillon.",
        "error": "✖ Tirage impossible : {reason}",
        "seed_nan": "la graine « {value} » n'est pas un nombre entier",
        "bad_seed": "{item} : la graine « {value} » n'est pas un nombre entier.",
    },
}


def _seed(text: str) -> int | None:
    """« 2026 » → 2026, « » → None; raises ValueError otherwise."""
    cleaned = text.strip().replace(" ", "").replace("\u202f", "")
    return int(cleaned) if cleaned else None


class SampleRow:
    """One sample: its fields, the draw and clear buttons, and its live view."""

    def __init__(self, data: Mapping[str, Any], notify: Callable[[], None], case: Case,
                 lang: str = "fr") -> None:
        self.t = t = partial(tr, TEXTS, lang)
        self.case, self.notify, self.lang = case, notify, lang
        self.elements: list[str] = [str(e) for e in data.get("elements", [])]
        self._busy = False
        table = str(data.get("population", ""))
        pops = with_missing([(t("choose"), ""), *populations(case)], [table], t("unknown"))
        self.fields: dict[str, widgets.Widget] = {
            "population": dropdown_field(t("population"), pops, table),
            "objectif": textarea_field(t("objective"), str(data.get("objectif", "")),
                                       t("objective_ph"), rows=2),
            "methode": dropdown_field(t("method"), [(v, k) for k, v in SAMPLING_METHODS.items()],
                                      data.get("methode", "aléatoire")),
            "taille": widgets.BoundedIntText(value=int(data.get("taille", 0)), min=0, max=100000,
                                             description=t("size"), style={"description_width": "14em"},
                                             layout=widgets.Layout(width="24em")),
            "graine": text_field(t("seed"), "" if data.get("graine") is None else str(data["graine"]),
                                 t("seed_ph")),
            "strate": dropdown_field(t("stratum"), [(t("none"), "")], ""),
            "justification": textarea_field(t("justification"), str(data.get("justification", "")),
                                            t("justification_ph"), rows=2),
        }
        self.picked = multi_field(t("picked"), [], [])
        self.picked.rows = 8
        self._offer(str(data.get("strate", "")))
        for name, widget in self.fields.items():
            widget.observe(lambda _c, n=name: self._field_changed(n), names="value")
        self.picked.observe(lambda _c: self._picked_changed(), names="value")
        self.draw_button = widgets.Button(description=t("draw"), icon="random", tooltip=t("draw"),
                                          layout=widgets.Layout(width="auto"))
        self.clear_button = widgets.Button(description=t("clear"), icon="eraser", tooltip=t("clear"),
                                           layout=widgets.Layout(width="auto"))
        self.draw_button.on_click(lambda _b: self.draw())
        self.clear_button.on_click(lambda _b: self.clear())
        self.message = widgets.HTML()
        self.view = widgets.HTML()
        f = self.fields
        self.box = widgets.VBox([f["population"], f["objectif"], f["methode"], f["taille"], f["graine"],
                                 f["strate"], self.picked, widgets.HBox([self.draw_button,
                                                                         self.clear_button]),
                                 self.message, f["justification"], self.view])
        self._show_picked()

    # --- inputs ------------------------------------------------------------------------------

    def _offer(self, stratum: str) -> None:
        """The strata and the records of the chosen population (the stratum kept when possible)."""
        table = self.fields["population"].value
        self._busy = True
        try:
            columns = [(self.t("none"), ""), *((c, c) for c in strata_columns(self.case, table))]
            self.fields["strate"].options = with_missing(columns, [stratum], self.t("unknown"))
            self.fields["strate"].value = stratum
            options = record_options(self.case, table)
            self.picked.options = options
            ids = {i for _label, i in options}
            self.picked.value = tuple(e for e in self.elements if e in ids)
        finally:
            self._busy = False

    def _show_picked(self) -> None:
        judgement = self.fields["methode"].value == "raisonné"
        self.picked.layout.display = "" if judgement else "none"
        self.draw_button.disabled = judgement

    def _field_changed(self, name: str) -> None:
        if self._busy:
            return
        if name == "population":
            self._offer(self.fields["strate"].value)
        if name == "methode":
            self._show_picked()
        self.notify()

    def _picked_changed(self) -> None:
        if self._busy or self.fields["methode"].value != "raisonné":
            return
        self.elements = list(self.picked.value)
        self.notify()

    def seed(self) -> int | None:
        return _seed(self.fields["graine"].value)

    def value(self) -> dict[str, Any]:
        f = self.fields
        try:
            seed: Any = self.seed()
        except ValueError:
            seed = f["graine"].value  # refused by the step with a French message
        return {**{k: w.value for k, w in f.items()}, "graine": seed, "elements": list(self.elements)}

    # --- draw and clear ----------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.message.value = f'<p role="status"><strong>{esc(text)}</strong></p>'

    def draw(self) -> list[str]:
        """Draw the sample into ``elements``; refused (with a French reason) when some are there."""
        f, t = self.fields, self.t
        if self.elements:
            self._say(t("already", n=len(self.elements)))
            return []
        if not f["population"].value:
            self._say(t("no_population"))
            return []
        if f["methode"].value == "raisonné":
            self._say(t("judgement"))
            return []
        if not f["taille"].value:
            self._say(t("no_size"))
            return []
        try:
            seed = self.seed()
        except ValueError:
            self._say(t("error", reason=t("seed_nan", value=f["graine"].value)))
            return []
        if seed is None:
            seed = random.SystemRandom().randrange(1, 10000)
        table = f["population"].value
        try:
            drawn = draw_sample(population(self.case, table), f["taille"].value, method=f["methode"].value,
                                seed=seed, strata=strata(self.case, table, f["strate"].value))
        except ValueError as exc:
            self._say(t("error", reason=str(exc)))
            return []
        self.elements = drawn
        self._busy = True
        try:
            f["graine"].value = str(seed)
            self.picked.value = tuple(drawn)
        finally:
            self._busy = False
        self._say(t("drawn", n=len(drawn), method=f["methode"].value, seed=seed))
        self.notify()
        return drawn

    def clear(self) -> None:
        """Empty ``elements`` (the trainee's explicit choice, before a new draw)."""
        self.elements = []
        self._busy = True
        try:
            self.picked.value = ()
        finally:
            self._busy = False
        self._say(self.t("cleared"))
        self.notify()


class SampleStep(StepForm):
    """The samples, their draws, coverage and records."""

    topic = "echantillon"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        self.editor = RowsEditor(
            lambda data, notify: SampleRow(data, notify, ctx.session.case, ctx.lang), self._changed,
            [s.model_dump() for s in ctx.session.answers.echantillons],
            new_row=lambda _v: {"methode": "aléatoire"}, item_title=t("item"), add_label=t("add"),
            lang=ctx.lang)
        self.layout_with(help_text(t("help")), self.editor)
        self._redraw()

    def _changed(self, values: list[dict[str, Any]]) -> None:
        bad = [self.t("bad_seed", item=self.t("item", n=n), value=v["graine"])
               for n, v in enumerate(values, 1) if isinstance(v["graine"], str)]
        if bad:
            self.issues.invalid(" ; ".join(bad))
            return
        if self.commit({"echantillons": values}):
            self._redraw()

    def _redraw(self) -> None:
        a, case = self.ctx.session.answers, self.ctx.session.case
        for row, sample in zip(self.editor.rows, a.echantillons, strict=False):
            assert isinstance(row, SampleRow)
            row.view.value = sample_view(sample, case, self.ctx.lang)

    def current_issues(self) -> list[Issue]:
        return sample_issues(self.ctx.session.answers.echantillons, self.ctx.session.case)
