"""RSE (ISO 26000) actions in favour of sustainable development, argued against the organisation's
RSE policy, the UN Sustainable Development Goals (ODD) and the reference texts.

The ODD, the seven ISO 26000 core subjects and the catalogue of reference texts ship as data
(``data/rse_references.yaml``, loaded by ``qsecase.rse_data``) with their source; the checks here
receive them as arguments. :func:`check_actions` reads the actions as a trainer does against the
criterion of 3-6: each action supports an objective of the policy, names its ODD and ISO 26000
core subjects, argues a measurable positive impact and rests on a reference text. Pure.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Literal, Protocol

from pydantic import Field

from qsecase.methods.base import Issue, Model
from qsecase.methods.text import fold, same_text

__all__ = ["CHECK_PARTS",
           "MIN_ARGUMENT_WORDS", "ODD_CORE_SUBJECTS", "ODD_NUMBERS", "CoreSubject", "DescribedText",
           "Dimension", "PositiveImpact", "RseAction", "Stakeholder", "TextNames", "check_action",
           "check_actions", "coverage", "odd_matrix", "recognised_texts", "resolve_objective",
           "suggest_odd", "terms", "uncovered"]

CoreSubject = Literal["gouvernance", "droits-homme", "relations-travail", "environnement",
                      "loyaute-pratiques", "consommateurs", "communautes"]
"""The seven core subjects of ISO 26000:2010 (qse-facts §6)."""

Stakeholder = Literal["salaries", "clients", "fournisseurs", "actionnaires", "riverains",
                      "collectivites", "associations", "etat", "autre"]

Dimension = Literal["environnementale", "sociale", "economique", "gouvernance"]


class PositiveImpact(Model):
    """An expected positive impact of an action, argued and, where possible, quantified."""

    dimension: Dimension
    description: str = Field("", description="l'impact attendu et pourquoi (argument)")
    indicateur: str = Field("", description="comment on le mesurera")
    valeur_cible: str = Field("", description="ex. −30 % de CO₂ éq. par pièce fin 2028")


class RseAction(Model):
    """A sustainable-development action recommended to support the organisation's RSE policy."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,20}$", description="ex. R1")
    libelle: str = ""
    objectifs: list[str] = Field(default_factory=list, description="objectifs de la politique RSE "
                                 "soutenus (faits du corpus, ex. RSE2)")
    odd: list[int] = Field(default_factory=list, description="numéros des ODD (1 à 17)")
    questions_centrales: list[CoreSubject] = Field(default_factory=list)
    parties_prenantes: list[Stakeholder] = Field(default_factory=list)
    impacts: list[PositiveImpact] = Field(default_factory=list)
    textes: list[str] = Field(default_factory=list, description="textes de référence (ids du "
                              "catalogue, ex. iso-26000, loi-agec)")
    faits: list[str] = Field(default_factory=list, description="faits du corpus qui fondent l'action")
    scenario: str = Field("", description="scénario d'écoconception dont l'action découle, s'il y a")
    responsable: str = ""
    echeance: str = ""


# --- checks ---------------------------------------------------------------------------------------

ODD_NUMBERS: tuple[int, ...] = tuple(range(1, 18))
"""The 17 Sustainable Development Goals, numbered 1 to 17 (Programme 2030)."""

MIN_ARGUMENT_WORDS = 8
"""Below this many words, an impact's « description » is too short to be an argument."""

ODD_CORE_SUBJECTS: dict[int, frozenset[str]] = {
    1: frozenset({"droits-homme", "relations-travail", "communautes"}),
    2: frozenset({"droits-homme", "consommateurs", "environnement", "communautes"}),
    3: frozenset({"droits-homme", "relations-travail", "environnement", "consommateurs", "communautes"}),
    4: frozenset({"droits-homme", "relations-travail", "consommateurs", "communautes"}),
    5: frozenset({"droits-homme", "relations-travail"}),
    6: frozenset({"environnement", "communautes"}),
    7: frozenset({"environnement", "communautes"}),
    8: frozenset({"droits-homme", "relations-travail", "loyaute-pratiques", "communautes"}),
    9: frozenset({"environnement", "communautes"}),
    10: frozenset({"droits-homme", "relations-travail", "consommateurs", "communautes"}),
    11: frozenset({"environnement", "communautes"}),
    12: frozenset({"environnement", "loyaute-pratiques", "consommateurs"}),
    13: frozenset({"environnement"}),
    14: frozenset({"environnement"}),
    15: frozenset({"environnement"}),
    16: frozenset({"droits-homme", "loyaute-pratiques"}),
    17: frozenset({"loyaute-pratiques", "communautes"}),
}
"""ODD → the ISO 26000 core subjects under which an action for that goal is usually taken.

A teaching correspondence (usage), not a table of the standard: it only flags, as « attention »,
an action none of whose ODD relates to any of its core subjects. « gouvernance » is the means of
acting on every other core subject (ISO 26000 § 6.2): it is consistent with any ODD.
"""

