"""Tests of the trainer's overrides: reading overrides.csv, applying and merging, the template."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from qsecase.errors import OverridesError
from qsecase.grading.cohort import SubmissionResult
from qsecase.grading.grade import Grade, ItemGrade
from qsecase.grading.gradebook import write_gradebook
from qsecase.grading.overrides import (
    COLUMNS,
    OverrideRow,
    apply_overrides,
    ensure_template,
    merge_overrides,
    read_overrides,
    reviewed,
)
from qsecase.grading.report import write_cohort_report
from qsecase.grading.rubric import Outcome, load_rubric, score_item

HEADER = ";".join(COLUMNS)


def item(criterion: str, item_id: str, points: float, max_points: float, status: str,
         **extra: object) -> ItemGrade:
    return ItemGrade(criterion=criterion, item=item_id, label=f"Item {item_id}", points=points,
                     max_points=max_points, status=status, feedback=f"Retour {item_id}.",
                     **extra)


def grade(trainee: str = "alice", exercise: str = "exo", items: list[ItemGrade] | None = None
          ) -> Grade:
    return Grade(trainee=trainee, case="usine", exercise=exercise, rubric_version="1",
                 graded_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC),
                 items=items or [item("1-1", "outils", 2, 2, "acquis"),
                                 item("1-1", "liens", 1, 2, "à vérifier"),
                                 item("1-2", "actions", 0.5, 2, "non acquis")])


def write(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


# ------------------------------------------------------------------------ reading


def test_read_semicolon_bom_decimal_comma(tmp_path: Path) -> None:
    path = write(tmp_path / "overrides.csv",
                 f"{HEADER}\nalice;exo;liens;1,5;;Bon lien établi entre causes et faits\n"
                 "alice;exo;1-2;;Acquis;Vu à l'oral\n", bom=True)
    rows = read_overrides(path)
    assert [(r.item, r.points, r.status, r.line) for r in rows] == [
        ("liens", 1.5, None, 2), ("1-2", None, "acquis", 3)]
    assert rows[0].comment == "Bon lien établi entre causes et faits"
    assert rows[1].is_criterion and not rows[0].is_criterion


def test_read_comma_separator_and_french_headers(tmp_path: Path) -> None:
    path = write(tmp_path / "o.csv", "stagiaire,exercice,item,points,statut,commentaire\n"
                                     'bruno,exo,outils,"0,5",a verifier,"à revoir, oui"\n')
    (row,) = read_overrides(path)
    assert (row.trainee, row.points, row.status, row.comment) == (
        "bruno", 0.5, "à vérifier", "à revoir, oui")


def test_missing_or_header_only_file_means_no_override(tmp_path: Path) -> None:
    assert read_overrides(tmp_path / "absent.csv") == []
    assert read_overrides(write(tmp_path / "o.csv", HEADER + "\n")) == []


def test_bad_rows_are_located(tmp_path: Path) -> None:
    path = write(tmp_path / "overrides.csv", "\n".join([
        HEADER,
        "alice;exo;liens;1;presque;",        # line 2: unknown status
        "alice;exo;outils;deux;;",           # line 3: not a number
        ";exo;outils;1;;",                   # line 4: empty trainee
        "alice;exo;1-1;2;;",                 # line 5: points on a criterion
        "alice;exo;actions;-1;;",            # line 6: negative points
        "alice;exo;actions;;;",              # line 7: nothing to apply
    ]) + "\n")
    with pytest.raises(OverridesError) as info:
        read_overrides(path)
    found = {(p.line, p.field) for p in info.value.problems}
    assert found == {(2, "status"), (3, "points"), (4, "trainee"), (5, "points"),
                     (6, "points"), (7, "status")}
    text = str(info.value)
    assert "overrides.csv, ligne 2, champ « status » : statut inconnu « presque »" in text
    assert "« à vérifier »" in text  # the fix lists the statuses


def test_duplicate_row_and_missing_column(tmp_path: Path) -> None:
    path = write(tmp_path / "o.csv", f"{HEADER}\nalice;exo;liens;1;;\nalice;exo;liens;2;;\n")
    with pytest.raises(OverridesError, match=r"ligne 3.*en double \(déjà ligne 2\)"):
        read_overrides(path)
    with pytest.raises(OverridesError, match="colonne « item » absente"):
        read_overrides(write(tmp_path / "p.csv", "trainee;exercise;points\nalice;exo;1\n"))


@pytest.mark.parametrize("content", [b"PK\x03\x04rest", b"abc\x00\x00def",
                                     HEADER.encode() + "\nalice;exo;liens;1;;é\n".encode("cp1252")])
def test_unreadable_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "o.csv"
    path.write_bytes(content)
    with pytest.raises(OverridesError, match="CSV"):
        read_overrides(path)


# ------------------------------------------------------------------------ applying


def test_item_points_only_settle_the_status() -> None:
    row = OverrideRow("alice", "exo", "liens", points=2, comment="Liens justifiés", line=2)
    done = apply_overrides(grade(), [row])
    liens = next(i for i in done.grade.items if i.item == "liens")
    assert (liens.points, liens.status, liens.source, liens.comment) == (
        2, "acquis", "formateur", "Liens justifiés")
    assert done.grade.pending == 0
    assert done.grade.note_20 == pytest.approx(20 * 4.5 / 6, abs=0.01)
    assert done.comments == ["Item liens : Liens justifiés"]
    assert grade().pending == 1  # the input grade is not modified


def test_item_status_only_keeps_points() -> None:
    done = apply_overrides(grade(), [OverrideRow("alice", "exo", "actions", status="acquis")])
    actions = next(i for i in done.grade.items if i.item == "actions")
    assert (actions.points, actions.status, actions.source) == (0.5, "acquis", "formateur")


def test_criterion_status_and_rows_of_others_ignored() -> None:
    rows = [OverrideRow("alice", "exo", "1-2", status="partiellement acquis", comment="À l'oral"),
            OverrideRow("bruno", "exo", "liens", points=0)]
    done = apply_overrides(grade(), rows)
    assert done.criteria == {"1-1": "acquis", "1-2": "partiellement acquis"}
    assert done.grade.criteria["1-2"] == "non acquis"  # grade.py computes from points
    assert done.comments == ["1-2 : À l'oral"]
    assert done.grade.items == grade().items


def test_reviewed_keeps_point_status_of_pending_criteria() -> None:
    # pending items count with their proposed points; the pendency is shown apart (a_verifier)
    assert reviewed(grade()) == {"1-1": "acquis", "1-2": "non acquis"}
    assert reviewed(grade(), {"1-1": "acquis"})["1-1"] == "acquis"


def test_unknown_item_and_points_above_max() -> None:
    rows = [OverrideRow("alice", "exo", "lien", points=1, file="overrides.csv", line=4),
            OverrideRow("alice", "exo", "outils", points=3, file="overrides.csv", line=5),
            OverrideRow("alice", "exo", "2-1", status="acquis", file="overrides.csv", line=6)]
    with pytest.raises(OverridesError) as info:
        apply_overrides(grade(), rows)
    messages = [str(p) for p in info.value.problems]
    assert messages[0].startswith("overrides.csv, ligne 4, champ « item » : item inconnu « lien »")
    assert "liens" in messages[0]  # the fix lists the known items
    assert "ligne 5" in messages[1]
    assert "alice / exo / outils : 3 points pour un item noté sur 2" in messages[1]
    assert "entre 0 et 2" in messages[1]
    assert "le critère 2-1 n'est pas évalué" in messages[2]


def test_status_override_rewrites_the_rubric_feedback() -> None:
    rubric_item = load_rubric("probleme").item("liens")
    proposed = score_item(rubric_item, Outcome(0.5))
    assert proposed.status == "à vérifier"
    g = grade(exercise="probleme", items=[proposed])
    done = apply_overrides(g, [OverrideRow("alice", "probleme", "liens", status="acquis")])
    feedback = done.grade.items[0].feedback
    assert feedback.startswith(rubric_item.feedback.acquis)
    assert rubric_item.feedback.a_verifier not in feedback


def test_merge_in_place_and_report_typos() -> None:
    results = [SubmissionResult("alice", "exo", "usine", grade()),
               SubmissionResult("chloe", "exo", "usine", error="fichier illisible")]
    reviews = merge_overrides(results, [OverrideRow("alice", "exo", "liens", points=0),
                                        OverrideRow("chloe", "exo", "liens", points=1)])
    assert results[0].grade is not None and results[0].grade.pending == 0
    assert reviews[("alice", "exo")].criteria["1-1"] == "partiellement acquis"
    assert ("chloe", "exo") not in reviews
    with pytest.raises(OverridesError, match="aucune copie « exo » du stagiaire « alicia »"):
        merge_overrides(results, [OverrideRow("alicia", "exo", "liens", points=0, line=2)])


# ------------------------------------------------------------------------ template


def test_template_created_once_and_never_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "OUT" / "overrides.csv"
    assert ensure_template(path) is True
    assert path.read_bytes() == ("\ufeff" + HEADER + "\r\n").encode()
    assert read_overrides(path) == []
    content = f"{HEADER}\r\nalice;exo;liens;2;;Très bien\r\n".encode()
    path.write_bytes(content)
    old = time.time() - 3600
    os.utime(path, (old, old))
    mtime = path.stat().st_mtime_ns
    results = [SubmissionResult("alice", "exo", "usine", grade())]
    # a whole run: template, read, merge, gradebook and report in the same folder
    assert ensure_template(path) is False
    reviews = merge_overrides(results, read_overrides(path))
    write_gradebook(results, path.parent, reviews=reviews)
    write_cohort_report(results, path.parent, case_title="Usine", reviews=reviews)
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "gradebook.csv", "gradebook.xlsx", "grades_long.csv", "index.html", "overrides.csv"]
