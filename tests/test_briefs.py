"""Communication of objectives (1-5): brief checks, readability index, one-page brief."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pydantic import ValidationError

from html_page import Page
from qsecase.methods.briefs import (
    Brief,
    check_briefs,
    count_syllables,
    is_measurable,
    readability,
    sentences,
    unexplained_jargon,
    words,
)
from qsecase.views.brief_view import brief_page, fr_long_date, nbsp


def brief(public: str = "operateurs", action: str = "A1", **kw) -> Brief:
    kw.setdefault("objectif", "Zéro lot refroidi trop lentement d'ici le 30 juin.")
    kw.setdefault("message", "Un plat refroidi trop lentement peut rendre malade. Il faut passer "
                  "de 63 °C à 10 °C en moins de 2 heures.")
    kw.setdefault("canal", "quart_heure_qualite")
    kw.setdefault("points_cles", ["Bacs de 5 cm au plus.", "Température notée à 2 heures."])
    kw.setdefault("a_faire", "Je pique la sonde et je note la température à 2 heures.")
    kw.setdefault("echeance", dt.date(2025, 6, 2))
    kw.setdefault("contact", "Nadia Benali, responsable qualité")
    return Brief(action=action, public=public, **kw)


def text(issues) -> str:
    return "\n".join(i.message for i in issues)


# --- text measures -------------------------------------------------------------------------------
@pytest.mark.parametrize(("word", "n"), [
    ("le", 1), ("chat", 1), ("beau", 1), ("oui", 1), ("fiche", 1), ("quatre", 1), ("Notez", 2),
    ("qualité", 3), ("Vérifiez", 3), ("aujourd'hui", 3), ("température", 4), ("l'opérateur", 4),
    ("prérequis", 3),
])
def test_count_syllables(word: str, n: int) -> None:
    assert count_syllables(word) == n


def test_words_and_sentences() -> None:
    assert words("L'opérateur note 63 °C, c'est-à-dire la température.") == [
        "L'opérateur", "note", "C", "c'est", "à", "dire", "la", "température"]
    assert sentences("Une phrase. Une autre !\n- un point\n\n- un autre point") == [
        "Une phrase.", "Une autre !", "- un point", "- un autre point"]
    assert sentences("…") == []


def test_readability_known_result() -> None:
    # 2 sentences, 8 words, syllables: Vé-ri-fiez 3, la 1, tem-pé-ra-ture 4, No-tez 2, la 1,
    # sur 1, la 1, fiche 1 = 14. Index = 207 − 1,015 × 8/2 − 73,6 × 14/8 = 207 − 4,06 − 128,8.
    score = readability("Vérifiez la température. Notez-la sur la fiche.")
    assert (score.phrases, score.mots, score.syllabes, score.mots_longs) == (2, 8, 14, 2)
    assert score.mots_par_phrase == 4 and score.syllabes_par_mot == 1.75
    assert score.indice == pytest.approx(74.14)
    assert score.niveau == "assez facile" and score.part_mots_longs == 0.25


def test_readability_of_short_and_empty_texts() -> None:
    # 6 one-syllable words in 2 sentences: 207 − 1,015 × 3 − 73,6 × 1 = 130,355.
    assert readability("Le chat dort. Il fait beau.").indice == pytest.approx(130.355)
    assert readability("Le chat dort. Il fait beau.").niveau == "très facile"
    empty = readability("")
    assert (empty.phrases, empty.mots, empty.indice, empty.mots_par_phrase) == (0, 0, 0.0, 0.0)


def test_long_administrative_sentence_scores_low() -> None:
    long = ("La maîtrise de la température de refroidissement des préparations culinaires "
            "élaborées à l'avance conditionne la conformité réglementaire de l'établissement.")
    assert readability(long).indice < 30 and readability(long).niveau == "très difficile"


def test_jargon_detection() -> None:
    assert unexplained_jargon("Ce CCP est suivi. La criticité monte. Voir l'AMDEC.") == [
        "AMDEC", "criticité", "CCP"]
    assert unexplained_jargon("Ce CCP (point critique) est suivi.") == []
    assert unexplained_jargon("Le PRPo : une règle d'hygiène surveillée.") == []
    assert unexplained_jargon("Respectez la valeur à ne pas dépasser, la limite critique.") == []
    assert unexplained_jargon("Le PRPo est suivi.") == ["PRPo"]  # PRP is not found inside PRPo
    assert unexplained_jargon("nc ou Ncc ne sont pas des sigles") == []


@pytest.mark.parametrize(("objective", "ok"), [
    ("Zéro réclamation allergène d'ici le 30 juin.", True),
    ("Réduire les rebuts de moitié avant la fin du trimestre.", True),
    ("Atteindre 95 % de fiches remplies.", True),
    ("Améliorer la qualité du refroidissement.", False),
    ("Sensibiliser les équipes.", False),
])
def test_measurable_objective(objective: str, ok: bool) -> None:
    assert is_measurable(objective) is ok


# --- check_briefs --------------------------------------------------------------------------------
def good_set() -> list[Brief]:
    return [
        brief("operateurs"),
        brief("direction", canal="reunion", a_faire="", objectif="Zéro lot non conforme au "
              "refroidissement au 30 juin, pour un coût de 12 000 € (cellule rapide).",
              message="La cellule rapide supprime le risque Clostridium sur les plats cuisinés. "
              "Le CCP de refroidissement est suivi par lot."),
    ]


def test_a_good_set_passes() -> None:
    assert check_briefs(good_set(), ["A1"], ["operateurs", "direction"]) == []
    assert check_briefs(good_set(), ["A1"], {"A1": ["operateurs"]}) == []


def test_missing_unknown_and_duplicate_briefs() -> None:
    briefs = [*good_set(), brief("operateurs"), brief("fournisseurs", action="A9")]
    found = text(check_briefs(briefs, ["A1", "A2"], {"A1": ["operateurs", "maintenance"],
                                                     "A2": ["encadrement"]}))
    assert "Un message cite l'action « A9 », qui n'existe pas dans le plan." in found
    assert "L'action A1 n'a pas de message pour « Maintenance »." in found
    assert "L'action A2 n'a pas de message pour « Encadrement de proximité »." in found
    assert "L'action A1 a plusieurs messages pour « Opérateurs » : regroupez-les." in found


def test_objective_must_be_measurable_and_one_sentence() -> None:
    vague = check_briefs([brief(objectif="Améliorer le refroidissement.")], ["A1"], ["operateurs"])
    assert [i.level for i in vague] == ["erreur"]
    assert "l'objectif « Améliorer le refroidissement. » n'est pas mesurable" in text(vague)
    two = check_briefs([brief(objectif="Zéro lot lent. Dès juin.")], ["A1"], ["operateurs"])
    assert "l'objectif tient en plusieurs phrases" in text(two)
    empty = check_briefs([brief(objectif="", message="")], ["A1"], [])
    assert "n'a pas d'objectif" in text(empty) and "est vide" in text(empty)


def test_message_too_long_for_operators() -> None:
    long_sentence = ("Il est demandé à chaque opérateur de bien vouloir relever systématiquement "
                     "la température à cœur des préparations au moment de leur sortie de la "
                     "cellule de refroidissement rapide.")
    found = text(check_briefs([brief(message=long_sentence)], ["A1"], ["operateurs"]))
    assert "contient une phrase de 28 mots : pour ce public, visez 15 mots au plus" in found
    medium = ("Chaque opérateur relève la température à cœur des préparations à la sortie de la "
              "cellule de refroidissement rapide, à deux heures.")  # 21 words
    assert "contient une phrase de 21 mots" in text(check_briefs([brief(message=medium)], ["A1"], []))
    for_direction = check_briefs([brief("direction", message=medium, a_faire="")], ["A1"], [])
    assert for_direction == []
    assert "phrase de 28 mots : pour ce public, visez 25 mots" in text(
        check_briefs([brief("direction", message=long_sentence, a_faire="")], ["A1"], []))
    wordy = brief(message=" ".join(["Notez la température à cœur."] * 20))
    assert "compte 109 mots : pour ce public, restez sous 80 mots" in text(  # 100 + 5 + 4
        check_briefs([wordy], ["A1"], []))


def test_jargon_for_operators_and_suppliers_only() -> None:
    jargon = "Le CCP refroidissement a une criticité élevée."
    ops = check_briefs([brief(message=jargon)], ["A1"], [])
    assert "emploie « CCP » sans l'expliquer : dites plutôt « point critique pour la maîtrise »" in text(ops)
    assert "emploie « criticité »" in text(ops)
    assert all(i.level == "erreur" for i in ops if "emploie" in i.message)
    supplier = check_briefs([brief("fournisseurs", message="Votre lot est une NC majeure.")],
                            ["A1"], [])
    assert "emploie « NC »" in text(supplier)
    explained = brief(message="Le refroidissement est un CCP (point critique pour la maîtrise).")
    assert "emploie" not in text(check_briefs([explained], ["A1"], []))
    direction = brief("direction", message=jargon, a_faire="")
    assert "emploie" not in text(check_briefs([direction], ["A1"], []))


def test_channel_points_and_todo() -> None:
    found = check_briefs([brief(canal="courriel", points_cles=[], a_faire="")], ["A1"], [])
    assert "passe par « Courriel » : ce public la lit peu à son poste" in text(found)
    assert "n'a pas de points clés" in text(found)
    assert "ne dit pas ce que chacun doit faire" in text(found)
    assert {i.level for i in found} == {"attention"}


def test_brief_model_refuses_unknown_audience_and_channel() -> None:
    with pytest.raises(ValidationError):
        brief("stagiaires")
    with pytest.raises(ValidationError):
        brief(canal="pigeon voyageur")


# --- brief page ----------------------------------------------------------------------------------
def test_fr_long_date_and_nbsp() -> None:
    assert fr_long_date(dt.date(2025, 6, 2)) == "lundi 2 juin 2025"
    assert fr_long_date(dt.date(2025, 3, 1)) == "samedi 1er mars 2025"
    assert nbsp("de 63 °C à 10 °C en 2 heures ; « oui » ?") == (
        "de 63\u00a0°C à 10\u00a0°C en 2\u00a0heures\u00a0; «\u00a0oui\u00a0»\u00a0?")


def test_brief_page_is_accessible() -> None:
    unsafe = brief(message="<script>alert('x')</script> Attention au <b>froid</b>.")
    html = brief_page(unsafe, organisation="Salaisons du Val d'Oust",
                      action_title="Refroidir vite les plats cuisinés")
    page = Page(html)
    assert page.all("html")[0]["lang"] == "fr"
    assert page.headings.count(1) == 1 and page.headings[0] == 1
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1
    assert not [attrs for _, attrs in page.tags if "style" in attrs]  # no inline colour
    assert "<script>" not in html and "&lt;script&gt;" in html
    words_ = page.joined()
    objective = words_.index("Notre objectif Zéro lot refroidi trop lentement")
    assert objective < words_.index("Pourquoi c'est important") < words_.index("À retenir")
    assert "Pour quand lundi 2 juin 2025" in words_
    assert "À qui m'adresser Nadia Benali, responsable qualité" in words_
    assert len(page.all("li")) == 2 and page.all("main")
    assert re.search(r"@media print\s*{\s*@page\s*{\s*size:\s*A4", html)
    css = html[html.index("<style>"):html.index("</style>")]
    assert "color: #1a1a1a" in css and "background: #ffffff" in css


def test_brief_page_without_optional_fields() -> None:
    bare = brief(message="", points_cles=[], a_faire="", echeance=None, contact="")
    page = Page(brief_page(bare, organisation="Org", action_title="Action"))
    words_ = page.joined()
    assert "Pourquoi c'est important" not in words_ and "À retenir" not in words_
    assert "Date à préciser avec mon responsable." in words_
    assert "Mon responsable direct." in words_
    assert page.headings == [1, 2]
