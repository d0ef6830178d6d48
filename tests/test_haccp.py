"""HACCP core (decision tree, hazard analysis and plan checks) and its views (HTML, Excel)."""

from __future__ import annotations

import io
import itertools
import subprocess
import sys

import pytest
from pydantic import ValidationError

from html_page import Page
from qsecase.methods.haccp import (
    DECISION_TREE,
    FIRST_QUESTION,
    HAZARD_TYPES,
    OUTCOMES,
    PRINCIPLES,
    REFERENCE_LIMITS,
    STEPS,
    TREE_EDITION,
    CcpPlan,
    DecisionAnswer,
    DecisionPath,
    DecisionTreeError,
    Hazard,
    Monitoring,
    Outcome,
    Question,
    check_ccp_plan,
    check_hazard_analysis,
    decide,
    is_measurable_limit,
    next_question,
)
from qsecase.views.haccp_view import (
    PLAN_HEADERS,
    decision_path_html,
    haccp_plan_html,
    haccp_workbook,
    path_text,
)

FLOW = ["Réception des viandes", "Stockage en chambre froide", "Cuisson", "Refroidissement",
        "Tranchage", "Détection des métaux", "Conditionnement"]
CCP_PATH = [("Q1", False), ("Q2", True), ("Q3", False), ("Q4", True)]




def hazard(hid: str, etape: str, kind: str, **kw) -> Hazard:
    kw.setdefault("danger", f"Danger {hid}")
    kw.setdefault("mesures_maitrise", "Mesure validée")
    return Hazard(id=hid, etape=etape, type=kind, **kw)


def good_hazards() -> list[Hazard]:
    return [
        hazard("D1", "Réception des viandes", "biologique", danger="Salmonella spp."),
        hazard("D2", "Stockage en chambre froide", "biologique", danger="Listeria monocytogenes"),
        hazard("D3", "Cuisson", "biologique", danger="Survie de Listeria monocytogenes"),
        hazard("D4", "Refroidissement", "biologique", danger="Clostridium perfringens"),
        hazard("D5", "Tranchage", "physique", danger="Fragments métalliques"),
        hazard("D6", "Détection des métaux", "physique", danger="Fragments métalliques"),
        hazard("D7", "Conditionnement", "allergène", danger="Contamination croisée par la moutarde"),
        hazard("D8", "Tranchage", "chimique", danger="Résidus de produit de nettoyage"),
    ]


def good_plan() -> CcpPlan:
    return CcpPlan(
        ref_danger="D4", etape="Refroidissement", danger="Clostridium perfringens",
        mesure_maitrise="Refroidissement en cellule rapide",
        limite_critique="De +63 °C à +10 °C à cœur en moins de 2 h",
        surveillance=Monitoring(quoi="Température à cœur", comment="Sonde étalonnée",
                                frequence="Chaque lot", qui="Chef d'équipe cuisson"),
        action_corrective="Lot bloqué, puis détruit si +10 °C n'est pas atteint en 2 h",
        verification="Revue hebdomadaire des fiches", enregistrements="Fiche de refroidissement")


def text(issues) -> str:
    return "\n".join(i.message for i in issues)


# --- reference data ------------------------------------------------------------------------------
def test_twelve_steps_and_seven_principles() -> None:
    assert len(STEPS) == 12 and len(PRINCIPLES) == 7
    assert STEPS[0].startswith("Constituer l'équipe HACCP")
    assert STEPS[3] == "Établir le diagramme de fabrication"
    assert PRINCIPLES[0].startswith("analyser les dangers")
    assert PRINCIPLES[1] == "déterminer les points critiques pour la maîtrise (CCP)"
    assert PRINCIPLES[6] == "établir la documentation et les enregistrements"
    assert HAZARD_TYPES == ("biologique", "chimique", "physique", "allergène")


