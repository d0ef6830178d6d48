"""Communication support checks (5-4): each check fires when it should, and its message gives the
measured value and the target."""

from __future__ import annotations

import pytest

from qsecase.methods.communication import (
    Charter,
    ColourUse,
    Image,
    Support,
    check_support,
    split_slides,
    support_report,
)

CHARTER = Charter(couleurs={"bleu": "#1F4E79", "vert": "#2E7D32", "gris": "#767676"},
                  polices=["Arial", "Verdana"], taille_min_pt=12, logo="corpus/logo.svg",
                  logo_alt="Logo de Mécaprec")


def support(**kw) -> Support:
    kw.setdefault("type", "affiche")
    kw.setdefault("titre", "Protégez vos yeux : portez vos lunettes")
    kw.setdefault("public", "Opérateurs de l'atelier d'usinage")
    kw.setdefault("canal", "Affichage à l'entrée de l'atelier et en salle de pause")
    kw.setdefault("messages_cles", ["Portez vos lunettes", "Signalez les lunettes abîmées"])
    kw.setdefault("texte", "Un copeau peut blesser un œil en une seconde. Portez vos lunettes à la "
                  "presse. Une paire rayée ? Signalez les lunettes abîmées au magasin.")
    kw.setdefault("appel_action", "Mettez vos lunettes avant d'entrer.")
    kw.setdefault("couleurs", [
        ColourUse(element="titre", texte="#FFFFFF", fond="#1F4E79", taille_pt=40, gras=True),
        ColourUse(element="corps", texte="#000000", fond="#FFFFFF", taille_pt=16),
    ])
    kw.setdefault("images", [Image(fichier="lunettes.png", alt="Opérateur portant des lunettes")])
    kw.setdefault("adaptations", "Pictogrammes, gros caractères, version audio à l'accueil.")
    return Support(**kw)


def text(issues) -> str:
    return "\n".join(i.message for i in issues)


def test_good_support_has_no_issue() -> None:
    report = support_report(support(), CHARTER)
    assert check_support(support(), CHARTER) == [] == report.issues
    assert all(c.statut == "conforme" for c in report.criteres)


# --- contrast -------------------------------------------------------------------------------------
def test_low_contrast_is_an_error_with_value_and_target() -> None:
    s = support(couleurs=[ColourUse(element="corps", texte="#777777", fond="#FFFFFF", taille_pt=16)])
    issues = check_support(s, CHARTER)
    low = [i for i in issues if "Contraste" in i.message]
    assert len(low) == 1 and low[0].level == "erreur"
    assert "4,48:1 pour 4,5:1 exigés (WCAG 2.2, critère 1.4.3)" in low[0].message
    report = support_report(s, CHARTER)
    assert report.contrastes[0].ratio == pytest.approx(4.48, abs=0.01)
    assert not report.contrastes[0].ok


def test_large_text_threshold_is_3() -> None:
    grey = ColourUse(element="titre", texte="#949494", fond="#FFFFFF", taille_pt=18)  # ≈ 3,03:1
    assert "Contraste" not in text(check_support(support(couleurs=[grey]), CHARTER))
    small = grey.model_copy(update={"taille_pt": 14})
    assert "pour 4,5:1 exigés" in text(check_support(support(couleurs=[small]), CHARTER))
    bold = grey.model_copy(update={"taille_pt": 14, "gras": True})
    report = support_report(support(couleurs=[bold]), CHARTER)
    assert report.contrastes[0].grand_texte and report.contrastes[0].seuil == 3.0


def test_no_colour_declared() -> None:
    assert "Aucune couleur n'est déclarée" in text(check_support(support(couleurs=[]), CHARTER))


def test_ratio_just_below_threshold_is_not_shown_as_the_threshold() -> None:
    # #767676 passes (4,54:1); #777777 fails (4,48:1): never shown as « 4,5:1 pour 4,5:1 »
    issues = text(check_support(support(couleurs=[
        ColourUse(element="corps", texte="#777777", fond="#FFFFFF")]), CHARTER))
    assert "4,5:1 pour" not in issues


# --- charter --------------------------------------------------------------------------------------
def test_font_size_below_charter() -> None:
    s = support(couleurs=[ColourUse(element="légende", texte="#000000", fond="#FFFFFF", taille_pt=10)])
    issues = check_support(s, CHARTER)
    assert "Taille de « légende » : 10\u202fpt pour 12\u202fpt au moins (charte graphique)." in text(issues)
    assert support_report(s, CHARTER).taille_min_pt == 10


def test_colours_exact_close_and_outside() -> None:
    s = support(couleurs=[
        ColourUse(element="titre", texte="#FFFFFF", fond="#1F4E7A", taille_pt=40, gras=True),
        ColourUse(element="encadré", texte="#000000", fond="#FFE0F0", taille_pt=16),
    ])
    report = support_report(s, CHARTER)
    status = {c.couleur: c.statut for c in report.couleurs}
    assert status == {"#FFFFFF": "neutre", "#1F4E7A": "proche", "#000000": "neutre",
                      "#FFE0F0": "hors charte"}
    issues = text(report.issues)
    assert "#1F4E7A (titre, fond) est proche de « bleu » #1F4E79" in issues
    assert "reprenez la valeur exacte" in issues
    assert "#FFE0F0 (encadré, fond) n'appartient pas à la charte graphique" in issues
    assert all(i.level == "attention" for i in report.issues)
    exact = support_report(support(), CHARTER)
    assert {c.statut for c in exact.couleurs} == {"charte", "neutre"}


