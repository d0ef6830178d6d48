"""Tests of ``moodle.csv``, the export for Moodle's grade import (CSV file)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from casefactory import make_case
from qsecase.batch import orchestrate
from qsecase.batch.correct import correct
from qsecase.errors import InputError
from qsecase.grading.cohort import SubmissionResult
from qsecase.grading.grade import Grade, ItemGrade
from qsecase.grading.gradebook import wide_table
from qsecase.grading.moodle import exercise_header, moodle_csv, read_emails, write_moodle
from qsecase.grading.overrides import OverrideRow, merge_overrides

PROBLEME = "qsecase probleme — Résolution de problème qualité"
DUERP = "qsecase duerp-rps — Mise à jour du DUERP et risques psychosociaux"


def item(criterion: str, item_id: str, points: float, max_points: float, status: str) -> ItemGrade:
    return ItemGrade(criterion=criterion, item=item_id, label=f"Libellé {item_id}", points=points,
                     max_points=max_points, status=status, feedback=f"Retour sur {item_id}.")


def grade(trainee: str, exercise: str, items: list[ItemGrade]) -> Grade:
    return Grade(trainee=trainee, case="usine", exercise=exercise, rubric_version="1",
                 graded_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), items=items)


@pytest.fixture
def cohort() -> list[SubmissionResult]:
    """Alice did both exercises, Bruno has an item « à vérifier », Chloé's copy is malformed."""
    return [
        SubmissionResult("bruno", "probleme", "usine", grade("bruno", "probleme", [
            item("1-1", "outils", 0, 2, "non acquis"), item("1-2", "liens", 1, 2, "à vérifier")])),
        SubmissionResult("alice", "probleme", "usine", grade("alice", "probleme", [
            item("1-1", "outils", 2, 2, "acquis"), item("1-2", "liens", 1.5, 2, "acquis")])),
        SubmissionResult("alice", "duerp-rps", "usine", grade("alice", "duerp-rps", [
            item("2-5", "unites", 1, 3, "non acquis")])),
        SubmissionResult("chloé", "probleme", "usine",
                         error="réponses illisibles : probleme.yaml, ligne 4"),
    ]


def parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=","))


def test_csv_parses_back_with_header_and_dot_decimals(cohort: list[SubmissionResult]) -> None:
    text = moodle_csv(cohort)
    assert not text.startswith("\ufeff")
    rows = parse(text)
    assert rows[0] == ["Nom d'utilisateur", PROBLEME, DUERP]
    assert rows[1:] == [["alice", "17.5", "6.67"], ["bruno", "5", ""], ["chloé", "", ""]]
    assert all(len(row) == 3 for row in rows)


def test_marks_are_the_gradebook_marks(cohort: list[SubmissionResult]) -> None:
    header, rows = wide_table(cohort)
    at = header.index("note_20")
    gradebook = {(r[0], r[2]): r[at] for r in rows}
    moodle = parse(moodle_csv(cohort))
    for trainee, *marks in moodle[1:]:
        for exercise, mark in zip(("probleme", "duerp-rps"), marks, strict=True):
            expected = gradebook.get((trainee, exercise))
            assert mark == ("" if expected is None else f"{expected:g}")


def test_scale(cohort: list[SubmissionResult]) -> None:
    rows = parse(moodle_csv(cohort, scale_to=100))
    # scaled from the gradebook's mark /20 (6.67), never recomputed from the points
    assert rows[1] == ["alice", "87.5", "33.35"]
    with pytest.raises(ValueError):
        moodle_csv(cohort, scale_to=0)


def test_overrides_are_reflected(cohort: list[SubmissionResult]) -> None:
    merge_overrides(cohort, [OverrideRow("bruno", "probleme", "liens", points=2),
                             OverrideRow("alice", "probleme", "outils", points=0.5)])
    rows = {r[0]: r[1:] for r in parse(moodle_csv(cohort))[1:]}
    assert rows["bruno"] == ["10", ""]
    assert rows["alice"][0] == "10"


def test_header_names_the_exercise_with_its_title() -> None:
    assert exercise_header("duerp-rps") == DUERP
    assert exercise_header("inconnu") == "qsecase inconnu"


def test_email_identity(tmp_path: Path, cohort: list[SubmissionResult]) -> None:
    path = tmp_path / "emails.csv"
    path.write_text("\ufeffstagiaire;courriel\nalice;Alice.Martin@exemple.fr\n\nbruno;b@exemple.fr\n"
                    "chloé;chloe@exemple.fr\n", encoding="utf-8")
    emails = read_emails(path)
    assert emails == {"alice": "Alice.Martin@exemple.fr", "bruno": "b@exemple.fr",
                      "chloé": "chloe@exemple.fr"}
    rows = parse(moodle_csv(cohort, identity="email", emails=emails))
    assert rows[0][0] == "Adresse de courriel"
    # Moodle compares addresses case-sensitively: they are kept as written
    assert [r[0] for r in rows[1:]] == ["Alice.Martin@exemple.fr", "b@exemple.fr", "chloe@exemple.fr"]
    assert rows[1][1:] == ["17.5", "6.67"]


def test_misplaced_copies_and_unmarked_trainees_without_address(
        cohort: list[SubmissionResult]) -> None:
    cohort.append(SubmissionResult("bad name", "probleme", "usine", error="nom de dossier"))
    cohort.append(SubmissionResult("", "", "usine", error="fichier hors d'un dossier"))
    rows = parse(moodle_csv(cohort))
    assert rows[0] == ["Nom d'utilisateur", PROBLEME, DUERP]
    assert [r[0] for r in rows[1:]] == ["alice", "bruno", "chloé"]
    rows = parse(moodle_csv(cohort, identity="email",
                            emails={"alice": "a@exemple.fr", "bruno": "b@exemple.fr"}))
    assert [r[0] for r in rows[1:]] == ["a@exemple.fr", "b@exemple.fr"]  # Chloé has no mark