_THOUSANDS = re.compile(r"(?<![0-9])([0-9]{1,3})[ \u00a0\u202f](?=[0-9]{3}(?![0-9]))")
_STOP_WORDS = frozenset({"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les",
                         "n", "no", "pour", "sur", "un", "une"})


class DescribedText(Protocol):
    """A catalogue entry (e.g. ``qsecase.rse_data.ReferenceText``): its title, reference and the
    words a trainee may write to name it."""

    @property
    def titre(self) -> str: ...

    @property
    def reference(self) -> str: ...

    @property
    def mots_cles(self) -> Sequence[str]: ...


TextNames = str | Collection[str] | DescribedText
"""How a known text may be named: a title, a collection of names, or a catalogue entry."""


def terms(text: str) -> str:
    """``text`` reduced for comparison, as `` word word ``: lower case, no accents, letters and
    digits apart (« ISO26000 », « ISO 26 000 » → « iso 26000 »), small words (de, la, et, n°…)
    and a final plural -s / -x dropped. A name is found in a text when its terms are a part of
    the text's terms.

    Example:
        >>> terms("Loi n° 2020-105 « AGEC »")
        ' loi 2020 105 agec '
    """
    folded = fold(text).replace("œ", "oe").replace("æ", "ae")
    folded = _THOUSANDS.sub(r"\1", folded)  # « ISO 26 000 » → « iso 26000 »
    spaced = re.sub(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])", " ", folded)
    words = [w[:-1] if len(w) > 3 and w.isalpha() and w[-1] in "sx" else w
             for w in re.findall(r"[0-9a-z]+", spaced) if w not in _STOP_WORDS]
    return f" {' '.join(words)} "


def _names(text_id: str, named: TextNames) -> list[str]:
    if isinstance(named, str):
        return [text_id, named]
    if isinstance(named, Collection):
        return [text_id, *named]
    return [text_id, named.titre, named.reference, *named.mots_cles]


def recognised_texts(written: str, known_texts: Mapping[str, TextNames]) -> list[str]:
    """The ids of ``known_texts`` that ``written`` names (by id, title, reference or keyword), in the
    order they appear in ``written``; case, accents, punctuation and small words do not matter.

    Example:
        >>> recognised_texts("loi AGEC 2020", {"loi-agec": ["AGEC"], "csrd": ["CSRD"]})
        ['loi-agec']
    """
    said = terms(written)
    found: list[tuple[int, str]] = []
    for text_id, named in known_texts.items():
        positions = [said.find(t) for t in map(terms, _names(text_id, named)) if t.strip() and t in said]
        if positions:
            found.append((min(positions), text_id))
    return [text_id for _, text_id in sorted(found)]


def suggest_odd(text: str, keywords: Mapping[int, Collection[str]]) -> list[int]:
    """ODD numbers whose ``keywords`` appear in ``text`` (an action's title or argument), the goal
    with the most keywords found first, then by number. A suggestion, not a verdict."""
    said = terms(text)
    hits = {n: sum(1 for k in map(terms, words) if k.strip() and k in said)
            for n, words in keywords.items()}
    return sorted((n for n, h in hits.items() if h), key=lambda n: (-hits[n], n))


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))


def resolve_objective(written: str, policy_objectives: Mapping[str, str]) -> str | None:
    """The id of the policy objective that ``written`` names — its id whatever the case, spaces or
    hyphens (« rse 2 » → « RSE2 »), or its wording — or ``None``."""
    key = _key(written)
    for objective_id in policy_objectives:
        if key and key == _key(objective_id):
            return objective_id
    for objective_id, wording in policy_objectives.items():
        if wording and same_text(written, wording):
            return objective_id
    return None


def _err(message: str) -> Issue:
    return Issue(level="erreur", message=message)