def test_reference_limits_carry_their_source() -> None:
    ids = [limit.id for limit in REFERENCE_LIMITS]
    assert len(ids) == len(set(ids))
    for limit in REFERENCE_LIMITS:
        assert limit.source and limit.valeur and limit.champ
    by_id = {limit.id: limit for limit in REFERENCE_LIMITS}
    assert by_id["froid-hache"].valeur == "≤ +2 °C" and by_id["froid-hache"].verifie
    assert "21 décembre 2009" in by_id["froid-hache"].source
    assert not by_id["cuisson-fsa"].verifie  # secondary sources only
    assert "2023" in TREE_EDITION and "CXC 1-1969" in TREE_EDITION


# --- decision tree -------------------------------------------------------------------------------
def _all_paths() -> list[list[tuple[str, bool]]]:
    """Every complete answer sequence, by exploring the tree from Q1."""
    done, todo = [], [[]]
    while todo:
        answers = todo.pop()
        node = next_question([DecisionAnswer(question=q, reponse=r) for q, r in answers])
        if isinstance(node, Outcome):
            done.append(answers)
        else:
            todo += [[*answers, (node.id, True)], [*answers, (node.id, False)]]
    return done


def test_every_question_and_outcome_is_reachable() -> None:
    paths = _all_paths()
    reached = {decide("D1", p).issue for p in paths}
    assert reached == set(OUTCOMES)
    asked = {q for p in paths for q, _ in p}
    assert asked == set(DECISION_TREE)
    assert len(paths) == 5


@pytest.mark.parametrize(("answers", "issue", "resultat"), [
    ([("Q1", True)], "prp", "pas un CCP"),
    ([("Q1", False), ("Q2", False)], "sans_mesure", "pas un CCP"),
    ([("Q1", False), ("Q2", True), ("Q3", True)], "etape_ulterieure", "pas un CCP"),
    (CCP_PATH, "ccp", "CCP"),
    ([("Q1", False), ("Q2", True), ("Q3", False), ("Q4", False)], "modifier", "modifier l'étape"),
])
def test_paths_of_the_2023_tree(answers, issue, resultat) -> None:
    path = decide("D4", answers)
    assert (path.issue, path.resultat) == (issue, resultat)
    assert [(a.question, a.reponse) for a in path.reponses] == answers
    assert path.ref_danger == "D4" and path.outcome is OUTCOMES[issue]


def test_next_question_asks_one_question_at_a_time() -> None:
    answers: list[DecisionAnswer] = []
    asked = []
    node = next_question(answers)
    while isinstance(node, Question):
        asked.append(node.id)
        answers.append(DecisionAnswer(question=node.id, reponse=dict(CCP_PATH)[node.id]))
        node = next_question(answers)
    assert asked == ["Q1", "Q2", "Q3", "Q4"] and FIRST_QUESTION == "Q1"
    assert node.resultat == "CCP"
    assert "programmes prérequis" in DECISION_TREE["Q1"].texte
    assert "étape ultérieure" in DECISION_TREE["Q3"].texte


def test_invalid_sequences_are_rejected_in_french() -> None:
    with pytest.raises(DecisionTreeError, match="en trop : l'arbre a déjà conclu"):
        decide("D1", [("Q1", True), ("Q2", True)])
    with pytest.raises(DecisionTreeError, match="arbre inachevé pour le danger D1 : répondez à Q3"):
        decide("D1", [("Q1", False), ("Q2", True)])
    with pytest.raises(DecisionTreeError, match="la question attendue est Q1"):
        decide("D1", [("Q2", True)])
    with pytest.raises(DecisionTreeError, match="arbre inachevé"):
        decide("D1", [])
    with pytest.raises(ValidationError):
        DecisionAnswer(question="Q5", reponse=True)


