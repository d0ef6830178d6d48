"""A QSE communication support (poster, one-page newsletter, slides outline) checked against the
organisation's graphic charter and the rules of accessible writing (5-4). Pure.

Contrast: WCAG 2.2 success criterion 1.4.3 (4.5:1 for text, 3:1 for large text ≥ 18.66 px bold
or 24 px, i.e. 14 pt bold or 18 pt: :mod:`qsecase.methods.contrast`). Readability: the
sentence-length and jargon measures of :mod:`qsecase.methods.briefs`. Key messages are found in the
text by the tolerant matching of :mod:`qsecase.grading.matching`. Length and key-message targets
are usage, not norms (constants below).
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from qsecase.grading.matching import THRESHOLD, phrase_in
from qsecase.methods.base import Issue, Model
from qsecase.methods.briefs import JARGON, ReadabilityScore, readability, unexplained_jargon, words
from qsecase.methods.contrast import (
    colour_distance,
    contrast_ratio,
    is_large_text,
    normalise_hex,
    required_ratio,
)
from qsecase.methods.effectiveness import fmt_value
from qsecase.methods.text import fold

__all__ = ["CLOSE_DELTA_E", "KEY_MESSAGES_GOOD", "KEY_MESSAGES_MAX", "MAX_BODY_WORDS",
           "MAX_BULLETS_PER_SLIDE", "MAX_LONG_WORD_SHARE", "MAX_MEAN_SENTENCE_WORDS",
           "NEUTRAL_COLOURS", "SUPPORT_KINDS", "Charter", "ColourCheck", "ColourUse", "ContrastCheck",
           "Criterion", "CriterionStatus", "Image", "Slide", "Support", "SupportKind", "SupportReport",
           "check_support", "split_slides", "support_font", "support_report"]

SupportKind = Literal["affiche", "newsletter", "diaporama"]
SUPPORT_KINDS: dict[str, str] = {"affiche": "Affiche", "newsletter": "Lettre d'information d'une page",
                                 "diaporama": "Plan de diaporama"}


class Charter(Model):
    """The organisation's graphic charter (declared by the case)."""

    couleurs: dict[str, str] = Field(min_length=1, description="nom → couleur #RRGGBB")
    polices: list[str] = Field(min_length=1, description="polices autorisées, la première par défaut")
    taille_min_pt: float = Field(12, gt=0, description="taille minimale du corps de texte (pt)")
    logo: str = Field("", pattern=r"^(corpus/[^/\\]+\.(svg|png))?$",
                      description="fichier du logo dans le corpus (SVG ou PNG), ex. corpus/logo.svg")
    logo_alt: str = Field("", description="texte de remplacement du logo")
    regles: list[str] = Field(default_factory=list, description="autres règles de la charte")


class ColourUse(Model):
    """A text colour on a background colour, as used in the support."""

    element: str = Field(description="ex. titre, corps, encadré")
    texte: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")
    fond: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")
    taille_pt: float = Field(12, gt=0)
    gras: bool = False


class Image(Model):
    fichier: str = ""
    alt: str = Field("", description="texte de remplacement (vide : image décorative)")
    decorative: bool = False


class Support(Model):
    """The communication support the trainee designs."""

    type: SupportKind = "affiche"
    titre: str = ""
    public: str = Field("", description="public cible")
    canal: str = Field("", description="où et comment il est diffusé")
    messages_cles: list[str] = Field(default_factory=list)
    texte: str = Field("", description="corps du texte (Markdown simple)")
    appel_action: str = Field("", description="ce que le lecteur doit faire")
    police: str = ""
    couleurs: list[ColourUse] = Field(default_factory=list)
    images: list[Image] = Field(default_factory=list)
    logo: bool = Field(True, description="le logo de l'organisation figure sur le support")
    adaptations: str = Field("", description="adaptations aux personnes en situation de handicap")


# --- checks ---------------------------------------------------------------------------------------
CriterionStatus = Literal["conforme", "non conforme", "à améliorer"]

