"""The register steps of the environmental exercise (3-1): the data-collection plan and the
chronological register of outgoing waste.

* ``collecte``: each datum, who holds it (a function of the organisation), on which support, when it
  is due and how it is chased; checked live (:func:`~qsecase.methods.env_registers.check_collection`)
  and shown with the reminders due on the case's date
  (:func:`~qsecase.methods.env_registers.reminders_due`, the months received read from the corpus's
  monthly flow table).
* ``registre``: one line per removal, from the waste tickets of the corpus shown beside the form;
  checked live (:func:`~qsecase.methods.env_registers.check_waste_register`: mandatory fields,
  hazardous waste without BSD, treatment code against its qualification, chronology) and exported
  as a workbook.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.errors import QsecaseError
from qsecase.exercises.environnement import corpus_data
from qsecase.methods.base import Issue
from qsecase.methods.env_registers import (
    TREATMENT_KINDS,
    check_collection,
    check_waste_register,
    reminders_due,
)
from qsecase.views.env_views import collection_html, register_workbook, waste_register_html
from qsecase.views.tables import corpus_html, esc
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import dropdown_field, format_ids, heading, help_text, parse_ids, text_field, tr
from qsecase.widgets.environnement_beges import source_issues
from qsecase.widgets.environnement_rows import (
    SUPPORTS,
    functions,
    number_text,
    parse_int,
    parse_number,
    row_problems,
)
from qsecase.widgets.exports import ExportButton
from qsecase.widgets.rows import RowsEditor
from qsecase.widgets.sst_accident_tree import FieldsRow, combo_field, date_field, with_missing

__all__ = ["EXPORT_XLSX", "TEXTS", "TREATMENTS", "CollecteStep", "RegistreStep", "collection_row",
           "reminders", "waste_row"]

EXPORT_XLSX = "registre-dechets.xlsx"
TREATMENTS: dict[str, str] = {
    "R1": "utilisation comme combustible ou pour produire de l'énergie", "R2": "régénération des solvants",
    "R3": "recyclage des substances organiques", "R4": "recyclage des métaux et composés métalliques",
    "R5": "recyclage d'autres matières inorganiques", "R6": "régénération des acides ou des bases",
    "R7": "récupération des produits de captage des polluants", "R8": "récupération des catalyseurs",
    "R9": "régénération ou autre réemploi des huiles", "R10": "épandage sur le sol",
    "R11": "utilisation de déchets issus de R1 à R10", "R12": "échange préalable à R1 à R11",
    "R13": "stockage préalable à R1 à R12", "D1": "dépôt sur ou dans le sol (mise en décharge)",
    "D2": "traitement en milieu terrestre", "D3": "injection en profondeur", "D4": "lagunage",
    "D5": "mise en décharge spécialement aménagée", "D6": "rejet dans le milieu aquatique",
    "D7": "immersion", "D8": "traitement biologique", "D9": "traitement physico-chimique",
    "D10": "incinération à terre", "D11": "incinération en mer", "D12": "stockage permanent",
    "D13": "regroupement préalable à D1 à D12", "D14": "reconditionnement préalable à D1 à D13",
    "D15": "stockage préalable à D1 à D14",
}
"""Treatment codes (directive 2008/98/CE, annexes I and II), with a short French title."""

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "collect_help": "Établissez le plan de collecte des données environnementales : pour chaque "
                        "donnée (consommations, déchets, fluides frigorigènes…), la fonction qui la "
                        "détient, le support sur lequel elle arrive, le jour du mois suivant où elle est "
                        "attendue, puis le délai et la manière de la relancer si elle manque.",
        "add_datum": "Ajouter une donnée", "datum": "Donnée {n}", "donnee": "Donnée à recueillir",
        "donnee_ph": "ex. consommation d'électricité mensuelle", "actor": "Détenteur (fonction)",
        "support": "Support", "due": "Échéance (jour du mois suivant)", "due_ph": "de 1 à 31",
        "delay": "Relance après (jours)", "delay_ph": "de 1 à 60", "chase": "Modalité de relance",
        "chase_ph": "qui relance qui, comment (courriel, point hebdomadaire…)",
        "plan": "Plan de collecte et relances",
        "when": "Les relances sont calculées à la date du cas, le {date}, d'après les mois déjà reçus "
                "dans le tableau des flux mensuels du corpus.",
        "register_help": "Tenez le registre chronologique des déchets sortants (article R541-43 du code de "
                         "l'environnement) à partir des bons d'enlèvement du corpus, affichés à droite : "
                         "une ligne par enlèvement, dans l'ordre des dates. Un déchet dangereux (code "
                         "suivi de « * ») voyage avec un bordereau de suivi (BSD, Trackdéchets).",
        "add_line": "Ajouter un enlèvement", "line": "Enlèvement {n}", "date": "Date d'expédition",
        "denomination": "Dénomination du déchet", "code": "Code déchet",
        "code_ph": "ex. 12 01 01 ou 13 02 05*",
        "quantity": "Quantité", "quantity_ph": "nombre, ex. 2,4", "unit": "Unité",
        "installation": "Installation destinataire", "installation_ph": "nom, adresse, SIRET",
        "carrier": "Transporteur", "carrier_ph": "nom, adresse, n° de récépissé",
        "bsd": "N° de bordereau (BSD)", "bsd_ph": "déchet dangereux : n° BSD / Trackdéchets",
        "treatment": "Code de traitement", "qualification": "Qualification du traitement",
        "choose": "— choisir —", "unknown": "{id} (valeur inconnue)", "sources": "Sources (bons, tickets)",
        "sources_ph": "identifiants séparés par des virgules", "tickets": "Bons d'enlèvement du corpus",
        "no_tickets": "Bons d'enlèvement illisibles : {reason}", "register": "Registre des déchets",
        "exports": "Export du registre", "export_xlsx": "Exporter le registre et le plan de collecte (Excel)",
    },
}


def reminders(session: Any) -> list[str]:
    """The reminders due on the case's date for the collection plan of ``session``."""
    case, items = session.case, session.answers.collecte
    received = corpus_data.received(case, [i.donnee for i in items])
    return reminders_due(items, received, case.spec.date_cas)


