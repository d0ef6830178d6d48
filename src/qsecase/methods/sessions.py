"""An awareness session (sensibilisation) and a meeting or working group, planned and checked
for completeness and fit (5-5, 5-6). The oral delivery itself is assessed by the trainer. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, get_args

from pydantic import Field

from qsecase.methods.base import Issue, Model
from qsecase.methods.text import fold

__all__ = ["ACTIVE", "ACTIVITIES", "ACTIVITY_FIT", "FACILITATION_STYLES", "MAX_EXPOSE_MIN", "MEETING_KINDS",
           "OBJECTIVE_KINDS", "OBJECTIVE_VERBS", "PROCESS_VERBS", "STYLE_FIT", "TIMEKEEPER_FROM_MIN",
           "TRAINER_VERBS", "VAGUE_VERBS", "Activity", "AgendaItem", "AwarenessSession",
           "FacilitationStyle", "Meeting", "MeetingKind", "ObjectiveKind", "Sequence_", "check_meeting",
           "check_session", "objective_kind"]

Activity = Literal["expose", "demonstration", "mise-en-pratique", "etude-de-cas", "debat",
                   "jeu-de-role", "quiz", "visite-terrain"]
ACTIVITIES: dict[str, str] = {
    "expose": "Exposé", "demonstration": "Démonstration", "mise-en-pratique": "Mise en pratique",
    "etude-de-cas": "Étude de cas", "debat": "Débat", "jeu-de-role": "Jeu de rôle",
    "quiz": "Quiz", "visite-terrain": "Visite de terrain",
}
MeetingKind = Literal["information", "brainstorming", "resolution-probleme", "revue-processus",
                      "projet", "decision", "retour-experience"]
MEETING_KINDS: dict[str, str] = {
    "information": "Réunion d'information", "brainstorming": "Remue-méninges (brainstorming)",
    "resolution-probleme": "Groupe de résolution de problème", "revue-processus": "Revue de processus",
    "projet": "Réunion de projet", "decision": "Réunion de décision",
    "retour-experience": "Retour d'expérience",
}
FacilitationStyle = Literal["facilitateur", "coordinateur", "directif"]
FACILITATION_STYLES: dict[str, str] = {
    "facilitateur": "Facilitateur (fait émerger les idées, distribue la parole)",
    "coordinateur": "Coordinateur (organise les contributions vers un résultat)",
    "directif": "Directif (transmet, cadre, décide)",
}


class Sequence_(Model):
    """One sequence of the session: its duration, content and pedagogical activity."""

    duree_min: int = Field(ge=1, le=480)
    contenu: str = Field(min_length=1)
    activite: Activity = "expose"


class AwarenessSession(Model):
    theme: str = ""
    public: str = ""
    objectif: str = Field("", description="objectif pédagogique (ce que les participants sauront faire)")
    deroule: list[Sequence_] = Field(default_factory=list)
    evaluation: str = Field("", description="comment l'atteinte de l'objectif est vérifiée")
    supports: str = ""
    adaptations: str = Field("", description="adaptations aux personnes en situation de handicap")


class AgendaItem(Model):
    sujet: str = Field(min_length=1)
    duree_min: int = Field(ge=1, le=480)
    porteur: str = ""


class Meeting(Model):
    type: MeetingKind | None = None
    objectif: str = Field("", description="résultat concret attendu à la fin de la réunion")
    participants: list[str] = Field(default_factory=list)
    ordre_du_jour: list[AgendaItem] = Field(default_factory=list)
    duree_min: int | None = Field(None, ge=1, le=480)
    style: FacilitationStyle | None = None
    roles: dict[str, str] = Field(default_factory=dict, description="rôle → personne (animateur, "
                                  "secrétaire, gardien du temps)")
    adaptations: str = ""
    suites: str = Field("", description="compte rendu, relevé de décisions, prochaine réunion")


# --- awareness session ----------------------------------------------------------------------------
ObjectiveKind = Literal["savoir", "savoir-faire", "savoir-être"]
OBJECTIVE_KINDS: dict[str, str] = {
    "savoir": "savoir (connaissances)", "savoir-faire": "savoir-faire (gestes, pratiques)",
    "savoir-être": "savoir-être (comportements, attitudes)",
}

ACTIVITY_FIT: dict[str, list[Activity]] = {
    "savoir": ["expose", "quiz"],
    "savoir-faire": ["demonstration", "mise-en-pratique", "etude-de-cas", "visite-terrain"],
    "savoir-être": ["debat", "jeu-de-role", "etude-de-cas"],
}
"""Activities that fit each kind of objective (usage in adult training): knowledge is passed on
by a talk and checked by a quiz; a practice is shown, then done; a behaviour changes through
discussion, role play and cases."""

OBJECTIVE_VERBS: dict[str, tuple[str, ...]] = {
    "savoir": ("connaitre", "citer", "nommer", "enumerer", "lister", "definir", "expliquer",
               "decrire", "identifier", "reconnaitre", "distinguer", "comprendre", "situer",
               "retenir", "indiquer", "localiser", "interpreter", "differencier"),
    "savoir-faire": ("utiliser", "regler", "realiser", "appliquer", "porter", "effectuer",
                     "manipuler", "remplir", "renseigner", "verifier", "controler", "mesurer",
                     "installer", "ajuster", "nettoyer", "ranger", "trier", "stocker", "entretenir",
                     "consigner", "deconsigner", "calculer", "executer", "parametrer", "etiqueter",
                     "enfiler", "mettre", "suivre", "evacuer", "eteindre", "baliser", "lever",
                     "charger", "conduire", "completer", "tracer", "rediger"),
    "savoir-être": ("adopter", "signaler", "reagir", "cooperer", "respecter", "alerter",
                    "ecouter", "impliquer", "participer", "partager", "accueillir", "refuser",
                    "encourager", "veiller", "comporter", "echanger", "proteger", "remonter",
                    "interpeller", "oser"),
}
"""Verbs of an objective by kind (folded, infinitive; usage in adult training, not a norm):
*savoir* « connaître, citer, expliquer, identifier… », *savoir-faire*
« utiliser, régler, réaliser, appliquer, porter, vérifier… », *savoir-être* « adopter, signaler,
réagir, coopérer, respecter, alerter… ». A reflexive « se » / « s' » is ignored."""

