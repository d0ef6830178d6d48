"""Mandatory SST follow-up: trainings, authorisations, medical follow-up, periodic checks, registers.

The rules (validity, periodicity, legal basis, source) are data shipped with qsecase
(``data/sst_rules.yaml``); this module holds their model, the register's model and the due-date
logic. Pure.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, ValidationError

from qsecase.errors import InputError, Problem
from qsecase.methods.base import Issue, Model

__all__ = ["ALERT_DAYS", "AlertLevel", "RegisterEntry", "RegisterLine", "Reminder", "Rule",
           "RuleKind", "add_months", "alert_level", "due_date", "evaluate_register", "load_rules",
           "register_issues", "reminders"]

RuleKind = Literal["formation", "habilitation", "suivi_medical", "verification", "registre",
                   "exercice"]

ALERT_DAYS: tuple[int, ...] = (30, 60, 90)
"""Alert windows before a due date (days), as the référentiel's tracking tools use."""

AlertLevel = Literal["expiré", "≤ 30 j", "≤ 60 j", "≤ 90 j", "à jour", "sans date"]


class Rule(Model):
    """One follow-up obligation: what must be renewed or checked, how often, on which basis."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    libelle: str
    type: RuleKind
    periodicite_mois: int | None = Field(None, ge=1, description="None : pas de renouvellement")
    base: str = Field(description="texte de référence (article, arrêté, norme, recommandation)")
    source: str = Field(description="où le fait a été relevé")
    verifie: bool = Field(True, description="False : fait à confirmer sur le texte en vigueur")
    note: str = ""


class RegisterEntry(Model):
    """A line of the trainee's tracking register: one obligation for one person or one item."""

    regle: str = Field(description="id de la règle (data/sst_rules.yaml)")
    objet: str = Field(description="salarié, équipement, installation ou registre concerné (id)")
    derniere_date: dt.date | None = Field(None, description="date d'obtention ou de la "
                                          "dernière vérification")
    echeance: dt.date | None = Field(None, description="prochaine échéance (calculée par le "
                                     "stagiaire ; qsecase la recalcule)")
    faits: list[str] = Field(default_factory=list, description="ids des faits du corpus")
    commentaire: str = ""


# --- rules catalogue ------------------------------------------------------------------------------


def load_rules(data: object, *, source: str = "sst_rules.yaml") -> dict[str, Rule]:
    """Validate a rule catalogue already parsed from YAML or JSON (no file access here).

    Args:
        data: A list of mappings, one per rule (fields of :class:`Rule`).
        source: Name of the file the data came from, used in error messages.

    Returns:
        The rules by id, in file order.

    Raises:
        InputError: Listing every invalid rule (position, field, what is wrong) and every
            duplicate id.
    """
    if not isinstance(data, list):
        raise InputError.at(source, f"une liste de règles est attendue, reçu {type(data).__name__}",
                            fix="chaque règle commence par « - id: … »")
    rules: dict[str, Rule] = {}
    problems: list[Problem] = []
    for n, item in enumerate(data, 1):
        try:
            rule = Rule.model_validate(item)
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"]) or None
                problems.append(Problem(source, f"règle n° {n} : {err['msg']}", field=where))
            continue
        if rule.id in rules:
            problems.append(Problem(source, f"règle n° {n} : identifiant « {rule.id} » en double",
                                    field="id", fix="donnez un identifiant unique à chaque règle"))
        rules[rule.id] = rule
    if problems:
        raise InputError(problems)
    return rules


# --- due dates and alert levels --------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the end of the target month.

    Example: 31 January + 1 month is 28 February (29 in a leap year).
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def due_date(last: dt.date | None, rule: Rule) -> dt.date | None:
    """Next due date: ``last`` plus the rule's periodicity (None without a date or a periodicity)."""
    if last is None or rule.periodicite_mois is None:
        return None
    return add_months(last, rule.periodicite_mois)


_WINDOW_LEVEL: dict[int, AlertLevel] = {30: "≤ 30 j", 60: "≤ 60 j", 90: "≤ 90 j"}


def alert_level(due: dt.date | None, today: dt.date) -> AlertLevel:
    """Status of a due date seen from ``today``.

    « expiré » once the date is past (a due date equal to today is not yet expired); then the
    narrowest alert window that contains it, boundaries included (exactly 30 days → « ≤ 30 j »);
    « à jour » beyond 90 days; « sans date » when there is no due date.
    """
    if due is None:
        return "sans date"
    left = (due - today).days
    if left < 0:
        return "expiré"
    for window in sorted(_WINDOW_LEVEL):
        if left <= window:
            return _WINDOW_LEVEL[window]
    return "à jour"


# --- the evaluated register -----------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterLine:
    """One register entry evaluated at a date.

    Attributes:
        entry: The trainee's entry.
        rule: Its rule, None when the rule id is unknown.
        due: The due date computed by qsecase (None: no date, no periodicity or unknown rule).
        level: Alert level of ``due`` at ``as_of``.
        trainee_due_ok: Whether the trainee's own ``echeance`` agrees with ``due`` (None when
            either is missing).
        as_of: The date the register is evaluated at.
    """

    entry: RegisterEntry
    rule: Rule | None
    due: dt.date | None
    level: AlertLevel
    trainee_due_ok: bool | None
    as_of: dt.date

    @property
    def days_left(self) -> int | None:
        """Days from ``as_of`` to the due date (negative once expired)."""
        return None if self.due is None else (self.due - self.as_of).days


