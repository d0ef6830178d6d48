"""End to end, as a trainer runs it: the ``qsecase`` command on the bundled demo cohort."""

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.notebook


def qsecase(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "qsecase", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def gradebook(out: Path, exercise: str = "probleme") -> dict[str, dict[str, str]]:
    """The gradebook rows of one exercise, by trainee."""
    with (out / "gradebook.csv").open(encoding="utf-8-sig") as handle:
        return {row["trainee"]: row for row in csv.DictReader(handle, delimiter=";")
                if row["exercise"] == exercise}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("demo")
    case = work / "mecaprec"
    shutil.copytree(ROOT / "cases" / "mecaprec", case)
    subs = work / "copies"
    shutil.copytree(ROOT / "demo" / "submissions", subs)
    before = (tree_digest(subs), tree_digest(case))
    out = work / "sortie"
    first = qsecase("grade", str(case), str(subs), "-o", str(out), "-j", "2", cwd=work)
    after = (tree_digest(subs), tree_digest(case))
    return work, case, subs, out, (before, after), first


def test_grade_writes_every_output_and_reports_the_bad_copy(demo_run):
    out, run = demo_run[3], demo_run[5]
    assert run.returncode == 1, run.stderr  # one malformed copy: not everything went well
    for trainee in ("alice.martin", "bruno.lefebvre", "chloe.dubois", "david.nguyen"):
        for suffix in (".ipynb", ".html", ".grade.json"):
            assert (out / trainee / f"probleme{suffix}").is_file()
        assert (out / trainee / "feedback.html").is_file()
    for name in ("gradebook.csv", "grades_long.csv", "gradebook.xlsx", "index.html",
                 "overrides.csv"):
        assert (out / name).is_file()
    book = gradebook(out)
    marks = [float(book[t]["note_20"]) for t in
             ("alice.martin", "bruno.lefebvre", "chloe.dubois", "david.nguyen")]
    assert marks == sorted(marks, reverse=True) and len(set(marks)) == 4
    assert book["emma.petit"]["note_20"] == ""
    assert "ligne 14" in book["emma.petit"]["error"]
    assert not (out / "emma.petit" / "probleme.ipynb").exists()  # never executed
    assert "Copies non corrigées" in run.stdout and "emma.petit" in run.stdout


def test_grading_never_writes_into_submissions_or_case(demo_run):
    before, after = demo_run[4]
    assert after == before


def test_grade_json_is_the_graded_notebooks_own(demo_run):
    out = demo_run[3]
    grade = json.loads((out / "alice.martin" / "probleme.grade.json").read_text(encoding="utf-8"))
    assert grade["trainee"] == "alice.martin" and grade["exercise"] == "probleme"
    assert {i["criterion"] for i in grade["items"]} == {"1-1", "1-2"}
    notebook = (out / "alice.martin" / "probleme.ipynb").read_text(encoding="utf-8")
    assert '"mode": "correction"' in notebook or "mode = \\\"correction\\\"" in notebook


def test_rerun_skips_unchanged_regrades_changed_and_merges_overrides(demo_run):
    work, case, subs, out = demo_run[:4]
    overrides = out / "overrides.csv"
    overrides.write_text(
        "trainee;exercise;item;points;status;comment\n"
        "bruno.lefebvre;probleme;liens;0;;Chaîne 2 : lien non démontré\n"
        "alice.martin;probleme;1-2;;partiellement acquis;Adaptation à revoir\n",
        encoding="utf-8")
    stamp = overrides.stat().st_mtime_ns
    bruno_before = float(gradebook(out)["bruno.lefebvre"]["note_20"])
    again = qsecase("grade", str(case), str(subs), "-o", str(out), "-j", "2", "-q", cwd=work)
    assert again.returncode == 1
    assert "22 inchangées" in again.stdout  # 4 probleme, 3 risques-qualite, 5 amelioration, 5 environnement,
    # 5 acv-rse
    book = gradebook(out)
    assert float(book["bruno.lefebvre"]["note_20"]) == bruno_before - 0.5
    assert book["alice.martin"]["1-2"] == "partiellement acquis"
    assert overrides.stat().st_mtime_ns == stamp
    feedback = (out / "bruno.lefebvre" / "feedback.html").read_text(encoding="utf-8")
    assert "lien non démontré" in feedback

    # a copy changed since the last run is graded again, the others are not
    answers = subs / "david.nguyen" / "probleme.yaml"
    answers.write_text(answers.read_text(encoding="utf-8").replace(
        "outils:", "outils:\n  - pareto", 1), encoding="utf-8")
    run = qsecase("grade", str(case), str(subs), "-o", str(out), "-q", cwd=work)
    assert "21 inchangées" in run.stdout


def test_check_case_and_cli_errors_are_french_one_liners(tmp_path):
    ok = qsecase("check-case", str(ROOT / "cases" / "mecaprec"), cwd=tmp_path)
    assert ok.returncode == 0 and "cas valide" in ok.stdout
    bad = qsecase("grade", str(tmp_path / "absent"), str(tmp_path), "-o", str(tmp_path / "o"),
                  cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.startswith("qsecase : ") and "Traceback" not in bad.stderr
    helptext = qsecase("--help", cwd=tmp_path).stdout
    for command in ("demo", "grade", "check-case", "new-case", "lab", "list"):
        assert command in helptext


def test_new_case_lists_what_to_complete_and_never_overwrites(tmp_path):
    made = qsecase("new-case", str(tmp_path / "nouveau"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    check = qsecase("check-case", str(tmp_path / "nouveau"), cwd=tmp_path)
    assert check.returncode == 2 and "Traceback" not in check.stderr
    problems = [line for line in check.stderr.splitlines() if line.startswith("✖ ")]
    assert problems and all("à compléter" in line or "à remplacer" in line for line in problems)
    again = qsecase("new-case", str(tmp_path / "nouveau"), cwd=tmp_path)
    assert again.returncode == 2 and "n'est pas vide" in again.stderr


def test_papermill_cli_as_a_trainer_runs_it(tmp_path):
    out = tmp_path / "alice"
    out.mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "papermill", str(ROOT / "notebooks" / "01_probleme.ipynb"),
         str(out / "probleme.ipynb"), "-k", "python3",
         "-p", "case_dir", str(ROOT / "cases" / "mecaprec"),
         "-p", "answers_path", str(ROOT / "demo" / "submissions" / "bruno.lefebvre" / "probleme.yaml"),
         "-p", "key_path", str(ROOT / "cases" / "mecaprec" / "key" / "probleme.yaml"),
         "-p", "output_dir", str(out), "-p", "mode", "correction"],
        capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    grade = json.loads((out / "probleme.grade.json").read_text(encoding="utf-8"))
    assert grade["trainee"] == "bruno.lefebvre" and 5 < grade["note_20"] < 17


def test_lab_workspace_copies_notebooks_once(tmp_path):
    from qsecase.scaffold import prepare_workspace

    folder = prepare_workspace(tmp_path / "cahier")
    notebook = folder / "01_probleme.ipynb"
    assert notebook.is_file()
    notebook.write_text("{}", encoding="utf-8")  # the trainee's own copy is never replaced
    prepare_workspace(folder)
    assert notebook.read_text(encoding="utf-8") == "{}"