VAGUE_VERBS: tuple[str, ...] = ("connaitre", "comprendre", "savoir", "maitriser", "apprehender",
                                "decouvrir", "assimiler", "prendre")
"""Verbs that cannot be observed: the objective then says what the participant knows, not what
they will be seen doing (« connaître » → « citer », « comprendre » → « expliquer »)."""
TRAINER_VERBS: tuple[str, ...] = ("presenter", "informer", "sensibiliser", "former", "montrer",
                                  "rappeler", "transmettre", "animer")
"""Verbs of what the trainer does: an objective says what the participants will be able to do."""
ACTIVE: tuple[Activity, ...] = tuple(a for a in get_args(Activity) if a != "expose")
"""Every activity but the talk: the participants act."""
MAX_EXPOSE_MIN = 20
"""Usage: a talk of more than 20 minutes in one stretch loses the audience."""

_LEAD_IN = re.compile(
    r"^(?:(?:a l'issue|a la fin|en fin|au terme|apres)\b[^,:]*[,:]\s*)?"
    r"(?:objectif\s*:\s*)?"
    r"(?:(?:(?:les|le|la|l'|chaque|tous|toutes|tout|toute|ils|elles|il|elle|vous|nous|on)\b[^,.;:]*?\s+)?"
    r"(?:(?:seront|sera|serez|soient|soit|etre|sont|est)\s+(?:capables?|en mesure)\s+(?:de\s+|d')"
    r"|sauront|saura|saurez|pourront|pourra|pourrez|devront|devra|devrez|doivent|doit|savoir)\s*)?"
    r"(?:se\s+|s')?")
_INFINITIVE = re.compile(r"[a-z]{3,}(?:er|ir|re|oir)")
_NOT_VERBS = frozenset(
    "atelier dossier chantier papier fichier calendrier quartier premier dernier entier pilier escalier "
    "procedure mesure lecture culture nature structure signature matiere barriere lettre titre ordre "
    "cadre centre chiffre registre numero souvenir avenir loisir desir plaisir devoir pouvoir espoir "
    "miroir couloir tiroir trottoir rasoir reservoir entonnoir dispositif notre votre leur".split())


def _first_verb(text: str) -> str | None:
    """The verb an objective opens with, folded and in the infinitive, once a lead-in such as
    « À l'issue de la séance, les opérateurs sauront » or « Être capable de » is skipped; None
    when the objective does not open with a verb."""
    folded = fold(text).replace("’", "'")
    rest = folded[_LEAD_IN.match(folded).end():]  # type: ignore[union-attr]  # always matches
    word = re.match(r"[a-z]+", rest)
    if word is None:
        return None
    verb = word.group(0)
    known = verb in VAGUE_VERBS or verb in TRAINER_VERBS or any(
        verb in verbs for verbs in OBJECTIVE_VERBS.values())
    return verb if known or (_INFINITIVE.fullmatch(verb) and verb not in _NOT_VERBS) else None


def objective_kind(objectif: str) -> str | None:
    """The kind of a pedagogical objective — « savoir », « savoir-faire » or « savoir-être » —
    guessed from the verb it opens with (:data:`OBJECTIVE_VERBS`); None when the verb is not
    listed.

    Examples: « Citer les trois EPI obligatoires » → « savoir » ; « À l'issue de la séance, les
    opérateurs sauront régler la presse » → « savoir-faire » ; « Être capable de signaler un
    presque-accident » → « savoir-être ».
    """
    verb = _first_verb(objectif)
    return next((kind for kind, verbs in OBJECTIVE_VERBS.items() if verb in verbs), None)