def collection_row(data: Mapping[str, Any], notify: Callable[[], None], people: list[str],
                   lang: str = "fr") -> FieldsRow:
    """One datum of the collection plan."""
    t = partial(tr, TEXTS, lang)
    row = FieldsRow({
        "donnee": text_field(t("donnee"), str(data.get("donnee", "")), t("donnee_ph")),
        "acteur": combo_field(t("actor"), str(data.get("acteur", "")), people),
        "support": combo_field(t("support"), str(data.get("support", "")), SUPPORTS),
        "echeance_jour": text_field(t("due"), number_text(data.get("echeance_jour")), t("due_ph")),
        "relance_jours": text_field(t("delay"), number_text(data.get("relance_jours")), t("delay_ph")),
        "relance": text_field(t("chase"), str(data.get("relance", "")), t("chase_ph")),
    }, notify, convert={"echeance_jour": parse_int, "relance_jours": parse_int})
    for name in ("echeance_jour", "relance_jours"):
        row.fields[name].layout.width = "30em"
    return row


class CollecteStep(StepForm):
    """The collection plan, its checks, its table and the reminders due on the case's date."""

    topic = "collecte"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        people = functions(ctx.session.case)
        self.editor = RowsEditor(lambda data, notify: collection_row(data, notify, people, ctx.lang),
                                 self._changed, [c.model_dump() for c in ctx.session.answers.collecte],
                                 item_title=t("datum"), add_label=t("add_datum"), lang=ctx.lang)
        self.preview = widgets.HTML()
        self.layout_with(help_text(t("collect_help")), self.editor, heading(t("plan")), self.preview)
        self._redraw()

    def _changed(self, values: list[dict[str, Any]]) -> None:
        problems = row_problems(values, self.t("datum"), required={"donnee": "donnée"}, integers={
            "echeance_jour": ("jour d'échéance", 1, 31), "relance_jours": ("délai de relance", 1, 60)},
            lang=self.ctx.lang)
        if problems:
            self.issues.invalid(" ; ".join(problems))
        elif self.commit({"collecte": values}):
            self._redraw()

    def _redraw(self) -> None:
        s = self.ctx.session
        when = self.t("when", date=f"{s.case.spec.date_cas:%d/%m/%Y}")
        self.preview.value = f"<p><em>{esc(when)}</em></p>{collection_html(s.answers.collecte, reminders(s))}"

    def current_issues(self) -> list[Issue]:
        return check_collection(self.ctx.session.answers.collecte)


