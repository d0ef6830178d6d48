"""What a user reads with ``lang="en"``: grades, reports, workbook and notebook chrome in English,
with the same points as in French."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from html_page import Page
from qsecase import i18n
from qsecase.errors import QsecaseError
from qsecase.exercises.registry import REGISTRY
from qsecase.grading.cohort import SubmissionResult
from qsecase.grading.grade import Grade
from qsecase.grading.rubric import Outcome, load_rubric, score_item, score_rubric
from qsecase.i18n import translate
from qsecase.resources import cases_dir, demo_dir
from qsecase.session import open_exercise


def demo_copies() -> list[tuple[Path, str, Path]]:
    """(case folder, exercise, answers file) for every demo copy of every bundled case."""
    copies = []
    for case in sorted(p for p in cases_dir().iterdir() if (p / "case.yaml").is_file()):
        spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
        for exercise in spec.get("exercices", []):
            if exercise not in REGISTRY or not (case / "key" / f"{exercise}.yaml").is_file():
                continue
            copies += [(case, exercise, path) for path in
                       sorted((demo_dir() / "submissions").glob(f"*/{exercise}.yaml"))
                       if _case_of(path) == case.name]
    return copies


def _case_of(answers: Path) -> str | None:
    """The case an answers file is for (None when it cannot be read: the malformed demo copy)."""
    try:
        header = yaml.safe_load(answers.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return None
    return header.get("case") if isinstance(header, dict) else None


def grade_copy(case: Path, exercise: str, answers: Path) -> tuple[Grade, Grade] | None:
    """The copy graded in French then in English by the same notebook session."""
    try:
        session = open_exercise(exercise, case_dir=case, answers_path=answers, mode="correction",
                                key_path=case / "key" / f"{exercise}.yaml", output_dir=case)
    except QsecaseError:
        return None  # a case being written that does not load yet
    french = session.grade_now()
    session.lang = "en"
    return french, session.grade_now()


@pytest.fixture(scope="module")
def graded() -> list[tuple[str, Grade, Grade]]:
    """Every demo copy graded in French and in English, through the notebook's session."""
    i18n.reset_missing()
    pairs = []
    for case, exercise, answers in demo_copies():
        grades = grade_copy(case, exercise, answers)
        if grades is not None:
            pairs.append((exercise, *grades))
    return pairs


def results(pairs: list[tuple[str, Grade, Grade]], lang: str) -> list[SubmissionResult]:
    return [SubmissionResult(g.trainee, g.exercise, g.case, g)
            for _, fr, en in pairs for g in [fr if lang == "fr" else en]]


# --- grading ---------------------------------------------------------------------------------


def test_english_grading_gives_the_same_points_and_english_rubric_texts(
        graded: list[tuple[str, Grade, Grade]]) -> None:
    assert len(graded) >= 20 and len({e for e, *_ in graded}) >= 6
    for exercise, fr, en in graded:
        assert (fr.lang, en.lang) == ("fr", "en")
        assert (en.note_20, en.criteria, en.pending) == (fr.note_20, fr.criteria, fr.pending)
        rubric = load_rubric(exercise)
        for a, b in zip(fr.items, en.items, strict=True):
            assert (b.item, b.points, b.status, b.missed) == (a.item, a.points, a.status, a.missed)
            item = rubric.item(a.item)
            assert a.label == item.label and b.label == translate(item.label, "en") != item.label
            texts = [item.feedback.acquis, item.feedback.partiel, item.feedback.non_acquis,
                     item.feedback.a_verifier]
            assert any(a.feedback.startswith(t) for t in texts)
            assert any(b.feedback.startswith(translate(t, "en")) for t in texts), b.feedback
            assert not any(t in b.feedback for t in texts)  # no French rubric sentence left
            if a.missed:
                assert "non trouvé" in a.feedback and "not found." in b.feedback
    rubric_texts = {t for e, *_ in graded for i in load_rubric(e).items
                    for t in (i.label, i.feedback.acquis, i.feedback.partiel,
                              i.feedback.non_acquis, i.feedback.a_verifier)}
    assert not rubric_texts & set(i18n.missing("en"))


