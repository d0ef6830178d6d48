"""Folders made for users: a new case from commented templates, a trainee's workspace.

``qsecase new-case DIR`` writes ``case.yaml``, two corpus documents and one answer key template per
chosen exercise (generated from the key models by :mod:`qsecase.key_template`). Every value the
author must write is « À COMPLÉTER »; :func:`unfinished_problems` lists those left, with their file,
line and field, for ``qsecase check-case``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from qsecase.errors import Problem, QsecaseError
from qsecase.key_template import PLACEHOLDER, field_hint

__all__ = ["ALL_EXERCISES", "DEFAULT_EXERCISES", "case_exercises", "new_case", "prepare_workspace",
           "unfinished_problems"]

DEFAULT_EXERCISES: tuple[str, ...] = ("probleme",)
"""What a new case prepares without ``--exercices``: the simplest exercise, the one
``docs/guide-auteur.md`` walks through. Every other exercise also needs documents of its own."""
ALL_EXERCISES = "tous"
"""``--exercices tous``: a key template for every registered exercise."""

_CORPUS_TEMPLATES = ("presentation.md", "non-conformites.csv")
_CASE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_LISTED = 6
"""Places named in one « à compléter » problem before « … »."""


def case_exercises(choice: str | Sequence[str] | None) -> list[str]:
    """The exercises of a new case: ``None`` (default), ``"tous"``, or ids (``"probleme,audit"``).

    Raises:
        UnknownExerciseError: An id is not registered (the message lists the available ones).
    """
    from qsecase.exercises.registry import REGISTRY, get

    if choice is None:
        return list(DEFAULT_EXERCISES)
    names = choice.split(",") if isinstance(choice, str) else list(choice)
    names = [name.strip() for name in names if name.strip()]
    if names == [ALL_EXERCISES]:
        return list(REGISTRY)
    if not names:
        raise QsecaseError("--exercices : liste vide — écrivez par exemple « probleme,audit » ou "
                           f"« {ALL_EXERCISES} »")
    return list(dict.fromkeys(get(name).id for name in names))


def _case_id(directory: Path) -> str:
    """The case id a folder name suggests (« Fournil du Val » → ``fournil-du-val``)."""
    folded = unicodedata.normalize("NFKD", directory.resolve().name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:40].strip("-")
    return slug if _CASE_ID.match(slug) else "mon-cas"


def _case_files(directory: Path, exercises: list[str]) -> dict[str, str]:
    """Relative path → text of every file of a new case."""
    from qsecase.key_template import key_template

    scaffold = resources.files("qsecase") / "data" / "scaffold"
    case_yaml = (scaffold / "case.yaml").read_text(encoding="utf-8")
    case_yaml = (case_yaml.replace("__ID__", _case_id(directory))
                 .replace("__DATE__", dt.date.today().isoformat())
                 .replace("__EXERCICES__", f"[{', '.join(exercises)}]"))
    files = {"case.yaml": case_yaml}
    for name in _CORPUS_TEMPLATES:
        files[f"corpus/{name}"] = (scaffold / "corpus" / name).read_text(encoding="utf-8")
    for exercise in exercises:
        files[f"key/{exercise}.yaml"] = key_template(exercise)
    return files


def new_case(directory: Path, exercises: str | Sequence[str] | None = None) -> Path:
    """Create a case folder from commented templates; never overwrites anything.

    Args:
        directory: The new folder (it may exist if it is empty); its name gives the case id.
        exercises: The exercises of the case, as :func:`case_exercises` reads them (default:
            :data:`DEFAULT_EXERCISES`).

    Returns:
        ``directory``, holding ``case.yaml``, ``corpus/presentation.md``,
        ``corpus/non-conformites.csv`` and ``key/<exercise>.yaml`` for each exercise.

    Raises:
        QsecaseError: The folder is a file or is not empty (nothing written), or an exercise is
            unknown.
    """
    directory = Path(directory)
    chosen = case_exercises(exercises)
    if directory.exists() and not directory.is_dir():
        raise QsecaseError(f"{directory} : ce chemin est un fichier, pas un dossier — choisissez un "
                           "nouveau dossier (rien n'a été écrit)")
    if directory.exists() and any(directory.iterdir()):
        raise QsecaseError(f"{directory} : le dossier existe et n'est pas vide — choisissez un "
                           "nouveau dossier (rien n'a été écrit)")
    files = _case_files(directory, chosen)
    for relative, text in files.items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            raise QsecaseError(f"{target} : ce fichier vient d'apparaître pendant la création du cas "
                               "— il n'a pas été remplacé ; recommencez dans un nouveau dossier") from None
    return directory


_FIX_YAML = (f"remplacez chaque « {PLACEHOLDER} » par la valeur de votre cas, en suivant le "
             "commentaire de la ligne ou juste au-dessus")
_FIX_OPTIONAL = " ; un champ facultatif peut aussi être supprimé"
_FIX_DROP = " (ou supprimez la ligne : ce champ est facultatif)"
_FIX_TEXT = (f"remplacez chaque « {PLACEHOLDER} » par le texte du document ; un fait citable "
             "commence par son identifiant entre crochets, [P1], unique dans tout le cas")
_FIX_TABLE = ("remplacez les lignes d'exemple par les données de votre cas (CSV UTF-8, voir "
              "docs/format-cas.md § 3) et alignez colonnes: dans case.yaml sur la ligne d'en-tête")


def unfinished_problems(case_dir: Path, *, check_keys: bool = True) -> list[Problem]:
    """Every « À COMPLÉTER » left in a case folder, as « à compléter » problems.

    A YAML file gives one problem per top-level field (naming each place and its line); a corpus
    document gives one problem per file (naming the lines). Files that cannot be read are left to
    the other checks of ``qsecase check-case``.

    Args:
        case_dir: The case folder.
        check_keys: Also look into ``key/*.yaml`` (not in a copy handed to trainees).
    """
    case_dir = Path(case_dir)
    problems = _yaml_placeholders(case_dir, "case.yaml")
    corpus = case_dir / "corpus"
    if corpus.is_dir():
        for path in sorted(corpus.iterdir()):
            if path.suffix in (".md", ".csv") and path.is_file():
                problems += _text_placeholders(case_dir, f"corpus/{path.name}")
    if check_keys and (case_dir / "key").is_dir():
        for path in sorted((case_dir / "key").glob("*.yaml")):
            problems += _yaml_placeholders(case_dir, f"key/{path.name}")
    return problems


def _placeholders(data: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Locations (key paths) of the values that still hold the placeholder."""
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in _placeholders(value, (*loc, key))]
    if isinstance(data, list):
        return [found for i, value in enumerate(data) for found in _placeholders(value, (*loc, i))]
    return [loc] if isinstance(data, str) and PLACEHOLDER in data else []


def _field(loc: tuple[Any, ...]) -> str:
    """``("sites", 0, "nom")`` → ``sites[1].nom``: list positions counted from 1, as people do."""
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:_LISTED])
    return f"ligne{'s' if len(numbers) > 1 else ''} {shown}{', …' if len(numbers) > _LISTED else ''}"


def _yaml_placeholders(case_dir: Path, relative: str) -> list[Problem]:
    from qsecase.errors import InputError
    from qsecase.io.yamlfile import line_of, load_data

    path = case_dir / relative
    if not path.is_file():
        return []
    try:
        data, lines = load_data(path)
    except InputError:
        return []
    text = path.read_text(encoding="utf-8-sig").splitlines()
    groups: dict[Any, list[tuple[Any, ...]]] = {}
    for loc in _placeholders(data):
        groups.setdefault(loc[0] if loc else "", []).append(loc)
    exercise = path.stem if relative.startswith("key/") else ""
    problems = []
    for top, locs in groups.items():
        places = [(loc, line_of(lines, loc)) for loc in locs]
        first = places[0][1]
        if len(locs) == 1:
            hint, may_go = field_hint(exercise, locs[0]) if exercise else (_hint(text, first), False)
            fix = f"remplacez « {PLACEHOLDER} » : {hint}" if hint else _FIX_YAML
            fix += _FIX_DROP if may_go else ""
            problems.append(Problem(str(path), "valeur à compléter", line=first,
                                    field=_field(locs[0]) or None, fix=fix))
            continue
        named = ", ".join(f"{_field(loc)} (ligne {line})" for loc, line in places[:_LISTED])
        more = ", …" if len(places) > _LISTED else ""
        optional = exercise and any(field_hint(exercise, loc)[1] for loc in locs)
        problems.append(Problem(str(path), f"{len(locs)} valeurs à compléter : {named}{more}",
                                line=first, field=str(top) or None,
                                fix=_FIX_YAML + (_FIX_OPTIONAL if optional else "")))
    return problems


def _hint(text: list[str], line: int | None) -> str:
    """The end-of-line comment of ``line`` (what case.yaml's template says to write there)."""
    if line is None or not 0 < line <= len(text):
        return ""
    own = text[line - 1].partition(PLACEHOLDER)[2].strip()
    return own.lstrip("# ").strip() if own.startswith("#") else ""


def _text_placeholders(case_dir: Path, relative: str) -> list[Problem]:
    from qsecase.io.yamlfile import MAX_BYTES

    path = case_dir / relative
    try:
        if path.stat().st_size > MAX_BYTES:  # refused by the other checks, never read whole
            return []
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    numbers = [n for n, line in enumerate(text.splitlines(), start=1) if PLACEHOLDER in line]
    if not numbers:
        return []
    if path.suffix == ".csv":
        return [Problem(str(path), f"données d'exemple à remplacer ({_lines(numbers)})",
                        line=numbers[0], fix=_FIX_TABLE)]
    return [Problem(str(path), f"texte à compléter ({_lines(numbers)})", line=numbers[0],
                    fix=_FIX_TEXT)]


def _write_new(target: Path, data: bytes) -> bool:
    """Write ``data`` to ``target`` only if no file is there (checked and created in one step)."""
    try:
        with target.open("xb") as handle:
            handle.write(data)
    except FileExistsError:
        return False
    return True


def prepare_workspace(directory: Path) -> Path:
    """A trainee's working folder: each exercise notebook, the welcome notebook, ``reponses/``.

    Files already there are kept as they are (the trainee may have edited them): nothing is ever
    overwritten. Answers are saved beside the notebooks, in ``reponses/``, never inside the
    installed package; the welcome notebook (``00_accueil.ipynb``) lists the cases and the
    exercises with a link to each notebook.
    """
    import nbformat

    from qsecase.landing import ANSWERS_DIR, LANDING, landing_notebook
    from qsecase.resources import notebooks_dir

    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise QsecaseError(f"{directory} : ce chemin est un fichier, pas un dossier — choisissez "
                           "un dossier de travail (rien n'a été écrit)")
    directory.mkdir(parents=True, exist_ok=True)
    from qsecase.exercises.registry import exercises

    for name in sorted(e.notebook for e in exercises()):  # the trainer's review notebook stays out
        notebook = notebooks_dir() / name
        if notebook.is_file():
            _write_new(directory / name, notebook.read_bytes())
    if not (directory / ANSWERS_DIR).exists():
        (directory / ANSWERS_DIR).mkdir()
    landing = nbformat.writes(landing_notebook(directory)) + "\n"
    _write_new(directory / LANDING, landing.encode("utf-8"))
    return directory