def waste_row(data: Mapping[str, Any], notify: Callable[[], None], lang: str = "fr") -> FieldsRow:
    """One removal of the register of outgoing waste."""
    t = partial(tr, TEXTS, lang)
    treatment, kind = str(data.get("code_traitement", "")), str(data.get("qualification") or "")
    treatments = [(t("choose"), ""), *((f"{code} — {title}", code) for code, title in TREATMENTS.items())]
    kinds = [(t("choose"), ""), *((k, k) for k in TREATMENT_KINDS)]
    row = FieldsRow({
        "date": date_field(t("date"), data.get("date")),
        "denomination": text_field(t("denomination"), str(data.get("denomination", ""))),
        "code_dechet": text_field(t("code"), str(data.get("code_dechet", "")), t("code_ph")),
        "quantite": text_field(t("quantity"), number_text(data.get("quantite")), t("quantity_ph")),
        "unite": dropdown_field(t("unit"), ["t", "m³", "kg"], data.get("unite", "t"), width="30em"),
        "installation": text_field(t("installation"), str(data.get("installation", "")),
                                   t("installation_ph")),
        "transporteur": text_field(t("carrier"), str(data.get("transporteur", "")), t("carrier_ph")),
        "bordereau": text_field(t("bsd"), str(data.get("bordereau", "")), t("bsd_ph")),
        "code_traitement": dropdown_field(t("treatment"), with_missing(treatments, [treatment], t("unknown")),
                                          treatment),
        "qualification": dropdown_field(t("qualification"), with_missing(kinds, [kind], t("unknown")), kind),
        "sources": text_field(t("sources"), format_ids(list(data.get("sources", []))), t("sources_ph")),
    }, notify, convert={"quantite": parse_number, "qualification": lambda v: v or None, "sources": parse_ids})
    row.fields["quantite"].layout.width = "30em"
    return row


class RegistreStep(StepForm):
    """The register of outgoing waste beside the corpus's waste tickets, its checks and export."""

    topic = "registre"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        s, case = ctx.session, ctx.session.case
        self.known = set(case.facts) | {d.id for d in case.spec.documents}
        self.editor = RowsEditor(lambda data, notify: waste_row(data, notify, ctx.lang), self._changed,
                                 [ln.model_dump() for ln in s.answers.registre_dechets], item_title=t("line"),
                                 add_label=t("add_line"), lang=ctx.lang)
        try:
            corpus_data.waste_tickets(case)  # the table and its columns exist
            tickets = corpus_html(case, corpus_data.WASTE_TICKETS)
        except QsecaseError as exc:  # a broken case must not stop the form: the reason is shown
            tickets = f"<p>{esc(t('no_tickets', reason=exc))}</p>"
        self.tickets = widgets.HTML(tickets, layout=widgets.Layout(width="45%", max_height="60em",
                                                                   overflow="auto"))
        self.editor.layout.width = "55%"
        self.preview = widgets.HTML()
        self.xlsx = ExportButton(s, t("export_xlsx"), EXPORT_XLSX, lambda: register_workbook(
            case.spec.organisation.nom, s.answers.registre_dechets, s.answers.collecte))
        self.layout_with(help_text(t("register_help")), widgets.HBox([self.editor, self.tickets]),
                         heading(t("register")), self.preview, heading(t("exports")), self.xlsx)
        self._redraw()

    def _changed(self, values: list[dict[str, Any]]) -> None:
        problems = row_problems(values, self.t("line"), numbers={"quantite": "quantité"}, lang=self.ctx.lang)
        if problems:
            self.issues.invalid(" ; ".join(problems))
        elif self.commit({"registre_dechets": values}):
            self._redraw()

    def _redraw(self) -> None:
        self.preview.value = waste_register_html(self.ctx.session.answers.registre_dechets)

    def current_issues(self) -> list[Issue]:
        lines = self.ctx.session.answers.registre_dechets
        return check_waste_register(lines) + source_issues([ln.model_dump() for ln in lines], self.known,
                                                           self.t("line"), self.ctx.lang)
