"""The one-page summary of the trainee's life-cycle study (« Fiche de synthèse »): built from the
answers by :func:`~qsecase.views.lca_summary.summary_html`, written beside the answers file like
every export of a form, and linked from the form.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import ipywidgets as widgets

from qsecase.errors import QsecaseError
from qsecase.session import Session
from qsecase.views.tables import esc
from qsecase.widgets.acv_rse_study import study_of
from qsecase.widgets.common import help_text, tr
from qsecase.widgets.exports import write_export

__all__ = ["SUMMARY_HTML", "TEXTS", "SummaryExport", "summary_page"]

SUMMARY_HTML = "fiche_synthese_acv.html"

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "summary": "Fiche de synthèse",
        "summary_help": "Une page HTML imprimable (A4) : champ de l'étude, résultats, points chauds, "
                        "scénarios et transferts, qualité des données. Elle est écrite à côté de votre "
                        "fichier de réponses.",
        "summary_done": "✔ Fiche écrite : ", "summary_open": "ouvrir la fiche de synthèse",
        "summary_failed": "✖ Fiche impossible : {reason}",
    },
}


def summary_page(session: Session) -> str:
    """The one-page summary of the trainee's study (standalone HTML).

    Raises:
        QsecaseError: The baseline cannot be computed.
    """
    from qsecase.methods.lca_engine import hotspots
    from qsecase.views.lca_summary import summary_html

    a = session.answers
    study = study_of(a.systeme)
    result = study.result
    if result is None:
        raise QsecaseError(study.error or "le système de produits est vide (étape 1)")
    comparison = study.compare(a.scenarios)
    labels = {s.id: s.libelle for s in a.scenarios}
    used = dict.fromkeys(x.fournisseur for p in a.systeme.processus for x in p.intrants)
    notes = [f"Jeu de données non vérifié en source primaire : {study.data[d].libelle} ({d})."
             for d in used if d in study.data and not study.data[d].verifie]
    return summary_html(
        title=f"Analyse du cycle de vie — {session.case.spec.organisation.nom}",
        functional_unit=a.systeme.unite_fonctionnelle, reference_flow=a.systeme.flux_reference,
        result=result, method=study.method,
        hotspots_by_category={c: list(hotspots(result, c, by="stage")) for c in result.categories[:4]},
        scenarios={sid: (labels.get(sid, ""), v) for sid, v in comparison.variants.items()},
        shifts=comparison.shifts, normalised=study.normalised(), notes=notes, lang=session.lang)


class SummaryExport(widgets.VBox):
    """« Fiche de synthèse »: writes the summary beside the answers and shows a link to it."""

    def __init__(self, session: Session, lang: str = "fr") -> None:
        self.session = session
        self.t = t = partial(tr, TEXTS, lang)
        self.button = widgets.Button(description=t("summary"), icon="file-text", tooltip=t("summary_help"),
                                     layout=widgets.Layout(width="auto"))
        self.status = widgets.HTML()
        self.button.on_click(lambda _b: self.export())
        super().__init__([help_text(t("summary_help")), self.button, self.status])

    def export(self) -> Path | None:
        try:
            path = write_export(self.session, SUMMARY_HTML, summary_page(self.session).encode("utf-8"))
        except (OSError, QsecaseError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.status.value = f'<p role="status">{esc(self.t("summary_failed", reason=reason))}</p>'
            return None
        try:
            href = Path(os.path.relpath(path, Path.cwd())).as_posix()
        except ValueError:  # another drive: an absolute link
            href = path.resolve().as_uri()
        self.status.value = (f'<p role="status">{esc(self.t("summary_done"))}<a href="{esc(href)}" '
                             f'target="_blank" rel="noopener">{esc(self.t("summary_open"))}</a> '
                             f"({esc(str(path))})</p>")
        return path
