"""The process-map and quality-risk forms, driven as a trainee would: set ``.value``, call
``.click()``. Each test checks the session's answers model *and* the answers file on disk.

The session is built by hand with a stub :class:`Exercise`, so the tests do not depend on the
exercise's registration.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from form_helpers import messages, saved
from qsecase.answers import AnswersFile, AnswersHeader
from qsecase.corpus import load_case
from qsecase.exercises.registry import Exercise
from qsecase.exercises.risques_qualite.model import RisquesQualiteAnswers, RisquesQualiteKey
from qsecase.resources import cases_dir
from qsecase.session import Session
from qsecase.views import risques_qualite_html as views
from qsecase.widgets.risques_qualite import build_steps

STUB = Exercise(id="risques-qualite", title="Cartographie et risques Qualité",
                competencies=("1-3", "1-4", "1-5", "1-6"), notebook="02_risques_qualite.ipynb",
                answers_model=RisquesQualiteAnswers, key_model=RisquesQualiteKey,
                rules=lambda _a, _k, _c: {}, ui="qsecase.widgets.risques_qualite")


def make_session(case: str, tmp_path: Path) -> Session:
    header = AnswersHeader(exercise="risques-qualite", case=case, trainee="stagiaire",
                           saved_at=None)
    return Session(exercise=STUB, case=load_case(cases_dir() / case, check_keys=False),
                   answers_file=AnswersFile(header=header, answers=RisquesQualiteAnswers()),
                   answers_path=tmp_path / "reponses" / "risques-qualite.yaml",
                   mode="formation", output_dir=tmp_path)


@pytest.fixture
def session(tmp_path: Path) -> Session:
    return make_session("mecaprec", tmp_path)


@pytest.fixture
def steps(session: Session) -> dict[str, Any]:
    return build_steps(session)


def test_map_rows_links_and_checks(steps: dict[str, Any], session: Session) -> None:
    form = steps["cartographie"]
    form.demarche.value = "Visite du site et entretiens avec les pilotes."
    form.processes.add_button.click()
    row = form.processes.rows[0]
    row.fields["nom"].value = "Usinage"
    row.fields["activites"].value = "usinage sur centres d'usinage\n\ntournage des brides"
    form.processes.add_button.click()
    form.processes.rows[1].fields["nom"].value = "Achats"
    form.processes.rows[1].fields["type"].value = "support"
    form.links.add_button.click()
    link = form.links.rows[0]
    assert ("P1 — Usinage", "P1") in link.fields["de"].options
    link.fields["de"].value, link.fields["vers"].value = "P2", "P1"
    pmap = session.answers.cartographie
    assert pmap.processus[0].activites == ["usinage sur centres d'usinage", "tournage des brides"]
    assert (pmap.liens[0].de, pmap.liens[0].vers) == ("P2", "P1")
    disk = saved(session.answers_path)  # type: ignore[arg-type]
    assert disk["demarche"].startswith("Visite") and disk["cartographie"]["processus"][1]["type"] == "support"
    assert "<img" in form.figure.value and "alt=" in form.figure.value
    assert messages(form)  # pilot, inputs, families, activities of the corpus…


def test_amdec_rating_out_of_scale_refused(steps: dict[str, Any], session: Session) -> None:
    form = steps["amdec"]
    form.rows.add_button.click()
    row = form.rows.rows[0]
    row.fields["etape"].value = "Alésage"
    row.fields["mode"].value = "Cote hors tolérance"
    for k, v in (("g", 7), ("o", 5), ("d", 4)):
        row.fields[k].value = v
    assert "IPR = 7 × 5 × 4 = 140" in row.summary.value
    # the case's own rule (act from IPR 150) applies, not a generic threshold
    assert "à surveiller" in row.summary.value and "AP :" in row.summary.value
    assert row.labels["g"].value and "hors barème" not in row.labels["g"].value
    assert saved(session.answers_path)["amdec"][0]["g"] == 7  # type: ignore[arg-type]
    assert "140" in form.figure.value and "<img" in form.figure.value
    row.fields["g"].value = 11
    assert "se cote de 1 à 10" in messages(form) and "gravité G" in messages(form)
    assert "hors barème" in row.labels["g"].value and row.summary.value == ""
    assert session.answers.amdec[0].g == 7
    assert saved(session.answers_path)["amdec"][0]["g"] == 7  # type: ignore[arg-type]


def test_haccp_tree_to_ccp_records_path(tmp_path: Path) -> None:
    session = make_session("ventoux", tmp_path)
    steps = build_steps(session)
    form = steps["haccp"]
    form.hazards.add_button.click()
    row = form.hazards.rows[0]
    row.fields["etape"].value = "Cuisson"
    row.fields["danger"].value = "Listeria monocytogenes (survie)"
    row.fields["mesures_maitrise"].value = "Barème de cuisson validé"
    assert "Réception" in row.fields["etape"].options
    form.selected.value = "D1"
    assert "Q1" in form.question.value
    answers = [False, True, False, True]  # Q1 non, Q2 oui, Q3 non, Q4 oui → CCP
    for n, yes in enumerate(answers, 1):
        assert f"Q{n}" in form.question.value and session.answers.haccp_decisions == []
        (form.yes if yes else form.no).click()
    path = session.answers.haccp_decisions[0]
    assert path.ref_danger == "D1" and path.resultat == "CCP"
    assert [a.reponse for a in path.reponses] == answers and form.yes.disabled
    disk = saved(session.answers_path)  # type: ignore[arg-type]
    assert disk["haccp_decisions"][0]["resultat"] == "CCP"
    assert "pas de ligne dans le plan HACCP" in messages(form)
    form.plan.add_button.click()
    plan = form.plan.rows[0]
    plan.fields["ref_danger"].value = "D1"
    plan.fields["limite_critique"].value = "≥ 68 °C à cœur"
    plan.fields["surveillance_frequence"].value = "chaque lot"
    assert session.answers.haccp_plan[0].surveillance.frequence == "chaque lot"
    assert "pas de ligne dans le plan HACCP" not in messages(form)
    assert "actions" in steps and ("D1 — Listeria monocytogenes (survie)", "D1") in \
        steps["actions"].rows.factory({}, lambda: None).fields["risques"].options


def test_actions_and_brief_export(steps: dict[str, Any], session: Session) -> None:
    steps["amdec"].rows.add_button.click()
    steps["amdec"].rows.rows[0].fields["etape"].value = "Alésage"
    actions = steps["actions"]
    actions.rows.add_button.click()
    arow = actions.rows.rows[0]
    assert ("M1 — Alésage", "M1") in arow.fields["risques"].options
    arow.fields["description"].value = "Contrôle du premier alésage à chaque changement d'outil"
    arow.fields["risques"].value = ("M1",)
    assert session.answers.actions[0].risques == ["M1"]
    fiches = steps["fiches"]
    fiches.rows.add_button.click()
    brow = fiches.rows.rows[0]
    assert ("AQ1 — Contrôle du premier alésage à chaque changement d'outil", "AQ1") in \
        brow.fields["action"].options
    brow.fields["action"].value = "AQ1"
    brow.fields["objectif"].value = "Zéro pièce hors tolérance livrée d'ici le 31/12/2026."
    brow.fields["points_cles"].value = "Mesurer la première pièce\nNoter la mesure"
    assert session.answers.fiches[0].points_cles == ["Mesurer la première pièce",
                                                     "Noter la mesure"]
    assert "Zéro pièce" in fiches.preview.value and "<html" not in fiches.preview.value
    before = session.answers_path.read_text(encoding="utf-8")  # type: ignore[union-attr]
    fiches.export_button.click()
    files = sorted(session.answers_path.parent.glob("fiche-*.html"))  # type: ignore[union-attr]
    assert [f.name for f in files] == ["fiche-01-AQ1-operateurs.html"]
    assert "Zéro pièce" in files[0].read_text(encoding="utf-8")
    assert session.answers_path.read_text(encoding="utf-8") == before  # type: ignore[union-attr]
    assert "✔ 1 fiche" in fiches.export_status.value


def test_effectiveness_verdict_computed(steps: dict[str, Any], session: Session) -> None:
    form = steps["efficacite"]
    form.readings.add_button.click()
    reading = form.readings.rows[0]
    reading.fields["action"].value = "PA1"
    reading.fields["verdict"].value = "efficace"
    assert "pas encore" in reading.computed.value
    form.criteria.add_button.click()
    crit = form.criteria.rows[0]
    for name, value in (("action", "PA1"), ("indicateur", "Réclamations"), ("unite", "par mois"),
                        ("reference", "8"), ("cible", "2,5"), ("periode", "3 mois")):
        crit.fields[name].value = value
    assert session.answers.criteres[0].cible == 2.5
    form.measures.add_button.click()
    m = form.measures.rows[0]
    m.fields["action"].value = "PA1"
    m.fields["avant"].value = 8.0
    m.fields["apres"].value = 5.0
    assert "partiellement efficace" in reading.computed.value
    assert saved(session.answers_path)["mesures"][0]["apres"] == 5.0  # type: ignore[arg-type]
    assert "<img" in form.chart.value and "partiellement efficace" in form.chart.value


def test_read_only_views_render(steps: dict[str, Any], session: Session) -> None:
    for step in views.STEPS:
        html = views.answers_step_html(step, session.answers, session.case)
        assert html.startswith('<section lang="fr"><h3>')


def test_amdec_and_haccp_tables_export_to_excel_beside_the_answers(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from qsecase.answers import read_answers

    for case, trainee, step, name in (("mecaprec", "alice.martin", "amdec", "amdec.xlsx"),
                                      ("ventoux", "david.nguyen", "haccp", "haccp.xlsx")):
        session = make_session(case, tmp_path / case)
        demo = cases_dir().parent / "demo" / "submissions" / trainee / "risques-qualite.yaml"
        session.answers_file.answers = read_answers(demo, RisquesQualiteAnswers).answers
        path = build_steps(session)[step].export.export()
        assert path == session.answers_path.parent / name  # type: ignore[union-attr]
        book = load_workbook(path)
        assert len(book.sheetnames) >= 2
        assert not session.answers_path.exists()  # type: ignore[union-attr]  # answers untouched
