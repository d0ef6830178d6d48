"""Writing a QSE document: readability for its public and templates of procedures and work
instructions. Pure.

:func:`readability_report` reuses the measures of :mod:`qsecase.methods.briefs` (sentence length,
long words, Kandel & Moles index, jargon) and, for a field public, adds guidance checks of FALC
(« Facile à lire et à comprendre »), after the European guidelines *Information for all* (Inclusion
Europe, 2009; French version « L'information pour tous ») — usage, not a norm: short sentences
(at most 15 words), one idea per sentence, no unexplained abbreviation, no percentage, no roman
numerals, active rather than passive voice, no words in capitals. The sentence-level checks are
approximations (patterns, no grammar): they point at sentences to reread. Both functions are also
importable from :mod:`qsecase.methods.doc_control`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qsecase.methods.base import Issue
from qsecase.methods.briefs import (
    AUDIENCE_LABELS,
    AUDIENCE_PROFILES,
    JARGON,
    ReadabilityScore,
    readability,
    sentences,
    unexplained_jargon,
    words,
)
from qsecase.methods.text import fold

if TYPE_CHECKING:  # doc_control re-exports this module's functions: no import at run time
    from qsecase.methods.doc_control import Cartouche

__all__ = ["FALC_AUDIENCES", "FALC_MAX_WORDS", "TEMPLATES", "ReadabilityReport", "draft_from_template",
           "readability_report"]

FALC_MAX_WORDS = 15
FALC_AUDIENCES: tuple[str, ...] = ("operateurs", "interimaires")
"""Audiences (ids of :data:`~qsecase.methods.briefs.AUDIENCE_LABELS`) written for in FALC."""

_TOKEN = re.compile(r"(?<![\w-])[^\W\d_]+(?![\w-])")  # whole words, not parts of codes (PR-QUA-003)
_ROMAN = re.compile(r"(?=[MDCLXVI])(M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))"
                    r"(e|er|re|ème)?")
_NOT_ROMAN = {"CD", "CV", "DC", "MC", "XL"}
_PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s?%|\bpour\s?cents?\b", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:est|sont|sera|seront|était|étaient|soit|soient|être|été|fut|furent)\s+"
                      r"(?:(?:pas|plus|bien|mal|toujours|jamais|déjà|aussi|\w+ment)\s+)?(\w+?(?:ée?s?))\b",
                      re.IGNORECASE)
_NOT_PASSIVE = {"allé", "arrivé", "entré", "monté", "tombé", "resté", "né", "passé", "retourné", "rentré",
                "décédé", "situé"}
_LINKS = re.compile(r";|\b(?:et|mais|car|donc|puis|ensuite|lorsque|lorsqu|quand|afin|dont|qui|que|qu|"
                    r"où|pendant)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ReadabilityReport:
    """Measures of a text for its public, and what to rework (:attr:`issues`)."""

    audience: str
    """Resolved audience id, « » when the public was not recognised (checked as a field public)."""
    falc: bool
    score: ReadabilityScore
    max_sentence_words: int
    long_sentences: tuple[str, ...]
    jargon: tuple[str, ...]
    acronyms: tuple[str, ...]
    capitals: tuple[str, ...]
    roman_numerals: tuple[str, ...]
    percentages: tuple[str, ...]
    passive: tuple[str, ...]
    several_ideas: tuple[str, ...]
    issues: tuple[Issue, ...]


def _resolve(audience: str) -> tuple[str, bool]:
    """(audience id or « », FALC) for an id or a free description of the public."""
    if audience in AUDIENCE_PROFILES:
        return audience, audience in FALC_AUDIENCES
    said = fold(audience)
    stems = {fold(w).rstrip("s") for w in words(audience)}
    for key, label in AUDIENCE_LABELS.items():
        if key.rstrip("s") in stems or fold(label.split()[0]).rstrip("s") in stems:
            return key, key in FALC_AUDIENCES or "falc" in said or "facile a lire" in said
    return "", True


def _caps(text: str) -> tuple[list[str], list[str], list[str]]:
    """(roman numerals, acronyms, words in capitals): a run of capital words, or a capital word of
    six letters or more, is written in capitals; a shorter one alone is an acronym."""
    tokens = [m.group() for m in _TOKEN.finditer(text)]
    upper = [len(t) > 1 and t.isupper() for t in tokens]
    roman: list[str] = []
    acronyms: list[str] = []
    capitals: list[str] = []
    for i, token in enumerate(tokens):
        m = _ROMAN.fullmatch(token)
        if m and token not in _NOT_ROMAN and (len(m[1]) > 1 or (m[1] == "I" and m[2] in ("er", "re"))):
            roman.append(token)
        elif upper[i]:
            in_run = (i > 0 and upper[i - 1]) or (i + 1 < len(tokens) and upper[i + 1])
            (capitals if in_run or len(token) >= 6 else acronyms).append(token)
    return roman, acronyms, capitals


def _explained(acronym: str, text: str) -> bool:
    """Followed by its expansion in parentheses, or itself in parentheses after it."""
    a = re.escape(acronym)
    return bool(re.search(rf"(?<!\w){a}\s*\(|\(\s*{a}\s*\)", text))


def _quote(sentence: str, size: int = 12) -> str:
    found = sentence.split()
    return " ".join(found[:size]) + (" …" if len(found) > size else "")


def readability_report(text: str, audience: str) -> ReadabilityReport:
    """Readability of ``text`` for ``audience`` (an audience id of :mod:`~qsecase.methods.briefs`
    or a free description, « opérateurs de conditionnement »; « FALC » asks for FALC).

    The sentence limit is the audience's (:data:`~qsecase.methods.briefs.AUDIENCE_PROFILES`), at
    most :data:`FALC_MAX_WORDS` in FALC; jargon is reported for publics that must avoid it; the FALC
    checks apply to :data:`FALC_AUDIENCES`, to an explicit FALC request and to an unrecognised
    public (a document for « tout le personnel » is read at the workstation).
    """
    key, falc = _resolve(audience)
    profile = AUDIENCE_PROFILES[key or "operateurs"]
    limit = min(profile.max_mots_phrase, FALC_MAX_WORDS) if falc else profile.max_mots_phrase
    found = sentences(text)
    long_ = tuple(s for s in found if len(words(s)) > limit)
    jargon = tuple(unexplained_jargon(text)) if profile.sans_jargon or falc else ()
    roman, acronyms, capitals = _caps(text)
    acronyms = [a for a in dict.fromkeys(acronyms) if a not in JARGON and not _explained(a, text)]
    passive = [s for s in found if any(m.group(1).casefold() not in _NOT_PASSIVE
                                       for m in _PASSIVE.finditer(s))]
    several = [s for s in found if len(_LINKS.findall(s)) >= 2]
    percentages = _PERCENT.findall(text)
    issues = [Issue(level="attention", message=f"{len(long_)} phrase(s) de plus de {limit} mots, "
                    f"par exemple « {_quote(long_[0])} » : coupez-la.")] if long_ else []
    issues += [Issue(level="erreur", message=f"« {t} » n'est pas expliqué : dites plutôt « {JARGON[t]} ».")
               for t in jargon]
    if falc:
        checks = ((acronyms, "sigle(s) non expliqué(s) : écrivez le mot en entier ou expliquez-le"),
                  (capitals, "mot(s) écrit(s) en majuscules : écrivez-les en minuscules, mettez en gras"),
                  (roman, "chiffre(s) romain(s) : écrivez les nombres en chiffres (1, 2, 3)"),
                  (percentages, "pourcentage(s) : préférez « 1 sur 10 », « peu », « beaucoup »"),
                  (passive, "phrase(s) à la voix passive : dites qui fait quoi"),
                  (several, "phrase(s) avec plusieurs idées : une idée par phrase"))
        issues += [Issue(level="attention", message=f"FALC — {len(items)} {label} : « "
                         f"{' », « '.join(dict.fromkeys(map(_quote, items)))} ».")
                   for items, label in checks if items]
    return ReadabilityReport(key, falc, readability(text), limit, long_, jargon, tuple(acronyms),
                             tuple(capitals), tuple(roman), tuple(percentages), tuple(passive),
                             tuple(several), tuple(issues))


# --- templates -----------------------------------------------------------------------------------
_PROCEDURE = (("Objet", ()), ("Domaine d'application", ("domaine", "champ d'application")),
              ("Références", ("références documentaires",)), ("Définitions", ("abréviations",)),
              ("Responsabilités", ()), ("Déroulement", ("description", "logigramme")),
              ("Enregistrements", ()), ("Historique", ("historique des modifications",)))
_WORK_INSTRUCTION = (("Objet", ()), ("Sécurité / EPI", ("sécurité", "EPI", "sécurité/EPI")),
                     ("Matériel", ("matériel nécessaire",)),
                     ("Étapes", ("étapes numérotées", "déroulement", "mode opératoire")),
                     ("En cas de problème", ("anomalie", "en cas d'anomalie")))
TEMPLATES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "procédure": _PROCEDURE, "mode opératoire": _WORK_INSTRUCTION, "instruction": _WORK_INSTRUCTION}
"""Sections of each kind of document (title, other names accepted for it), in order (usage)."""
_TODO = "_À compléter._"


def _key(title: str) -> str:
    return " ".join(re.findall(r"\w+", fold(title)))


def _cell(value: object) -> str:
    if value is None or value == "":
        return "à compléter"
    text = f"{value:%d/%m/%Y}" if hasattr(value, "strftime") else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _numbered(body: str) -> str:
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    return "\n".join(line if re.match(r"\d+[.)]\s", line) else f"{n}. {line.lstrip('-* ')}"
                     for n, line in enumerate(lines, 1))


def draft_from_template(kind: str, cartouche: Cartouche, objet: str, sections: Mapping[str, str]) -> str:
    """A Markdown draft of a document of ``kind`` (a key of :data:`TEMPLATES`).

    The cartouche table comes first, then every section of the template in order: ``objet`` for
    « Objet », the text given in ``sections`` (found by title or another accepted name, whatever
    the case and accents), or « À compléter ». The steps of a work instruction are numbered; the
    « Historique » of a procedure is the cartouche's history when ``sections`` does not give it.
    Sections that are not in the template follow, in the order given.

    Raises:
        ValueError: ``kind`` has no template.
    """
    template = {fold(k): v for k, v in TEMPLATES.items()}.get(fold(kind).strip())
    if template is None:
        raise ValueError(f"Pas de modèle pour « {kind} » : choisissez parmi {', '.join(TEMPLATES)}.")
    given = {_key(title): (title, body.strip()) for title, body in sections.items()}
    c = cartouche
    rows = (("Référence", c.reference), ("Titre", c.titre), ("Type", c.type), ("Version", c.version),
            ("Date d'application", c.date_application), ("Rédacteur", c.redacteur),
            ("Vérificateur", c.verificateur), ("Approbateur", c.approbateur), ("Statut", c.statut),
            ("Diffusion", c.diffusion), ("Prochaine revue", c.prochaine_revue))
    out = [f"# {c.titre or objet or kind}", "", "| Champ | Valeur |", "|---|---|",
           *(f"| {name} | {_cell(value)} |" for name, value in rows)]
    for title, aliases in template:
        body = next((given.pop(k)[1] for k in map(_key, (title, *aliases)) if k in given), "")
        if title == "Objet":
            body = objet.strip() or body
        elif title == "Étapes" and body:
            body = _numbered(body)
        elif title == "Historique" and not body and c.historique:
            body = "\n".join(["| Version | Date | Nature de la modification | Auteur |", "|---|---|---|---|",
                              *(f"| {_cell(r.version)} | {_cell(r.date)} | {_cell(r.nature)} | "
                                f"{_cell(r.auteur)} |" for r in c.historique)])
        out += ["", f"## {title}", "", body or _TODO]
    for title, body in given.values():
        out += ["", f"## {title}", "", body or _TODO]
    return "\n".join(out) + "\n"
