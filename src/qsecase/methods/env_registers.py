"""Environmental registers and the data-collection plan (3-1). Pure.

The chronological register of outgoing waste (C. env. R541-43; content fixed by the arrêté du
31 mai 2021 — field list reconstructed by qse-facts §4.2, to be checked against the consolidated
text); treatment codes R1–R13 / D1–D15 (annexes I and II of directive 2008/98/CE); a hazardous
waste (code with « * ») travels with a BSD / Trackdéchets number.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Issue, Model
from qsecase.methods.text import same_text

__all__ = ["TREATMENT_KINDS", "CollectionItem", "TreatmentKind", "WasteLine", "check_collection",
           "check_waste_register", "expected_kinds", "is_hazardous", "missing_fields", "reminders_due"]

TreatmentKind = Literal["réutilisation", "recyclage", "autre valorisation", "élimination"]
TREATMENT_KINDS: tuple[str, ...] = TreatmentKind.__args__  # type: ignore[attr-defined]


class WasteLine(Model):
    """One line of the chronological register of outgoing waste."""

    date: dt.date | None = None
    denomination: str = ""
    code_dechet: str = Field("", description="code de la nomenclature, ex. 12 01 01 ou 13 02 05*")
    quantite: float | None = Field(None, ge=0)
    unite: Literal["t", "m³", "kg"] = "t"
    installation: str = Field("", description="nom, adresse et SIRET de l'installation destinataire")
    transporteur: str = Field("", description="nom, adresse et n° de récépissé du transporteur")
    bordereau: str = Field("", description="n° de BSD / Trackdéchets (déchet dangereux)")
    code_traitement: str = Field("", description="R1 à R13 ou D1 à D15")
    qualification: TreatmentKind | None = None
    sources: list[str] = Field(default_factory=list, description="bon d'enlèvement, ticket de pesée")


class CollectionItem(Model):
    """One datum of the data-collection plan: who holds it, when it is due, how it is chased."""

    donnee: str = Field(min_length=1, description="ex. consommation d'électricité mensuelle")
    acteur: str = Field("", description="fonction qui détient la donnée")
    support: str = Field("", description="facture, relevé de compteur, bon de pesée…")
    echeance_jour: int | None = Field(None, ge=1, le=31, description="jour du mois suivant")
    relance_jours: int | None = Field(None, ge=1, le=60, description="délai avant relance")
    relance: str = Field("", description="comment et à qui la relance est faite")


# --- register of outgoing waste ------------------------------------------------------------------

_CODE = re.compile(r"\d{2} \d{2} \d{2} ?\*?")
_TREATMENT = re.compile(r"([RD])(\d{1,2})")
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")
_BSD = "n° de bordereau (BSD / Trackdéchets)"


def _compact(code: str) -> str | None:
    """« 13 02 05* » → « 130205* »; None when it is not six digits with an optional « * »."""
    text = "".join(code.split())
    return text if re.fullmatch(r"\d{6}\*?", text) else None


def is_hazardous(code: str) -> bool:
    """A waste code of six digits marked « * » (hazardous waste): « 13 02 05* » → True."""
    compact = _compact(code)
    return compact is not None and compact.endswith("*")


def expected_kinds(treatment: str) -> tuple[str, ...] | None:
    """The qualifications a treatment code allows, None for an unknown code.

    D1–D15 → élimination; R1 → autre valorisation (energy); R3, R4, R5 → recyclage (or
    réutilisation, when prepared for re-use); any other R code → anything but élimination.
    """
    match = _TREATMENT.fullmatch("".join(treatment.split()).upper())
    if match is None or not 1 <= int(match[2]) <= (13 if match[1] == "R" else 15):
        return None
    if match[1] == "D":
        return ("élimination",)
    number = int(match[2])
    if number == 1:
        return ("autre valorisation",)
    if number in (3, 4, 5):
        return ("recyclage", "réutilisation")
    return ("réutilisation", "recyclage", "autre valorisation")


def missing_fields(line: WasteLine) -> list[str]:
    """The mandatory fields left empty, by their French label (the BSD number only for a
    hazardous waste)."""
    fields = [("date d'expédition", line.date is not None), ("dénomination", line.denomination),
              ("code déchet", line.code_dechet), ("quantité", line.quantite is not None),
              ("installation destinataire", line.installation), ("transporteur", line.transporteur),
              ("code de traitement", line.code_traitement), ("qualification du traitement",
                                                             line.qualification is not None),
              (_BSD, line.bordereau or not is_hazardous(line.code_dechet))]
    return [label for label, ok in fields if not ok]


def check_waste_register(lines: Sequence[WasteLine]) -> list[Issue]:
    """The checks of the register of outgoing waste, in French, line by line.

    Errors: empty register, missing mandatory fields, malformed waste code, hazardous waste
    without BSD number, unknown treatment code, treatment code inconsistent with the
    qualification, lines out of chronological order. Warning: a code written without its spaces.
    """
    if not lines:
        return [Issue(level="erreur", message="Registre des déchets vide : inscrivez chaque enlèvement.")]
    issues: list[Issue] = []

    def add(level: Literal["erreur", "attention"], where: str, text: str) -> None:
        issues.append(Issue(level=level, message=f"{where} : {text}"))

    previous: tuple[int, dt.date] | None = None
    for number, ln in enumerate(lines, start=1):
        where = f"Ligne {number}" + (f" (« {ln.denomination} »)" if ln.denomination else "")
        gaps = [f for f in missing_fields(ln) if f != _BSD]
        if gaps:
            add("erreur", where, f"champs obligatoires manquants : {', '.join(gaps)}.")
        code = ln.code_dechet
        if code and _compact(code) is None:
            add("erreur", where, f"code déchet « {code} » mal formé : six chiffres en trois paires, "
                "ex. « 12 01 01 », suivis de « * » pour un déchet dangereux.")
        elif code and not _CODE.fullmatch(code):
            add("attention", where, f"code déchet « {code} » : écrivez-le en trois paires, ex. « 12 01 01 ».")
        if is_hazardous(code) and not ln.bordereau:
            add("erreur", where, f"déchet dangereux (« {code} ») sans {_BSD}.")
        kinds = expected_kinds(ln.code_traitement) if ln.code_traitement else ()
        if kinds is None:
            add("erreur", where, f"code de traitement « {ln.code_traitement} » inconnu : R1 à R13 "
                "(valorisation) ou D1 à D15 (élimination).")
        elif kinds and ln.qualification and ln.qualification not in kinds:
            add("erreur", where, f"le code {ln.code_traitement.upper()} ne correspond pas à « "
                f"{ln.qualification} » (attendu : {' ou '.join(kinds)}).")
        if ln.date is not None:
            if previous is not None and ln.date < previous[1]:
                add("erreur", where, f"expédition du {ln.date:%d/%m/%Y} inscrite après celle de la ligne "
                    f"{previous[0]} ({previous[1]:%d/%m/%Y}) : le registre est chronologique.")
            previous = (number, ln.date)
    return issues


# --- data-collection plan ------------------------------------------------------------------------


def check_collection(items: Sequence[CollectionItem]) -> list[Issue]:
    """The checks of the data-collection plan, in French.

    Errors: empty plan, a datum without holder, support or due day. Warnings: a datum listed
    twice, no reminder delay or reminder method.
    """
    if not items:
        return [Issue(level="erreur", message="Plan de collecte vide : listez les données à recueillir.")]
    issues: list[Issue] = []
    for i, item in enumerate(items):
        where = f"« {item.donnee} »"
        if any(same_text(item.donnee, other.donnee) for other in items[:i]):
            issues.append(Issue(level="attention", message=f"{where} figure plusieurs fois dans le plan."))
        gaps = [label for label, ok in (("acteur", item.acteur), ("support", item.support),
                                        ("jour d'échéance", item.echeance_jour is not None)) if not ok]
        if gaps:
            issues.append(Issue(level="erreur", message=f"{where} : à préciser : {', '.join(gaps)}."))
        chase = [label for label, ok in (("délai", item.relance_jours is not None),
                                         ("modalité (qui relance, comment)", item.relance)) if not ok]
        if chase:
            issues.append(Issue(level="attention",
                                message=f"{where} : relance à prévoir : {', '.join(chase)}."))
    return issues


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _on_day(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def reminders_due(items: Sequence[CollectionItem], received: Mapping[str, set[str]],
                  today: dt.date) -> list[str]:
    """The reminders to send on ``today``, one French sentence per datum.

    The datum of month M is due on its ``echeance_jour`` of month M + 1 (the last day of a shorter
    month); it is chased ``relance_jours`` days later when the period « AAAA-MM » is not in
    ``received[donnee]``. Only the latest period due is chased; items without due day or delay
    are left to :func:`check_collection`.
    """
    out = []
    for item in items:
        if item.echeance_jour is None or item.relance_jours is None:
            continue
        due = _on_day(today.year, today.month, item.echeance_jour)
        if today < due:
            due = _on_day(*_month_before(today.year, today.month), item.echeance_jour)
        year, month = _month_before(due.year, due.month)
        got = next((v for k, v in received.items() if same_text(k, item.donnee)), set())
        if today < due + dt.timedelta(days=item.relance_jours) or f"{year:04d}-{month:02d}" in got:
            continue
        how = f" ({item.relance})" if item.relance else ""
        out.append(f"Relancer {item.acteur or 'le détenteur de la donnée'} : « {item.donnee} » de "
                   f"{_MONTHS[month - 1]} {year}, attendue le {due:%d/%m/%Y}, non reçue{how}.")
    return out