def _warn(message: str) -> Issue:
    return Issue(level="attention", message=message)


def _err(message: str) -> Issue:
    return Issue(level="erreur", message=message)


def _activities(activities: Sequence[str]) -> str:
    return ", ".join(ACTIVITIES[a].lower() for a in activities)


def _objective_issues(session: AwarenessSession) -> list[Issue]:
    if not session.objectif:
        return [_err("L'objectif pédagogique n'est pas énoncé : écrivez ce que les participants "
                     "sauront faire à la fin (ex. « Citer les trois gestes à adopter en cas de "
                     "fuite »).")]
    verb = _first_verb(session.objectif)
    if verb is None:
        return [_warn(f"L'objectif « {session.objectif} » n'est pas opérationnel : commencez par un "
                      "verbe d'action observable (ex. « citer », « utiliser », « signaler »).")]
    if verb in TRAINER_VERBS:
        return [_warn(f"L'objectif « {session.objectif} » décrit ce que fait l'animateur "
                      f"(« {verb} ») : écrivez ce que les participants sauront faire.")]
    if verb in VAGUE_VERBS:
        return [_warn(f"L'objectif « {session.objectif} » emploie un verbe peu observable "
                      f"(« {verb} ») : préférez « citer », « expliquer », « utiliser »…")]
    return []


def check_session(session: AwarenessSession, duration_max_min: int | None = None) -> list[Issue]:
    """Checks of an awareness or training session (5-5), as a trainer reviews its plan.

    Objective stated and operational (an action verb the participants perform), sequences present,
    total duration within ``duration_max_min``, activities fit for the kind of objective
    (:data:`ACTIVITY_FIT`), at least one active sequence, no talk longer than
    :data:`MAX_EXPOSE_MIN` minutes, evaluation stated, adaptations to disabilities stated.

    Args:
        session: The session planned by the trainee.
        duration_max_min: The time the case allows for the session, if any.

    Returns:
        Errors (no objective, no sequence, too long) and warnings.
    """
    issues = _objective_issues(session)
    steps = session.deroule
    if not steps:
        issues.append(_err("Le déroulé est vide : découpez la séance en séquences (durée, "
                           "contenu, activité)."))
    total = sum(s.duree_min for s in steps)
    if duration_max_min is not None and total > duration_max_min:
        issues.append(_err(f"Le déroulé dure {total} min pour {duration_max_min} min au plus : "
                           "resserrez les séquences."))
    kind = objective_kind(session.objectif)
    fitting = ACTIVITY_FIT.get(kind, []) if kind else []
    if steps and kind and not any(s.activite in fitting for s in steps):
        issues.append(_warn(f"L'objectif relève du {OBJECTIVE_KINDS[kind]} mais aucune séquence "
                            f"n'emploie une activité adaptée ({_activities(fitting)})."))
    if steps and not any(s.activite in ACTIVE for s in steps):
        issues.append(_warn("La séance n'est faite que d'exposés : ajoutez au moins une "
                            f"séquence active ({_activities(ACTIVE)})."))
    for n, s in enumerate(steps, 1):
        if s.activite == "expose" and s.duree_min > MAX_EXPOSE_MIN:
            issues.append(_warn(f"La séquence {n} est un exposé de {s.duree_min} min pour "
                                f"{MAX_EXPOSE_MIN} min au plus d'affilée : coupez-le par une "
                                "activité."))
    if not session.evaluation:
        issues.append(_warn("L'évaluation n'est pas prévue : dites comment vous vérifierez que "
                            "l'objectif est atteint (quiz, mise en situation, observation au "
                            "poste)."))
    if not session.adaptations:
        issues.append(_warn("Les adaptations aux personnes en situation de handicap ne sont pas "
                            "précisées (ex. supports en gros caractères, sous-titrage, "
                            "accessibilité de la salle, rythme adapté)."))
    return issues


# --- meeting --------------------------------------------------------------------------------------
STYLE_FIT: dict[MeetingKind, list[FacilitationStyle]] = {
    "brainstorming": ["facilitateur"], "resolution-probleme": ["facilitateur"],
    "retour-experience": ["facilitateur"], "projet": ["coordinateur"],
    "revue-processus": ["coordinateur"], "information": ["directif", "coordinateur"],
    "decision": ["directif", "coordinateur"],
}
"""Facilitation styles that fit each kind of meeting (usage): ideas emerge with a facilitator,
contributions converge with a coordinator, information is passed on and decisions taken with a
directive or coordinating lead."""

