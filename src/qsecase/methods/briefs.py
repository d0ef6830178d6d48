"""Communication of an action's objective to each actor (competency 1-5): briefs and their checks.

A :class:`Brief` is what one audience must hear about one action: the objective, the message, the
key points, what to do, by when, who to ask, and the channel. :func:`check_briefs` reviews a set of
briefs as a QSE manager would (coverage of the audiences, length and jargon for the audience,
measurable objective); :func:`readability` gives the Kandel & Moles index (1958), the French
adaptation of Flesch's reading ease: ``207 − 1,015 × mots/phrase − 73,6 × syllabes/mot`` (constants
as in the *textstat* library's French settings and Cordial's technical note « Comment est calculé
l'indice de lisibilité ? », which writes the last term « 0,736 × syllabes pour 100 mots »).
Audience thresholds are usage, not norms: the case may override them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Issue, Model
from qsecase.methods.text import fold

__all__ = [
    "AUDIENCE_LABELS", "AUDIENCE_PROFILES", "CHANNEL_LABELS", "JARGON", "Audience",
    "AudienceProfile", "Brief", "Channel", "ReadabilityScore", "check_briefs",
    "count_syllables", "is_measurable", "readability", "sentences", "unexplained_jargon", "words",
]

Audience = Literal["direction", "encadrement", "operateurs", "fournisseurs", "clients",
                   "maintenance", "cse", "achats", "rh", "interimaires"]
AUDIENCE_LABELS: dict[str, str] = {
    "direction": "Direction", "encadrement": "Encadrement de proximité", "operateurs": "Opérateurs",
    "fournisseurs": "Fournisseurs", "clients": "Clients", "maintenance": "Maintenance", "cse": "CSE",
    "achats": "Achats", "rh": "Ressources humaines", "interimaires": "Intérimaires et nouveaux arrivants",
}
Channel = Literal["reunion", "affichage", "note", "quart_heure_qualite", "courriel", "entretien",
                  "formation", "intranet", "telephone"]
CHANNEL_LABELS: dict[str, str] = {
    "reunion": "Réunion", "affichage": "Affichage", "note": "Note de service",
    "quart_heure_qualite": "Quart d'heure qualité", "courriel": "Courriel", "entretien":
    "Entretien individuel", "formation": "Formation au poste", "intranet": "Intranet",
    "telephone": "Téléphone",
}


@dataclass(frozen=True)
class AudienceProfile:
    """What suits an audience: longest sentence, longest message, whether jargon must be avoided."""

    max_mots_phrase: int
    max_mots: int
    sans_jargon: bool
    canaux_deconseilles: tuple[str, ...] = ()


_FIELD = AudienceProfile(15, 80, True, ("courriel", "intranet", "note"))
AUDIENCE_PROFILES: dict[str, AudienceProfile] = {
    "direction": AudienceProfile(25, 150, False), "encadrement": AudienceProfile(20, 120, False),
    "operateurs": _FIELD, "interimaires": _FIELD, "maintenance": AudienceProfile(18, 100, False),
    "fournisseurs": AudienceProfile(20, 120, True), "clients": AudienceProfile(20, 100, True),
    "cse": AudienceProfile(25, 150, False), "achats": AudienceProfile(20, 120, False),
    "rh": AudienceProfile(25, 150, False),
}
"""Usage thresholds (plain-language practice: short sentences for people at their post)."""

JARGON: dict[str, str] = {
    "AMDEC": "analyse des défaillances possibles et de leurs effets",
    "IPR": "indice de priorité du risque", "RPN": "indice de priorité du risque",
    "criticité": "niveau de risque", "CCP": "point critique pour la maîtrise",
    "PRPo": "programme prérequis opérationnel", "PRP": "programme prérequis",
    "HACCP": "méthode d'analyse des dangers pour la sécurité des aliments",
    "non-conformité majeure": "écart grave à une exigence", "NC": "non-conformité",
    "limite critique": "valeur à ne pas dépasser", "PDCA": "planifier, faire, vérifier, agir",
    "8D": "méthode de résolution de problème en huit étapes",
    "KPI": "indicateur de performance", "SMQ": "système de management de la qualité",
    "NQA": "niveau de qualité acceptable", "AQL": "niveau de qualité acceptable",
    "DUERP": "document unique d'évaluation des risques",
}
"""QSE jargon to avoid (or explain) with operators, suppliers and clients, and a plain wording."""


class Brief(Model):
    """What one audience must hear about one action."""

    action: str = Field(description="id de l'action (ex. A1)")
    public: Audience
    objectif: str = Field(description="l'objectif en une phrase, avec un chiffre ou une date")
    message: str = ""
    canal: Channel
    points_cles: list[str] = Field(default_factory=list)
    a_faire: str = Field("", description="ce que la personne doit faire")
    echeance: dt.date | None = None
    contact: str = Field("", description="à qui s'adresser (fonction, nom)")


# --- text measures --------------------------------------------------------------------------------
_LETTERS = r"[^\W\d_]"
_WORD = re.compile(rf"{_LETTERS}+(?:['’]{_LETTERS}+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\s*\n+\s*")
_VOWEL_GROUP = re.compile(r"[aeiouyàâäéèêëîïôöùûüÿœæ]+")
_MUTE_E = re.compile(r"[^aeiouyàâäéèêëîïôöùûüÿœæ]es?$")
LONG_WORD = 7
"""Words of this many letters or more count as long (the LIX index convention)."""


def words(text: str) -> list[str]:
    """The words of ``text``: runs of letters, elisions kept whole (« l'opérateur »); numbers skipped."""
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    """Sentences: split after . ! ? … and at line breaks (a list item is a sentence)."""
    return [s for s in _SENTENCE_END.split(text) if words(s)]


def count_syllables(word: str) -> int:
    """Written-French syllables of a word, by a documented heuristic.

    Each group of consecutive vowels (a e i o u y and accented forms) is one syllable
    (« eau », « oi », « ui » count once); a final mute « e » or « es » after a consonant does not
    count when the word has another vowel group (« fiche » = 1, « température » = 4). Known
    limits: a hiatus (« réaliser ») is undercounted, a verb ending « -ent » is counted.
    """
    w = word.casefold()
    n = len(_VOWEL_GROUP.findall(w))
    if n > 1 and _MUTE_E.search(w):
        n -= 1
    return max(n, 1)


@dataclass(frozen=True)
class ReadabilityScore:
    """Counts and ratios of a text and its Kandel & Moles index (higher is easier)."""

    phrases: int
    mots: int
    syllabes: int
    mots_longs: int

    @property
    def mots_par_phrase(self) -> float:
        return self.mots / self.phrases if self.phrases else 0.0

    @property
    def syllabes_par_mot(self) -> float:
        return self.syllabes / self.mots if self.mots else 0.0

    @property
    def part_mots_longs(self) -> float:
        return self.mots_longs / self.mots if self.mots else 0.0

    @property
    def indice(self) -> float:
        """``207 − 1,015 × mots/phrase − 73,6 × syllabes/mot`` (Kandel & Moles, 1958)."""
        if not self.mots:
            return 0.0
        return 207 - 1.015 * self.mots_par_phrase - 73.6 * self.syllabes_par_mot

    @property
    def niveau(self) -> str:
        """Flesch's verbal scale (usage) applied to the French index."""
        for floor, label in ((90, "très facile"), (80, "facile"), (70, "assez facile"),
                             (60, "standard"), (50, "assez difficile"), (30, "difficile")):
            if self.indice >= floor:
                return label
        return "très difficile"


def readability(text: str) -> ReadabilityScore:
    """Sentence, word and syllable counts of ``text`` and its readability index."""
    found = words(text)
    return ReadabilityScore(phrases=len(sentences(text)), mots=len(found),
                            syllabes=sum(count_syllables(w) for w in found),
                            mots_longs=sum(len(w.replace("'", "").replace("’", "")) >= LONG_WORD
                                           for w in found))


def unexplained_jargon(text: str) -> list[str]:
    """The :data:`JARGON` terms used in ``text`` without an explanation.

    A term counts as explained when a parenthesis, « : », « c'est-à-dire » or « soit » follows it,
    or when its plain wording appears elsewhere in the text.
    """
    found = []
    for term, plain in JARGON.items():
        flags = re.IGNORECASE if term.islower() else 0
        hits = list(re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", text, flags))
        if not hits or fold(plain) in fold(text):
            continue
        glossed = any(re.match(r"\s*(\(|:|[,–—-]\s*(c'est-à-dire|soit)\b)", text[m.end():])
                      for m in hits)
        if not glossed:
            found.append(term)
    return found


_MEASURE = re.compile(
    r"\d|%|\b(zéro|aucune?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|trente|"
    r"cinquante|cent|mille|moitié|double|tiers|janvier|février|mars|avril|mai|juin|juillet|août|"
    r"septembre|octobre|novembre|décembre|trimestre|semestre|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche)\b", re.IGNORECASE)


def is_measurable(objective: str) -> bool:
    """Whether an objective carries a measurable element: a number (figures or words) or a date."""
    return bool(_MEASURE.search(objective))


# --- checks ---------------------------------------------------------------------------------------
def _err(message: str) -> Issue:
    return Issue(level="erreur", message=message)


def _warn(message: str) -> Issue:
    return Issue(level="attention", message=message)


def _brief_issues(brief: Brief) -> list[Issue]:
    who = f"Le message de l'action {brief.action} pour « {AUDIENCE_LABELS[brief.public]} »"
    profile = AUDIENCE_PROFILES[brief.public]
    issues: list[Issue] = []
    if not brief.objectif:
        issues.append(_err(f"{who} n'a pas d'objectif."))
    elif not is_measurable(brief.objectif):
        issues.append(_err(f"{who} : l'objectif « {brief.objectif} » n'est pas mesurable ; "
                           "ajoutez un chiffre, un seuil ou une date (ex. « zéro réclamation "
                           "allergène d'ici le 30 juin »)."))
    elif len(sentences(brief.objectif)) > 1:
        issues.append(_warn(f"{who} : l'objectif tient en plusieurs phrases ; résumez-le en une."))
    if not brief.message:
        issues.append(_err(f"{who} est vide : écrivez ce que ce public doit comprendre."))
    body = "\n".join([brief.message, *brief.points_cles])
    count = len(words(body))
    if count > profile.max_mots:
        issues.append(_warn(f"{who} compte {count} mots : pour ce public, restez sous "
                            f"{profile.max_mots} mots (message et points clés)."))
    longest = max((len(words(s)) for s in sentences(body)), default=0)
    if longest > profile.max_mots_phrase:
        issues.append(_warn(f"{who} contient une phrase de {longest} mots : pour ce public, visez "
                            f"{profile.max_mots_phrase} mots au plus par phrase."))
    if profile.sans_jargon:
        full = "\n".join([brief.objectif, body, brief.a_faire])
        for term in unexplained_jargon(full):
            issues.append(_err(f"{who} emploie « {term} » sans l'expliquer : dites plutôt « "
                               f"{JARGON[term]} », ou expliquez le terme entre parenthèses."))
    if brief.canal in profile.canaux_deconseilles:
        issues.append(_warn(f"{who} passe par « {CHANNEL_LABELS[brief.canal]} » : ce public la "
                            "lit peu à son poste ; préférez un quart d'heure qualité, un "
                            "affichage ou une formation au poste."))
    if not brief.points_cles:
        issues.append(_warn(f"{who} n'a pas de points clés : listez 2 à 4 points à retenir."))
    if not brief.a_faire and brief.public not in ("direction", "cse", "clients"):
        issues.append(_warn(f"{who} ne dit pas ce que chacun doit faire concrètement."))
    return issues


def check_briefs(briefs: Sequence[Brief], actions: Collection[str],
                 audiences_required: Mapping[str, Collection[Audience]] | Collection[Audience],
                 ) -> list[Issue]:
    """Checks of the briefs of an action plan, as a QSE manager reviews them (competency 1-5).

    Args:
        briefs: The briefs written.
        actions: Ids of the plan's actions.
        audiences_required: The audiences each action must reach, by action id, or one
            collection applied to every action.

    Returns:
        Errors and warnings: unknown action, missing brief for a required audience, duplicate
        brief, then, brief by brief, objective, length, jargon, channel and content.
    """
    issues: list[Issue] = []
    known = set(actions)
    for brief in briefs:
        if brief.action not in known:
            issues.append(_err(f"Un message cite l'action « {brief.action} », qui n'existe pas "
                               "dans le plan."))
    for action in actions:
        required = (audiences_required.get(action, ()) if isinstance(audiences_required, Mapping)
                    else audiences_required)
        written = [b.public for b in briefs if b.action == action]
        for audience in required:
            if audience not in written:
                issues.append(_err(f"L'action {action} n'a pas de message pour « "
                                   f"{AUDIENCE_LABELS[audience]} »."))
        for audience in sorted({a for a in written if written.count(a) > 1}):
            issues.append(_warn(f"L'action {action} a plusieurs messages pour « "
                                f"{AUDIENCE_LABELS[audience]} » : regroupez-les."))
    for brief in briefs:
        issues.extend(_brief_issues(brief))
    return issues
