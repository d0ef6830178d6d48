"""Read-only views of the audit samples, shared by the sampling form and the correction page: the
coverage of a sample (overall and per stratum), its plan, the records drawn, and what the trainee
should look at in the samples.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from qsecase.case_model import Case
from qsecase.methods.audit import SamplePlan, sample_coverage
from qsecase.methods.base import Issue
from qsecase.views.audit_html import sample_html
from qsecase.views.palette import fr_number
from qsecase.views.tables import esc, table_html
from qsecase.widgets.audit_case import population, population_rows, strata
from qsecase.widgets.common import tr

__all__ = ["TEXTS", "drawn_rows_html", "sample_issues", "sample_view"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "coverage": "Échantillon : {n} sur {total} ({share} % de la population).",
        "rows": "Enregistrements de l'échantillon ({n})",
    },
}


def sample_issues(samples: Sequence[SamplePlan], case: Case) -> list[Issue]:
    """What the trainee should look at in the samples: no population, elements outside it or twice,
    a size that is not the number drawn, a stratified sample without stratum, no justification."""
    out: list[Issue] = []
    if not samples:
        return [Issue(level="attention", message="Définissez au moins un échantillon "
                      "d'enregistrements à examiner.")]
    for n, s in enumerate(samples, 1):
        where = f"Échantillon {n}"
        if not s.population:
            out.append(Issue(level="attention", message=f"{where} : choisissez la population."))
            continue
        cov = sample_coverage(population(case, s.population), s.elements)
        if cov.unknown:
            out.append(Issue(level="erreur", message=f"{where} : éléments absents de la population "
                             f"« {s.population} » : {', '.join(cov.unknown)}"))
        if cov.duplicates:
            out.append(Issue(level="erreur", message=f"{where} : éléments en double : "
                             f"{', '.join(cov.duplicates)}"))
        if s.elements and len(s.elements) != s.taille:
            out.append(Issue(level="attention", message=f"{where} : taille prévue {s.taille}, éléments "
                             f"retenus : {len(s.elements)}."))
        if not s.elements:
            out.append(Issue(level="attention", message=f"{where} : aucun élément tiré ou choisi."))
        if s.methode == "stratifié" and not s.strate:
            out.append(Issue(level="attention", message=f"{where} : tirage stratifié sans colonne de "
                             "stratification."))
        if not s.justification:
            out.append(Issue(level="attention", message=f"{where} : justifiez la taille et la méthode."))
    return out


def drawn_rows_html(sample: SamplePlan, case: Case, caption: str) -> str:
    """The records of the sample, with every column of their table."""
    rows = population_rows(case, sample.population)
    picked = [rows[e] for e in sample.elements if e in rows]
    if not picked:
        return ""
    names = case.columns(sample.population)
    return table_html(caption.format(n=len(picked)), names, [[r.get(c) for c in names] for r in picked],
                      row_headers=True)


def sample_view(sample: SamplePlan, case: Case, lang: str = "fr") -> str:
    """Coverage summary, the sampling plan (with its strata) and the records drawn."""
    t = partial(tr, TEXTS, lang)
    ids = population(case, sample.population)
    by = strata(case, sample.population, sample.strate)
    cov = sample_coverage(ids, sample.elements, by)
    summary = t("coverage", n=cov.sample, total=cov.population, share=fr_number(100 * cov.share, 1))
    return (f"<p>{esc(summary)}</p>" + sample_html(sample, cov.drawn_total() if by else None)
            + drawn_rows_html(sample, case, t("rows")))