NEUTRAL_COLOURS: tuple[str, ...] = ("#000000", "#FFFFFF")
"""Black and white: admitted by every charter for text and backgrounds (usage)."""
CLOSE_DELTA_E = 10.0
"""A colour within this CIE76 ΔE of a charter colour is taken for an approximation of it."""
MAX_MEAN_SENTENCE_WORDS = 15
"""Plain-language usage: 15 words or fewer per sentence on average."""
MAX_LONG_WORD_SHARE = 0.40
"""Usage: at most 40 % of long words (7 letters or more, the LIX convention); technical prose
goes well beyond."""
KEY_MESSAGES_GOOD: dict[str, int] = {"affiche": 3, "newsletter": 5, "diaporama": 5}
"""Most key messages a support of each kind carries well (a poster: 1 to 3)."""
KEY_MESSAGES_MAX = 5
"""Beyond this many key messages the message is diluted, whatever the support."""
MAX_BODY_WORDS: dict[str, int] = {"affiche": 80, "newsletter": 400}
"""Usage: a poster is read in passing (about 80 words), a one-page newsletter holds about 400."""
MAX_BULLETS_PER_SLIDE = 6
"""Usage: six bullets at most per slide."""

_WCAG = "WCAG 2.2, critère 1.4.3"
_SLIDE_HEADING = re.compile(r"^##(?!#)[ \t]*(.*?)[ \t#]*$", re.MULTILINE)
_BULLET = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\S", re.MULTILINE)


@dataclass(frozen=True)
class Slide:
    """One slide of a slides outline: a « ## » heading and the text under it."""

    titre: str
    corps: str

    @property
    def puces(self) -> int:
        """Number of bullet lines (« - », « * », « + » or « 1. »)."""
        return len(_BULLET.findall(self.corps))


def split_slides(text: str) -> tuple[str, list[Slide]]:
    """The text before the first « ## » heading, and one :class:`Slide` per « ## » heading."""
    heads = list(_SLIDE_HEADING.finditer(text))
    preamble = text[: heads[0].start()] if heads else text
    found = [Slide(titre=m.group(1).strip(),
                   corps=text[m.end(): heads[n + 1].start() if n + 1 < len(heads) else len(text)].strip())
             for n, m in enumerate(heads)]
    return preamble.strip(), found


@dataclass(frozen=True)
class Criterion:
    """One line of the review of a support: what was measured, the target, and the verdict.

    ``messages`` are the findings (measured value and target, in French) when the criterion is
    not met: a « non conforme » criterion gives errors, an « à améliorer » one warnings.
    """

    critere: str
    mesure: str
    cible: str
    statut: CriterionStatus
    messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContrastCheck:
    """A text colour on its background, its contrast and the WCAG 2.2 threshold it must reach."""

    element: str
    texte: str
    fond: str
    ratio: float
    seuil: float
    grand_texte: bool

    @property
    def ok(self) -> bool:
        return self.ratio >= self.seuil


@dataclass(frozen=True)
class ColourCheck:
    """A colour used by the support and its place in the charter.

    ``statut`` is « charte » (exact charter colour), « neutre » (black or white), « proche »
    (within :data:`CLOSE_DELTA_E` of ``nom_proche``) or « hors charte ».
    """

    couleur: str
    elements: tuple[str, ...]
    statut: Literal["charte", "neutre", "proche", "hors charte"]
    nom_proche: str = ""
    couleur_proche: str = ""
    ecart: float = 0.0


@dataclass(frozen=True)
class SupportReport:
    """Everything measured on a support against the charter and the rules of accessible writing."""

    contrastes: tuple[ContrastCheck, ...]
    taille_min_pt: float | None
    taille_cible_pt: float
    couleurs: tuple[ColourCheck, ...]
    police: str
    police_ok: bool
    lisibilite: ReadabilityScore
    jargon: tuple[str, ...]
    messages_cles: tuple[tuple[str, bool], ...]
    """Each key message and whether the title or the text takes it up."""
    appel_action: bool
    images_sans_alt: tuple[str, ...]
    logo_attendu: bool
    logo: bool
    public: bool
    canal: bool
    adaptations: bool
    mots: int
    mots_max: int | None
    puces: tuple[tuple[str, int], ...]
    """Slides outline: each slide's heading and number of bullets."""
    criteres: tuple[Criterion, ...]

    @property
    def issues(self) -> list[Issue]:
        """The findings as issues: errors for « non conforme », warnings for « à améliorer »."""
        return [Issue(level="erreur" if c.statut == "non conforme" else "attention", message=m)
                for c in self.criteres if c.statut != "conforme" for m in c.messages]


