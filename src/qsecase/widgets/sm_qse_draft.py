"""The new-document step of the QSE management-system exercise (4-2): a document drafted for its
public — its cartouche (reference by the organisation's codification, version, dates, writer,
checker and approver, distribution, history of revisions, next review), its public, its object,
its text (Markdown) and the adaptations made for its readers.

« Partir du modèle » writes the template of the document's type into an empty text, never over a
text already written. Checked live: the cartouche (:func:`~qsecase.methods.doc_control.check_cartouche`
with the case's codification, on the case's date, as a draft) and the readability for the public
(:func:`~qsecase.methods.doc_writing.readability_report`, FALC for field publics). The preview is the
exported page inside an escaped, sandboxed ``<iframe srcdoc=…>``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.base import Issue
from qsecase.methods.briefs import AUDIENCE_LABELS
from qsecase.methods.doc_control import DOC_STATUSES, DOC_TYPES, DraftDocument, check_cartouche
from qsecase.methods.doc_writing import TEMPLATES, draft_from_template, readability_report
from qsecase.session import Session
from qsecase.views.palette import fr_number
from qsecase.views.sm_qse_html import draft_document_html
from qsecase.views.tables import esc
from qsecase.widgets.amelioration_support import preview_frame
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import dropdown_field, heading, help_text, text_field, textarea_field, tr
from qsecase.widgets.exports import ExportButton
from qsecase.widgets.rows import RowsEditor
from qsecase.widgets.sm_qse_case import people, today
from qsecase.widgets.sst_accident_tree import FieldsRow, combo_field, date_field

__all__ = ["EXPORT_HTML", "TEXTS", "DraftStep", "draft_issues", "draft_page", "readability_html"]

EXPORT_HTML = "nouveau-document.html"

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Rédigez le document demandé pour son public. Remplissez d'abord le cartouche : la "
                "référence suit la règle de codification de l'organisation, le rédacteur, le "
                "vérificateur et l'approbateur sont trois personnes distinctes, l'historique "
                "retrace les versions. Choisissez le type, puis « Partir du modèle » écrit le plan "
                "du document dans le texte s'il est vide. Écrivez pour vos lecteurs : phrases "
                "courtes, mots simples, une idée par phrase (méthode FALC pour les opérateurs).",
        "cartouche": "Cartouche", "reference": "Référence", "reference_ph": "selon la règle de "
        "codification de l'organisation", "title": "Titre", "type": "Type de document",
        "version": "Version", "applies": "Date d'application", "writer": "Rédacteur",
        "checker": "Vérificateur", "approver": "Approbateur", "status": "Statut",
        "distribution": "Diffusion", "distribution_ph": "à qui le document est remis, où il est "
        "affiché", "review": "Prochaine revue", "history": "Historique des modifications",
        "add_revision": "Ajouter une version", "revision": "Version {n}", "rev_version": "Indice",
        "rev_date": "Date", "rev_nature": "Nature de la modification", "rev_author": "Auteur",
        "content": "Contenu", "public": "Public", "public_ph": "à qui le document s'adresse",
        "object": "Objet", "object_ph": "à quoi sert le document, en une ou deux phrases",
        "text": "Texte (Markdown)", "text_ph": "« ## Titre » pour une section, « 1. » pour une "
        "étape", "adaptations": "Adaptations", "adaptations_ph": "FALC, pictogrammes, gros "
        "caractères, traduction, affichage au poste…",
        "template": "Partir du modèle", "template_tip": "Écrit le plan du type de document dans le "
        "texte, seulement s'il est vide",
        "templated": "✔ Plan du modèle « {kind} » écrit dans le texte : complétez chaque section.",
        "not_empty": "✖ Le texte n'est pas vide : le modèle n'a rien remplacé. Videz le texte pour "
                     "repartir du modèle.",
        "no_template": "✖ Pas de modèle pour le type « {kind} » : modèles disponibles pour {kinds}.",
        "readability": "Lisibilité pour « {public} » : indice de Kandel et Moles {index} ({level}), "
                       "{words} mots par phrase en moyenne, phrases de {limit} mots au plus{falc}.",
        "falc": " (règles FALC appliquées)", "any_public": "tout public",
        "preview": "Aperçu du document", "frame": "Aperçu du nouveau document",
        "export": "Exporter le document (page HTML)", "export_help": "La page s'imprime en PDF "
        "depuis le navigateur ; elle est écrite à côté de votre fichier de réponses.",
        "bad_revision": "{item} : indiquez l'indice et la date ; l'historique n'est pas enregistré "
                        "tant qu'ils manquent.",
    },
}


def draft_page(session: Session) -> str:
    """The drafted document of the current answers, as a standalone HTML page."""
    return draft_document_html(session.answers.nouveau_document, session.case.spec.organisation.nom)


def draft_issues(draft: DraftDocument, case: Any) -> list[Issue]:
    """The cartouche checks (as a draft, with the case's codification and staff) and the readability
    checks of the text for its public."""
    issues = check_cartouche(draft.cartouche, case.spec.codification, today(case), people(case),
                             in_use=False)
    if draft.texte.strip():
        issues += list(readability_report(draft.texte, draft.public).issues)
    return issues


def readability_html(draft: DraftDocument, lang: str = "fr") -> str:
    """One sentence: the readability index of the text and the sentence limit for its public."""
    if not draft.texte.strip():
        return ""
    t = partial(tr, TEXTS, lang)
    report = readability_report(draft.texte, draft.public)
    score = report.score
    text = t("readability", public=draft.public or t("any_public"), index=fr_number(score.indice, 0),
             level=score.niveau, words=fr_number(score.mots_par_phrase, 1), limit=report.max_sentence_words,
             falc=t("falc") if report.falc else "")
    return f'<p role="status">{esc(text)}</p>'


class DraftStep(StepForm):
    """The cartouche, the history, the content, the template button, the checks, preview and export."""

    topic = "nouveau-document"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        s, d = ctx.session, ctx.session.answers.nouveau_document
        c, names = d.cartouche, people(ctx.session.case)
        self.fields: dict[str, widgets.Widget] = {
            "reference": text_field(t("reference"), c.reference, t("reference_ph")),
            "titre": text_field(t("title"), c.titre),
            "type": dropdown_field(t("type"), list(DOC_TYPES), c.type),
            "version": text_field(t("version"), c.version),
            "date_application": date_field(t("applies"), c.date_application),
            "redacteur": combo_field(t("writer"), c.redacteur, names),
            "verificateur": combo_field(t("checker"), c.verificateur, names),
            "approbateur": combo_field(t("approver"), c.approbateur, names),
            "statut": dropdown_field(t("status"), list(DOC_STATUSES), c.statut),
            "diffusion": text_field(t("distribution"), c.diffusion, t("distribution_ph")),
            "prochaine_revue": date_field(t("review"), c.prochaine_revue),
        }
        self.content: dict[str, widgets.Widget] = {
            "public": combo_field(t("public"), d.public, list(AUDIENCE_LABELS.values()), t("public_ph")),
            "objet": textarea_field(t("object"), d.objet, t("object_ph"), rows=2),
            "texte": textarea_field(t("text"), d.texte, t("text_ph"), rows=16),
            "adaptations": textarea_field(t("adaptations"), d.adaptations, t("adaptations_ph"), rows=2),
        }
        for widget in (*self.fields.values(), *self.content.values()):
            widget.observe(lambda _c: self._changed(), names="value")
        self.history = RowsEditor(self._revision_row, lambda _v: self._changed(),
                                  [r.model_dump() for r in c.historique], item_title=t("revision"),
                                  add_label=t("add_revision"), lang=ctx.lang)
        self.template = widgets.Button(description=t("template"), tooltip=t("template_tip"),
                                       icon="file-text-o", layout=widgets.Layout(width="auto"))
        self.template.on_click(lambda _b: self.from_template())
        self.template_status, self.readability, self.preview = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.html = ExportButton(s, t("export"), EXPORT_HTML, lambda: draft_page(s).encode("utf-8"))
        self.layout_with(help_text(t("help")), heading(t("cartouche")), *self.fields.values(),
                         heading(t("history"), 5), self.history, heading(t("content")),
                         *(self.content[k] for k in ("public", "objet")), self.template, self.template_status,
                         self.content["texte"], self.readability, self.content["adaptations"],
                         heading(t("preview")), self.preview, help_text(t("export_help")), self.html)
        self._redraw()

    def _revision_row(self, data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
        t = self.t
        return FieldsRow({
            "version": text_field(t("rev_version"), str(data.get("version", ""))),
            "date": date_field(t("rev_date"), data.get("date")),
            "nature": text_field(t("rev_nature"), str(data.get("nature", ""))),
            "auteur": combo_field(t("rev_author"), str(data.get("auteur", "")),
                                  people(self.ctx.session.case))}, notify)

    def values(self) -> dict[str, Any]:
        cartouche = {k: w.value for k, w in self.fields.items()} | {"historique": self.history.values()}
        return {"cartouche": cartouche, **{k: w.value for k, w in self.content.items()}}

    def _changed(self) -> None:
        history = self.history.values()
        bad = [self.t("bad_revision", item=self.t("revision", n=n)) for n, r in enumerate(history, 1)
               if not str(r["version"]).strip() or r["date"] is None]
        if bad:
            self.issues.invalid(" ; ".join(bad))
            return
        if self.commit({"nouveau_document": self.values()}):
            self._redraw()

    def from_template(self) -> bool:
        """Write the template of the document's type into an empty text; refuse otherwise."""
        t, draft = self.t, self.ctx.session.answers.nouveau_document
        if self.content["texte"].value.strip() or draft.texte.strip():
            self.template_status.value = f'<p role="status">{esc(t("not_empty"))}</p>'
            return False
        kind = self.fields["type"].value
        try:
            text = draft_from_template(kind, draft.cartouche, self.content["objet"].value, {})
        except ValueError:
            message = t("no_template", kind=kind, kinds=", ".join(TEMPLATES))
            self.template_status.value = f'<p role="status">{esc(message)}</p>'
            return False
        self.content["texte"].value = text  # observed: saved like a typed text
        self.template_status.value = f'<p role="status">{esc(t("templated", kind=kind))}</p>'
        return True

    def _redraw(self) -> None:
        draft = self.ctx.session.answers.nouveau_document
        self.readability.value = readability_html(draft, self.ctx.lang)
        self.preview.value = preview_frame(draft_page(self.ctx.session), self.t("frame"))

    def current_issues(self) -> list[Issue]:
        return draft_issues(self.ctx.session.answers.nouveau_document, self.ctx.session.case)
