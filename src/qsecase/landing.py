"""The welcome page of a trainee's workspace: the bundled cases and the exercises each one supports.

:func:`landing_markdown` lists, from the exercise registry and the bundled cases, every exercise
whose notebook is in the workspace, with a relative link to it (the same link works in JupyterLab
and in Voilà), the cases that support it and the two ways of working. :func:`accueil` is the one
call of the welcome notebook's cell; :func:`landing_notebook` builds that notebook, its output
already filled so that the list shows before any cell is run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

__all__ = ["LANDING", "CaseInfo", "ExerciseEntry", "accueil", "bundled_cases", "entries",
           "landing_markdown", "landing_notebook"]

LANDING = "00_accueil.ipynb"
"""File name of the welcome notebook (sorted first in a file browser or in Voilà's list)."""

ANSWERS_DIR = "reponses"
"""Folder of the workspace where the notebooks save the answers (``<output_dir>/reponses/``)."""


@dataclass(frozen=True)
class CaseInfo:
    """What the welcome page says of a bundled case (read from its ``case.yaml``)."""

    id: str
    title: str
    organisation: str
    sector: str
    exercises: tuple[str, ...]
    self_study: bool


@dataclass(frozen=True)
class ExerciseEntry:
    """One line of the welcome page: an exercise, its notebook and the cases that support it."""

    id: str
    title: str
    competencies: tuple[str, ...]
    notebook: str
    cases: tuple[str, ...]
    """Supporting cases by name; the first is the one a notebook opens when ``case_dir`` is empty."""


def bundled_cases(root: Path | None = None) -> list[CaseInfo]:
    """The cases of ``root`` (default: the bundled cases), by name; unreadable ones are left out.

    A broken ``case.yaml`` is reported by ``qsecase check-case``, not by the welcome page.
    """
    import yaml

    if root is None:
        from qsecase.resources import cases_dir

        root = cases_dir()
    found = []
    for folder in sorted(p for p in Path(root).iterdir() if (p / "case.yaml").is_file()):
        try:
            spec = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError, OSError):
            continue
        if not isinstance(spec, dict):
            continue
        org = spec.get("organisation")
        org = org if isinstance(org, dict) else {}
        listed = spec.get("exercices")
        listed = listed if isinstance(listed, list) else []
        found.append(CaseInfo(id=folder.name, title=str(spec.get("titre", "")),
                              organisation=str(org.get("nom", "")),
                              sector=str(org.get("secteur", "")),
                              exercises=tuple(str(e) for e in listed),
                              self_study=spec.get("autoformation") is True))
    return found


def entries(folder: Path, cases: list[CaseInfo]) -> list[ExerciseEntry]:
    """The registered exercises whose notebook is in ``folder``, in the registry's order."""
    from qsecase.exercises.registry import exercises

    return [ExerciseEntry(id=ex.id, title=ex.title, competencies=ex.competencies,
                          notebook=ex.notebook,
                          cases=tuple(c.id for c in cases if ex.id in c.exercises))
            for ex in exercises() if (Path(folder) / ex.notebook).is_file()]


def _md(text: str) -> str:
    """``text`` safe inside a Markdown table cell or link text."""
    for char in "\\|*_[]`<>":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def _link(text: str, notebook: str) -> str:
    return f"[{_md(text)}]({quote(notebook)})"


