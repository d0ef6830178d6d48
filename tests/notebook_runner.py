"""Run an exercise notebook the way the tests need it (papermill, a fresh kernel per run)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat


def run_notebook(notebook: Path, tmp_path: Path, **parameters: Any) -> nbformat.NotebookNode:
    """Execute ``notebook`` with ``parameters`` in ``tmp_path``; return the executed notebook."""
    import papermill

    tmp_path.mkdir(parents=True, exist_ok=True)
    out = tmp_path / "executed.ipynb"
    papermill.execute_notebook(str(notebook), str(out), parameters=parameters,
                               kernel_name="python3", cwd=str(tmp_path), progress_bar=False)
    return nbformat.read(out, as_version=4)


def output_of(nb: nbformat.NotebookNode, source: str) -> dict[str, Any]:
    """The data of the execute_result of the code cell whose source is ``source``."""
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.strip() == source:
            results = [o for o in cell.outputs if o.output_type == "execute_result"]
            assert results, f"la cellule « {source} » n'affiche rien"
            return dict(results[0]["data"])
    raise AssertionError(f"cellule « {source} » absente du carnet")