def _ratio(value: float, threshold: float | None = None) -> str:
    """A contrast ratio in French to the hundredth, « 4,48:1 »; a ratio below ``threshold`` is
    truncated rather than rounded up to it (4,499 is « 4,49:1 », not « 4,5:1 »)."""
    shown = round(value, 2)
    if threshold is not None and value < threshold <= shown:
        shown = math.floor(value * 100) / 100
    return f"{fmt_value(shown)}:1"


def _delta(value: float) -> str:
    return fmt_value(round(value, 1))


def _pct(share: float) -> str:
    return fmt_value(round(share * 100), "%")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def _quote(items: Sequence[str]) -> str:
    return ", ".join(f"« {i} »" for i in items)


def _row(critere: str, mesure: str, cible: str, ok: bool, message: str = "", *,
         error: bool = False) -> Criterion:
    if ok:
        return Criterion(critere, mesure, cible, "conforme")
    return Criterion(critere, mesure, cible, "non conforme" if error else "à améliorer", (message,))


def _contrast_checks(support: Support) -> list[ContrastCheck]:
    return [ContrastCheck(element=u.element, texte=normalise_hex(u.texte), fond=normalise_hex(u.fond),
                          ratio=contrast_ratio(u.texte, u.fond), seuil=required_ratio(u.taille_pt, u.gras),
                          grand_texte=is_large_text(u.taille_pt, u.gras)) for u in support.couleurs]


def _contrast_rows(checks: Sequence[ContrastCheck]) -> list[Criterion]:
    if not checks:
        return [_row("Contrastes", "aucune couleur déclarée", "chaque texte sur son fond",
                     False, "Aucune couleur n'est déclarée : indiquez la couleur de chaque texte et "
                     "de son fond (titre, corps…) pour que le contraste soit vérifié.")]
    rows = []
    for c in checks:
        target = _ratio(c.seuil) + (" (texte de grande taille)" if c.grand_texte else "")
        rows.append(_row(
            f"Contraste — {c.element}", f"{_ratio(c.ratio, c.seuil)} ({c.texte} sur {c.fond})",
            f"{target}, {_WCAG}", c.ok,
            f"Contraste de « {c.element} » : {_ratio(c.ratio, c.seuil)} pour {_ratio(c.seuil)} exigés "
            f"({_WCAG}{', texte de grande taille' if c.grand_texte else ''}) : foncez le texte ou "
            "éclaircissez le fond.", error=True))
    return rows


def _size_row(support: Support, charter: Charter) -> Criterion | None:
    if not support.couleurs:
        return None
    smallest = min(u.taille_pt for u in support.couleurs)
    target = f"{fmt_value(charter.taille_min_pt, 'pt')} au moins (charte)"
    small = [u for u in support.couleurs if u.taille_pt < charter.taille_min_pt]
    return Criterion(
        "Taille minimale du texte", fmt_value(smallest, "pt"), target,
        "à améliorer" if small else "conforme",
        tuple(f"Taille de « {u.element} » : {fmt_value(u.taille_pt, 'pt')} pour "
              f"{fmt_value(charter.taille_min_pt, 'pt')} au moins (charte graphique)." for u in small))


def _charter_colours(charter: Charter) -> dict[str, str]:
    """Charter colour name → ``#RRGGBB``; values that are not colours are skipped."""
    found = {}
    for name, value in charter.couleurs.items():
        with contextlib.suppress(ValueError):
            found[name] = normalise_hex(value)
    return found


