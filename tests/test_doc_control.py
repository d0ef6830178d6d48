"""Document control (4-2): cartouche checks, defects, readability for a public, templates."""

from __future__ import annotations

import datetime as dt

import pytest

from qsecase.methods import doc_control
from qsecase.methods.briefs import readability
from qsecase.methods.doc_control import Cartouche, Revision, check_cartouche, defects
from qsecase.methods.doc_writing import draft_from_template, readability_report

TODAY = dt.date(2026, 9, 15)
RULE = r"^(PR|MO)-(QUA|ENV|SST)-[0-9]{3}$"
PEOPLE = ["Julie Martin", "Karim Haddad", "Sophie Lambert"]


def cartouche(**kw) -> Cartouche:
    """A sound cartouche; each test breaks one thing."""
    kw.setdefault("reference", "PR-QUA-003")
    kw.setdefault("titre", "Maîtrise des produits non conformes")
    kw.setdefault("version", "3")
    kw.setdefault("date_application", dt.date(2026, 2, 1))
    kw.setdefault("redacteur", "Julie Martin")
    kw.setdefault("verificateur", "Karim Haddad")
    kw.setdefault("approbateur", "Sophie Lambert")
    kw.setdefault("statut", "applicable")
    kw.setdefault("diffusion", "Production, qualité")
    kw.setdefault("historique", [Revision(version="1", date=dt.date(2022, 3, 1), nature="Création"),
                                 Revision(version="2", date=dt.date(2024, 5, 2), nature="Ajout du tri"),
                                 Revision(version="3", date=dt.date(2026, 1, 20), nature="Dérogations")])
    kw.setdefault("prochaine_revue", dt.date(2027, 1, 20))
    return Cartouche(**kw)


def messages(issues) -> str:
    return "\n".join(i.message for i in issues)


def revisions(*versions: str) -> list[Revision]:
    return [Revision(version=v, date=dt.date(2020 + n, 1, 1)) for n, v in enumerate(versions)]


def test_sound_cartouche_has_no_issue_and_no_defect():
    assert check_cartouche(cartouche(), RULE, TODAY, PEOPLE) == []
    assert defects(cartouche(), RULE, TODAY) == []


def test_missing_fields_are_listed():
    issues = check_cartouche(cartouche(verificateur="", diffusion="", prochaine_revue=None), RULE, TODAY)
    assert len(issues) == 1
    assert "cartouche incomplet (vérificateur, diffusion, date de prochaine revue)" in issues[0].message
    assert defects(cartouche(titre=""), RULE, TODAY) == ["cartouche incomplet"]


@pytest.mark.parametrize("reference", ["PR-QUA-03", "PRO-QUA-003", "pr-qua-003", "PR-QUA-003 v2"])
def test_reference_outside_the_rule(reference):
    doc = cartouche(reference=reference)
    assert "ne suit pas la règle de codification" in messages(check_cartouche(doc, RULE, TODAY))
    assert defects(doc, RULE, TODAY) == ["référence hors règle"]
    assert check_cartouche(doc, None, TODAY) == []


@pytest.mark.parametrize("versions", [("1", "3", "2"), ("1", "2", "2"), ("A", "C", "B"), ("1", "B", "C"),
                                      ("1", "2", "?")])
def test_history_versions_must_strictly_increase(versions):
    doc = cartouche(version=versions[-1], historique=revisions(*versions),
                    date_application=dt.date(2023, 1, 1))
    assert defects(doc, RULE, TODAY) == ["version incohérente"]


@pytest.mark.parametrize("versions", [("1", "2", "10"), ("A", "B", "C"), ("Y", "Z", "AA"), ("1", "1.1", "2"),
                                      ("V1", "V2", "3")])
def test_increasing_versions_are_accepted(versions):
    doc = cartouche(version=versions[-1], historique=revisions(*versions),
                    date_application=dt.date(2023, 1, 1))
    assert check_cartouche(doc, RULE, TODAY) == []


def test_current_version_must_be_the_last_of_the_history():
    issues = check_cartouche(cartouche(version="2"), RULE, TODAY)
    assert "la version 2 n'est pas la dernière de l'historique (3)" in messages(issues)
    assert check_cartouche(cartouche(version="V3"), RULE, TODAY) == []


def test_history_dates_out_of_order():
    history = [Revision(version="1", date=dt.date(2024, 1, 1)),
               Revision(version="2", date=dt.date(2023, 1, 1))]
    doc = cartouche(version="2", historique=history)
    assert "dates de l'historique ne se suivent pas" in messages(check_cartouche(doc, RULE, TODAY))


def test_application_date_before_the_last_revision():
    issues = check_cartouche(cartouche(date_application=dt.date(2025, 12, 1)), RULE, TODAY)
    assert "précède la dernière révision (20/01/2026)" in messages(issues)
    assert defects(cartouche(date_application=dt.date(2025, 12, 1)), RULE, TODAY) == ["version incohérente"]


def test_review_overdue():
    doc = cartouche(prochaine_revue=dt.date(2026, 9, 14))
    assert "revue prévue le 14/09/2026 est dépassée" in messages(check_cartouche(doc, RULE, TODAY))
    assert defects(doc, RULE, TODAY) == ["revue dépassée"]
    assert check_cartouche(cartouche(prochaine_revue=TODAY), RULE, TODAY) == []


@pytest.mark.parametrize("field", ["redacteur", "verificateur"])
def test_approval_must_be_independent(field):
    doc = cartouche(**{field: "sophie LAMBERT"})
    issues = check_cartouche(doc, RULE, TODAY)
    assert [i.level for i in issues] == ["erreur"]
    assert "et l'approbateur sont la même personne" in issues[0].message
    assert defects(doc, RULE, TODAY) == ["approbation non indépendante"]