def test_score_item_translates_only_the_words() -> None:
    item = load_rubric("probleme").item("liens")  # checked by the trainer
    outcome = Outcome(0.5, found=["E3"], missed=["x", "y"], notes=["Note libre d'un correcteur."])
    fr, en = score_item(item, outcome, "fr"), score_item(item, outcome, "en")
    assert (fr.points, fr.status) == (en.points, en.status) == (item.points / 2, "à vérifier")
    assert fr.feedback == (f"{item.feedback.partiel} {item.feedback.a_verifier} Éléments pertinents "
                           "trouvés : E3. 2 éléments attendus non trouvés. Note libre d'un correcteur.")
    assert en.feedback == (
        "Some root causes are not linked to the problem by a demonstrated chain. The trainer checks "
        "the logic of each link in the chain. Relevant elements found: E3. 2 expected elements not "
        "found. Note libre d'un correcteur.")  # a grader's own note stays French (not yet in scope)
    assert en.notes == ["Note libre d'un correcteur."]
    with i18n.use_lang("en"):
        rules = {i.rule: (lambda: Outcome(1.0)) for i in load_rubric("probleme").items}
        assert score_rubric(load_rubric("probleme"), rules)[0].label == (
            "Choice of tools suited to the malfunction")


def test_an_unknown_language_is_refused_when_the_notebook_opens(tmp_path: Path) -> None:
    with pytest.raises(QsecaseError, match="langue inconnue « es »"):
        open_exercise("probleme", answers_path=tmp_path / "r.yaml", output_dir=tmp_path, lang="es")


# --- reports and workbook --------------------------------------------------------------------


def test_english_report_and_feedback_pages(graded: list[tuple[str, Grade, Grade]],
                                           tmp_path: Path) -> None:
    from qsecase.grading.report import write_cohort_report, write_feedback_pages

    cohort = results(graded, "en")
    index = write_cohort_report(cohort, tmp_path, case_title="Salaisons du Ventoux")
    pages = write_feedback_pages(cohort, tmp_path, reveal_key=True,
                                 exercise_titles={e.id: e.title for e in REGISTRY.values()})
    for path in [index, *pages]:
        text = path.read_text(encoding="utf-8")
        page = Page(text)
        assert page.all("html")[0]["lang"] == "en"
        assert page.headings[0] == 1 and page.headings.count(1) == 1
        assert len(page.all("caption")) == len(page.all("table")) > 0
        visible = Page(re.sub(r"<style>.*?</style>", "", text, flags=re.S)).joined()
        for french in ("Vue d'ensemble", "Statut de chaque", "Compétences évaluées", "Légende",
                       "Aller au contenu", "partiellement acquis", "non acquis", "Note :",
                       "Note moyenne", "Généré par", "Détail par item", "provisoire"):
            assert french not in visible, (path.name, french)
        assert "Skip to content" in text and "Colour is only an aid" in text
    index_text = index.read_text(encoding="utf-8")
    assert 'Case: <span lang="fr">Salaisons du Ventoux</span>' in index_text  # case data stays French
    assert "Cohort grading report" in index_text and "✔ achieved" in index_text
    assert "Mean mark" in index_text and "What the group misses most" in index_text
    feedback = pages[0].read_text(encoding="utf-8")
    assert "Competencies assessed" in feedback and "Mark:" in feedback
    assert any(translate(e.title, "en") in feedback for e in REGISTRY.values())
    alt = [img["alt"] for img in Page(index_text).all("img")]
    assert alt and all(a and "copie" not in a for a in alt)
    assert any("Marks out of 20" in a for a in alt if a)


def test_the_page_language_follows_the_grades_unless_given(
        graded: list[tuple[str, Grade, Grade]], tmp_path: Path) -> None:
    from qsecase.grading.report import write_cohort_report

    french = write_cohort_report(results(graded, "fr"), tmp_path / "fr", case_title="Cas")
    assert Page(french.read_text(encoding="utf-8")).all("html")[0]["lang"] == "fr"
    assert "Vue d'ensemble" in french.read_text(encoding="utf-8")
    forced = write_cohort_report(results(graded, "fr"), tmp_path / "en", case_title="Cas",
                                 lang="en")
    assert Page(forced.read_text(encoding="utf-8")).all("html")[0]["lang"] == "en"


def test_revealed_and_counted_missed_elements_in_english() -> None:
    from qsecase.grading.report import trainee_feedback

    item = score_item(load_rubric("probleme").item("pareto"), Outcome(0.5, missed=["a", "b"]), "en")
    counted = "2 expected elements not found."
    assert counted in item.feedback
    shown = trainee_feedback(item, reveal_key=True, lang="en")
    assert "Expected elements missing: a; b." in shown and counted not in shown
    assert trainee_feedback(item, reveal_key=False, lang="en") == item.feedback


