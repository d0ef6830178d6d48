"""Build small case folders for tests: ``make_case(tmp_path)`` gives a valid one.

Reusable by any test (``from casefactory import make_case``). Overrides change ``case.yaml``
fields; ``files`` adds, replaces or deletes files of the folder; ``raw_yaml`` replaces
``case.yaml`` text entirely.

Example:
    >>> case_dir = make_case(tmp_path, exercices=["probleme", "audit"],
    ...                      files={"corpus/nc.csv": NC_CSV.replace(";", ","),
    ...                             "key/audit.yaml": ""})
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

__all__ = ["CASE_ID", "ENTRETIENS_MD", "KEY_YAML", "NC_COLUMNS", "NC_CSV", "base_spec",
           "make_case"]

CASE_ID = "atelier-test"

NC_COLUMNS: list[dict[str, Any]] = [
    {"nom": "id", "type": "texte", "cle": True, "description": "numéro de la fiche"},
    {"nom": "date", "type": "date"},
    {"nom": "atelier", "type": "categorie"},
    {"nom": "quantite", "type": "entier", "description": "pièces non conformes"},
    {"nom": "cout_eur", "type": "nombre", "description": "coût de la non-qualité (€)"},
    {"nom": "description", "type": "texte"},
]

NC_CSV = (
    "id;date;atelier;quantite;cout_eur;description\n"
    "NC-001;2026-01-08;usinage;12;1 234,50;cote hors tolérance\n"
    "NC-002;15/01/2026;peinture;3;89,9;coulures\n"
    "NC-003;2026-02-02;usinage;40;2500;bavures\n"
    "NC-004;03/02/2026;montage;;;vis manquante\n"
)
"""4 rows, ``;`` separator, decimal comma, a thousands space, ISO and French dates, empty cells."""

ENTRETIENS_MD = """# Entretiens du 12 mars 2026

## Responsable de production

[E1] Le responsable de production indique que les réglages de la fraiseuse F3 ne sont
pas consignés depuis le départ du régleur.

- [E2] Les opérateurs de nuit n'ont pas reçu la **nouvelle** instruction de contrôle.
- [E3] Les non-conformités sont saisies en fin de semaine. [E4] Personne ne les analyse.

Comme indiqué plus haut (voir [E1]), le problème est récurrent.
"""
"""Four facts (E1–E4), one reference to E1."""

KEY_YAML = "exercise: probleme\n"


def base_spec() -> dict[str, Any]:
    """The ``case.yaml`` data of the default valid case (a fresh copy each call)."""
    return copy.deepcopy({
        "schema_version": 1,
        "id": CASE_ID,
        "titre": "Atelier de test",
        "date_cas": dt.date(2026, 3, 12),
        "organisation": {
            "nom": "Mécatest SAS",
            "secteur": "mécanique de précision",
            "effectif": 42,
            "heures_travaillees": 65_000,
            "sites": [{"nom": "Usine de Test", "adresse": "1 rue des Essais, 69000 Lyon"}],
        },
        "exercices": ["probleme"],
        "autoformation": False,
        "documents": [
            {"id": "entretiens", "titre": "Comptes rendus d'entretiens",
             "fichier": "corpus/entretiens.md", "type": "texte"},
            {"id": "nc", "titre": "Registre des non-conformités", "fichier": "corpus/nc.csv",
             "type": "tableau", "colonnes": NC_COLUMNS},
        ],
    })


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def make_case(
    root: Path,
    *,
    case_id: str = CASE_ID,
    files: dict[str, str | bytes | None] | None = None,
    raw_yaml: str | bytes | None = None,
    **overrides: Any,
) -> Path:
    """Write a minimal valid case folder under ``root`` and return its path.

    Args:
        root: Parent folder (usually ``tmp_path``).
        case_id: Folder name and ``id`` of the case.
        files: Extra or replacement files, by path relative to the case folder
            (``"corpus/nc.csv"``, ``"key/audit.yaml"``); ``None`` deletes the file.
        raw_yaml: Exact text (or bytes) of ``case.yaml``, instead of the generated one.
        **overrides: Top-level fields of ``case.yaml`` to replace (``exercices=[...]``,
            ``documents=[...]``); a dict given for ``organisation`` is merged into the default
            one; a value ``None`` removes the field.

    Returns:
        The case folder ``root / case_id``.
    """
    case_dir = root / case_id
    spec = base_spec()
    spec["id"] = case_id
    for name, value in overrides.items():
        if value is None:
            spec.pop(name, None)
        elif name == "organisation" and isinstance(value, dict):
            spec["organisation"].update(value)
        else:
            spec[name] = value
    text = raw_yaml if raw_yaml is not None else yaml.safe_dump(
        spec, allow_unicode=True, sort_keys=False)
    _write(case_dir / "case.yaml", text)
    _write(case_dir / "corpus" / "entretiens.md", ENTRETIENS_MD)
    _write(case_dir / "corpus" / "nc.csv", NC_CSV)
    exercises = spec.get("exercices")
    for exercise in exercises if isinstance(exercises, list) else []:
        _write(case_dir / "key" / f"{exercise}.yaml", KEY_YAML.replace("probleme", exercise))
    for relative, content in (files or {}).items():
        target = case_dir / relative
        if content is None:
            target.unlink(missing_ok=True)
        else:
            _write(target, content)
    return case_dir
