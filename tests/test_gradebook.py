"""Tests of the gradebook: CSV files, the Excel workbook and the terminal summary."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from qsecase.grading.cohort import SubmissionResult
from qsecase.grading.grade import SYMBOLS, Grade, ItemGrade
from qsecase.grading.gradebook import (
    LONG_COLUMNS,
    status_text,
    summary_table,
    tint,
    write_gradebook,
)
from qsecase.grading.overrides import OverrideRow, merge_overrides
from qsecase.views.palette import BLACK, STATUS_STYLE, contrast_ratio

LONG_ERROR = "réponses illisibles : " + "ligne 12, champ « qqoqcp.qui » manquant " * 4


def item(criterion: str, item_id: str, points: float, max_points: float, status: str,
         missed: tuple[str, ...] = ()) -> ItemGrade:
    return ItemGrade(criterion=criterion, item=item_id, label=f"Libellé {item_id}",
                     points=points, max_points=max_points, status=status,
                     feedback=f"Retour sur {item_id}.", missed=list(missed))


def grade(trainee: str, exercise: str, items: list[ItemGrade]) -> Grade:
    return Grade(trainee=trainee, case="usine", exercise=exercise, rubric_version="1",
                 graded_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), items=items)


@pytest.fixture
def cohort() -> list[SubmissionResult]:
    """Bruno has a pending item, Chloé's file is broken; two exercises for Alice."""
    return [
        SubmissionResult("bruno", "probleme", "usine", grade("bruno", "probleme", [
            item("1-1", "outils", 0, 2, "non acquis", ("Pareto", "5 Pourquoi")),
            item("1-2", "liens", 1, 2, "à vérifier")])),
        SubmissionResult("alice", "probleme", "usine", grade("alice", "probleme", [
            item("1-1", "outils", 2, 2, "acquis"), item("1-2", "liens", 1.5, 2, "acquis")])),
        SubmissionResult("alice", "audit", "usine", grade("alice", "audit", [
            item("4-4", "plan", 1, 2, "partiellement acquis")])),
        SubmissionResult("chloé", "probleme", "usine", error=LONG_ERROR),
    ]


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM expected for French Excel"
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8")), delimiter=";"))


