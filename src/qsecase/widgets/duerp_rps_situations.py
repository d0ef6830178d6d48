"""The DUERP editor of the DUERP-update exercise: the previous version taken up, the situations of
each work unit, their rating on the organisation's grid, and live checks, heat maps and ranking.

The situations of one work unit are edited at a time (a :class:`~qsecase.widgets.rows.RowsEditor`
per unit, built when the unit is first chosen, rows from :mod:`.duerp_rps_rows`); every committed
change re-runs :func:`~qsecase.methods.duerp.check_situations`, redraws the heat maps and the
ranked list, and tells the later steps (topic ``"situations"``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.exercises.duerp_rps import corpus_data
from qsecase.methods.base import Issue
from qsecase.methods.duerp import check_situations
from qsecase.views.duerp_heatmap import heat_map, heat_map_alt
from qsecase.views.duerp_html import ranked_html
from qsecase.views.render import figure_to_html
from qsecase.views.tables import esc
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import dropdown_field, help_text, tr
from qsecase.widgets.duerp_rps_rows import (
    load_previous,
    new_situation_id,
    situation_row,
    unit_options,
)
from qsecase.widgets.rows import RowsEditor

__all__ = ["RANKED_LIMIT", "TEXTS", "SituationsStep"]

RANKED_LIMIT = 15
"""The ranked list under the editor shows the most urgent situations only."""

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Reprenez d'abord la version précédente du DUERP, puis mettez-la à jour unité de "
                "travail par unité de travail : ajoutez les situations que le corpus révèle, "
                "recotez celles que les faits nouveaux changent, supprimez celles qui n'existent "
                "plus. Cotez la gravité, la fréquence et, si la grille de l'organisation en a, la "
                "maîtrise des mesures existantes ; la criticité et la priorité sont calculées.",
        "take_up": "Reprendre la version précédente (v{n} du {date})",
        "take_up_tip": "Copie les situations de la version précédente, seulement si votre DUERP "
                       "est vide",
        "taken_up": "✔ {n} situations reprises de la version {v} : mettez-les à jour unité par "
                    "unité.",
        "not_empty": "✖ Reprise refusée : votre DUERP contient déjà des situations ; rien n'a "
                     "été remplacé. Pour repartir de la version précédente, supprimez d'abord "
                     "toutes vos situations.",
        "no_previous": "✖ Version précédente illisible : {reason}",
        "unit": "Unité de travail", "add": "Ajouter une situation", "item": "Situation {n}",
        "unit_map": "Cotation des situations — {unit}",
        "site_map": "Cotation des situations — ensemble du site",
        "bad_count": "Salariés exposés : « {value} » n'est pas un nombre entier positif.",
    },
}


class SituationsStep(StepForm):
    """The previous version taken up, the editor of one work unit, the checks, maps and ranking."""

    topic = "situations"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        case = ctx.session.case
        self.scale = corpus_data.scale(case)
        self.units = corpus_data.units(case)
        self.previous, problem = load_previous(case)
        self.editors: dict[str, RowsEditor] = {}
        prev = self.previous
        label = (t("take_up", n=prev.numero, date=f"{prev.date:%d/%m/%Y}") if prev
                 else t("no_previous", reason=problem))
        self.take_up = widgets.Button(description=label, tooltip=t("take_up_tip"),
                                      icon="files-o", layout=widgets.Layout(width="auto"))
        self.take_up.on_click(lambda _b: self.take_up_previous())
        self.take_up_status = widgets.HTML("" if prev else f"<p>{esc(label)}</p>")
        answers = ctx.session.answers.situations
        self.unit = dropdown_field(t("unit"), unit_options(case, answers, ctx.lang),
                                   self.units[0] if self.units else None)
        self.unit.observe(lambda _c: self._show_unit(), names="value")
        self.editor_box = widgets.VBox()
        self.unit_map, self.site_map = widgets.HTML(), widgets.HTML()
        self.ranked = widgets.HTML()
        self.layout_with(help_text(t("help")), self.take_up, self.take_up_status, self.unit,
                         self.editor_box, self.unit_map, self.site_map, self.ranked)
        self._show_unit()

    # --- the editors of the work units -----------------------------------------------------

    def _editor(self, unit: str) -> RowsEditor:
        if unit not in self.editors:
            situations = self.ctx.session.answers.situations
            self.editors[unit] = RowsEditor(
                lambda data, notify: situation_row(data, notify, scale=self.scale,
                                                   lang=self.ctx.lang),
                lambda _values: self._changed(),
                [s.model_dump() for s in situations if s.unite == unit],
                new_row=lambda _values: {"id": new_situation_id(unit, [v["id"] for v in self.values()])},
                item_title=self.t("item"), add_label=self.t("add"), lang=self.ctx.lang)
        return self.editors[unit]

    def _show_unit(self) -> None:
        unit = self.unit.value
        self.editor_box.children = [self._editor(unit)] if unit else []
        self._redraw()

    def values(self) -> list[dict[str, Any]]:
        """Every situation of every unit, as the editors hold them, grouped by work unit."""
        situations = self.ctx.session.answers.situations
        out: list[dict[str, Any]] = []
        for _label, unit in self.unit.options:
            if unit in self.editors:
                out += [{**v, "unite": unit} for v in self.editors[unit].values()]
            else:
                out += [s.model_dump() for s in situations if s.unite == unit]
        return out

    def _changed(self) -> None:
        values = self.values()
        bad = [str(v["exposes"]) for v in values if isinstance(v["exposes"], str)]
        if bad:
            self.issues.invalid(self.t("bad_count", value=bad[0]))
            return
        if self.commit({"situations": values}):
            self._redraw()

    # --- the previous version ---------------------------------------------------------------

    def take_up_previous(self) -> bool:
        """Copy the previous version into an empty DUERP; refuse (and change nothing) otherwise."""
        if self.previous is None:
            return False
        if self.ctx.session.answers.situations or any(e.rows for e in self.editors.values()):
            self.take_up_status.value = f'<p role="status">{esc(self.t("not_empty"))}</p>'
            return False
        self.editors.clear()
        if not self.commit({"situations": self.previous.situations}):
            return False
        self.take_up_status.value = '<p role="status">{}</p>'.format(esc(self.t(
            "taken_up", n=len(self.previous.situations), v=self.previous.numero)))
        self._show_unit()
        return True

    # --- live views -----------------------------------------------------------------------------

    def _redraw(self) -> None:
        situations = self.ctx.session.answers.situations
        self.take_up.disabled = self.previous is None or bool(situations) or any(
            e.rows for e in self.editors.values())
        unit = self.unit.value
        title = self.t("unit_map", unit=self.unit.label or unit)
        fig = heat_map(situations, self.scale, unite=unit, title=title)
        self.unit_map.value = figure_to_html(fig, heat_map_alt(situations, self.scale, unit))
        title = self.t("site_map")
        fig = heat_map(situations, self.scale, title=title)
        self.site_map.value = figure_to_html(fig, heat_map_alt(situations, self.scale))
        self.ranked.value = ranked_html(situations, self.scale, limit=RANKED_LIMIT)

    def current_issues(self) -> list[Issue]:
        return check_situations(self.ctx.session.answers.situations, self.scale, self.units)