def test_writer_checking_own_document_is_a_warning():
    doc = cartouche(verificateur="Julie Martin")
    issues = check_cartouche(doc, RULE, TODAY)
    assert [i.level for i in issues] == ["attention"]
    assert defects(doc, RULE, TODAY) == []


@pytest.mark.parametrize("statut", ["projet", "obsolète", "en vérification"])
def test_document_in_use_must_be_applicable(statut):
    doc = cartouche(statut=statut)
    issues = check_cartouche(doc, RULE, TODAY)
    assert [i.level for i in issues] == ["attention"]
    assert f"« {statut} »" in issues[0].message
    assert defects(doc, RULE, TODAY) == ["statut inadapté"]
    assert check_cartouche(doc, RULE, TODAY, in_use=False) == []


def test_unknown_people_only_when_staff_is_given():
    doc = cartouche(approbateur="Paul Durand")
    issues = check_cartouche(doc, RULE, TODAY, PEOPLE)
    assert [i.message for i in issues] == ["Document PR-QUA-003 : « Paul Durand » ne figure pas parmi le "
                                           "personnel de l'organisme."]
    assert check_cartouche(doc, RULE, TODAY) == []


def test_defects_keep_one_of_each_kind():
    doc = cartouche(reference="X1", redacteur="Sophie Lambert", verificateur="Sophie Lambert",
                    statut="obsolète", prochaine_revue=dt.date(2025, 1, 1))
    assert defects(doc, RULE, TODAY) == ["référence hors règle", "revue dépassée",
                                         "approbation non indépendante", "statut inadapté"]


# --- readability ------------------------------------------------------------------------------------
FIELD_TEXT = ("ATTENTION : NE PAS TOUCHER la lame. Le bac est nettoyé par l'équipe. "
              "Mettez les gants et prenez le bac puis posez-le sur la table. Portez vos EPI. "
              "Voir le chapitre XIV. 95 % des lots sont conformes. Je note le CCP.")


def test_readability_report_for_operators_applies_falc():
    report = readability_report(FIELD_TEXT, "opérateurs de conditionnement")
    assert (report.audience, report.falc, report.max_sentence_words) == ("operateurs", True, 15)
    assert report.score == readability(FIELD_TEXT)
    assert report.capitals == ("ATTENTION", "NE", "PAS", "TOUCHER")
    assert report.acronyms == ("EPI",)
    assert report.jargon == ("CCP",)
    assert report.roman_numerals == ("XIV",)
    assert report.percentages == ("95 %",)
    assert report.passive == ("Le bac est nettoyé par l'équipe.",)
    assert report.several_ideas == ("Mettez les gants et prenez le bac puis posez-le sur la table.",)
    text = messages(report.issues)
    assert "« CCP » n'est pas expliqué" in text
    assert "FALC — 1 chiffre(s) romain(s)" in text


def test_readability_report_for_management_has_no_falc_nor_jargon_check():
    report = readability_report(FIELD_TEXT, "direction")
    assert not report.falc and report.max_sentence_words == 25
    assert report.jargon == () and report.issues == ()


def test_explained_acronym_and_short_sentences_pass():
    text = "Portez vos équipements de protection individuelle (EPI). Je range le bac. Je lave mes mains."
    report = readability_report(text, "interimaires")
    assert report.issues == ()


def test_long_sentence_for_a_falc_public():
    sentence = " ".join(["mot"] * 16) + "."
    report = readability_report(sentence, "FALC")
    assert report.audience == "" and report.falc
    assert report.long_sentences == (sentence,)
    assert "1 phrase(s) de plus de 15 mots" in messages(report.issues)
    assert readability_report(sentence, "maintenance").long_sentences == ()


def test_functions_are_importable_from_doc_control():
    assert doc_control.readability_report is readability_report
    assert doc_control.draft_from_template is draft_from_template


# --- templates ------------------------------------------------------------------------------------
def test_procedure_template_has_the_usual_sections_in_order():
    text = draft_from_template("Procédure", cartouche(diffusion="Qualité | Production"),
                               "Traiter un produit non conforme.",
                               {"domaine": "Tout le site.", "Responsabilités": "Le chef d'équipe isole."})
    titles = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert titles == ["Objet", "Domaine d'application", "Références", "Définitions", "Responsabilités",
                      "Déroulement", "Enregistrements", "Historique"]
    assert text.startswith("# Maîtrise des produits non conformes\n")
    assert "| Référence | PR-QUA-003 |" in text and "| Date d'application | 01/02/2026 |" in text
    assert "| Diffusion | Qualité \\| Production |" in text
    assert "## Domaine d'application\n\nTout le site." in text
    assert "## Références\n\n_À compléter._" in text
    assert "| 3 | 20/01/2026 | Dérogations | à compléter |" in text


def test_work_instruction_template_numbers_the_steps():
    text = draft_from_template("mode opératoire", cartouche(type="mode opératoire"),
                               "Nettoyer la trancheuse.",
                               {"EPI": "Gants anticoupure.", "Étapes": "Débrancher.\n- Démonter la lame.\n",
                                "Photos": "Voir l'affiche."})
    titles = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert titles == ["Objet", "Sécurité / EPI", "Matériel", "Étapes", "En cas de problème", "Photos"]
    assert "## Étapes\n\n1. Débrancher.\n2. Démonter la lame." in text
    assert "## Sécurité / EPI\n\nGants anticoupure." in text


def test_unknown_kind_of_template():
    with pytest.raises(ValueError, match="Pas de modèle pour « registre »"):
        draft_from_template("registre", cartouche(), "", {})