def test_english_workbook_and_identical_csv(graded: list[tuple[str, Grade, Grade]],
                                           tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from qsecase.grading.gradebook import summary_table, write_gradebook

    write_gradebook(results(graded, "fr"), tmp_path / "fr")
    write_gradebook(results(graded, "en"), tmp_path / "en")
    assert (tmp_path / "fr" / "gradebook.csv").read_bytes() == (
        tmp_path / "en" / "gradebook.csv").read_bytes()  # data for tools: the same in every language
    book = load_workbook(io.BytesIO((tmp_path / "en" / "gradebook.xlsx").read_bytes()))
    assert {"Summary", "Criteria", "Read me"} <= set(book.sheetnames)
    assert [c.value for c in book["Summary"][1]][:4] == ["Trainee", "Case", "Exercise", "Mark /20"]
    readme = "\n".join(str(c.value) for row in book["Read me"].iter_rows() for c in row)
    assert "Read me: the cohort's gradebook" in readme and "✔ achieved" in readme
    table = summary_table(results(graded, "en"))
    assert table.startswith("Trainee") and "Key: ✔ achieved" in table and "provisoire" not in table


# --- notebook chrome -------------------------------------------------------------------------


def test_notebook_intro_and_save_status_in_english(tmp_path: Path) -> None:
    pytest.importorskip("ipywidgets")
    from qsecase.notebook import Casebook

    session = open_exercise("probleme", answers_path=tmp_path / "r.yaml", output_dir=tmp_path,
                            lang="en")
    book = Casebook(session)
    intro = book.intro().data
    assert intro.startswith('<section lang="en">') and "<h2>Quality problem solving</h2>" in intro
    assert "Competencies assessed" in intro and "Analyse nonconformities (root causes)" in intro
    assert "Mode: training" in intro and "Instructions" in intro
    assert f'<span lang="fr">{session.case.spec.titre}' in intro.replace("&#x27;", "'")
    end = book.conclude()
    assert 'lang="en"' in end.children[0].value and "saved automatically" in end.children[0].value
    assert "No change to save yet." in book.saver.status.value
    book.step("outils").justification.value = "because"
    assert "✔ Saved at" in book.saver.status.value and 'lang="en"' in book.saver.status.value


def test_selfstudy_buttons_hints_and_solution_in_english(tmp_path: Path) -> None:
    pytest.importorskip("ipywidgets")
    from qsecase.notebook import Casebook

    session = open_exercise("probleme", answers_path=tmp_path / "r.yaml", output_dir=tmp_path,
                            mode="autoformation", lang="en")
    if session.key is None:
        pytest.skip("le cas fourni n'est pas ouvert à l'autoformation")
    tools: Any = Casebook(session).conclude().children[0]
    assert tools.hint_button.description == "Next hint"
    assert tools.check_button.description == "Check my answer"
    assert tools.solution_button.description.startswith("Show the solution: Choice of tools (1/")
    tools.hint_button.click()
    assert "<h3>Hints</h3>" in tools.hints.value and "Hint 1 — Choice of tools suited" in (
        tools.hints.value)
    tools.check_button.click()
    assert "Choice of tools suited to the malfunction" in tools.feedback.value


def test_form_validation_messages_in_english() -> None:
    from pydantic import BaseModel, ValidationError

    from qsecase.widgets.autosave import validation_message

    class Row(BaseModel):
        name: str

    with pytest.raises(ValidationError) as caught:
        Row.model_validate({})
    assert validation_message(caught.value) == "name : champ obligatoire manquant"
    assert validation_message(caught.value, "en") == "name: required field missing"


@pytest.mark.notebook
def test_notebook_run_with_lang_en_grades_in_english(tmp_path: Path,
                                                     kernel_env: dict[str, str]) -> None:
    from notebook_runner import output_of, run_notebook

    root = Path(__file__).resolve().parents[1]
    case = root / "cases" / "mecaprec"
    out = tmp_path / "notes"
    nb = run_notebook(root / "notebooks" / "01_probleme.ipynb", tmp_path, case_dir=str(case),
                      answers_path=str(root / "demo" / "submissions" / "bruno.lefebvre" /
                                       "probleme.yaml"),
                      key_path=str(case / "key" / "probleme.yaml"), output_dir=str(out),
                      mode="correction", lang="en")
    grade = Grade.from_json((out / "probleme.grade.json").read_text(encoding="utf-8"))
    assert grade.lang == "en"
    assert grade.items[0].label == "Choice of tools suited to the malfunction"
    intro = output_of(nb, "cb.intro()")["text/html"]
    assert '<section lang="en">' in intro and "Competencies assessed" in intro
    assert "Mark saved in" in output_of(nb, "cb.conclude()")["text/html"]