def test_gradebook_csv(tmp_path: Path, cohort: list[SubmissionResult]) -> None:
    write_gradebook(cohort, tmp_path)
    first_line = (tmp_path / "gradebook.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert first_line == "trainee;case;exercise;note_20;1-1;1-2;4-4;a_verifier;error"
    rows = read_csv(tmp_path / "gradebook.csv")
    assert [(r["trainee"], r["exercise"]) for r in rows] == [
        ("alice", "probleme"), ("alice", "audit"), ("bruno", "probleme"), ("chloé", "probleme")]
    alice, audit, bruno, chloe = rows
    assert (alice["note_20"], alice["1-1"], alice["1-2"], alice["4-4"]) == (
        "17.5", "acquis", "acquis", "")
    assert (audit["note_20"], audit["4-4"], audit["1-1"]) == ("10", "partiellement acquis", "")
    assert (bruno["note_20"], bruno["1-2"], bruno["a_verifier"]) == ("5", "partiellement acquis", "1")
    assert chloe["error"] == LONG_ERROR
    assert chloe["note_20"] == chloe["1-1"] == chloe["a_verifier"] == ""


def test_long_csv_shows_expected_elements(tmp_path: Path, cohort: list[SubmissionResult]) -> None:
    merge_overrides(cohort, [OverrideRow("bruno", "probleme", "liens", points=2,
                                         comment="Liens vus à l'oral")])
    write_gradebook(cohort, tmp_path)
    rows = read_csv(tmp_path / "grades_long.csv")
    assert tuple(rows[0]) == LONG_COLUMNS
    assert len(rows) == 5  # Chloé's error has no item
    outils = next(r for r in rows if r["trainee"] == "bruno" and r["item"] == "outils")
    assert outils["expected_missed"] == "Pareto ; 5 Pourquoi"
    assert (outils["points"], outils["max_points"], outils["status"]) == ("0", "2", "non acquis")
    liens = next(r for r in rows if r["trainee"] == "bruno" and r["item"] == "liens")
    assert (liens["status"], liens["source"], liens["comment"]) == (
        "acquis", "formateur", "Liens vus à l'oral")


def test_criterion_override_reaches_the_gradebook(tmp_path: Path,
                                                  cohort: list[SubmissionResult]) -> None:
    reviews = merge_overrides(cohort, [OverrideRow("bruno", "probleme", "1-1",
                                                   status="partiellement acquis")])
    write_gradebook(cohort, tmp_path, reviews=reviews)
    bruno = next(r for r in read_csv(tmp_path / "gradebook.csv") if r["trainee"] == "bruno")
    assert bruno["1-1"] == "partiellement acquis"


def test_workbook(tmp_path: Path, cohort: list[SubmissionResult]) -> None:
    write_gradebook(cohort, tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "gradebook.xlsx")
    assert wb.sheetnames == ["Synthèse", "probleme", "audit", "Critères", "Lisez-moi"]
    synth = wb["Synthèse"]
    assert [c.value for c in synth[1]] == ["Stagiaire", "Cas", "Exercice", "Note /20", "1-1",
                                           "1-2", "4-4", "À vérifier", "Erreur"]
    assert synth.freeze_panes == "B2"
    assert synth.auto_filter.ref == "A1:I5"
    assert synth["D2"].value == 17.5 and synth["D2"].number_format == "0.0"
    assert synth["E2"].value == "✔ acquis"
    assert synth["F4"].value == "◐ partiellement acquis"
    assert synth["D5"].value is None and synth["I5"].value == LONG_ERROR
    assert synth.column_dimensions["A"].width >= 10
    sheet = wb["probleme"]
    assert [c.value for c in sheet[1]][:4] == ["Stagiaire", "Note /20",
                                               "Libellé outils (outils, /2)",
                                               "Libellé liens (liens, /2)"]
    assert [c.value for c in sheet[2]][:4] == ["alice", 17.5, 2, 1.5]


def test_criteria_sheet_never_relies_on_colour(tmp_path: Path,
                                               cohort: list[SubmissionResult]) -> None:
    write_gradebook(cohort, tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "gradebook.xlsx")
    crit = wb["Critères"]
    header = [c.value for c in crit[1]]
    assert header[0] == "Stagiaire" and header[1].startswith("1-1 ")
    assert len(header[1]) > 5  # short title of the référentiel
    values = {row[0]: row[1:] for row in crit.iter_rows(min_row=2, values_only=True)}
    assert values["alice"] == ("✔ acquis", "✔ acquis", "◐ partiellement acquis")
    assert values["bruno"] == ("✖ non acquis", "◐ partiellement acquis", None)
    words = {f"{SYMBOLS[s]} {s}" for s in SYMBOLS}
    assert {v for row in values.values() for v in row if v} <= words
    rules = [r for cf in crit.conditional_formatting for r in cf.rules]
    assert len(rules) == 4
    for rule in rules:
        fill = "#" + rule.dxf.fill.bgColor.rgb[-6:]
        assert contrast_ratio(BLACK, fill) >= 4.5
        assert rule.dxf.font.color.rgb.endswith("000000")
    readme = " ".join(str(c.value) for c in wb["Lisez-moi"]["A"] if c.value)
    for status in SYMBOLS:
        assert status_text(status) in readme
    assert "overrides.csv" in readme


def test_status_tints_contrast() -> None:
    for style in STATUS_STYLE.values():
        assert contrast_ratio(BLACK, tint(style.colour)) >= 4.5


def test_written_atomically(tmp_path: Path, cohort: list[SubmissionResult]) -> None:
    (tmp_path / "gradebook.csv").write_text("ancien", encoding="utf-8")
    paths = write_gradebook(cohort, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)
    assert "ancien" not in (tmp_path / "gradebook.csv").read_text(encoding="utf-8-sig")


def test_summary_table(cohort: list[SubmissionResult]) -> None:
    text = summary_table(cohort)
    lines = text.splitlines()
    assert lines[0].split() == ["Stagiaire", "Exercice", "Note", "/20", "Critères", "État"]
    alice = next(line for line in lines if line.startswith("alice") and "probleme" in line)
    assert "17,5" in alice and "1-1 ✔" in alice and "1-2 ✔" in alice
    bruno = next(line for line in lines if line.startswith("bruno"))
    assert "provisoire (1 à vérifier)" in bruno and "1-1 ✖" in bruno and "1-2 ◐" in bruno
    chloe = next(line for line in lines if line.startswith("chloé"))
    assert " — " in chloe and "erreur (voir ci-dessous)" in chloe
    assert any(line.startswith("Légende : ✔ acquis") for line in lines)
    # every error is then given in full, so the trainer sees the file, the line and the fix
    assert lines[-1] == "  ✖ chloé : " + " ".join(LONG_ERROR.split())
