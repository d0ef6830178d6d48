"""The trainee's workspace (``qsecase lab``): its welcome notebook and what preparing it keeps."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from qsecase import cli
from qsecase.errors import QsecaseError
from qsecase.exercises.registry import exercises
from qsecase.landing import ANSWERS_DIR, LANDING, accueil, bundled_cases, landing_markdown
from qsecase.resources import cases_dir, notebooks_dir
from qsecase.scaffold import prepare_workspace
from qsecase.session import _default_case

LINK = re.compile(r"\[((?:[^\]\\]|\\.)+)\]\(([^)\s]+)\)")


def _links(markdown: str) -> dict[str, str]:
    """Link text (unescaped) → target."""
    return {re.sub(r"\\(.)", r"\1", text): target for text, target in LINK.findall(markdown)}


def _section(markdown: str, title: str) -> str:
    return markdown.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def test_landing_links_every_registered_exercise_whose_notebook_is_there(tmp_path):
    folder = prepare_workspace(tmp_path / "cahier")
    markdown = landing_markdown(folder)
    links = _links(_section(markdown, "Les exercices"))
    present = [ex for ex in exercises() if (notebooks_dir() / ex.notebook).is_file()]
    assert present, "aucun carnet d'exercice fourni"
    for ex in present:
        assert links.get(ex.title) == ex.notebook
    for target in links.values():
        assert (folder / target).is_file(), f"lien cassé : {target}"
    # an exercise whose notebook is not in the workspace is not offered
    (folder / present[0].notebook).unlink()
    assert present[0].title not in _links(landing_markdown(folder))


def test_landing_lists_each_bundled_case_with_its_exercises_and_the_default_case(tmp_path):
    folder = prepare_workspace(tmp_path / "cahier")
    markdown = landing_markdown(folder)
    cases = bundled_cases()
    assert len(cases) >= 3
    table = _section(markdown, "Les cas fournis")
    for case in cases:
        row = next(line for line in table.splitlines() if line.startswith(f"| **{case.id}**"))
        assert case.organisation in row
        for ex in case.exercises:
            assert ex in row
    by_id = {ex.id: ex for ex in exercises()}
    rows = _section(markdown, "Les exercices").splitlines()
    for ex_id, ex in by_id.items():
        if not (folder / ex.notebook).is_file() or not any(ex_id in c.exercises for c in cases):
            continue
        row = next(line for line in rows if f"]({ex.notebook})" in line)
        default = _default_case(cases_dir(), ex_id).name  # what the notebook opens
        assert f"**{default}**" in row
    assert "autoformation" in _section(markdown, "Deux façons de travailler").lower()
    assert f"`{ANSWERS_DIR}/<exercice>.yaml`" in markdown


def test_landing_table_survives_odd_titles_and_skips_a_broken_case(tmp_path):
    cases = tmp_path / "cas"
    (cases / "bon").mkdir(parents=True)
    (cases / "bon" / "case.yaml").write_text(yaml.safe_dump({
        "titre": "Usine A | B *spéciale*", "exercices": ["probleme"],
        "organisation": {"nom": "Org [1]", "secteur": "Chimie"}}), encoding="utf-8")
    (cases / "casse").mkdir()
    (cases / "casse" / "case.yaml").write_text("titre: [non fermé", encoding="utf-8")
    folder = prepare_workspace(tmp_path / "cahier")
    markdown = landing_markdown(folder, cases)
    rows = [line for line in _section(markdown, "Les cas fournis").splitlines()
            if line.startswith("| **")]
    assert len(rows) == 1
    assert len(re.split(r"(?<!\\)\|", rows[0])) == 6  # 4 cells, the « | » of the title escaped
    assert "casse" not in markdown


def test_welcome_notebook_is_one_call_and_shows_the_list_before_running(tmp_path):
    folder = prepare_workspace(tmp_path / "cahier")
    notebook = nbformat.read(folder / LANDING, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert len(code) == 1
    assert code[0].source.splitlines()[-1] == "accueil()"
    stored = code[0].outputs[0]["data"]["text/markdown"]
    assert stored == landing_markdown(folder)
    assert accueil(folder).data == stored  # running the cell gives the same page


def test_preparing_the_workspace_never_overwrites_a_trainee_file(tmp_path):
    folder = prepare_workspace(tmp_path / "cahier")
    mine = {folder / LANDING: "ma page", folder / "01_probleme.ipynb": "{}",
            folder / ANSWERS_DIR / "probleme.yaml": "answers: {}\n"}
    for path, text in mine.items():
        path.write_text(text, encoding="utf-8")
    (folder / "02_risques_qualite.ipynb").unlink()  # a deleted notebook comes back
    prepare_workspace(folder)
    for path, text in mine.items():
        assert path.read_text(encoding="utf-8") == text
    assert (folder / "02_risques_qualite.ipynb").read_bytes() == (
        notebooks_dir() / "02_risques_qualite.ipynb").read_bytes()


def test_workspace_that_is_a_file_is_refused_in_french(tmp_path):
    target = tmp_path / "cahier"
    target.write_text("pas un dossier", encoding="utf-8")
    with pytest.raises(QsecaseError, match="pas un dossier"):
        prepare_workspace(target)
    assert target.read_text(encoding="utf-8") == "pas un dossier"


def test_lab_command_serves_jupyterlab_on_the_welcome_page_or_voila_without_sources(
        tmp_path, monkeypatch, capsys):
    calls: list[list[str]] = []
    monkeypatch.setattr("subprocess.call", lambda command: calls.append(command) or 0)
    assert cli.main(["lab", str(tmp_path / "cahier"), "--no-browser", "--port", "9123"]) == 0
    assert cli.main(["lab", str(tmp_path / "cahier"), "--voila"]) == 0
    lab, voila = calls
    folder = (tmp_path / "cahier").resolve()
    assert lab[:4] == [sys.executable, "-m", "jupyter", "lab"]
    assert f"--notebook-dir={folder}" in lab and "--no-browser" in lab and "--port=9123" in lab
    assert f"--LabApp.default_url=/lab/tree/{LANDING}" in lab
    assert voila[:4] == [sys.executable, "-m", "voila", str(folder)]
    assert "--strip_sources=True" in voila and "--no-browser" not in voila
    assert "--classic-tree" in voila  # server-rendered list of links
    assert (folder / LANDING).is_file() and (folder / ANSWERS_DIR).is_dir()
    out = capsys.readouterr().out
    assert "Voilà" in out and str(Path(tmp_path / "cahier" / ANSWERS_DIR)) in out


def test_the_trainers_review_notebook_stays_out_of_a_trainee_workspace(tmp_path: Path) -> None:
    folder = prepare_workspace(tmp_path / "cahier")
    copied = {p.name for p in folder.glob("*.ipynb")}
    assert "revue_formateur.ipynb" not in copied
    assert {e.notebook for e in exercises()} <= copied