def _warn(message: str) -> Issue:
    return Issue(level="attention", message=message)


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _listing(values: Iterable[str]) -> str:
    return ", ".join(values) or "aucun"


def _text_suggestions(written: str, known_ids: Sequence[str]) -> list[str]:
    close = difflib.get_close_matches(_key(written), [_key(i) for i in known_ids],
                                      n=3, cutoff=0.5)
    by_key = {_key(i): i for i in known_ids}
    return [by_key[c] for c in close] or list(known_ids[:6])


def _impact_issues(who: str, action: RseAction) -> list[Issue]:
    if not action.impacts:
        return [_err(f"{who} : « impacts » vide — décrivez au moins un impact positif attendu, "
                     "argumenté et mesurable (dimension, argument, indicateur).")]
    issues: list[Issue] = []
    for n, impact in enumerate(action.impacts, 1):
        where = f"{who}, impact {n} ({impact.dimension})"
        words = _word_count(impact.description)
        if words < MIN_ARGUMENT_WORDS:
            issues.append(_err(
                f"{where} : « description » trop courte pour un argument ({words} mot"
                f"{'s' if words > 1 else ''}, au moins {MIN_ARGUMENT_WORDS}) — dites quel effet "
                "positif l'action produit, pour qui, et pourquoi."))
        if not impact.indicateur:
            issues.append(_warn(f"{where} : « indicateur » vide — comment mesurerez-vous cet impact "
                                "(ex. t CO₂e par an, taux de valorisation des déchets) ?"))
    return issues


def _text_issues(who: str, action: RseAction, known_texts: Mapping[str, TextNames]) -> list[Issue]:
    if not action.textes:
        return [_err(f"{who} : « textes de référence » vide — citez au moins un texte qui fonde "
                     "l'action (ex. iso-26000, loi-agec, csrd).")]
    if not known_texts:
        return []
    ids = list(known_texts)
    return [_warn(f"{who} : « textes de référence » — « {written} » n'est pas reconnu dans le "
                  "catalogue ; vérifiez la référence ou citez un texte du catalogue (ex. : "
                  f"{', '.join(_text_suggestions(written, ids))}).")
            for written in action.textes if not recognised_texts(written, known_texts)]


def _consistency_issue(who: str, action: RseAction) -> list[Issue]:
    goals = [n for n in dict.fromkeys(action.odd) if n in ODD_CORE_SUBJECTS]
    subjects = set(action.questions_centrales)
    if not goals or not subjects or "gouvernance" in subjects:
        return []
    if any(ODD_CORE_SUBJECTS[n] & subjects for n in goals):
        return []
    expected = sorted(set().union(*(ODD_CORE_SUBJECTS[n] for n in goals)))
    return [_warn(f"{who} : « ODD » ({', '.join(map(str, goals))}) et « questions centrales » "
                  f"({', '.join(action.questions_centrales)}) ne se rejoignent pas ; ces ODD relèvent "
                  f"plutôt de : {', '.join(expected)}. Vérifiez le rattachement.")]


CHECK_PARTS = frozenset({"rattachement", "impacts", "textes", "faits", "coherence"})
"""What :func:`check_action` looks at: the links (title, objectives, ODD, core subjects), the
impacts, the reference texts, the facts cited and the ODD / core subjects consistency."""


def check_action(action: RseAction, *, policy_objectives: Mapping[str, str],
                 known_texts: Mapping[str, TextNames], known_facts: Collection[str] = (),
                 parts: Collection[str] = CHECK_PARTS) -> list[Issue]:
    """Checks of one sustainable-development action (3-6) as a trainer reads it.

    Args:
        action: The trainee's action.
        policy_objectives: The RSE policy's objectives, id → wording (e.g. facts of the corpus).
        known_texts: The catalogue of reference texts, id → names (``qsecase.rse_data.
            reference_texts()`` fits); empty: the texts cited are not looked up.
        known_facts: Ids of the corpus facts that can be cited; empty: facts are not looked up.
        parts: Which checks to run (:data:`CHECK_PARTS`, all by default).

    Returns:
        Erreurs: no « libellé »; no objective, or one that is not in the policy (the existing ones
        are listed); no ODD, or a number outside 1–17; no core subject; no impact, or an impact
        whose « description » is under :data:`MIN_ARGUMENT_WORDS` words; no reference text; a
        fact that is not in the corpus.
        Attention: an impact without « indicateur »; a text not recognised in the catalogue (ids
        suggested); ODD and core subjects that do not meet (:data:`ODD_CORE_SUBJECTS`).
    """
    who = f"Action {action.id}"
    issues: list[Issue] = []
    if "rattachement" in parts:
        issues.extend(_link_issues(who, action, policy_objectives))
    if "impacts" in parts:
        issues.extend(_impact_issues(who, action))
    if "textes" in parts:
        issues.extend(_text_issues(who, action, known_texts))
    if "faits" in parts and known_facts:
        facts = {_key(f) for f in known_facts}
        unknown = [f for f in action.faits if _key(f) not in facts]
        if unknown:
            issues.append(_err(f"{who} : « faits » — fait{'s' if len(unknown) > 1 else ''} absent"
                               f"{'s' if len(unknown) > 1 else ''} du corpus : {', '.join(unknown)}."))
    if "coherence" in parts:
        issues.extend(_consistency_issue(who, action))
    return issues


