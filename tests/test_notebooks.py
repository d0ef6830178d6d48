"""What every exercise notebook does the same way, checked for each registered exercise.

Each notebook has the same parameters, names the steps its forms define, runs cell by cell with
nbval and runs in self-study mode; what is particular to an exercise (its correction, its forms)
is tested in ``test_notebook_<exercise>.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from notebook_runner import output_of, run_notebook
from qsecase.exercises.registry import Exercise, exercises

ROOT = Path(__file__).resolve().parents[1]
PARAMETERS = ["case_dir", "answers_path", "key_path", "output_dir", "mode", "lang", "reveal_key"]
WIDGET = "application/vnd.jupyter.widget-view+json"
EXERCISES = {e.id: e for e in exercises()}


def case_for(exercise: Exercise) -> Path:
    """The first bundled case that offers the exercise."""
    for folder in sorted((ROOT / "cases").iterdir()):
        spec = folder / "case.yaml"
        if spec.is_file() and exercise.id in (yaml.safe_load(spec.read_text(encoding="utf-8")) or {}).get(
                "exercices", []):
            return folder
    raise AssertionError(f"aucun cas fourni ne propose l'exercice {exercise.id}")


def notebook(exercise: Exercise) -> Path:
    return ROOT / "notebooks" / exercise.notebook


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_papermill_sees_every_parameter(exercise_id: str) -> None:
    import papermill

    assert list(papermill.inspect_notebook(str(notebook(EXERCISES[exercise_id])))) == PARAMETERS


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_notebook_calls_the_steps_its_forms_define(exercise_id: str) -> None:
    from qsecase.widgets.exercise_ui import load_ui

    exercise = EXERCISES[exercise_id]
    nb = nbformat.read(notebook(exercise), as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert f'start("{exercise.id}"' in code[2]
    steps = tuple(s.removeprefix('cb.step("').removesuffix('")') for s in code if s.startswith("cb.step("))
    assert steps == load_ui(exercise).steps


@pytest.mark.notebook
@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_autoformation_runs(exercise_id: str, tmp_path: Path, kernel_env: dict[str, str]) -> None:
    exercise = EXERCISES[exercise_id]
    nb = run_notebook(notebook(exercise), tmp_path, case_dir=str(case_for(exercise)),
                      answers_path=str(tmp_path / "moi.yaml"), mode="autoformation")
    assert "Mode : autoformation" in output_of(nb, "cb.intro()")["text/html"]
    assert WIDGET in output_of(nb, "cb.conclude()")


@pytest.mark.notebook
@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_nbval_lax(exercise_id: str, tmp_path: Path, kernel_env: dict[str, str]) -> None:
    """``pytest --nbval-lax`` runs every cell with the default parameters (formation)."""
    source = notebook(EXERCISES[exercise_id])
    copy = tmp_path / source.name
    shutil.copy(source, copy)  # the kernel runs beside the copy: nothing written in notebooks/
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q",
         "--rootdir", str(tmp_path), str(copy)],
        cwd=tmp_path, env=kernel_env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_committed_notebook_is_a_thin_parameterised_shell(exercise_id: str) -> None:
    """The same parameters cell as the first notebook, no outputs, 1–3 line cells calling qsecase."""
    nb = nbformat.read(notebook(EXERCISES[exercise_id]), as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    first = nbformat.read(ROOT / "notebooks" / "01_probleme.ipynb", as_version=4)
    assert code[0].source == next(c for c in first.cells if c.cell_type == "code").source
    for name in PARAMETERS:
        assert f"\n{name} = " in "\n" + code[0].source
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert all(len(c.source.splitlines()) <= 3 for c in code[1:])
    assert code[1].source == "from qsecase.notebook import start"
    assert code[-1].source == "cb.conclude()"
