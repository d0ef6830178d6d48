"""The improvement-plan forms on the bundled case, driven as a trainee would: set ``.value``, call
``.click()``.

Each test checks the answers model of the session *and* the answers file saved on disk.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import pytest

from form_helpers import messages, saved
from qsecase.notebook import Casebook
from qsecase.session import Session, open_exercise
from qsecase.widgets.amelioration_data import objectives, stakeholders
from qsecase.widgets.amelioration_planning import EXPORT_HTML, EXPORT_XLSX
from qsecase.widgets.amelioration_support import EXPORT_SUPPORT

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "cases" / "mecaprec"
STEPS = ["actions", "planning", "suivi", "support", "sensibilisation", "reunion"]


@pytest.fixture
def answers_path(tmp_path: Path) -> Path:
    return tmp_path / "reponses" / "amelioration.yaml"


@pytest.fixture
def session(answers_path: Path, tmp_path: Path) -> Session:
    return open_exercise("amelioration", case_dir=CASE, answers_path=answers_path,
                         output_dir=tmp_path)


@pytest.fixture
def book(session: Session) -> Casebook:
    return Casebook(session)


def values(widget: Any) -> list[Any]:
    return [v for _label, v in widget.options]


def plan(book: Casebook, tasks: list[tuple[str, int, str]]) -> Any:
    """Type tasks ``(name, duration, predecessors)`` in the planning form, from 1 June 2026."""
    form = book.step("planning")
    form.debut.value = dt.date(2026, 6, 1)
    for name, duration, preds in tasks:
        form.editor.add_button.click()
        row = form.editor.rows[-1]
        row.fields["nom"].value = name
        row.fields["duree"].value = duration
        row.fields["predecesseurs"].value = preds
    return form


THREE = [("Diagnostic de l'atelier", 5, ""), ("Achat des bacs de rétention", 10, "T1"),
         ("Réception des travaux", 0, "T2")]


def test_actions_cite_facts_and_serve_an_objective(book: Casebook, answers_path: Path) -> None:
    assert list(book.forms) == STEPS
    form = book.step("actions")
    goals = objectives(book.session.case)
    assert goals and all(k.startswith("OBJ") for k in goals)
    assert "Proposez au moins une action" in messages(form)
    form.editor.add_button.click()
    assert "écrivez l'intitulé de l'action" in messages(form)  # an empty title is not saved
    row = form.editor.rows[0]
    assert row.fields["id"].value == "AM1"
    assert values(row.fields["objectif"]) == ["", *goals]
    row.fields["titre"].value = "Bacs de rétention sous les centres d'usinage"
    assert "AM1 : aucun fait cité" in messages(form) and "choisissez l'objectif" in messages(form)
    fact = next(iter(book.session.case.facts))
    row.fields["sources"].value = f"{fact}, ZZ-999"
    assert "fait(s) inconnu(s) du corpus : ZZ-999" in messages(form)
    row.fields["sources"].value = fact
    row.fields["objectif"].value = next(iter(goals))
    row.benefits["environnement"].value = True
    row.benefits["sante-securite"].value = True
    assert not messages(form)
    action = saved(answers_path)["actions"][0]
    assert action["sources"] == [fact] and action["objectif"] == next(iter(goals))
    assert action["benefices"] == ["sante-securite", "environnement"]


def test_tasks_redraw_the_gantt_and_the_pert_and_are_saved(book: Casebook,
                                                           answers_path: Path) -> None:
    form = plan(book, THREE[:1])
    gantt, pert = form.gantt.value, form.pert.value
    assert gantt.startswith("<img") and pert.startswith("<img") and 'alt="' in gantt
    for name, duration, preds in THREE[1:]:
        form.editor.add_button.click()
        row = form.editor.rows[-1]
        row.fields["nom"].value, row.fields["duree"].value = name, duration
        row.fields["predecesseurs"].value = preds
    form.editor.rows[-1].fields["jalon"].value = True
    assert form.gantt.value != gantt and form.pert.value != pert
    assert "Réception des travaux" in form.table.value
    assert "Chemin critique : T1 → T2 → T3" in form.summary.value
    tasks = saved(answers_path)["taches"]
    assert [(t["id"], t["duree"], t["predecesseurs"]) for t in tasks] == [
        ("T1", 5, []), ("T2", 10, ["T1"]), ("T3", 0, ["T2"])]
    assert saved(answers_path)["debut"] == "2026-06-01" and tasks[2]["jalon"] is True
    assert "aucun point de validation" not in messages(form)


def test_a_dependency_loop_is_explained_in_french_and_saved(book: Casebook,
                                                            answers_path: Path) -> None:
    form = plan(book, THREE)
    form.editor.rows[0].fields["predecesseurs"].value = "T3"
    assert "les dépendances forment une boucle" in messages(form)
    assert "boucle" in form.summary.value and "Traceback" not in form.summary.value
    assert form.gantt.value == "" and form.pert.value == ""
    assert saved(answers_path)["taches"][0]["predecesseurs"] == ["T3"]  # kept, to be fixed
    suivi = book.step("suivi")
    assert "boucle" in suivi.tracking.value
    form.editor.rows[0].fields["predecesseurs"].value = ""
    assert "boucle" not in messages(form) and form.gantt.value.startswith("<img")


def test_raci_grid_saves_one_accountable_per_task(book: Casebook, answers_path: Path) -> None:
    form = plan(book, THREE)
    actors = stakeholders(book.session.case)
    assert list(form.raci.cells) == ["T1", "T2", "T3"]
    assert list(form.raci.cells["T1"]) == actors
    assert values(form.raci.cells["T1"][actors[0]]) == ["", "R", "A", "C", "I"]
    assert "tâches sans ligne : T1, T2, T3" in " ".join(i.message for i in form.raci_issues.issues)
    for tid in ("T1", "T2", "T3"):
        form.raci.cells[tid][actors[0]].value = "A"
        form.raci.cells[tid][actors[1]].value = "R"
    raci = saved(answers_path)["raci"]
    assert [line["tache"] for line in raci] == ["T1", "T2", "T3"]
    assert all(list(line["roles"].values()).count("A") == 1 for line in raci)
    assert not form.raci_issues.issues
    form.raci.cells["T2"][actors[0]].value = ""
    assert "RACI T2 : il faut exactement un « A » (trouvé : 0)" in " ".join(
        i.message for i in form.raci_issues.issues)
    form.editor.remove(1)  # T2 removed: its line goes
    assert [line["tache"] for line in saved(answers_path)["raci"]] == ["T1", "T3"]
    assert list(form.raci.cells) == ["T1", "T3"]


def test_status_changes_update_tracking_and_raise_alerts(book: Casebook,
                                                         answers_path: Path) -> None:
    plan(book, THREE)
    form = book.step("suivi")
    assert [r.id for r in form.rows] == ["T1", "T2", "T3"]
    assert "☑ Fait" in [label for label, _v in form.rows[0].status.options]
    form.date.value = dt.date(2026, 6, 3)
    before = form.tracking.value
    form.rows[0].status.value = "fait"
    assert form.rows[0].progress.value == 100
    assert form.tracking.value != before
    task = saved(answers_path)["taches"][0]
    assert (task["statut"], task["avancement"]) == ("fait", 100)
    assert saved(answers_path)["date_suivi"] == "2026-06-03"
    form.rows[1].status.value = "en cours"
    form.rows[1].progress.value = 40
    assert saved(answers_path)["taches"][1]["avancement"] == 40
    assert "dépassée" not in form.tracking.value
    form.date.value = dt.date(2026, 7, 31)  # T2 was due mid-June
    assert "dépassée" in form.tracking.value and "T2" in form.tracking.value
    assert "T2" in form.kanban.value
    # the planning step keeps the statuses when a task is edited
    book.step("planning").editor.rows[1].fields["duree"].value = 12
    task = saved(answers_path)["taches"][1]
    assert (task["duree"], task["statut"], task["avancement"]) == (12, "en cours", 40)


def test_support_preview_and_contrast_check(book: Casebook, answers_path: Path) -> None:
    form = book.step("support")
    charter = book.session.case.spec.charte
    assert charter is not None
    assert values(form.fields["police"]) == charter.polices
    form.fields["titre"].value = "Une fuite ? <Je l'essuie>"
    assert "<iframe srcdoc=" in form.preview.value
    assert html.escape("Une fuite ? &lt;Je l&#x27;essuie&gt;", quote=True) in form.preview.value
    form.colours.add_button.click()
    row = form.colours.rows[0]
    name, code = next(iter(charter.couleurs.items()))
    row.fields["element"].value = "corps"
    row.fields["texte"].value = name
    assert saved(answers_path)["support"]["couleurs"][0]["texte"] == code.upper()
    row.fields["texte"].value = "#777777"
    row.fields["fond"].value = "#888888"
    assert "Contraste" in messages(form) and "1.4.3" in messages(form)
    assert "non conforme" in form.report.value
    row.fields["fond"].value = "gris clair"
    assert "n'est pas une couleur" in messages(form)
    assert saved(answers_path)["support"]["couleurs"][0]["fond"] == "#888888"


def test_preview_inlines_the_charter_svg_logo(session: Session, tmp_path: Path) -> None:
    charter = session.case.spec.charte
    assert charter is not None and charter.logo.endswith(".svg")
    logo = tmp_path / "cas" / charter.logo
    logo.parent.mkdir(parents=True)
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>',
                    encoding="utf-8")
    session.case.root = str(tmp_path / "cas")
    form = Casebook(session).step("support")
    assert html.escape('<svg xmlns="http://www.w3.org/2000/svg"', quote=True) in form.preview.value
    assert "Couleurs de la charte" in form.charter_view.value
    form.fields["logo"].value = False
    assert html.escape("<svg", quote=True) not in form.preview.value


def test_session_form_saves_and_times_the_sequences(book: Casebook, answers_path: Path) -> None:
    form = book.step("sensibilisation")
    assert "déroulé est vide" in messages(form)
    form.fields["theme"].value = "Copeaux et huile de coupe"
    form.fields["objectif"].value = "Utiliser le crochet à copeaux"
    for minutes, activity, content in ((10, "expose", "Les chiffres de l'atelier"),
                                       (15, "demonstration", "Démonstration au poste")):
        form.sequences.add_button.click()
        row = form.sequences.rows[-1]
        row.fields["duree_min"].value = minutes
        row.fields["activite"].value = activity
        row.fields["contenu"].value = content
    saved_session = saved(answers_path)["sensibilisation"]
    assert [s["activite"] for s in saved_session["deroule"]] == ["expose", "demonstration"]
    assert "0 → 10" in form.timeline.value and "10 → 25" in form.timeline.value
    assert "(25 min)" in form.timeline.value
    assert "L'évaluation n'est pas prévue" in messages(form)
    assert "déroulé est vide" not in messages(form)


def test_meeting_form_saves_and_reports_missing_items(book: Casebook, answers_path: Path) -> None:
    form = book.step("reunion")
    assert "L'ordre du jour est vide" in messages(form)
    form.fields["type"].value = "resolution-probleme"
    form.fields["objectif"].value = "Choisir trois actions et leurs pilotes"
    form.fields["participants"].value = "Responsable QSE\n\nChef d'atelier usinage"
    form.agenda.add_button.click()
    form.agenda.rows[0].fields["sujet"].value = "Rappel des constats"
    form.fields["duree_min"].value = 90
    assert "Rôles non attribués : animateur, secrétaire, gardien du temps" in messages(form)
    form.roles["animateur"].value = "Claire Vasseur"
    meeting = saved(answers_path)["reunion"]
    assert meeting["participants"] == ["Responsable QSE", "Chef d'atelier usinage"]
    assert meeting["roles"] == {"animateur": "Claire Vasseur"} and meeting["duree_min"] == 90
    assert meeting["ordre_du_jour"] == [{"sujet": "Rappel des constats", "duree_min": 10,
                                         "porteur": ""}]
    assert "L'ordre du jour est vide" not in messages(form)
    form.fields["style"].value = "directif"
    assert "convient mal" in messages(form)


def test_exports_write_beside_the_answers(book: Casebook, answers_path: Path) -> None:
    import openpyxl

    form = plan(book, THREE)
    book.step("support").fields["titre"].value = "Une fuite ? Je l'essuie"
    before = answers_path.read_bytes()
    form.xlsx.button.click()
    form.html.button.click()
    book.step("support").export.button.click()
    assert answers_path.read_bytes() == before
    cells = [c.value for ws in openpyxl.load_workbook(answers_path.parent / EXPORT_XLSX).worksheets
             for r in ws.iter_rows() for c in r]
    assert "Diagnostic de l'atelier" in cells
    assert "Réception des travaux" in (answers_path.parent / EXPORT_HTML).read_text(encoding="utf-8")
    page = (answers_path.parent / EXPORT_SUPPORT).read_text(encoding="utf-8")
    assert "Une fuite ? Je l&#x27;essuie" in page and 'lang="fr"' in page
    assert "Fichier écrit" in form.xlsx.status.value
    form.editor.rows[0].fields["predecesseurs"].value = "T3"
    form.xlsx.button.click()
    assert "Export impossible" in form.xlsx.status.value and "boucle" in form.xlsx.status.value


def test_forms_resume_from_the_saved_file(book: Casebook, answers_path: Path,
                                          tmp_path: Path) -> None:
    plan(book, THREE)
    actors = stakeholders(book.session.case)
    book.step("planning").raci.cells["T2"][actors[2]].value = "C"
    book.step("suivi").rows[0].status.value = "en cours"
    again = Casebook(open_exercise("amelioration", case_dir=CASE, answers_path=answers_path,
                                   output_dir=tmp_path))
    planning = again.step("planning")
    assert len(planning.editor.rows) == 3 and planning.debut.value == dt.date(2026, 6, 1)
    assert planning.raci.cells["T2"][actors[2]].value == "C"
    assert again.step("suivi").rows[0].status.value == "en cours"