PROCESS_VERBS: tuple[str, ...] = ("discuter", "parler", "echanger", "aborder", "evoquer",
                                  "reflechir", "debattre", "faire")
"""Verbs of what a meeting does rather than what it produces (« discuter de », « faire le point »)."""
TIMEKEEPER_FROM_MIN = 60
"""Usage: a meeting longer than an hour needs a timekeeper."""

_ROLES: dict[str, tuple[str, ...]] = {
    "animateur": ("anim",), "secrétaire": ("secret", "scribe", "rapporteur"),
    "gardien du temps": ("temps", "chrono", "timekeeper"),
}
_MINUTES = re.compile(r"compte[- ]rendu|\bcr\b|releve|proces[- ]verbal|\bpv\b|synthese ecrite")


def _has_role(roles: dict[str, str], role: str) -> bool:
    return any(any(k in fold(name) for k in _ROLES[role]) and who for name, who in roles.items())


def _meeting_objective_issues(meeting: Meeting) -> list[Issue]:
    if not meeting.objectif:
        return [_err("L'objectif de la réunion n'est pas énoncé : écrivez le résultat concret "
                     "attendu à la fin (ex. « Choisir trois actions et leurs pilotes »).")]
    verb = _first_verb(meeting.objectif)
    if verb is None or verb in PROCESS_VERBS:
        return [_warn(f"L'objectif « {meeting.objectif} » énonce un sujet, pas un résultat : écrivez "
                      "ce que la réunion doit produire (ex. « Choisir trois actions et leurs "
                      "pilotes », « Valider le plan de communication »).")]
    return []


def check_meeting(meeting: Meeting) -> list[Issue]:
    """Checks of a meeting or working group plan (5-6), as a trainer reviews it.

    Kind identified, concrete objective (a result, opening with a verb, not a topic), agenda
    present with a total duration within ``duree_min``, facilitation style fit for the kind
    (:data:`STYLE_FIT`), roles (facilitator, secretary, and timekeeper beyond
    :data:`TIMEKEEPER_FROM_MIN` minutes), participants listed, adaptations to disabilities stated,
    and follow-up (minutes or record of decisions) planned.

    Returns:
        Errors (no kind, no objective, no agenda, agenda longer than the meeting) and warnings.
    """
    issues: list[Issue] = []
    if meeting.type is None:
        issues.append(_err("La nature de la réunion n'est pas identifiée (réunion d'information, "
                           "remue-méninges, résolution de problème, revue de processus…)."))
    issues += _meeting_objective_issues(meeting)
    total = sum(item.duree_min for item in meeting.ordre_du_jour)
    if not meeting.ordre_du_jour:
        issues.append(_err("L'ordre du jour est vide : proposez un plan, point par point, avec "
                           "une durée pour chacun."))
    if meeting.duree_min is None:
        issues.append(_warn("La durée de la réunion n'est pas fixée."))
    elif total > meeting.duree_min:
        issues.append(_err(f"L'ordre du jour totalise {total} min pour une réunion de "
                           f"{meeting.duree_min} min : retirez un point ou raccourcissez-les."))
    if meeting.style is None:
        issues.append(_warn("Le style d'animation n'est pas choisi (facilitateur, coordinateur, "
                            "directif)."))
    elif meeting.type is not None and meeting.style not in STYLE_FIT[meeting.type]:
        fit = " ou ".join(f"« {s} »" for s in STYLE_FIT[meeting.type])
        issues.append(_warn(f"Le style « {meeting.style} » convient mal à : "
                            f"{MEETING_KINDS[meeting.type].lower()} ; préférez {fit}."))
    length = meeting.duree_min if meeting.duree_min is not None else total
    needed = ["animateur", "secrétaire"] + (["gardien du temps"] if length > TIMEKEEPER_FROM_MIN else [])
    missing = [r for r in needed if not _has_role(meeting.roles, r)]
    if missing:
        why = f" (réunion de plus de {TIMEKEEPER_FROM_MIN} min)" if "gardien du temps" in missing else ""
        issues.append(_warn(f"Rôles non attribués : {', '.join(missing)}{why}."))
    if not meeting.participants:
        issues.append(_warn("Les participants ne sont pas listés."))
    if not meeting.adaptations:
        issues.append(_warn("Les adaptations aux personnes en situation de handicap ne sont pas "
                            "précisées (ex. ordre du jour envoyé à l'avance, salle accessible, "
                            "prise de parole organisée, supports lisibles)."))
    if not meeting.suites:
        issues.append(_warn("Les suites ne sont pas prévues : compte rendu ou relevé de décisions, "
                            "diffusion, prochaine réunion."))
    elif not _MINUTES.search(fold(meeting.suites)):
        issues.append(_warn("Les suites ne prévoient ni compte rendu ni relevé de décisions."))
    return issues
