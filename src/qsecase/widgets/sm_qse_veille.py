"""The regulatory watch step of the QSE management-system exercise (4-1): the organisation's watch
register taken up from the corpus, then each text assessed — source, dates, applicability and why,
requirements, actions with an owner and a deadline, compliance status and its evidence, date of the
evaluation. Checked live on the case's date (:func:`~qsecase.methods.reg_watch.check_watch`) and
shown as the register (:func:`~qsecase.views.sm_qse_html.watch_html`).

Taking up the corpus's register never overwrites: it is refused once the trainee's register has a
text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.errors import QsecaseError
from qsecase.exercises.sm_qse import corpus_data
from qsecase.methods.base import Issue
from qsecase.methods.reg_watch import RECOGNISED_SOURCES, WATCH_STATUSES, WatchEntry, check_watch
from qsecase.views.sm_qse_html import watch_html
from qsecase.views.tables import esc
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import dropdown_field, heading, help_text, text_field, textarea_field, tr
from qsecase.widgets.rows import RowsEditor, next_id
from qsecase.widgets.sm_qse_case import functions, today
from qsecase.widgets.sst_accident_tree import FieldsRow, combo_field, date_field

__all__ = ["APPLICABILITY_LABELS", "STATUS_OPTIONS", "TEXTS", "WatchStep", "watch_row"]

APPLICABILITY_LABELS: dict[str, str] = {"à évaluer": "? À évaluer", "applicable": "✔ Applicable",
                                        "non applicable": "– Non applicable"}
STATUS_OPTIONS: list[tuple[str, str]] = [(label, key) for key, label in WATCH_STATUSES.items()]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Reprenez d'abord le tableau de veille de l'organisation, puis mettez-le à jour texte "
                "par texte : vérifiez la source (un texte se lit sur une source officielle), évaluez "
                "son applicabilité et justifiez-la, résumez les exigences qui s'appliquent, prévoyez "
                "les actions avec un responsable et une échéance, puis donnez le statut de conformité "
                "et sa preuve, avec la date de votre évaluation. Ajoutez les textes qui manquent.",
        "take_up": "Reprendre le tableau de veille du corpus",
        "take_up_tip": "Copie les textes du tableau de veille du corpus, seulement si votre veille "
                       "est vide",
        "taken_up": "✔ {n} textes repris du corpus : évaluez-les un par un.",
        "not_empty": "✖ Reprise refusée : votre veille contient déjà des textes ; rien n'a été "
                     "remplacé. Pour repartir du tableau du corpus, supprimez d'abord tous vos "
                     "textes.",
        "no_table": "✖ Tableau de veille du corpus illisible : {reason}",
        "sources": "Sources reconnues : {names}.",
        "add": "Ajouter un texte", "item": "Texte {n}", "id": "Repère", "source": "Source",
        "source_ph": "ex. Légifrance, AIDA (INERIS), INRS", "text": "Texte (référence, intitulé)",
        "text_ph": "ex. Arrêté du … relatif à …", "published": "Date de publication",
        "applies": "Date d'application", "theme": "Thème", "theme_ph": "ex. déchets, bruit, ICPE",
        "applicability": "Applicabilité", "justification": "Justification",
        "justification_ph": "pourquoi le texte s'applique ou non (activité, effectif, seuils…)",
        "requirements": "Exigences applicables", "requirements_ph": "ce que le texte impose, résumé",
        "actions": "Actions", "actions_ph": "ce qu'il faut faire pour être conforme",
        "owner": "Responsable", "deadline": "Échéance", "status": "Statut de conformité",
        "evidence": "Preuve de conformité", "evidence_ph": "document ou enregistrement qui le prouve",
        "evaluated": "Date d'évaluation", "register": "Registre de veille",
        "no_text": "{item} : écrivez la référence du texte ; il n'est pas enregistré tant qu'elle "
                   "manque.",
    },
}


def watch_row(data: Mapping[str, Any], notify: Callable[[], None], owners: list[str],
              lang: str = "fr") -> FieldsRow:
    """One text of the register: every field of :class:`~qsecase.methods.reg_watch.WatchEntry`."""
    t = partial(tr, TEXTS, lang)
    applicability = [(label, key) for key, label in APPLICABILITY_LABELS.items()]
    row = FieldsRow({
        "id": text_field(t("id"), str(data.get("id", ""))),
        "source": combo_field(t("source"), str(data.get("source", "")), list(RECOGNISED_SOURCES.values()),
                              t("source_ph")),
        "texte": textarea_field(t("text"), str(data.get("texte", "")), t("text_ph"), rows=2),
        "date_publication": date_field(t("published"), data.get("date_publication")),
        "date_application": date_field(t("applies"), data.get("date_application")),
        "theme": text_field(t("theme"), str(data.get("theme", "")), t("theme_ph")),
        "applicabilite": dropdown_field(t("applicability"), applicability,
                                        data.get("applicabilite", "à évaluer")),
        "justification": textarea_field(t("justification"), str(data.get("justification", "")),
                                        t("justification_ph"), rows=2),
        "exigences": textarea_field(t("requirements"), str(data.get("exigences", "")),
                                    t("requirements_ph"), rows=2),
        "actions": textarea_field(t("actions"), str(data.get("actions", "")), t("actions_ph"), rows=2),
        "responsable": combo_field(t("owner"), str(data.get("responsable", "")), owners),
        "echeance": date_field(t("deadline"), data.get("echeance")),
        "statut": dropdown_field(t("status"), STATUS_OPTIONS, data.get("statut", "à évaluer")),
        "preuve": text_field(t("evidence"), str(data.get("preuve", "")), t("evidence_ph")),
        "date_evaluation": date_field(t("evaluated"), data.get("date_evaluation")),
    }, notify)
    row.fields["id"].layout.width = "24em"
    return row


class WatchStep(StepForm):
    """The take-up button, the register's editor, its checks and the register as a table."""

    topic = "veille"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        case = ctx.session.case
        self.today, self.owners = today(case), functions(case)
        self.take_up = widgets.Button(description=t("take_up"), tooltip=t("take_up_tip"), icon="files-o",
                                      layout=widgets.Layout(width="auto"))
        self.take_up.on_click(lambda _b: self.take_up_corpus())
        self.take_up_status = widgets.HTML()
        self.editor_box = widgets.VBox()
        self.editor = self._new_editor()
        self.register = widgets.HTML()
        names = ", ".join(RECOGNISED_SOURCES.values())
        self.layout_with(help_text(t("help")), self.take_up, self.take_up_status,
                         help_text(t("sources", names=names)), self.editor_box, heading(t("register")),
                         self.register)
        self._redraw()

    def _new_editor(self) -> RowsEditor:
        editor = RowsEditor(
            lambda data, notify: watch_row(data, notify, self.owners, self.ctx.lang), self._changed,
            [e.model_dump() for e in self.ctx.session.answers.veille],
            new_row=lambda values: {"id": next_id("V", [v["id"] for v in values])},
            item_title=self.t("item"), add_label=self.t("add"), lang=self.ctx.lang)
        self.editor_box.children = [editor]
        return editor

    def _changed(self, values: list[dict[str, Any]]) -> None:
        empty = [self.t("no_text", item=self.t("item", n=n)) for n, v in enumerate(values, 1)
                 if not str(v["texte"]).strip()]
        if empty:
            self.issues.invalid(" ; ".join(empty))
            return
        if self.commit({"veille": values}):
            self._redraw()

    def take_up_corpus(self) -> bool:
        """Copy the corpus's register into an empty register; refuse (and change nothing) otherwise."""
        if self.ctx.session.answers.veille or self.editor.rows:
            self.take_up_status.value = f'<p role="status">{esc(self.t("not_empty"))}</p>'
            return False
        try:
            entries = corpus_data.watch_rows(self.ctx.session.case)
        except QsecaseError as exc:
            self.take_up_status.value = f'<p role="status">{esc(self.t("no_table", reason=exc))}</p>'
            return False
        if not self.commit({"veille": entries}):
            return False
        self.editor = self._new_editor()
        self.take_up_status.value = f'<p role="status">{esc(self.t("taken_up", n=len(entries)))}</p>'
        self._redraw()
        return True

    def entries(self) -> list[WatchEntry]:
        return list(self.ctx.session.answers.veille)

    def _redraw(self) -> None:
        self.register.value = watch_html(self.entries(), self.today)

    def current_issues(self) -> list[Issue]:
        return check_watch(self.entries(), self.today)