def test_a_loaded_path_must_match_its_answers() -> None:
    path = decide("D4", CCP_PATH)
    assert DecisionPath.model_validate(path.model_dump()) == path
    data = path.model_dump() | {"issue": "prp", "resultat": "pas un CCP"}
    with pytest.raises(ValidationError, match="les réponses mènent à « CCP » \\(ccp\\)"):
        DecisionPath.model_validate(data)
    data = path.model_dump() | {"reponses": path.model_dump()["reponses"][:2]}
    with pytest.raises(ValidationError, match="arbre inachevé"):
        DecisionPath.model_validate(data)


# --- hazard analysis -----------------------------------------------------------------------------
def test_hazard_model() -> None:
    assert hazard("D1", "Cuisson", "allergene").type == "allergène"
    for bad in (0, 6):
        with pytest.raises(ValidationError):
            hazard("D1", "Cuisson", "biologique", gravite=bad)
    with pytest.raises(ValidationError):
        hazard("D1", "Cuisson", "radiologique")


def test_a_complete_analysis_passes() -> None:
    assert check_hazard_analysis(FLOW, good_hazards()) == []


def test_hazard_analysis_checks_each_trigger() -> None:
    hazards = [h for h in good_hazards() if h.type != "allergène" and h.etape != "Cuisson"]
    hazards += [hazard("D9", "Cuisson", "biologique", mesures_maitrise=""),
                hazard("D9", "Fumage", "chimique", danger="")]
    issues = check_hazard_analysis(FLOW, hazards)
    found = text(issues)
    assert "Identifiant de danger en double : D9." in found
    assert "Le danger D9 est rattaché à l'étape « Fumage », absente du diagramme" in found
    assert "Le danger D9 n'est pas décrit" in found
    assert "Le danger D9 (Danger D9, étape « Cuisson ») n'a pas de mesure de maîtrise." in found
    assert "L'étape « Conditionnement » n'a aucun danger analysé" in found
    assert "Aucun danger allergène n'est envisagé" in found
    assert "Aucun danger biologique" not in found
    levels = {i.message.split(" :")[0]: i.level for i in issues}
    assert levels["L'étape « Conditionnement » n'a aucun danger analysé"] == "attention"


# --- HACCP plan ----------------------------------------------------------------------------------
def test_a_complete_plan_passes() -> None:
    assert check_ccp_plan([good_plan()], [decide("D4", CCP_PATH), decide("D1", [("Q1", True)])]) == []


def test_every_ccp_needs_a_plan_and_every_plan_a_ccp() -> None:
    decisions = [decide("D4", CCP_PATH), decide("D6", CCP_PATH), decide("D2", [("Q1", True)])]
    plans = [good_plan(), good_plan().model_copy(update={"ref_danger": "D2"}),
             good_plan().model_copy(update={"ref_danger": "D8"})]
    found = text(check_ccp_plan(plans, decisions))
    assert "Le danger D6 est un CCP d'après l'arbre de décision mais n'a pas de ligne" in found
    assert "traite le danger D2 comme un CCP, mais l'arbre conclut « pas un CCP »" in found
    assert "D8 comme un CCP, mais l'arbre de décision n'a pas été appliqué" in found
    doubled = check_ccp_plan([good_plan(), good_plan()], decisions[:1])
    assert "plusieurs lignes dans le plan HACCP" in text(doubled)


def test_empty_fields_are_listed() -> None:
    plan = CcpPlan(ref_danger="D4", etape="Refroidissement")
    found = text(check_ccp_plan([plan], [decide("D4", CCP_PATH)]))
    assert ("Le CCP « Refroidissement » (D4) : à compléter — danger, mesure de maîtrise, limite "
            "critique, surveillance (quoi), surveillance (comment), action corrective, "
            "vérification, enregistrements.") in found
    assert "la surveillance n'a pas de fréquence" in found
    assert "la surveillance ne dit pas qui la réalise" in found


@pytest.mark.parametrize("limit", ["≥ 70 °C à cœur pendant 2 min", "pH ≤ 4,4", "aw < 0,92",
                                   "≤ +3 °C", "Éjection de 100 % des sphères-tests",
                                   "Concentration en chlore actif 50 mg/l"])