def test_emails_without_header_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "emails.csv"
    path.write_text("alice,alice@exemple.fr\r\n", encoding="utf-8")
    assert read_emails(path) == {"alice": "alice@exemple.fr"}
    assert read_emails(tmp_path / "absent.csv") is None


def test_a_trainee_without_address_is_an_error(cohort: list[SubmissionResult]) -> None:
    with pytest.raises(InputError) as exc:
        moodle_csv(cohort, identity="email", emails={"alice": "a@exemple.fr"})
    message = str(exc.value)
    assert "emails.csv : aucune adresse de courriel pour le stagiaire « bruno »" in message
    assert "chloé" not in message  # no mark to import


@pytest.mark.parametrize(("body", "line", "words"), [
    ("stagiaire,courriel\nalice,alice@exemple.fr\nbruno,pas-une-adresse\n", 3,
     "« pas-une-adresse » n'est pas une adresse de courriel"),
    ("stagiaire,courriel\nalice,alice@exemple.fr\n,b@exemple.fr\n", 3, "cellule vide"),
    ("alice,alice@exemple.fr\nalice,autre@exemple.fr\n", 2, "stagiaire « alice » en double (déjà "
     "ligne 1)"),
    ("alice,alice@exemple.fr\n\nbruno,ALICE@exemple.fr\n", 3, "adresse déjà donnée au stagiaire "
     "« alice »"),
    ("nom;prénom\nalice;a@exemple.fr\n", 1, "en-tête non reconnu"),
])
def test_bad_emails_row_names_file_and_line(tmp_path: Path, body: str, line: int,
                                            words: str) -> None:
    path = tmp_path / "emails.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_emails(path)
    message = str(exc.value)
    assert f"emails.csv, ligne {line}" in message
    assert words in message


def test_write_moodle_is_atomic_and_leaves_overrides_alone(tmp_path: Path,
                                                           cohort: list[SubmissionResult]) -> None:
    (tmp_path / "moodle.csv").write_text("ancien", encoding="utf-8")
    (tmp_path / "overrides.csv").write_text("trainee;exercise;item;points\n", encoding="utf-8")
    path = write_moodle(cohort, tmp_path)
    assert path == tmp_path / "moodle.csv"
    assert path.read_text(encoding="utf-8") == moodle_csv(cohort)
    assert (tmp_path / "overrides.csv").read_text(encoding="utf-8") == "trainee;exercise;item;points\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["moodle.csv", "overrides.csv"]
    with pytest.raises(InputError):  # a missing address: no outdated moodle.csv is left behind
        write_moodle(cohort, tmp_path, emails={})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["overrides.csv"]


def _fake_batch(monkeypatch: pytest.MonkeyPatch, results: list[SubmissionResult]) -> None:
    def grade_cohort(*args: object, **kwargs: object) -> orchestrate.BatchResults:
        return orchestrate.BatchResults(results)

    monkeypatch.setattr(orchestrate, "grade_cohort", grade_cohort)


def test_batch_writes_moodle_csv_beside_the_gradebook(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cohort: list[SubmissionResult]) -> None:
    _fake_batch(monkeypatch, cohort)
    case_dir, submissions, out = make_case(tmp_path / "cas"), tmp_path / "copies", tmp_path / "sortie"
    submissions.mkdir()
    out.mkdir()
    (out / "overrides.csv").write_text("trainee;exercise;item;points\nbruno;probleme;liens;2\n",
                                       encoding="utf-8")
    run = correct(case_dir, submissions, out, progress=False)
    assert out / "moodle.csv" in run.written and (out / "gradebook.csv").is_file()
    rows = parse((out / "moodle.csv").read_text(encoding="utf-8"))
    assert rows[0][0] == "Nom d'utilisateur" and sorted(rows[0][1:]) == [DUERP, PROBLEME]
    bruno = dict(zip(rows[0], rows[2], strict=True))
    assert bruno["Nom d'utilisateur"] == "bruno"
    assert (bruno[PROBLEME], bruno[DUERP]) == ("10", "")  # the override, as in gradebook.csv
    gradebook = (out / "gradebook.csv").read_text(encoding="utf-8-sig")
    assert "bruno;usine;probleme;10;" in gradebook
    assert (out / "overrides.csv").read_text(encoding="utf-8").endswith("bruno;probleme;liens;2\n")


def test_batch_uses_emails_csv_and_stops_on_a_bad_row(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cohort: list[SubmissionResult]) -> None:
    _fake_batch(monkeypatch, cohort)
    case_dir, submissions, out = make_case(tmp_path / "cas"), tmp_path / "copies", tmp_path / "sortie"
    submissions.mkdir()
    (submissions / "emails.csv").write_text(
        "stagiaire,courriel\nalice,a@exemple.fr\nbruno,b@exemple.fr\nchloé,c@exemple.fr\n",
        encoding="utf-8")
    correct(case_dir, submissions, out, progress=False)
    rows = parse((out / "moodle.csv").read_text(encoding="utf-8"))
    assert rows[0][0] == "Adresse de courriel"
    assert [r[0] for r in rows[1:]] == ["a@exemple.fr", "b@exemple.fr", "c@exemple.fr"]

    (submissions / "emails.csv").write_text("stagiaire,courriel\nalice,a@exemple\n",
                                            encoding="utf-8")
    with pytest.raises(InputError, match=r"emails\.csv, ligne 2, champ « courriel »"):
        correct(case_dir, submissions, tmp_path / "autre", progress=False)
    assert not (tmp_path / "autre" / "moodle.csv").exists()
