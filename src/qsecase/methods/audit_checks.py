"""Checks of the internal audit (plan, questionnaire, findings) and clause references. Pure.

Re-exported by :mod:`qsecase.methods.audit`, whose models they check. The clause catalogue
``{standard: {clause: title}}`` is an argument (read from data by :mod:`qsecase.audit_data`): it
holds chapters 4 to 10 and the main sub-clauses of ISO 9001, 14001 and 45001, not every one.
Principles applied: ISO 19011:2018 (independence of auditors, evidence-based approach; 6.3
preparation: audit plan and work documents; 6.4.8 findings) — see qse-facts §8.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from qsecase.methods.base import Issue
from qsecase.methods.text import fold, same_text

if TYPE_CHECKING:  # the models import this module: annotations only
    from qsecase.methods.audit import Auditee, AuditPlan, Finding, Question

__all__ = ["check_findings", "check_plan", "check_questions", "clause_key", "clause_number", "covers",
           "findings_by_clause"]


# --- clause references ------------------------------------------------------------------------

_NUMBER = re.compile(r"\s*§?\s*(\d+(?:\.\d+)*)\.?(?![\d.-])")
_NUMERIC = re.compile(r"\d+(?:\.\d+)*")
_ARTICLE = re.compile(r"\b([LRD])\.?\s?(\d{3,4}(?:-\d+)*)\b", re.IGNORECASE)


def clause_number(reference: str) -> str:
    """The clause number a reference starts with: « § 8.5.1 a) » → « 8.5.1 »; any other reference
    (« C. env. R541-43 ») → its text with single spaces; « » → « »."""
    match = _NUMBER.match(reference)
    return match.group(1) if match else " ".join(reference.split())


def clause_key(clause: str) -> tuple[int, tuple[int, ...], str]:
    """Sort key: numbered clauses first, in numeric order (9.1 < 10.2), then other references
    (articles of law) alphabetically, then empty ones."""
    number = clause_number(clause)
    if _NUMERIC.fullmatch(number):
        return 0, tuple(int(p) for p in number.split(".")), ""
    return (1 if number else 2), (), fold(number)


def _articles(reference: str) -> set[str]:
    return {f"{letter.upper()}{number}" for letter, number in _ARTICLE.findall(reference)}


def covers(listed: Sequence[str], wanted: str) -> bool:
    """Whether the clauses ``listed`` touch the clause ``wanted``.

    Numbered clauses follow the hierarchy both ways: a parent covers its sub-clauses (listed « 8 »
    covers all of chapter 8, « 8.5 » covers « 8.5.1 ») and a sub-clause covers its parents (listed
    « 8.5.1 » covers « 8.5 » and « 8 »: the interview does touch that part of the standard); sibling
    clauses do not cover each other (« 8.5.1 » does not cover « 8.5.2 », « 8.1 » does not cover
    « 8.10 »). A text such as « § 8.5.1 a) » counts as its number. Other references (articles of
    law) cover each other when they are the same text, whatever the case and accents, or name a
    common article (« C. env. R541-43 » and « R541-43 »).
    """
    want = clause_number(wanted)
    if not want:
        return False
    numeric = _NUMERIC.fullmatch(want) is not None
    for item in listed:
        have = clause_number(item)
        if not have:
            continue
        if numeric and _NUMERIC.fullmatch(have):
            if have == want or want.startswith(have + ".") or have.startswith(want + "."):
                return True
        elif fold(have) == fold(want) or (_articles(have) & _articles(want)):
            return True
    return False


def _clause_problem(clause: str, standards: Sequence[str],
                    catalogue: Mapping[str, Mapping[str, str]]) -> tuple[Literal["erreur", "attention"],
                                                                          str] | None:
    """Whether ``clause`` exists in one of ``standards`` of the catalogue (None when it does).

    A sub-clause below a known second-level clause (« 8.5.4 » under « 8.5 ») that the catalogue
    does not list is only doubtful: the catalogue holds the main sub-clauses, not all of them.
    """
    number = clause_number(clause)
    names = ", ".join(standards) or "aucun référentiel"
    if not _NUMERIC.fullmatch(number):
        return "erreur", f"« {clause} » n'est pas un numéro de chapitre (ex. 8.5.1)"
    tables = [catalogue.get(s, {}) for s in standards]
    if any(number in table for table in tables):
        return None
    parts = number.split(".")
    if len(parts) > 2 and any(".".join(parts[:2]) in table for table in tables):
        return "attention", (f"chapitre « {number} » absent du catalogue de {names} (seuls les principaux "
                             "sous-chapitres y figurent) : vérifiez le numéro sur la norme")
    return "erreur", f"chapitre « {number} » inexistant dans {names}"


# --- audit plan -------------------------------------------------------------------------------

_NOT_AUDITORS = ("observateur", "expert technique")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def _same_function(a: str, b: str) -> bool:
    """The same function: same words, or the words of one (at least two) inside the other
    (« Responsable qualité » and « Responsable qualité et environnement »)."""
    x, y = _words(a), _words(b)
    if not x or not y:
        return False
    short, long_ = sorted((x, y), key=len)
    if short == long_:
        return True
    return len(short) >= 2 and any(long_[i:i + len(short)] == short
                                   for i in range(len(long_) - len(short) + 1))


def check_plan(plan: AuditPlan, catalogue: Mapping[str, Mapping[str, str]]) -> list[Issue]:
    """Check an audit plan (ISO 19011:2018, 6.3) against the clause catalogue.

    Erreurs: objectives, scope or criteria missing; not exactly one « responsable d'audit »; an
    interview clause that exists in none of the chosen standards (all standards of the catalogue
    when none is chosen); an interviewer outside the team; an auditor auditing his own function
    (independence principle); an auditor booked on two overlapping slots.
    Attention: interview without clause, slot or auditor; a clause absent from the catalogue
    but under a known clause; an interview led by an observer or a technical expert; a name
    twice in the team.
    """
    issues: list[Issue] = []

    def add(level: Literal["erreur", "attention"], message: str) -> None:
        issues.append(Issue(level=level, message=message))

    if not plan.objectifs:
        add("erreur", "Plan d'audit : objectifs de l'audit non précisés")
    if not plan.champ:
        add("erreur", "Plan d'audit : champ de l'audit non précisé (lieux, fonctions, activités, "
                      "processus, période)")
    if not plan.criteres:
        add("erreur", "Plan d'audit : aucun référentiel retenu comme critère d'audit")
    leads = [m for m in plan.equipe if m.role == "responsable d'audit"]
    if not plan.equipe:
        add("erreur", "Plan d'audit : équipe d'audit non constituée (un responsable d'audit au moins)")
    elif len(leads) != 1:
        add("erreur", f"Plan d'audit : il faut exactement un responsable d'audit (trouvé : {len(leads)})")
    names: dict[str, str] = {}
    for m in plan.equipe:
        key = " ".join(_words(m.nom))
        if key in names:
            add("attention", f"Équipe d'audit : « {m.nom} » figure deux fois")
        names[key] = m.nom

    standards: list[str] = [*plan.criteres] or [*catalogue]
    for n, a in enumerate(plan.entretiens, 1):
        where = f"Entretien n° {n} ({a.fonction})"
        if not a.clauses:
            add("attention", f"{where} : aucun chapitre du référentiel à couvrir")
        for clause in a.clauses:
            problem = _clause_problem(clause, standards, catalogue)
            if problem:
                add(problem[0], f"{where} : {problem[1]}")
        if a.debut is None:
            add("attention", f"{where} : créneau horaire non précisé")
        if not a.auditeur:
            add("attention", f"{where} : auditeur non désigné")
            continue
        member = next((m for m in plan.equipe if same_text(m.nom, a.auditeur)), None)
        if member is None:
            add("erreur", f"{where} : « {a.auditeur} » ne fait pas partie de l'équipe d'audit")
            continue
        if member.role in _NOT_AUDITORS:
            add("attention", f"{where} : {member.nom} est {member.role} ; l'entretien est mené par un "
                             "auditeur, qu'il peut accompagner")
        if _same_function(member.fonction, a.fonction):
            add("erreur", f"{where} : {member.nom} ({member.fonction}) auditerait sa propre fonction ; "
                          "principe d'indépendance (ISO 19011) : confiez cet entretien à un autre auditeur")
    issues.extend(_overlaps(plan.entretiens))
    return issues


def _overlaps(interviews: Sequence[Auditee]) -> list[Issue]:
    """One erreur per pair of interviews of the same auditor whose slots overlap."""
    booked: dict[str, list[tuple[int, Auditee, dt.datetime, dt.datetime]]] = {}
    for n, a in enumerate(interviews, 1):
        if a.auditeur and a.debut is not None:
            start = a.debut.replace(tzinfo=None)  # local times of the plan, comparable
            end = start + dt.timedelta(minutes=a.duree_min)
            booked.setdefault(" ".join(_words(a.auditeur)), []).append((n, a, start, end))
    issues = []
    for slots in booked.values():
        slots.sort(key=lambda s: (s[2], s[0]))
        for i, (n1, a1, start1, end1) in enumerate(slots):
            for n2, a2, start2, end2 in slots[i + 1:]:
                if start2 < end1 and start1 < end2:
                    issues.append(Issue(level="erreur", message=(
                        f"{a1.auditeur} est prévu sur deux entretiens qui se chevauchent : n° {n1} "
                        f"({a1.fonction}, {start1:%H:%M}–{end1:%H:%M}) et n° {n2} ({a2.fonction}, "
                        f"{start2:%H:%M}–{end2:%H:%M})")))
    return issues


# --- questionnaire ----------------------------------------------------------------------------

_LEADING = re.compile(r"n['’]est[- ]ce pas|je suppose que|vous confirmez que|vous [eê]tes d['’]accord|"
                      r"c['’]est bien [çc]a|forc[ée]ment", re.IGNORECASE)
_OPEN_START = re.compile(r"(comment|quel(le)?s?|lequel|laquelle|lesquel(le)?s|qui|que|qu['’]|quoi|o[uù]|"
                         r"quand|pourquoi|combien|montrez|d[ée]crivez|expliquez|pr[ée]sentez|racontez|"
                         r"indiquez|citez|(à|a|de|par|pour|sur|dans|avec|selon|en|d['’]apr[eè]s) "
                         r"(quel|qui|quoi|combien|laquelle|lequel))\b", re.IGNORECASE)
_OPEN_WORD = re.compile(r"\b(comment|quel(le)?s?|pourquoi|combien|quoi)\b", re.IGNORECASE)
_CLOSED_START = re.compile(r"(est[- ]ce que?|y a[- ]t[- ]il|\w+-(t-)?(vous|il|elle|ils|elles|on|tu|nous)\b)",
                           re.IGNORECASE)
_REQUEST = re.compile(r"\b(montrer|d[ée]crire|expliquer|pr[ée]senter|raconter|indiquer|citer|d[ée]tailler|"
                      r"voir|consulter)\b", re.IGNORECASE)


def _closed(question: str) -> bool:
    """A yes/no question: no interrogative word (« comment », « quel »…, or « qui », « où »,
    « quand » first) and either a question mark or an opening such as « Avez-vous »,
    « Est-ce que », « Y a-t-il » — unless it asks to show or explain (« Pouvez-vous me
    montrer… ? »)."""
    text = question.strip().lstrip("«\"' ")
    if _OPEN_START.match(text) or _OPEN_WORD.search(text) or _REQUEST.search(text):
        return False
    return bool(_CLOSED_START.match(text)) or text.rstrip(" »\"").endswith("?")


def check_questions(questions: Sequence[Question],
                    catalogue: Mapping[str, Mapping[str, str]]) -> list[Issue]:
    """Check an audit questionnaire (check-list, ISO 19011:2018, 6.3).

    Erreurs: duplicated id; clause missing or absent from its standard; paraphrased requirement
    missing; empty question.
    Attention: leading question (« n'est-ce pas », « je suppose que »…); expected evidence missing
    (worded for a yes/no question: the answer alone cannot conclude); conclusion « non conforme »
    without the evidence seen in the notes; a clause absent from the catalogue but under a known
    clause.
    """
    issues: list[Issue] = []

    def add(level: Literal["erreur", "attention"], message: str) -> None:
        issues.append(Issue(level=level, message=message))

    seen: set[str] = set()
    for q in questions:
        where = f"Question {q.id}"
        if q.id in seen:
            add("erreur", f"{where} : identifiant en double")
        seen.add(q.id)
        if not q.clause:
            add("erreur", f"{where} : chapitre du référentiel non précisé")
        else:
            problem = _clause_problem(q.clause, [q.referentiel], catalogue)
            if problem:
                add(problem[0], f"{where} : {problem[1]}")
        if not q.exigence:
            add("erreur", f"{where} : exigence non reformulée (écrivez-la avec vos mots)")
        if not q.question:
            add("erreur", f"{where} : question non rédigée")
        else:
            leading = _LEADING.search(q.question)
            if leading:
                add("attention", f"{where} : question orientée (« {leading.group()} ») qui suggère la "
                                 "réponse ; posez une question ouverte")
        if not q.preuve_attendue:
            if q.question and _closed(q.question):
                add("attention", f"{where} : question fermée (réponse oui/non) sans preuve attendue ; "
                                 "la réponse seule ne permet pas de conclure : demandez à voir un "
                                 "document, un enregistrement ou une situation")
            else:
                add("attention", f"{where} : preuve attendue non précisée (document, enregistrement, "
                                 "observation)")
        if q.conclusion == "non conforme" and not q.notes.preuves_vues:
            add("attention", f"{where} : conclusion « non conforme » sans preuve vue notée ; un écart "
                             "s'appuie sur un fait vérifiable")
    return issues


# --- findings ---------------------------------------------------------------------------------

_NONCONFORMITIES = ("NC majeure", "NC mineure")
_JUDGEMENT = re.compile(
    r"\b(n[ée]glig(?!eab)\w*|fautes?\b(?!\s+d(?:e\b|['’]))|fautif\w*|laxis\w*|incomp[ée]ten\w*|"
    r"incapables?\b|irresponsab\w*|d[ée]sinvolt\w*|paress\w*|je-m['’]en-foutis\w*|inadmissibles?\b|"
    r"scandal\w*|honteu\w*|b[aâ]cl\w*|mauvaise volont[ée]|manque de (rigueur|s[ée]rieux|"
    r"professionnalisme|conscience professionnelle))", re.IGNORECASE)


def check_findings(findings: Sequence[Finding], facts: Collection[str]) -> list[Issue]:
    """Check audit findings (ISO 19011:2018, 6.4.8): requirement, evidence, deviation.

    Erreurs: duplicated id; clause, requirement or finding text missing; a nonconformity (major or
    minor) without evidence; an evidence id absent from ``facts`` (the corpus facts); a major
    nonconformity without its reasoning.
    Attention: a judgement word in the finding (« négligence », « laxisme », « faute »,
    « incompétent »…): a finding states facts, not judgements on people.
    """
    issues: list[Issue] = []

    def add(level: Literal["erreur", "attention"], message: str) -> None:
        issues.append(Issue(level=level, message=message))

    seen: set[str] = set()
    for f in findings:
        where = f"Constat {f.id}"
        if f.id in seen:
            add("erreur", f"{where} : identifiant en double")
        seen.add(f.id)
        if not f.clause:
            add("erreur", f"{where} : chapitre ou article de référence non précisé")
        if not f.exigence:
            add("erreur", f"{where} : exigence (critère d'audit) non précisée")
        if not f.constat:
            add("erreur", f"{where} : constat non rédigé (fait constaté et écart à l'exigence)")
        if f.type in _NONCONFORMITIES and not f.preuves:
            add("erreur", f"{where} : une {f.type} s'appuie sur au moins une preuve (fait constaté du "
                          "corpus)")
        unknown = [p for p in f.preuves if p not in facts]
        if unknown:
            add("erreur", f"{where} : preuve(s) inconnue(s) dans le corpus : {', '.join(unknown)}")
        if f.type == "NC majeure" and not f.raisonnement:
            add("erreur", f"{where} : NC majeure sans raisonnement ; expliquez en quoi l'écart met en "
                          "cause la capacité du système à atteindre les résultats attendus")
        judgement = _JUDGEMENT.search(f.constat)
        if judgement:
            add("attention", f"{where} : « {judgement.group()} » est un jugement ; décrivez le fait "
                             "constaté et l'écart à l'exigence, pas les personnes")
    return issues


def findings_by_clause(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped by clause (as written, stripped), clauses in numeric order (9.1 < 10.2),
    then articles of law, then findings without clause (key « »); input order within a clause."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.clause.strip(), []).append(f)
    return {clause: groups[clause] for clause in sorted(groups, key=clause_key)}