@dataclass(frozen=True)
class Reminder:
    """An alert to programme: on ``date``, ``days_before`` days before the line's due date
    (negative when the due date is already past)."""

    date: dt.date
    line: RegisterLine
    days_before: int


def _trainee_ok(echeance: dt.date | None, due: dt.date | None, tolerance_days: int) -> bool | None:
    """The trainee may plan up to ``tolerance_days`` earlier than the computed date, never later."""
    if echeance is None or due is None:
        return None
    return 0 <= (due - echeance).days <= tolerance_days


def _urgency(line: RegisterLine) -> tuple[int, dt.date, str, str]:
    if line.level == "expiré":
        rank = 0
    elif line.due is None:  # a periodic obligation never done, or an unknown rule: check it first
        rank = 1 if line.rule is None or line.rule.periodicite_mois is not None else 6
    else:
        rank = {"≤ 30 j": 2, "≤ 60 j": 3, "≤ 90 j": 4}.get(line.level, 5)
    return rank, line.due or dt.date.max, line.entry.regle, line.entry.objet


def evaluate_register(entries: Iterable[RegisterEntry], rules: Mapping[str, Rule], today: dt.date,
                      *, tolerance_days: int = 1) -> list[RegisterLine]:
    """Compute every entry's due date and status, most urgent first.

    Order: expired; periodic obligations without a date (and unknown rules); ≤ 30 j, ≤ 60 j,
    ≤ 90 j; up to date; obligations without periodicity. Ties by due date, rule, object.

    Args:
        entries: The trainee's register.
        rules: The catalogue (:func:`load_rules`).
        today: The date of the case.
        tolerance_days: How many days earlier than the computed date the trainee's own due date
            may be (« valable jusqu'à la veille ») and still be accepted.
    """
    lines = []
    for entry in entries:
        rule = rules.get(entry.regle)
        due = due_date(entry.derniere_date, rule) if rule is not None else None
        lines.append(RegisterLine(entry, rule, due, alert_level(due, today),
                                  _trainee_ok(entry.echeance, due, tolerance_days), today))
    return sorted(lines, key=_urgency)


def _fr(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def register_issues(entries: Sequence[RegisterEntry], rules: Mapping[str, Rule], *,
                    today: dt.date | None = None, tolerance_days: int = 1) -> list[Issue]:
    """The checks a trainee sees while filling the register, and that grading reuses.

    Errors: unknown rule id, missing last date for a periodic obligation, wrong due date,
    duplicate (rule, object). Warnings: a due date given for an obligation without periodicity,
    a last date after ``today``.
    """
    issues: list[Issue] = []
    seen: dict[tuple[str, str], int] = {}
    for n, e in enumerate(entries, 1):
        where = f"Ligne {n} (« {e.regle} » — « {e.objet or '?'} »)"
        key = (e.regle, e.objet.casefold())
        if key in seen:
            issues.append(Issue(level="erreur", message=f"{where} : doublon de la ligne "
                                f"{seen[key]} — gardez une seule ligne par obligation et par objet."))
        seen.setdefault(key, n)
        rule = rules.get(e.regle)
        if rule is None and not e.regle:
            issues.append(Issue(level="erreur", message=f"Ligne {n} : choisissez la règle."))
            continue
        if rule is None:
            issues.append(Issue(level="erreur", message=f"{where} : règle inconnue — règles "
                                f"disponibles : {', '.join(sorted(rules))}."))
            continue
        if today is not None and e.derniere_date and e.derniere_date > today:
            issues.append(Issue(level="attention", message=f"{where} : la dernière date "
                                f"({_fr(e.derniere_date)}) est postérieure à la date du cas."))
        if rule.periodicite_mois is None:
            if e.echeance is not None:
                issues.append(Issue(level="attention", message=f"{where} : « {rule.libelle} » n'a "
                                    "pas de périodicité réglementaire ; précisez d'où vient "
                                    "l'échéance indiquée."))
            continue
        if e.derniere_date is None:
            issues.append(Issue(level="erreur", message=f"{where} : date de dernière réalisation "
                                "manquante — sans elle, l'échéance ne peut pas être calculée "
                                "(à traiter comme non réalisée)."))
            continue
        due = due_date(e.derniere_date, rule)
        if e.echeance is not None and due is not None and not _trainee_ok(e.echeance, due,
                                                                          tolerance_days):
            issues.append(Issue(level="erreur", message=(
                f"{where} : échéance {_fr(e.echeance)} erronée — {_fr(e.derniere_date)} + "
                f"{rule.periodicite_mois} mois donne le {_fr(due)}.")))
    return issues


def reminders(lines: Iterable[RegisterLine], days: Iterable[int] = ALERT_DAYS) -> list[Reminder]:
    """The alerts to programme before each due date, in date order.

    For each line with a due date, one reminder ``d`` days before it for every ``d`` in ``days``.
    Alert dates already past at the line's ``as_of`` collapse into a single reminder on
    ``as_of``; an expired line gets one reminder on ``as_of``.
    """
    windows = sorted(set(days), reverse=True)
    out: list[Reminder] = []
    for line in lines:
        if line.due is None:
            continue
        left = (line.due - line.as_of).days
        future = [d for d in windows if line.due - dt.timedelta(days=d) >= line.as_of]
        if left < 0 or len(future) < len(windows):
            out.append(Reminder(line.as_of, line, left))
        out.extend(Reminder(line.due - dt.timedelta(days=d), line, d) for d in future
                   if d != left)
    return sorted(out, key=lambda r: (r.date, _urgency(r.line)))
