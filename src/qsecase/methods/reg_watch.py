"""Regulatory and normative watch register (veille réglementaire) and compliance evaluation. Pure.

Fields of the usual watch / compliance-evaluation table (qse-facts §7.4; required by ISO 14001
§ 6.1.3 and 9.1.2, ISO 45001 § 6.1.3 and 9.1.2). Recognised sources: Journal officiel / Légifrance,
EUR-Lex, AIDA (INERIS), INRS, AFNOR, ministries, DREAL, Carsat, ADEME, OPPBTP (qse-facts §7.4).
:func:`check_watch` reviews the register as a QSE officer keeps it up to date: every text assessed,
every applicable text backed by actions or evidence, deadlines kept, evaluation renewed each year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Issue, Model
from qsecase.methods.text import fold

__all__ = ["APPLICABILITY", "RECOGNISED_SOURCES", "SOURCE_ALIASES", "WATCH_STATUSES", "Applicability",
           "WatchEntry", "WatchStatus", "check_watch", "is_recognised", "recognised_source"]

RECOGNISED_SOURCES: dict[str, str] = {
    "legifrance": "Journal officiel / Légifrance",
    "eur-lex": "EUR-Lex (Journal officiel de l'Union européenne)",
    "aida": "AIDA (INERIS) — environnement industriel",
    "inrs": "INRS",
    "afnor": "AFNOR (normes)",
    "ministere": "Ministère (Travail, Transition écologique, Agriculture…)",
    "dreal": "DREAL / DRIEAT",
    "carsat": "Carsat / Cramif",
    "ademe": "ADEME",
    "oppbtp": "OPPBTP",
    "organisation-professionnelle": "Organisation professionnelle (bulletin de veille)",
}
"""Recognised sources (ids → labels), after qse-facts §7.4."""

Applicability = Literal["applicable", "non applicable", "à évaluer"]
APPLICABILITY: tuple[str, ...] = ("applicable", "non applicable", "à évaluer")
WatchStatus = Literal["conforme", "non conforme", "en cours", "non applicable", "à évaluer"]
WATCH_STATUSES: dict[str, str] = {"conforme": "✔ Conforme", "non conforme": "✖ Non conforme",
                                  "en cours": "◐ Mise en conformité en cours",
                                  "non applicable": "– Non applicable", "à évaluer": "? À évaluer"}


class WatchEntry(Model):
    """One text of the watch register and the evaluation of its compliance."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,20}$", description="ex. V12")
    source: str = Field("", description="id d'une source reconnue (legifrance, inrs…) ou libellé")
    texte: str = Field(min_length=1, description="référence et intitulé du texte")
    date_publication: dt.date | None = None
    date_application: dt.date | None = None
    theme: str = ""
    applicabilite: Applicability = "à évaluer"
    justification: str = Field("", description="pourquoi le texte s'applique ou non")
    exigences: str = Field("", description="exigences applicables, résumées")
    actions: str = ""
    responsable: str = ""
    echeance: dt.date | None = None
    statut: WatchStatus = "à évaluer"
    preuve: str = Field("", description="preuve de conformité (document, enregistrement)")
    date_evaluation: dt.date | None = None


SOURCE_ALIASES: dict[str, tuple[str, ...]] = {
    "eur-lex": ("eur-lex", "eurlex", "joue", "journal officiel de l'union europeenne"),
    "legifrance": ("legifrance", "jorf", "journal officiel"),
    "aida": ("aida", "ineris"),
    "inrs": ("inrs",),
    "afnor": ("afnor", "cobaz"),
    "ministere": ("ministere",),
    "dreal": ("dreal", "drieat", "driea"),
    "carsat": ("carsat", "cramif"),
    "ademe": ("ademe",),
    "oppbtp": ("oppbtp",),
    "organisation-professionnelle": ("organisation professionnelle", "federation professionnelle",
                                     "bulletin de veille"),
}
"""Words that name each recognised source in a free label (folded: lower case, no accents)."""


def _words(text: str) -> str:
    """`` word word `` : folded, every run of other characters than letters and digits made a space."""
    return f" {' '.join(re.findall(r'[0-9a-z]+', fold(text)))} "