def test_measurable_limits(limit: str) -> None:
    assert is_measurable_limit(limit)


@pytest.mark.parametrize("limit", ["Cuisson correcte", "Température suffisante",
                                   "Refroidir rapidement", "Bien cuit à cœur"])
def test_vague_limits_are_flagged(limit: str) -> None:
    plan = good_plan().model_copy(update={"limite_critique": limit})
    issues = check_ccp_plan([plan], [decide("D4", CCP_PATH)])
    assert "n'est pas mesurable" in text(issues)
    assert all(i.level == "erreur" for i in issues)


def test_a_vague_word_beside_a_number_is_still_flagged() -> None:
    plan = good_plan().model_copy(update={"limite_critique": "Température suffisante, 70 °C"})
    found = text(check_ccp_plan([plan], [decide("D4", CCP_PATH)]))
    assert "n'est pas mesurable" not in found
    assert "« suffisante » est vague dans une limite critique" in found


def test_monitoring_and_corrective_action_checks() -> None:
    plan = good_plan().model_copy(update={
        "surveillance": Monitoring(quoi="Température", comment="Sonde", frequence="régulièrement",
                                   qui="Chef d'équipe"),
        "action_corrective": "Régler la cellule et prévenir la maintenance"})
    issues = check_ccp_plan([plan], [decide("D4", CCP_PATH)])
    by_text = {i.message: i.level for i in issues}
    assert any("fréquence de surveillance imprécise (« régulièrement »)" in m and lvl == "attention"
               for m, lvl in by_text.items())
    assert any("ne dit pas ce que devient le produit" in m and lvl == "erreur"
               for m, lvl in by_text.items())


@pytest.mark.parametrize(("action", "silent"), [
    ("En cas d'écart, prévenir le chef d'équipe", True),
    ("Régler la cellule et appeler la maintenance", True),
    ("Écarter les barquettes produites depuis le dernier contrôle", False),
    ("Lot isolé en quarantaine jusqu'à décision", False),
])
def test_corrective_action_must_say_what_happens_to_the_product(action: str, silent: bool) -> None:
    plan = good_plan().model_copy(update={"action_corrective": action})
    found = text(check_ccp_plan([plan], [decide("D4", CCP_PATH)]))
    assert ("ne dit pas ce que devient le produit" in found) is silent


# --- views ---------------------------------------------------------------------------------------
def test_plan_table_is_accessible_and_escaped() -> None:
    unsafe = good_plan().model_copy(update={"danger": "<script>alert(1)</script>",
                                            "verification": ""})
    html = haccp_plan_html([unsafe, good_plan()], caption="Plan HACCP — jambon cuit")
    page = Page(html)
    assert len(page.all("caption")) == len(page.all("table")) == 1
    assert page.joined().startswith("Plan HACCP — jambon cuit")
    headers = [a for a in page.all("th") if a.get("scope") == "col"]
    assert len(headers) == len(PLAN_HEADERS) == 8
    assert len([a for a in page.all("th") if a.get("scope") == "row"]) == 2
    assert all(a.get("scope") in {"col", "row"} for a in page.all("th"))
    assert page.all("section")[0]["lang"] == "fr"
    assert "<script>" not in html and "&lt;script&gt;" in html
    text_ = page.joined()
    assert text_.index("Étape") < text_.index("Limite critique") < text_.index("Enregistrements")
    assert "Fréquence : Chaque lot" in text_ and "Qui : Chef d'équipe cuisson" in text_
    assert "à compléter" in text_
    assert "63\u00a0°C" in html  # a number never leaves its unit at a line end
    assert "Aucun CCP" in haccp_plan_html([])