def _colour_checks(support: Support, charter: Charter) -> list[ColourCheck]:
    used: dict[str, list[str]] = {}
    for u in support.couleurs:
        for colour, role in ((u.texte, "texte"), (u.fond, "fond")):
            used.setdefault(normalise_hex(colour), []).append(f"{u.element}, {role}")
    palette = _charter_colours(charter)
    checks = []
    for colour, elements in used.items():
        exact = next((n for n, c in palette.items() if c == colour), None)
        if exact is not None:
            checks.append(ColourCheck(colour, tuple(elements), "charte", exact, colour))
        elif colour in NEUTRAL_COLOURS:
            checks.append(ColourCheck(colour, tuple(elements), "neutre"))
        elif palette:
            name, near = min(palette.items(), key=lambda item: colour_distance(colour, item[1]))
            gap = colour_distance(colour, near)
            checks.append(ColourCheck(colour, tuple(elements),
                                      "proche" if gap <= CLOSE_DELTA_E else "hors charte", name, near, gap))
        else:
            checks.append(ColourCheck(colour, tuple(elements), "hors charte"))
    return checks


def _colour_rows(checks: Sequence[ColourCheck], charter: Charter) -> list[Criterion]:
    allowed = ", ".join(f"{n} {c}" for n, c in _charter_colours(charter).items()) or "aucune"
    rows = []
    for c in checks:
        where = " ; ".join(c.elements)
        label = f"Couleur {c.couleur} ({where})"
        if c.statut == "charte":
            rows.append(_row(label, f"couleur « {c.nom_proche} » de la charte", "couleur de la charte",
                             True))
        elif c.statut == "neutre":
            rows.append(_row(label, "noir ou blanc (neutre)", "couleur de la charte", True))
        elif c.statut == "proche":
            rows.append(_row(
                label, f"proche de « {c.nom_proche} » {c.couleur_proche} (écart ΔE {_delta(c.ecart)})",
                "couleur exacte de la charte", False,
                f"La couleur {c.couleur} ({where}) est proche de « {c.nom_proche} » "
                f"{c.couleur_proche} sans être identique (écart ΔE {_delta(c.ecart)}) : reprenez la "
                "valeur exacte de la charte."))
        else:
            nearest = (f" ; la plus proche est « {c.nom_proche} » {c.couleur_proche} (écart ΔE "
                       f"{_delta(c.ecart)})") if c.nom_proche else ""
            rows.append(_row(
                label, "hors charte", "couleur de la charte", False,
                f"La couleur {c.couleur} ({where}) n'appartient pas à la charte graphique (couleurs "
                f"admises : {allowed}, noir et blanc){nearest}."))
    return rows


def support_font(support: Support, charter: Charter) -> tuple[str, bool]:
    """The font of the support (the charter's first by default) and whether the charter has it."""
    if not support.police:
        return charter.polices[0], True
    wanted = " ".join(fold(support.police).split())
    return support.police, any(" ".join(fold(p).split()) == wanted for p in charter.polices)


def _readability_rows(score: ReadabilityScore, jargon: Sequence[str]) -> list[Criterion]:
    if not score.mots:
        return [_row("Texte", "vide", "messages clés, texte et appel à l'action rédigés", False,
                     "Le support n'a pas de texte : rédigez le titre, les messages clés et le corps.")]
    mean, share = score.mots_par_phrase, score.part_mots_longs
    return [
        _row("Longueur moyenne des phrases", f"{fmt_value(round(mean, 1))} mots",
             f"{MAX_MEAN_SENTENCE_WORDS} mots au plus", mean <= MAX_MEAN_SENTENCE_WORDS,
             f"Les phrases comptent en moyenne {fmt_value(round(mean, 1))} mots pour "
             f"{MAX_MEAN_SENTENCE_WORDS} au plus : coupez les phrases longues."),
        _row("Mots longs (7 lettres et plus)", _pct(share), f"{_pct(MAX_LONG_WORD_SHARE)} au plus",
             share <= MAX_LONG_WORD_SHARE,
             f"Les mots longs (7 lettres et plus) font {_pct(share)} du texte pour "
             f"{_pct(MAX_LONG_WORD_SHARE)} au plus : préférez des mots courts et courants."),
        Criterion("Jargon non expliqué", _quote(jargon) if jargon else "aucun", "aucun",
                  "à améliorer" if jargon else "conforme",
                  tuple(f"« {t} » est employé sans explication : dites « {JARGON[t]} », ou expliquez "
                        "le terme entre parenthèses." for t in jargon)),
    ]