def recognised_source(source: str) -> str | None:
    """The id of the recognised source that ``source`` names (an id or a label), or ``None``.

    « Légifrance », « JORF », « INERIS AIDA », « eur-lex » are recognised; case and accents do not
    matter. EUR-Lex is tried before Légifrance (« Journal officiel de l'Union européenne »).
    """
    said = _words(source)
    for source_id, aliases in SOURCE_ALIASES.items():
        if any(_words(name) in said for name in (source_id, RECOGNISED_SOURCES[source_id], *aliases)):
            return source_id
    return None


def is_recognised(source: str) -> bool:
    """Whether ``source`` is one of :data:`RECOGNISED_SOURCES` (by id or by a label naming it)."""
    return recognised_source(source) is not None


def _err(message: str) -> Issue:
    return Issue(level="erreur", message=message)


def _warn(message: str) -> Issue:
    return Issue(level="attention", message=message)


def _year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (29 February → 28 February)."""
    return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)


def _entry_issues(entry: WatchEntry, today: dt.date) -> list[Issue]:
    who = f"Texte {entry.id} (« {entry.texte} »)"
    issues: list[Issue] = []
    if not entry.source:
        issues.append(_err(f"{who} : la source n'est pas indiquée."))
    elif not is_recognised(entry.source):
        issues.append(_warn(f"{who} : la source « {entry.source} » n'est pas une source reconnue "
                            "(Légifrance, EUR-Lex, AIDA, INRS, AFNOR…) ; vérifiez le texte officiel."))
    if entry.applicabilite == "à évaluer":
        issues.append(_err(f"{who} : l'applicabilité n'a pas été évaluée."))
    elif entry.applicabilite == "non applicable" and not entry.justification:
        issues.append(_warn(f"{who} : justifiez pourquoi le texte ne s'applique pas."))
    if entry.applicabilite == "applicable":
        if not entry.exigences:
            issues.append(_warn(f"{who} : résumez les exigences applicables."))
        if not entry.actions and not entry.preuve:
            issues.append(_err(f"{who} est applicable mais n'a ni action ni preuve de conformité."))
        if entry.statut == "à évaluer":
            issues.append(_warn(f"{who} est applicable : évaluez sa conformité (statut « à évaluer »)."))
    if (entry.applicabilite == "non applicable") != (entry.statut == "non applicable"):
        issues.append(_warn(f"{who} : l'applicabilité (« {entry.applicabilite} ») et le statut "
                            f"(« {entry.statut} ») ne concordent pas."))
    if entry.statut == "conforme" and not entry.preuve:
        issues.append(_err(f"{who} est déclaré conforme sans preuve de conformité."))
    if entry.actions and not (entry.responsable and entry.echeance):
        issues.append(_warn(f"{who} : donnez un responsable et une échéance à l'action."))
    if entry.echeance and entry.echeance < today and entry.statut not in ("conforme", "non applicable"):
        issues.append(_err(f"{who} : l'action est en retard (échéance du "
                           f"{entry.echeance:%d/%m/%Y} dépassée)."))
    if entry.date_evaluation is None:
        if entry.applicabilite != "à évaluer":
            issues.append(_warn(f"{who} : indiquez la date de la dernière évaluation."))
    elif entry.date_evaluation < _year_before(today):
        issues.append(_warn(f"{who} : la dernière évaluation ({entry.date_evaluation:%d/%m/%Y}) "
                            "date de plus de 12 mois ; réévaluez la conformité."))
    if entry.date_application and entry.date_application > today:
        issues.append(_warn(f"{who} : à anticiper, le texte s'appliquera le "
                            f"{entry.date_application:%d/%m/%Y}."))
    return issues


def check_watch(entries: Sequence[WatchEntry], today: dt.date) -> list[Issue]:
    """Checks of the watch register on ``today`` (ISO 14001/45001 § 6.1.3 and 9.1.2).

    Returns:
        Errors and warnings: duplicate ids, then, text by text: source missing or not recognised,
        applicability not assessed (« à évaluer ») or not justified, applicable text without actions
        nor evidence or whose compliance is not evaluated, applicability and status that disagree,
        « conforme » without evidence, action without owner or deadline, overdue action
        (deadline before ``today``, status not « conforme »), evaluation missing or older than
        12 months, text applying after ``today`` (« à anticiper »).
    """
    ids = [e.id for e in entries]
    issues = [_err(f"Identifiant « {i} » en double dans la veille.")
              for i in sorted({i for i in ids if ids.count(i) > 1})]
    for entry in entries:
        issues.extend(_entry_issues(entry, today))
    return issues