def _link_issues(who: str, action: RseAction, policy_objectives: Mapping[str, str]) -> list[Issue]:
    """Title, policy objectives, ODD and core subjects of an action."""
    issues: list[Issue] = []
    if not action.libelle:
        issues.append(_err(f"{who} : « libellé » vide — nommez l'action (verbe + objet, ex. « Réduire "
                           "les chutes de tôle »)."))
    listed = _listing(policy_objectives)
    if not action.objectifs:
        issues.append(_err(f"{who} : « objectifs » vide — rattachez l'action à au moins un objectif de "
                           f"la politique RSE (objectifs existants : {listed})."))
    for written in action.objectifs:
        if resolve_objective(written, policy_objectives) is None:
            issues.append(_err(f"{who} : « objectifs » — « {written} » n'est pas un objectif de la "
                               f"politique RSE (objectifs existants : {listed})."))
    if not action.odd:
        issues.append(_err(f"{who} : « ODD » vide — indiquez le ou les objectifs de développement "
                           "durable (1 à 17) que l'action soutient."))
    for number in dict.fromkeys(action.odd):
        if number not in ODD_CORE_SUBJECTS:
            issues.append(_err(f"{who} : « ODD » — {number} n'est pas un objectif de développement "
                               "durable (numéros 1 à 17)."))
    if not action.questions_centrales:
        issues.append(_err(f"{who} : « questions centrales » vide — indiquez au moins une question "
                           "centrale de l'ISO 26000 (ex. environnement, relations-travail)."))
    return issues


def check_actions(actions: Sequence[RseAction], *, policy_objectives: Mapping[str, str],
                  known_texts: Mapping[str, TextNames], known_facts: Collection[str] = (),
                  parts: Collection[str] = CHECK_PARTS) -> list[Issue]:
    """Duplicated action ids (erreur), then :func:`check_action` for each action, in order."""
    ids = [a.id for a in actions]
    issues = [_err(f"Identifiant d'action RSE en double : {i}.")
              for i in sorted({i for i in ids if ids.count(i) > 1})]
    for action in actions:
        issues.extend(check_action(action, policy_objectives=policy_objectives, known_texts=known_texts,
                                   known_facts=known_facts, parts=parts))
    return issues


def coverage(actions: Sequence[RseAction], policy_objectives: Mapping[str, str]) -> dict[str, list[str]]:
    """Policy objective id → ids of the actions that support it (policy order, then action order).

    An action supports an objective it names by id (any case, spacing) or by its wording.
    """
    out: dict[str, list[str]] = {o: [] for o in policy_objectives}
    for action in actions:
        for written in action.objectifs:
            objective = resolve_objective(written, policy_objectives)
            if objective is not None and action.id not in out[objective]:
                out[objective].append(action.id)
    return out


def uncovered(actions: Sequence[RseAction], policy_objectives: Mapping[str, str]) -> list[str]:
    """Policy objectives that no action supports, in policy order."""
    return [o for o, supporting in coverage(actions, policy_objectives).items() if not supporting]


def odd_matrix(actions: Sequence[RseAction]) -> dict[int, list[str]]:
    """ODD 1 to 17 → ids of the actions that cite it (every goal is a key; numbers outside 1–17 are
    left out)."""
    out: dict[int, list[str]] = {n: [] for n in ODD_NUMBERS}
    for action in actions:
        for number in action.odd:
            if number in out and action.id not in out[number]:
                out[number].append(action.id)
    return out
