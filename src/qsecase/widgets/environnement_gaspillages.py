"""The waste step of the environmental exercise (3-3): each waste of flow or material seen in the
corpus (lighting left on, compressed-air leaks, water running, bins badly sorted…), the facts that
prove it, the service and the function of the field actor to alert, and a simple action the trainee
can lead with them, with how it will be done.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.base import Issue
from qsecase.methods.flows import WasteActor
from qsecase.views.tables import table_html
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import format_ids, heading, help_text, parse_ids, text_field, textarea_field, tr
from qsecase.widgets.environnement_beges import source_issues
from qsecase.widgets.environnement_rows import functions, row_problems, services
from qsecase.widgets.rows import RowsEditor
from qsecase.widgets.sst_accident_tree import FieldsRow, combo_field

__all__ = ["TEXTS", "GaspillagesStep", "actor_issues", "actor_row", "actors_html"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Relevez dans le corpus les gaspillages de flux (eau, énergie, air comprimé) et de "
                "matières (huile, emballages, déchets mal triés), avec les faits qui les prouvent. Pour "
                "chacun, désignez le service et la fonction de l'acteur de terrain à alerter, puis une "
                "action simple que vous pouvez mener avec lui et la manière de la mettre en œuvre "
                "(quand, avec qui, comment vérifier).",
        "add": "Ajouter un gaspillage", "item": "Gaspillage {n}", "waste": "Gaspillage constaté",
        "waste_ph": "ex. éclairage des zones à l'arrêt allumé la nuit", "sources": "Faits du corpus",
        "sources_ph": "identifiants séparés par des virgules (ex. EV25)", "service": "Service concerné",
        "function": "Acteur de terrain (fonction)", "simple": "Action simple",
        "simple_ph": "ex. consigne d'extinction par zone en fin de poste",
        "how": "Modalité", "how_ph": "avec qui, quand, comment vérifier",
        "table": "Gaspillages et acteurs", "incomplete": "{item} : à préciser : {fields}.",
        "no_source": "{item} : citez au moins un fait du corpus qui prouve le gaspillage.",
    },
}
_FIELDS = {"service": "service", "fonction": "acteur de terrain", "action_simple": "action simple",
           "modalite": "modalité"}


def actor_row(data: Mapping[str, Any], notify: Callable[[], None], people: Sequence[str],
              units: Sequence[str], lang: str = "fr") -> FieldsRow:
    """One waste and the actor who can act on it."""
    t = partial(tr, TEXTS, lang)
    return FieldsRow({
        "gaspillage": text_field(t("waste"), str(data.get("gaspillage", "")), t("waste_ph")),
        "sources": text_field(t("sources"), format_ids(list(data.get("sources", []))), t("sources_ph")),
        "service": combo_field(t("service"), str(data.get("service", "")), units),
        "fonction": combo_field(t("function"), str(data.get("fonction", "")), people),
        "action_simple": textarea_field(t("simple"), str(data.get("action_simple", "")), t("simple_ph"),
                                        rows=2),
        "modalite": textarea_field(t("how"), str(data.get("modalite", "")), t("how_ph"), rows=2),
    }, notify, convert={"sources": parse_ids})


def actor_issues(actors: Sequence[WasteActor], known: set[str], lang: str = "fr") -> list[Issue]:
    """Wastes without proof, without actor or without action, and sources unknown to the corpus."""
    t = partial(tr, TEXTS, lang)
    issues = []
    for n, a in enumerate(actors, 1):
        item = t("item").format(n=n)
        if not a.sources:
            issues.append(Issue(level="attention", message=t("no_source", item=item)))
        missing = [label for key, label in _FIELDS.items() if not getattr(a, key)]
        if missing:
            issues.append(Issue(level="attention",
                                message=t("incomplete", item=item, fields=", ".join(missing))))
    return issues + source_issues([a.model_dump() for a in actors], known, t("item"), lang)


def actors_html(actors: Sequence[WasteActor]) -> str:
    """The wastes and their actors as a table."""
    if not actors:
        return "<p>Aucun gaspillage renseigné.</p>"
    rows = [(a.gaspillage, ", ".join(a.sources) or "—", a.service or "—", a.fonction or "—",
             a.action_simple or "—", a.modalite or "—") for a in actors]
    return table_html("Gaspillages de flux et de matières, acteurs et actions simples",
                      ["Gaspillage", "Faits", "Service", "Acteur (fonction)", "Action simple", "Modalité"],
                      rows, row_headers=True)


class GaspillagesStep(StepForm):
    """The wastes, their actors and simple actions, their checks and their table."""

    topic = "gaspillages"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        case = ctx.session.case
        self.known = set(case.facts) | {d.id for d in case.spec.documents}
        people, units = functions(case), services(case)
        self.editor = RowsEditor(lambda data, notify: actor_row(data, notify, people, units, ctx.lang),
                                 self._changed, [g.model_dump() for g in ctx.session.answers.gaspillages],
                                 item_title=t("item"), add_label=t("add"), lang=ctx.lang)
        self.preview = widgets.HTML()
        self.layout_with(help_text(t("help")), self.editor, heading(t("table")), self.preview)
        self._redraw()

    def _changed(self, values: list[dict[str, Any]]) -> None:
        problems = row_problems(values, self.t("item"), required={"gaspillage": "gaspillage"},
                                lang=self.ctx.lang)
        if problems:
            self.issues.invalid(" ; ".join(problems))
        elif self.commit({"gaspillages": values}):
            self._redraw()

    def _redraw(self) -> None:
        self.preview.value = actors_html(self.ctx.session.answers.gaspillages)

    def current_issues(self) -> list[Issue]:
        return actor_issues(self.ctx.session.answers.gaspillages, self.known, self.ctx.lang)
