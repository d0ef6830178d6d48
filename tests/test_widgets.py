"""The problem-solving forms, driven as a trainee would: set ``.value``, call ``.click()``.

Each test checks the answers model of the session *and* the answers file saved on disk.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from form_helpers import messages, saved
from qsecase.notebook import Casebook
from qsecase.session import Session, open_exercise


@pytest.fixture
def answers_path(tmp_path: Path) -> Path:
    return tmp_path / "reponses" / "probleme.yaml"


@pytest.fixture
def session(answers_path: Path, tmp_path: Path) -> Session:
    return open_exercise("probleme", answers_path=answers_path, output_dir=tmp_path)


@pytest.fixture
def book(session: Session) -> Casebook:
    return Casebook(session)


def a_fact(session: Session) -> str:
    return next(iter(session.case.facts))


def test_outils_checkbox_and_justification_are_saved(book: Casebook, answers_path: Path) -> None:
    form = book.step("outils")
    form.checkboxes["qqoqcp"].value = True
    form.checkboxes["pareto"].value = True
    form.justification.value = "Décrire puis hiérarchiser."
    assert book.session.answers.outils == ["qqoqcp", "pareto"]
    assert saved(answers_path)["outils"] == ["qqoqcp", "pareto"]
    assert saved(answers_path)["justification_outils"] == "Décrire puis hiérarchiser."
    assert "Enregistré à" in book.saver.status.value
    form.checkboxes["pareto"].value = False
    assert saved(answers_path)["outils"] == ["qqoqcp"]


def test_qqoqcp_flags_unknown_facts_live(book: Casebook, answers_path: Path) -> None:
    form = book.step("qqoqcp")
    known = a_fact(book.session)
    assert form.answers["qui"].placeholder.startswith("Personnes concernées")
    form.answers["qui"].value = "Le client Agriméca constate des fuites."
    form.facts["qui"].value = f"{known}, XX-999"
    assert book.session.answers.qqoqcp.qui.faits == [known, "XX-999"]
    assert saved(answers_path)["qqoqcp"]["qui"] == {
        "reponse": "Le client Agriméca constate des fuites.", "faits": [known, "XX-999"]}
    errors = [i.message for i in form.issues.issues if i.level == "erreur"]
    assert len(errors) == 1 and "XX-999" in errors[0]
    assert "XX-999" in form.issues.value  # shown
    form.facts["qui"].value = known
    assert not [i for i in form.issues.issues if i.level == "erreur"]


def test_pareto_choice_redraws_the_chart(book: Casebook, answers_path: Path) -> None:
    form = book.step("pareto")
    assert "<img" not in form.figure.value
    table = form.table.options[1][1]
    form.table.value = table
    category = form.categorie.options[1][1]
    form.categorie.value = category
    first = form.figure.value
    assert '<img src="data:image/png;base64,' in first and 'alt="Diagramme de Pareto' in first
    assert form.classe_a.options, "the categories of the chosen column are offered for class A"
    top = form.classe_a.options[0][1]
    form.classe_a.value = (top,)
    assert book.session.answers.pareto.classe_a == [top]
    assert saved(answers_path)["pareto"]["table"] == table
    if len(form.mesure.options) > 1:
        form.mesure.value = form.mesure.options[1][1]
        assert form.figure.value != first
        assert saved(answers_path)["pareto"]["mesure"] == form.mesure.options[1][1]


def test_ishikawa_lines_and_stars_and_fishbone_redraw(book: Casebook, answers_path: Path) -> None:
    form = book.step("ishikawa")
    before = form.figure.value
    assert any("effet" in i.message.lower() for i in form.issues.issues)
    form.effet.value = "Fuites au banc d'étanchéité du CD-40"
    form.families["materiel"].value = "Broche usée\n* Plan de maintenance non suivi\n\n"
    causes = book.session.answers.ishikawa.causes
    assert [(c.famille, c.texte, c.retenue) for c in causes] == [
        ("materiel", "Broche usée", False), ("materiel", "Plan de maintenance non suivi", True)]
    assert form.figure.value != before
    assert "Plan de maintenance non suivi [retenue]" in form.figure.value  # alt text
    assert saved(answers_path)["ishikawa"]["causes"][1]["retenue"] is True
    assert form.families["mesure"].layout.display == "none"  # 5M: no Mesure family
    form.methode.value = "6M"
    assert form.families["mesure"].layout.display is None


def test_pourquoi_add_remove_and_stop_before_root(book: Casebook, answers_path: Path) -> None:
    book.step("ishikawa").families["methode"].value = "* Pas de mode opératoire de réglage"
    form = book.step("pourquoi")
    assert "n'a pas de chaîne" in messages(form)
    form.editor.add_button.click()
    assert len(book.session.answers.pourquoi) == 1
    assert len(saved(answers_path)["pourquoi"]) == 1
    row = form.editor.rows[0]
    assert "Pas de mode opératoire de réglage" in [v for _label, v in row.choice.options]
    row.choice.value = "Pas de mode opératoire de réglage"
    assert row.depart.value == "Pas de mode opératoire de réglage"
    row.whys[0].value = "Le réglage dépend du régleur"
    row.whys[1].value = "Aucune gamme de réglage n'a été rédigée"
    assert book.session.answers.pourquoi[0].pourquoi == [
        "Le réglage dépend du régleur", "Aucune gamme de réglage n'a été rédigée"]
    assert any("avant la cause racine" in i.message for i in row.issues.issues)
    row.reached.value = True
    assert not any("avant la cause racine" in i.message for i in row.issues.issues)
    assert saved(answers_path)["pourquoi"][0]["racine_atteinte"] is True
    form.editor.add_button.click()
    form.editor.remove_buttons[0].click()
    assert len(form.editor.rows) == 1
    assert book.session.answers.pourquoi[0].depart == ""
    assert saved(answers_path)["pourquoi"] == [{"depart": "", "pourquoi": [],
                                                "racine_atteinte": False}]


def test_racines_feed_actions_and_plan_is_checked(book: Casebook, answers_path: Path) -> None:
    roots, actions = book.step("racines"), book.step("actions")
    roots.editor.add_button.click()
    root = roots.editor.rows[0]
    assert root.id.value == "CR1"
    root.texte.value = "Absence de plan de maintenance préventive"
    root.faits.value = "ZZ-1"
    assert "ZZ-1" in messages(roots)
    actions.editor.add_button.click()
    action = actions.editor.rows[0]
    assert action.id.value == "A1"
    assert "CR1" in [v for _label, v in action.cause_racine.options]
    action.cause_racine.value = "CR1"
    action.description.value = "Rédiger le plan de maintenance préventive"
    action.responsable.value = "Responsable maintenance"
    action.echeance.value = dt.date(2026, 12, 15)
    plan = book.session.answers.actions[0]
    assert (plan.cause_racine, plan.responsable, plan.echeance) == (
        "CR1", "Responsable maintenance", dt.date(2026, 12, 15))
    assert saved(answers_path)["actions"][0]["echeance"] == "2026-12-15"
    assert "critère d'efficacité" in messages(actions)
    root.id.value = "CR9"  # the action now cites a root cause that no longer exists
    assert "qui n'existe pas" in messages(actions)
    assert "CR1 (cause inexistante)" in [label for label, _v in action.cause_racine.options]


def test_invalid_id_is_reported_and_model_unchanged(book: Casebook, answers_path: Path) -> None:
    roots = book.step("racines")
    roots.editor.add_button.click()
    roots.editor.rows[0].id.value = "CR 1"
    assert "Saisie non prise en compte" in messages(roots)
    assert book.session.answers.causes_racines[0].id == "CR1"
    assert saved(answers_path)["causes_racines"][0]["id"] == "CR1"
    assert roots.editor.rows[0].id.value == "CR 1"  # what the trainee typed stays on screen


def test_save_conflict_is_shown_and_answers_kept(book: Casebook, answers_path: Path) -> None:
    form = book.step("outils")
    form.justification.value = "première version"
    other = answers_path.read_text(encoding="utf-8").replace("première version", "autre session")
    answers_path.write_text(other, encoding="utf-8")  # another notebook saved meanwhile
    form.justification.value = "deuxième version"
    assert "✖ Non enregistré" in book.saver.status.value
    assert "modifié par une autre session" in book.saver.status.value
    assert book.session.answers.justification_outils == "deuxième version"
    assert saved(answers_path)["justification_outils"] == "autre session"


def test_os_error_is_shown(book: Casebook, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise PermissionError(13, "Permission non accordée", "/lecture/seule.yaml")

    monkeypatch.setattr(book.session, "save", refuse)
    book.step("outils").justification.value = "texte"
    assert "✖ Non enregistré : /lecture/seule.yaml : Permission non accordée" in (
        book.saver.status.value)
    assert book.session.answers.justification_outils == "texte"


def test_forms_resume_from_the_saved_file(book: Casebook, answers_path: Path,
                                          tmp_path: Path) -> None:
    book.step("qqoqcp").answers["quoi"].value = "Fuites"
    book.step("ishikawa").families["milieu"].value = "* Atelier non climatisé"
    again = Casebook(open_exercise("probleme", answers_path=answers_path, output_dir=tmp_path))
    assert again.step("qqoqcp").answers["quoi"].value == "Fuites"
    assert again.step("ishikawa").families["milieu"].value == "* Atelier non climatisé"
    again.step("outils").justification.value = "suite"  # same file, saved again: no conflict
    assert "Enregistré à" in again.saver.status.value


def fill_some(book: Casebook) -> None:
    book.step("outils").checkboxes["ishikawa"].value = True
    book.step("ishikawa").families["methode"].value = "* Pas de gamme de réglage"
    roots = book.step("racines")
    roots.editor.add_button.click()
    roots.editor.rows[0].texte.value = "Absence de gamme de réglage"


def test_correction_mode_renders_answers_and_writes_grade(book: Casebook, answers_path: Path,
                                                          tmp_path: Path) -> None:
    fill_some(book)
    key = Path(book.session.case.root) / "key" / "probleme.yaml"
    out = tmp_path / "notes"
    trainer = Casebook(open_exercise("probleme", answers_path=answers_path, key_path=key,
                                     output_dir=out, mode="correction"))
    html = trainer.step("ishikawa").data
    assert "Pas de gamme de réglage [retenue]" in html and "<img" in html
    assert "Absence de gamme de réglage" in trainer.step("racines").data
    result = trainer.conclude().data
    grade = json.loads((out / "probleme.grade.json").read_text(encoding="utf-8"))
    assert grade["exercise"] == "probleme" and 0 <= grade["note_20"] <= 20
    assert "/ 20" in result and "Éléments attendus manquants" not in result
    with pytest.raises(Exception, match="étape inconnue"):
        trainer.step("nope")


def test_selfstudy_hints_check_and_solution(tmp_path: Path) -> None:
    session = open_exercise("probleme", answers_path=tmp_path / "r.yaml", output_dir=tmp_path,
                            mode="autoformation")
    if session.key is None:
        pytest.skip("le cas fourni n'est pas ouvert à l'autoformation")
    book = Casebook(session)
    fill_some(book)
    tools = book.conclude().children[0]
    tools.hint_button.click()
    tools.hint_button.click()
    assert tools.hints.value.count("<li>") == 2
    tools.check_button.click()
    assert "/ 20" in tools.feedback.value
    assert "Éléments attendus manquants" not in tools.feedback.value
    assert tools.solution.value == ""
    tools.solution_button.click()
    assert "Solution" in tools.solution.value and tools.solution.value.count("<h3>") == 1
    for _ in range(10):
        tools.solution_button.click()
    assert tools.solution_button.disabled


def test_html_views_are_semantic_and_escaped(session: Session) -> None:
    from qsecase.exercises.registry import load_key
    from qsecase.views.palette import STATUS_STYLE
    from qsecase.views.tables import corpus_html, grade_html, markdown_html

    table = next(d for d in session.case.spec.documents if d.type == "tableau")
    rows = len(session.case.tables[table.id])
    html = corpus_html(session.case, table.id, max_rows=5)
    assert "<caption" in html and 'scope="col"' in html
    assert html.count("<tr>") == 6 and f"5 premières lignes affichées sur {rows}" in html
    assert "&lt;script&gt;" in markdown_html("Texte <script>alert(1)</script>")
    assert "<h3>Titre</h3>" in markdown_html("# Titre")  # shifted under the notebook's headings
    session.key = load_key(session.exercise, Path(session.case.root) / "key" / "probleme.yaml")
    grade = session.grade_now()
    hidden, shown = grade_html(grade, reveal_key=False), grade_html(grade, reveal_key=True)
    assert "Éléments attendus manquants" not in hidden
    assert "Éléments attendus manquants" in shown  # an empty answers file misses everything
    for item in grade.items:
        assert STATUS_STYLE[item.status].text in hidden  # symbol and word, never colour alone
