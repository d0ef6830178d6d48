"""The trainer's review: grades read with their evidence, corrections appended to overrides.csv
(never rewritten), merged by the next correction run."""

from __future__ import annotations

import csv
import multiprocessing
from pathlib import Path

import pytest

from qsecase.cli import main
from qsecase.errors import OverridesError
from qsecase.grading.overrides import OverrideRow, read_overrides, record_override
from qsecase.grading.review import load_grades, review_lines
from qsecase.resources import cases_dir, demo_dir

CASE = cases_dir() / "logisud"


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("revue") / "sortie"
    main(["grade", str(CASE), str(demo_dir() / "submissions"), "-o", str(out), "--no-notebooks"])
    return out


@pytest.fixture
def out(graded: Path, tmp_path: Path) -> Path:
    """A private copy of the graded output (each test records its own corrections)."""
    import shutil

    copy = tmp_path / "sortie"
    shutil.copytree(graded, copy)
    return copy


def _grade(out: Path, trainee: str = "bruno.lefebvre", exercise: str = "duerp-rps"):
    return load_grades(out)[(trainee, exercise)]


def test_every_valid_grade_is_loaded_and_a_broken_one_skipped(out: Path) -> None:
    (out / "bruno.lefebvre" / "sst-accident.grade.json").write_text("{", encoding="utf-8")
    grades = load_grades(out)
    assert ("alice.martin", "duerp-rps") in grades
    assert ("bruno.lefebvre", "sst-accident") not in grades


def test_review_lines_show_each_item_with_its_evidence(out: Path) -> None:
    grade = _grade(out)
    final, lines = review_lines(grade, out / "overrides.csv")
    assert [ln.item for ln in lines] == [i.item for i in grade.items]
    assert all(ln.symbol in "✔◐✖?" and ln.source == "auto" for ln in lines)
    assert any(ln.evidence_found or ln.evidence_missed or ln.notes for ln in lines)
    assert final.note_20 == grade.note_20


def test_a_recorded_correction_is_appended_and_applied(out: Path) -> None:
    path = out / "overrides.csv"
    before = path.read_bytes()
    grade = _grade(out)
    item = grade.items[0]
    line = record_override(path, OverrideRow(grade.trainee, grade.exercise, item.item,
                                             item.max_points, None, "vu en entretien"), grade)
    assert line == 2
    assert path.read_bytes().startswith(before)  # nothing written before is rewritten
    rows = read_overrides(path)
    assert rows[0].points == item.max_points and rows[0].comment == "vu en entretien"
    final, lines = review_lines(grade, path)
    assert lines[0].source == "formateur" and lines[0].points == item.max_points
    assert final.note_20 >= grade.note_20


def test_a_second_correction_of_the_same_item_is_refused(out: Path) -> None:
    path, grade = out / "overrides.csv", _grade(out)
    row = OverrideRow(grade.trainee, grade.exercise, grade.items[0].item, 0.0, None, "")
    record_override(path, row, grade)
    size = path.stat().st_size
    with pytest.raises(OverridesError, match="existe déjà"):
        record_override(path, row, grade)
    assert path.stat().st_size == size


def test_points_above_the_maximum_or_an_unknown_item_are_refused(out: Path) -> None:
    path, grade = out / "overrides.csv", _grade(out)
    item = grade.items[0]
    with pytest.raises(OverridesError, match="noté sur"):
        record_override(path, OverrideRow(grade.trainee, grade.exercise, item.item,
                                          item.max_points + 1, None, ""), grade)
    with pytest.raises(OverridesError, match="item inconnu"):
        record_override(path, OverrideRow(grade.trainee, grade.exercise, "nimporte", 1.0, None,
                                          ""), grade)
    assert read_overrides(path) == []


def test_a_file_ending_without_newline_keeps_its_last_line(out: Path) -> None:
    path, grade = out / "overrides.csv", _grade(out)
    other = grade.items[1]
    path.write_bytes(path.read_bytes() + f"bruno.lefebvre;duerp-rps;{other.item};0;;à voir".encode())
    record_override(path, OverrideRow(grade.trainee, grade.exercise, grade.items[0].item, None,
                                      "acquis", ""), grade)
    assert [r.item for r in read_overrides(path)] == [other.item, grade.items[0].item]


def _record(args: tuple[str, str, int]) -> int:
    out, trainee, n = args
    grade = load_grades(Path(out))[(trainee, "duerp-rps")]
    return record_override(Path(out) / "overrides.csv",
                           OverrideRow(trainee, "duerp-rps", grade.items[n].item, 0.0, None,
                                       f"revue {trainee}"), grade)


def test_two_reviewers_saving_at_once_do_not_mix_their_lines(out: Path) -> None:
    trainees = sorted({t for t, e in load_grades(out) if e == "duerp-rps"})[:4]
    jobs = [(str(out), t, n) for t in trainees for n in range(3)]
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        lines = pool.map(_record, jobs)
    assert sorted(lines) == list(range(2, 2 + len(jobs)))
    rows = read_overrides(out / "overrides.csv")
    assert len(rows) == len(jobs) and all(r.comment == f"revue {r.trainee}" for r in rows)


def test_the_next_correction_run_merges_the_recorded_line(out: Path) -> None:
    grade = _grade(out)
    item = next(i for i in grade.items if i.points < i.max_points)
    record_override(out / "overrides.csv", OverrideRow(grade.trainee, grade.exercise, item.item,
                                                       item.max_points, None, "revu"), grade)
    main(["grade", str(CASE), str(demo_dir() / "submissions"), "-o", str(out), "--no-notebooks"])
    with open(out / "grades_long.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    head = rows[0]
    wanted = [r for r in rows[1:] if r[head.index("trainee") if "trainee" in head else 0]
              == grade.trainee and item.item in r]
    assert wanted, "la ligne de l'item corrigé manque au carnet long"
    assert any("formateur" in r for r in wanted)


def test_the_review_notebook_runs_on_a_graded_folder(out: Path, tmp_path: Path) -> None:
    import papermill

    from qsecase.resources import notebooks_dir

    papermill.execute_notebook(str(notebooks_dir() / "revue_formateur.ipynb"),
                               str(tmp_path / "revue.ipynb"), parameters={"output_dir": str(out)},
                               kernel_name="python3", progress_bar=False)
    text = (tmp_path / "revue.ipynb").read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-view+json" in text  # the board was displayed


def test_the_board_records_a_correction_from_its_form(out: Path) -> None:
    from qsecase.widgets.review import ReviewBoard

    board = ReviewBoard(out)
    board.trainee.value = "bruno.lefebvre"
    board.exercise.value = "duerp-rps"
    assert "Critère" in board.table.value and "/ 20" in board.table.value
    board.item.value = board.item.options[0]
    board.points.value = "abc"
    board.record()
    assert "écrivez un nombre" in board.message.value
    board.points.value = "0,5"
    board.comment.value = "barème du jury"
    board.record()
    assert "✔ correction enregistrée ligne 2" in board.message.value
    assert read_overrides(out / "overrides.csv")[0].points == 0.5
    assert "formateur" in board.table.value