def test_decision_path_in_words_with_headings_in_order() -> None:
    path = decide("D4", CCP_PATH)
    body = decision_path_html(path, level=2)
    page = Page(f'<html lang="fr"><body><h1>HACCP</h1>{haccp_plan_html([good_plan()])}{body}'
                "</body></html>")
    assert page.headings == [1, 2]
    assert len(page.all("ol")) == 1 and len(page.all("li")) == 4
    words = page.joined()
    assert words.count("Réponse : non") == 2 and words.count("Réponse : oui") == 2
    assert "Conclusion : ◆ CCP" in words and "Arbre de décision — danger D4" in words
    assert TREE_EDITION.split(" —")[0] in words
    assert path_text(path) == "Q1 non → Q2 oui → Q3 non → Q4 oui → CCP"
    assert "Conclusion : ⚠ modifier l'étape" in Page(decision_path_html(
        decide("D4", [("Q1", False), ("Q2", True), ("Q3", False), ("Q4", False)]))).joined()


def test_workbook_sheets() -> None:
    from openpyxl import load_workbook

    decisions = [decide("D4", CCP_PATH), decide("D1", [("Q1", True)])]
    formula = good_plan().model_copy(update={"enregistrements": "=HYPERLINK(\"x\")"})
    data = haccp_workbook(good_hazards(), decisions, [formula], "Salaisons du Val d'Oust")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Analyse des dangers", "Plan HACCP", "Sources"]
    ws = wb["Analyse des dangers"]
    assert ws["A1"].value == "Salaisons du Val d'Oust — analyse des dangers"
    assert [c.value for c in ws[3]][:4] == ["Réf.", "Étape", "Type de danger", "Danger"]
    assert ws.freeze_panes == "A4" and ws.max_row == 3 + len(good_hazards())
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    assert rows["D4"][8] == "Q1 non → Q2 oui → Q3 non → Q4 oui → CCP" and rows["D4"][9] == "CCP"
    assert rows["D1"][9] == "pas un CCP" and rows["D5"][8] == "non appliqué"
    assert rows["D7"][2] == "allergène"
    plan = wb["Plan HACCP"]
    assert [c.value for c in plan[3]] == [
        "Étape", "Danger", "Mesure de maîtrise", "Limite critique", "Surveillance : quoi",
        "Surveillance : comment", "Surveillance : fréquence", "Surveillance : qui",
        "Actions correctives", "Vérification", "Enregistrements"]
    assert plan.freeze_panes == "A4" and plan["D4"].alignment.wrap_text
    assert plan["K4"].data_type == "s"  # « =… » typed by a trainee stays text
    src = wb["Sources"]
    header = next(r for r in range(1, src.max_row + 1) if src.cell(r, 1).value == "Paramètre")
    assert src.freeze_panes == f"A{header + 1}" and src.cell(header, 1).font.bold
    assert src.cell(header + 1, 2).value == REFERENCE_LIMITS[0].valeur
    sources = [str(v) for row in src.iter_rows(values_only=True) for v in row if v]
    assert TREE_EDITION in sources
    for limit in REFERENCE_LIMITS:
        assert limit.source in sources
    assert "? source secondaire, à vérifier" in sources and "✔ texte officiel relu" in sources


def test_core_imports_no_heavy_module() -> None:
    code = ("import sys, qsecase.methods.haccp, qsecase.methods.briefs; "
            "print(' '.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    heavy = {"matplotlib", "ipywidgets", "openpyxl", "pandas", "IPython", "jinja2"}
    assert not heavy & loaded


def test_path_listing_is_exhaustive() -> None:
    """The five outcomes partition every combination of four answers."""
    results = set()
    for combo in itertools.product([True, False], repeat=4):
        answers: list[DecisionAnswer] = []
        node = next_question(answers)
        for value in combo:
            if isinstance(node, Outcome):
                break
            answers.append(DecisionAnswer(question=node.id, reponse=value))
            node = next_question(answers)
        assert isinstance(node, Outcome)
        results.add(node.id)
    assert results == set(OUTCOMES)
