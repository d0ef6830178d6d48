"""The report step of the internal audit exercise (4-4.d, ISO 19011 6.5.1): what the report adds to
the plan, the samples and the findings — context, progress and obstacles, conclusion, distribution
list, date — with a live preview of the complete report and its exports (HTML page to print to PDF,
Word document).

The preview is the exported page itself inside an ``<iframe srcdoc=…>`` (escaped, sandboxed): its
styles stay in the frame. It is rebuilt whenever the plan, the samples or the findings change.
"""

from __future__ import annotations

from functools import partial

import ipywidgets as widgets

from qsecase.methods.base import Issue
from qsecase.session import Session
from qsecase.views.audit_html import audit_report_html
from qsecase.widgets.amelioration_support import preview_frame
from qsecase.widgets.audit_case import Catalogue, catalogue, functions
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import heading, help_text, textarea_field, tr
from qsecase.widgets.exports import ExportButton
from qsecase.widgets.sst_accident_tree import date_field

__all__ = ["EXPORT_DOCX", "EXPORT_HTML", "TEXTS", "RapportStep", "report_docx", "report_page"]

EXPORT_HTML = "rapport-audit.html"
EXPORT_DOCX = "rapport-audit.docx"

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Complétez le rapport d'audit (ISO 19011, 6.5.1) : le plan, les échantillons et "
                "les constats des étapes précédentes y figurent déjà. Rédigez le contexte, le "
                "déroulement (obstacles rencontrés, zones non couvertes), la conclusion — le "
                "degré de conformité aux critères et l'aptitude du système à atteindre ses "
                "objectifs —, la liste de diffusion et la date du rapport.",
        "context": "Contexte", "context_ph": "pourquoi cet audit, à quel moment du cycle",
        "progress": "Déroulement et obstacles",
        "progress_ph": "ce qui s'est passé, ce qui n'a pas pu être vu ; une ligne vide sépare les "
                       "paragraphes",
        "conclusion": "Conclusion", "conclusion_ph": "conformité aux critères, efficacité du "
                                                     "système, suites attendues",
        "distribution": "Liste de diffusion", "distribution_ph": "un destinataire par ligne (fonction)",
        "date": "Date du rapport", "suggested": "Fonctions de l'organisation : {names}.",
        "preview": "Aperçu du rapport d'audit", "frame": "Aperçu du rapport d'audit interne",
        "exports": "Exports du rapport",
        "export_help": "Le rapport HTML s'imprime en PDF depuis le navigateur ; le document Word se "
                       "relit et se complète dans un traitement de texte. Les fichiers sont écrits à "
                       "côté de votre fichier de réponses.",
        "export_html": "Exporter le rapport (page HTML)", "export_docx": "Exporter le rapport (Word)",
        "no_conclusion": "Rédigez la conclusion de l'audit.",
        "no_distribution": "Établissez la liste de diffusion du rapport.",
        "no_date": "Indiquez la date du rapport.",
    },
}


def report_page(session: Session, cat: Catalogue | None = None) -> str:
    """The complete audit report of the current answers, as a standalone HTML page."""
    a = session.answers
    return audit_report_html(session.case.spec.organisation.nom, a.plan, a.echantillons, a.constats,
                             a.rapport, cat or catalogue())


def report_docx(session: Session, cat: Catalogue | None = None) -> bytes:
    """The complete audit report of the current answers, as a Word document."""
    from qsecase.views.audit_docx import audit_report_docx

    a = session.answers
    return audit_report_docx(session.case.spec.organisation.nom, a.plan, a.echantillons, a.constats,
                             a.rapport, cat or catalogue())


class RapportStep(StepForm):
    """The report's own fields, the framed preview and the two exports."""

    topic = "rapport"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        s, r = ctx.session, ctx.session.answers.rapport
        self.catalogue = catalogue()
        self.fields: dict[str, widgets.Widget] = {
            "contexte": textarea_field(t("context"), r.contexte, t("context_ph")),
            "deroulement": textarea_field(t("progress"), r.deroulement, t("progress_ph"), rows=4),
            "conclusion": textarea_field(t("conclusion"), r.conclusion, t("conclusion_ph"), rows=4),
            "diffusion": textarea_field(t("distribution"), "\n".join(r.diffusion), t("distribution_ph"),
                                        rows=4),
            "date_rapport": date_field(t("date"), r.date_rapport),
        }
        for widget in self.fields.values():
            widget.observe(lambda _c: self._changed(), names="value")
        names = ", ".join(functions(s.case))
        self.preview = widgets.HTML()
        self.html = ExportButton(s, t("export_html"), EXPORT_HTML,
                                 lambda: report_page(s, self.catalogue).encode("utf-8"))
        self.docx = ExportButton(s, t("export_docx"), EXPORT_DOCX, lambda: report_docx(s, self.catalogue))
        f = self.fields
        self.layout_with(help_text(t("help")), f["contexte"], f["deroulement"], f["conclusion"],
                         f["diffusion"], help_text(t("suggested", names=names)), f["date_rapport"],
                         heading(t("preview")), self.preview, heading(t("exports")),
                         help_text(t("export_help")), self.html, self.docx)
        for topic in ("plan", "echantillon", "constats"):
            ctx.bus.subscribe(topic, self._redraw)
        self._redraw()

    def _changed(self) -> None:
        f = self.fields
        report = {**{k: w.value for k, w in f.items()},
                  "diffusion": [d.strip() for d in f["diffusion"].value.splitlines() if d.strip()]}
        if self.commit({"rapport": report}):
            self._redraw()

    def _redraw(self) -> None:
        self.preview.value = preview_frame(report_page(self.ctx.session, self.catalogue), self.t("frame"))

    def current_issues(self) -> list[Issue]:
        r, t = self.ctx.session.answers.rapport, self.t
        wanted = [(r.conclusion, "no_conclusion"), (r.diffusion, "no_distribution"),
                  (r.date_rapport, "no_date")]
        return [Issue(level="attention", message=t(key)) for value, key in wanted if not value]
