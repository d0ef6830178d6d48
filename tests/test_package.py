"""The package's shape: light import, declared public API, pure core."""

import subprocess
import sys

import qsecase

HEAVY = ["pandas", "matplotlib", "ipywidgets", "papermill", "nbconvert", "IPython", "openpyxl"]


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_import_qsecase_stays_light():
    loaded = _loaded_after("import qsecase")
    assert not [m for m in HEAVY if m in loaded]


def test_methods_and_grading_core_import_no_widget_plot_or_notebook_module():
    loaded = _loaded_after(
        "import qsecase.methods.ishikawa, qsecase.methods.five_whys, qsecase.methods.pareto, "
        "qsecase.methods.actions, qsecase.methods.qqoqcp, qsecase.grading.rubric, "
        "qsecase.exercises.registry; qsecase.exercises.registry.get('probleme').rubric"
    )
    assert not [m for m in HEAVY if m in loaded]


def test_public_api_is_declared_and_resolves():
    assert "open_exercise" in qsecase.__all__
    for name in qsecase.__all__:
        assert getattr(qsecase, name) is not None
    assert sorted(dir(qsecase)) == sorted(qsecase.__all__)


def test_unknown_attribute_raises_attribute_error():
    import pytest

    with pytest.raises(AttributeError):
        qsecase.nothing_here  # noqa: B018
