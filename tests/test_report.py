"""Tests of the HTML reports: the trainer's cohort page and the trainees' feedback pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from html_page import Page
from qsecase.errors import BatchError
from qsecase.grading.cohort import SubmissionResult
from qsecase.grading.grade import Grade, ItemGrade
from qsecase.grading.overrides import OverrideRow, merge_overrides
from qsecase.grading.report import (
    item_ranking,
    trainee_feedback,
    write_cohort_report,
    write_feedback,
    write_feedback_pages,
)

MISSED = ("diagramme de Pareto des coûts", "chaîne des 5 Pourquoi")
REVEAL = "Éléments attendus manquants : diagramme de Pareto des coûts ; chaîne des 5 Pourquoi."


def item(criterion: str, item_id: str, points: float, status: str,
         missed: tuple[str, ...] = (), feedback: str = "") -> ItemGrade:
    return ItemGrade(criterion=criterion, item=item_id, label=f"Libellé {item_id}",
                     points=points, max_points=2, status=status, missed=list(missed),
                     feedback=feedback or f"Retour sur {item_id}.")


def result(trainee: str, items: list[ItemGrade] | None = None, error: str = ""
           ) -> SubmissionResult:
    g = None if items is None else Grade(
        trainee=trainee, case="usine", exercise="probleme", rubric_version="1",
        graded_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), items=items)
    return SubmissionResult(trainee, "probleme", "usine", g, error=error)


@pytest.fixture
def cohort() -> list[SubmissionResult]:
    """« actions » is missed by everyone, « outils » by two, « liens » by nobody."""
    return [
        result("alice", [item("1-1", "outils", 2, "acquis"), item("1-1", "liens", 2, "acquis"),
                         item("1-2", "actions", 0, "non acquis")]),
        result("bruno", [item("1-1", "outils", 0, "non acquis", MISSED,
                              "Outils mal choisis. 2 éléments attendus non trouvés."),
                         item("1-1", "liens", 1, "à vérifier"),
                         item("1-2", "actions", 0.5, "non acquis")]),
        result("dora", [item("1-1", "outils", 0.5, "non acquis", MISSED, "Outils. " + REVEAL),
                        item("1-1", "liens", 2, "acquis"),
                        item("1-2", "actions", 0, "non acquis")]),
        result("chloé", error="réponses illisibles : ligne 3, champ « qqoqcp »"),
    ]




def check_accessible(page: Page) -> None:
    assert page.all("html")[0]["lang"] == "fr"
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading level skipped: h{before} → h{after}"
    skip = page.all("a")[0]["href"]
    assert skip == "#contenu" and any(a.get("id") == "contenu" for a in page.all("main"))
    assert len(page.all("caption")) == len(page.all("table")) > 0
    assert all(th.get("scope") in {"col", "row"} for th in page.all("th"))


def test_index(tmp_path: Path, cohort: list[SubmissionResult]) -> None:
    path = write_cohort_report(cohort, tmp_path, case_title="Usine Métallix")
    html = path.read_text(encoding="utf-8")
    page = Page(html)
    check_accessible(page)
    text = " ".join(page.text)
    for title in ("Vue d'ensemble", "Répartition des notes", "Statut par compétence",
                  "Ce que le groupe rate le plus", "Stagiaires", "Copies en erreur"):
        assert title in text
    images = page.all("img")
    assert len(images) == 2
    assert all(len(img["alt"] or "") > 40 for img in images)
    assert "moyenne" in (images[0]["alt"] or "")
    assert "1-2" in (images[1]["alt"] or "") and "non acquis" in (images[1]["alt"] or "")
    hrefs = {a.get("href") for a in page.all("a")}
    assert {"alice/probleme.html", "alice/feedback.html", "chlo%C3%A9/feedback.html"} <= hrefs
    assert "chlo%C3%A9/probleme.html" not in hrefs  # no graded notebook to link to
    assert "réponses illisibles : ligne 3, champ « qqoqcp »" in text
    assert "✖ non acquis" in text and "? à vérifier" in text
    assert "diagramme de Pareto des coûts (2)" in text  # the trainer sees what was expected
    ranking = [html.index(f"Libellé {i}") for i in ("actions", "outils", "liens")]
    assert ranking == sorted(ranking)


def test_item_ranking(cohort: list[SubmissionResult]) -> None:
    rows = item_ranking(cohort)
    assert [r["item"] for r in rows] == ["actions", "outils", "liens"]
    assert rows[0]["non_acquis"] == "100\u00a0%" and rows[2]["non_acquis"] == "0\u00a0%"
    assert (rows[1]["mean"], rows[1]["max"]) == ("0,8", "2")
    assert rows[2]["pending"] == 1


def test_index_without_any_grade(tmp_path: Path) -> None:
    html = write_cohort_report([result("eve", error="fichier vide")], tmp_path,
                               case_title="Usine").read_text(encoding="utf-8")
    check_accessible(Page(html))
    assert "Aucune copie corrigée" in html and "fichier vide" in html


def test_feedback_hides_the_answer_key(tmp_path: Path, cohort: list[SubmissionResult]) -> None:
    for trainee in ("bruno", "dora"):
        mine = [r for r in cohort if r.trainee == trainee]
        html = write_feedback(mine, tmp_path, reveal_key=False).read_text(encoding="utf-8")
        check_accessible(Page(html))
        for element in MISSED:
            assert element not in html
        assert "2 éléments attendus non trouvés." in html
        shown = write_feedback(mine, tmp_path, reveal_key=True).read_text(encoding="utf-8")
        assert REVEAL in shown


def test_trainee_feedback_text() -> None:
    plain = item("1-1", "outils", 0, "non acquis", MISSED, "Outils. " + REVEAL)
    assert trainee_feedback(plain, reveal_key=False) == (
        "Outils. 2 éléments attendus non trouvés.")
    assert trainee_feedback(plain, reveal_key=True) == plain.feedback
    none_missed = item("1-1", "liens", 2, "acquis")
    assert trainee_feedback(none_missed, reveal_key=True) == none_missed.feedback


def test_feedback_page_content(tmp_path: Path, cohort: list[SubmissionResult]) -> None:
    reviews = merge_overrides(cohort, [
        OverrideRow("bruno", "probleme", "liens", points=2, comment="Liens justifiés à l'oral"),
        OverrideRow("bruno", "probleme", "1-2", status="partiellement acquis",
                    comment="Plan d'actions présenté en séance")])
    paths = write_feedback_pages(cohort, tmp_path, reveal_key=False, reviews=reviews,
                                 exercise_titles={"probleme": "Résolution de problème qualité"})
    assert sorted(p.parent.name for p in paths) == ["alice", "bruno", "chloé", "dora"]
    page = Page((tmp_path / "bruno" / "feedback.html").read_text(encoding="utf-8"))
    check_accessible(page)
    text = " ".join(page.text)
    assert "Résolution de problème qualité" in text
    assert "Note : 8,33 / 20" in text and "provisoire" not in text
    assert "Analyser" in text  # short title of 1-1 from the référentiel
    assert "◐ partiellement acquis" in text  # the trainer's criterion status
    assert "Liens justifiés à l'oral" in text
    assert "1-2 : Plan d'actions présenté en séance" in text
    assert "Libellé actions" in text and "0,5 / 2" in text
    error_page = (tmp_path / "chloé" / "feedback.html").read_text(encoding="utf-8")
    assert "n'a pas pu être corrigée : réponses illisibles" in error_page


def test_pending_feedback_says_provisional(tmp_path: Path,
                                           cohort: list[SubmissionResult]) -> None:
    html = write_feedback(cohort[1], tmp_path, reveal_key=False).read_text(encoding="utf-8")
    assert "(provisoire)" in html and "1 item reste à vérifier" in html


def test_feedback_refuses_unsafe_or_mixed_input(tmp_path: Path,
                                                cohort: list[SubmissionResult]) -> None:
    with pytest.raises(BatchError, match="seul stagiaire"):
        write_feedback(cohort[:2], tmp_path, reveal_key=False)
    with pytest.raises(BatchError, match="identifiant de stagiaire invalide"):
        write_feedback(result("../évasion", error="x"), tmp_path, reveal_key=False)
    assert not (tmp_path.parent / "évasion").exists()