def _key_message_rows(support: Support, found: Sequence[tuple[str, bool]]) -> list[Criterion]:
    n = len(found)
    good = KEY_MESSAGES_GOOD[support.type]
    kind = SUPPORT_KINDS[support.type].lower()
    if not n:
        rows = [_row("Nombre de messages clés", "0", f"1 à {good}", False,
                     f"Aucun message clé : énoncez 1 à {good} messages clés explicites.")]
    elif n > KEY_MESSAGES_MAX:
        rows = [_row("Nombre de messages clés", str(n), f"1 à {good}", False,
                     f"{n} messages clés pour {KEY_MESSAGES_MAX} au plus : le message se dilue ; "
                     f"gardez les {good} plus importants.")]
    else:
        rows = [_row("Nombre de messages clés", str(n), f"1 à {good}", n <= good,
                     f"{n} messages clés pour 1 à {good} sur ce support ({kind}) : gardez les plus "
                     "importants.")]
    for message, present in found:
        rows.append(_row(f"Message clé « {message} » repris", "oui" if present else "non",
                         "repris dans le titre ou le texte", present,
                         f"Le message clé « {message} » n'est repris ni dans le titre ni dans le "
                         "texte : mettez-le en valeur sur le support."))
    return rows


def _image_rows(support: Support) -> list[Criterion]:
    rows = []
    for n, image in enumerate(support.images, 1):
        name = image.fichier or f"image {n}"
        if image.decorative:
            rows.append(_row(f"Image « {name} »", "décorative (alternative vide)",
                             "alternative vide si décorative", True))
        elif not image.alt:
            rows.append(_row(f"Image « {name} »", "sans texte de remplacement",
                             "texte de remplacement (RGAA 1.1)", False,
                             f"L'image « {name} » n'a pas de texte de remplacement : décrivez ce "
                             "qu'elle apporte (RGAA, critère 1.1), ou déclarez-la décorative.", error=True))
        else:
            same_as_file = bool(image.fichier) and fold(image.alt) in {
                fold(image.fichier), fold(image.fichier.rsplit(".", 1)[0])}
            rows.append(_row(f"Image « {name} »", f"texte de remplacement : « {image.alt} »",
                             "texte de remplacement (RGAA 1.1)", not same_as_file,
                             f"Le texte de remplacement de l'image « {name} » reprend le nom du "
                             "fichier : décrivez ce que l'image apporte."))
    return rows


def _length_rows(support: Support, count: int, slides: Sequence[Slide]) -> list[Criterion]:
    if support.type == "diaporama":
        if not slides:
            return [_row("Découpage en diapositives", "aucun titre « ## »",
                         "un titre « ## » par diapositive", False,
                         "Le plan de diaporama n'a aucun titre « ## » : commencez chaque "
                         "diapositive par « ## » suivi de son titre.")]
        return [_row(f"Puces — diapositive « {s.titre} »", _plural(s.puces, "puce"),
                     f"{MAX_BULLETS_PER_SLIDE} au plus", s.puces <= MAX_BULLETS_PER_SLIDE,
                     f"La diapositive « {s.titre} » compte {s.puces} puces pour "
                     f"{MAX_BULLETS_PER_SLIDE} au plus : scindez-la ou resserrez-la.") for s in slides]
    limit = MAX_BODY_WORDS[support.type]
    kind = SUPPORT_KINDS[support.type].lower()
    return [_row("Longueur du texte", _plural(count, "mot"), f"{limit} mots au plus ({kind})",
                 count <= limit, f"Le corps du texte compte {count} mots pour {limit} au plus sur "
                 f"ce support ({kind}) : allez à l'essentiel.")]