def landing_markdown(folder: Path | str = ".", cases_root: Path | None = None) -> str:
    """The welcome page (Markdown) of the workspace ``folder``.

    Args:
        folder: The workspace: only the exercises whose notebook is there are listed, each with a
            link relative to it.
        cases_root: Where the cases are (default: the bundled cases).
    """
    if cases_root is None:
        from qsecase.resources import cases_dir

        cases_root = cases_dir()
    cases = bundled_cases(cases_root)
    listed = entries(Path(folder), cases)
    example = (Path(cases_root) / "<cas>").as_posix()
    lines = [
        "## Les exercices",
        "",
        "Cliquez sur un exercice pour ouvrir son carnet. Quand plusieurs cas proposent le même "
        "exercice, le carnet ouvre le premier (en gras) ; pour un autre, dans JupyterLab, "
        f"renseignez la cellule de paramètres : `case_dir = \"{example}\"` et un fichier de "
        f"réponses à part, `answers_path = \"{ANSWERS_DIR}/<exercice>-<cas>.yaml\"`.",
        "",
        "| exercice | carnet | compétences | cas |",
        "|---|---|---|---|",
    ]
    for entry in listed:
        names = [f"**{_md(c)}**" if i == 0 else _md(c) for i, c in enumerate(entry.cases)]
        lines.append(f"| {_link(entry.title, entry.notebook)} | `{entry.notebook}` "
                     f"| {', '.join(entry.competencies)} | {', '.join(names) or '—'} |")
    if not listed:
        lines.append("| aucun carnet d'exercice dans ce dossier | — | — | — |")
    notebooks = {e.id: e.notebook for e in listed}
    lines += ["", "## Les cas fournis", "",
              "| cas | organisation | secteur | exercices |", "|---|---|---|---|"]
    for case in cases:
        links = [_link(ex, notebooks[ex]) if ex in notebooks else _md(ex) for ex in case.exercises]
        title = f"**{_md(case.id)}** — {_md(case.title)}" if case.title else f"**{_md(case.id)}**"
        lines.append(f"| {title} | {_md(case.organisation)} | {_md(case.sector)} "
                     f"| {', '.join(links) or '—'} |")
    open_cases = [c.id for c in cases if c.self_study]
    lines += [
        "", "## Deux façons de travailler", "",
        f"**Formation** (par défaut) : vous remplissez les formulaires de chaque étape ; vos réponses "
        f"sont enregistrées automatiquement dans `{ANSWERS_DIR}/<exercice>.yaml`, à côté des "
        "carnets, et votre formateur les corrige. **Autoformation** : dans JupyterLab, écrivez "
        "`mode = \"autoformation\"` dans la cellule de paramètres du carnet puis exécutez tout ; "
        "indices, « Vérifier ma réponse » et solution apparaissent en fin de carnet"
        + (f" (cas ouverts à l'autoformation : {', '.join(_md(c) for c in open_cases)})."
           if open_cases else " (aucun cas fourni n'est ouvert à l'autoformation)."),
    ]
    return "\n".join(lines) + "\n"


def accueil(folder: Path | str = ".") -> Any:
    """The welcome page for the notebook's cell (an IPython ``Markdown`` object; displays nothing)."""
    from IPython.display import Markdown

    return Markdown(landing_markdown(folder))


_INTRO = """\
# Cahier d'études de cas QSE — accueil

Bienvenue. Chaque exercice est un carnet : ouvrez-le depuis la liste ci-dessous, lisez le corpus
du cas puis remplissez les formulaires de chaque étape. Dans JupyterLab, exécutez d'abord toutes
ses cellules (menu *Run › Run All Cells*) ; avec Voilà, elles s'exécutent seules à l'ouverture."""

_CALL = "from qsecase.landing import accueil\n\naccueil()"


def landing_notebook(folder: Path | str = ".") -> Any:
    """The welcome notebook of ``folder``: an introduction and one cell calling :func:`accueil`.

    The cell's output is filled with the current list, so that it shows before anything is run.
    """
    import nbformat

    intro = nbformat.v4.new_markdown_cell(_INTRO)
    call = nbformat.v4.new_code_cell(_CALL, execution_count=1)
    call.outputs = [nbformat.v4.new_output(
        "execute_result", execution_count=1,
        data={"text/markdown": landing_markdown(folder),
              "text/plain": "<IPython.core.display.Markdown object>"})]
    notebook = nbformat.v4.new_notebook(cells=[intro, call])
    notebook.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                        "name": "python3"},
                         "language_info": {"name": "python"}}
    return notebook