def test_font_outside_charter() -> None:
    issues = text(check_support(support(police="Comic Sans MS"), CHARTER))
    assert "La police « Comic Sans MS » n'est pas dans la charte graphique (polices admises : " \
           "Arial, Verdana)." in issues
    assert check_support(support(police="verdana"), CHARTER) == []
    assert support_report(support(police=""), CHARTER).police == "Arial"


def test_logo_required_by_charter() -> None:
    assert "logo" in text(check_support(support(logo=False), CHARTER))
    no_logo = CHARTER.model_copy(update={"logo": ""})
    assert check_support(support(logo=False), no_logo) == []


# --- writing --------------------------------------------------------------------------------------
def test_long_sentences_and_long_words() -> None:
    heavy = ("La démarche d'amélioration continue permet incontestablement de réduire durablement "
             "les accidents du travail et les non-conformités en impliquant systématiquement chaque "
             "collaborateur dans l'identification méthodique des situations dangereuses.")
    issues = text(check_support(support(texte=heavy, messages_cles=[], appel_action=""), CHARTER))
    assert "Les phrases comptent en moyenne 28 mots pour 15 au plus" in issues
    assert "Les mots longs (7 lettres et plus) font" in issues and "pour 40\u202f% au plus" in issues


def test_jargon_unexplained() -> None:
    issues = check_support(support(texte="Le DUERP est à jour. Portez vos lunettes. Signalez les "
                                         "lunettes abîmées."), CHARTER)
    assert "« DUERP » est employé sans explication : dites « document unique d'évaluation des " \
           "risques »" in text(issues)
    glossed = support(texte="Le DUERP (document unique) est à jour. Portez vos lunettes. Signalez "
                            "les lunettes abîmées.")
    assert "DUERP" not in text(check_support(glossed, CHARTER))


def test_empty_text() -> None:
    s = support(texte="", messages_cles=[], appel_action="")
    assert "pas de texte" in text(check_support(s, CHARTER))


def test_key_messages_count() -> None:
    none = text(check_support(support(messages_cles=[]), CHARTER))
    assert "Aucun message clé : énoncez 1 à 3 messages clés" in none
    four = ["Portez vos lunettes", "Signalez les lunettes abîmées", "Un copeau blesse", "Presse"]
    assert "4 messages clés pour 1 à 3" in text(check_support(support(messages_cles=four), CHARTER))
    letter = support(type="newsletter", messages_cles=four)
    assert "messages clés pour" not in text(check_support(letter, CHARTER))
    six = [*four, "Lunettes", "Copeau"]
    assert "6 messages clés pour 5 au plus : le message se dilue" in text(
        check_support(letter.model_copy(update={"messages_cles": six}), CHARTER))


def test_key_message_must_appear_in_title_or_text() -> None:
    s = support(messages_cles=["Portez vos lunettes", "Rangez le poste chaque soir"])
    issues = text(check_support(s, CHARTER))
    assert "Le message clé « Rangez le poste chaque soir » n'est repris ni dans le titre" in issues
    assert "« Portez vos lunettes » n'est" not in issues
    found = dict(support_report(s, CHARTER).messages_cles)
    assert found == {"Portez vos lunettes": True, "Rangez le poste chaque soir": False}


def test_call_to_action() -> None:
    assert "pas d'appel à l'action" in text(check_support(support(appel_action=""), CHARTER))


def test_alt_text() -> None:
    images = [Image(fichier="a.png"), Image(fichier="b.png", decorative=True),
              Image(fichier="c.png", alt="c.png")]
    report = support_report(support(images=images), CHARTER)
    errors = [i for i in report.issues if i.level == "erreur"]
    assert len(errors) == 1 and "L'image « a.png » n'a pas de texte de remplacement" in errors[0].message
    assert report.images_sans_alt == ("a.png",)
    assert "image « c.png » reprend le nom du fichier" in text(report.issues)
    assert "b.png" not in text(report.issues)


def test_public_channel_adaptations() -> None:
    issues = text(check_support(support(public="", canal="", adaptations=""), CHARTER))
    assert "public cible n'est pas précisé" in issues
    assert "canal de diffusion n'est pas précisé" in issues
    assert "situation de handicap ne sont pas précisées" in issues


# --- length -------------------------------------------------------------------------------------------
def test_poster_and_newsletter_length() -> None:
    long = " ".join(["Portez vos lunettes."] * 30)  # 90 words
    assert "Le corps du texte compte 90 mots pour 80 au plus sur ce support (affiche)" in text(
        check_support(support(texte=long), CHARTER))
    letter = support(type="newsletter", texte=long)
    assert "mots pour" not in text(check_support(letter, CHARTER))
    assert support_report(letter, CHARTER).mots_max == 400


def test_slides_outline() -> None:
    outline = ("Introduction.\n\n## Pourquoi des lunettes\n- Copeaux\n- Projections\n\n"
               "## Trop de puces\n" + "\n".join(f"- point {n}" for n in range(8)))
    preamble, slides = split_slides(outline)
    assert preamble == "Introduction."
    assert [(s.titre, s.puces) for s in slides] == [("Pourquoi des lunettes", 2), ("Trop de puces", 8)]
    report = support_report(support(type="diaporama", texte=outline), CHARTER)
    assert report.puces == (("Pourquoi des lunettes", 2), ("Trop de puces", 8))
    issues = text(report.issues)
    assert "La diapositive « Trop de puces » compte 8 puces pour 6 au plus" in issues
    assert "Pourquoi des lunettes" not in issues
    flat = text(check_support(support(type="diaporama"), CHARTER))
    assert "aucun titre « ## »" in flat


def test_sub_headings_are_not_slides() -> None:
    _, slides = split_slides("## Une\n### détail\ntexte\n## Deux ##")
    assert [s.titre for s in slides] == ["Une", "Deux"]