def support_report(support: Support, charter: Charter) -> SupportReport:
    """Review of a communication support (5-4) against the charter and accessible-writing rules.

    Measures the contrast of each text on its background (WCAG 2.2, 1.4.3), the smallest text
    size, the colours and the font against the charter, the readability of the text (sentence
    length, long words, unexplained jargon: :mod:`qsecase.methods.briefs`), the key messages (how
    many, whether the title or text takes each up), the call to action, the alternative text of
    the images, the logo, the public, the channel, the adaptations to disabilities, and the length
    for the kind of support (words of a poster or newsletter, bullets per slide of a slides outline).

    Args:
        support: The support designed by the trainee.
        charter: The organisation's graphic charter.

    Returns:
        The measured values and one :class:`Criterion` per check, met or not.
    """
    contrasts = _contrast_checks(support)
    colours = _colour_checks(support, charter)
    font, font_ok = support_font(support, charter)
    full = "\n".join([support.texte, *support.messages_cles, support.appel_action])
    score = readability(full)
    jargon = unexplained_jargon("\n".join([support.titre, full]))
    shown = "\n".join([support.titre, support.texte])
    found = [(m, phrase_in(m, shown) >= THRESHOLD) for m in support.messages_cles]
    missing_alt = [i.fichier or f"image {n}" for n, i in enumerate(support.images, 1)
                   if not i.decorative and not i.alt]
    count = len(words(support.texte))
    _, slides = split_slides(support.texte)
    logo_expected = bool(charter.logo)

    rows: list[Criterion] = [*_contrast_rows(contrasts)]
    size = _size_row(support, charter)
    if size is not None:
        rows.append(size)
    rows += _colour_rows(colours, charter)
    rows.append(_row("Police", font, f"charte : {', '.join(charter.polices)}", font_ok,
                     f"La police « {font} » n'est pas dans la charte graphique (polices admises : "
                     f"{', '.join(charter.polices)})."))
    rows += _readability_rows(score, jargon)
    rows += _key_message_rows(support, found)
    rows.append(_row("Appel à l'action", "présent" if support.appel_action else "absent", "présent",
                     bool(support.appel_action), "Le support n'a pas d'appel à l'action : dites "
                     "clairement ce que le lecteur doit faire (ex. « Signalez tout presque-accident "
                     "à votre chef d'équipe »)."))
    rows += _image_rows(support)
    if logo_expected:
        rows.append(_row("Logo", "présent" if support.logo else "absent", "présent (charte)",
                         support.logo, "Le logo de l'organisation manque : la charte le demande."))
    rows += [
        _row("Public cible", support.public or "non précisé", "précisé", bool(support.public),
             "Le public cible n'est pas précisé : à qui s'adresse le support ?"),
        _row("Canal de diffusion", support.canal or "non précisé", "précisé", bool(support.canal),
             "Le canal de diffusion n'est pas précisé : où et comment le support est-il diffusé ?"),
        _row("Adaptations au handicap", "précisées" if support.adaptations else "non précisées",
             "précisées", bool(support.adaptations),
             "Les adaptations aux personnes en situation de handicap ne sont pas précisées (ex. "
             "version audio, gros caractères, pictogrammes, version en facile à lire et à "
             "comprendre)."),
    ]
    rows += _length_rows(support, count, slides)
    return SupportReport(
        contrastes=tuple(contrasts),
        taille_min_pt=min((u.taille_pt for u in support.couleurs), default=None),
        taille_cible_pt=charter.taille_min_pt, couleurs=tuple(colours), police=font,
        police_ok=font_ok, lisibilite=score, jargon=tuple(jargon), messages_cles=tuple(found),
        appel_action=bool(support.appel_action), images_sans_alt=tuple(missing_alt),
        logo_attendu=logo_expected, logo=support.logo, public=bool(support.public),
        canal=bool(support.canal), adaptations=bool(support.adaptations), mots=count,
        mots_max=MAX_BODY_WORDS.get(support.type),
        puces=tuple((s.titre, s.puces) for s in slides), criteres=tuple(rows))


def check_support(support: Support, charter: Charter) -> list[Issue]:
    """The findings of :func:`support_report` as issues.

    Errors (« erreur ») for WCAG contrast failures and informative images without alternative
    text; warnings (« attention ») for everything else. Each message gives the measured value and
    the target, e.g. « Contraste de « corps » : 3,2:1 pour 4,5:1 exigés (WCAG 2.2, critère 1.4.3) ».
    """
    return support_report(support, charter).issues
