"""The file side of DUERP versions: one read-only YAML file per recorded version, never rewritten.

C. trav. R4121-4 keeps every version of the DUERP for 40 years: a version, once written, never
changes. Versions live beside the answers file, in ``<answers stem>.versions/`` (``duerp-rps.yaml``
→ ``duerp-rps.versions/v001.yaml``, ``v002.yaml``…). Each file holds the
:class:`~qsecase.methods.duerp_update.DuerpVersion` with its fingerprint (SHA-256 of its content);
a file whose content no longer matches its fingerprint, or that is truncated or invalid, is
reported as altered (:class:`~qsecase.errors.AnswersError`), never repaired; the other versions
stay readable.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from qsecase.errors import AnswersError, InputError, Problem, QsecaseError
from qsecase.io.atomic import create_new
from qsecase.io.yamlfile import dump_yaml, load_data, pydantic_problems
from qsecase.methods.duerp import Situation
from qsecase.methods.duerp_update import DuerpVersion, VersionInfo, fingerprint

__all__ = ["READ_ONLY", "VERSION_FILE", "list_versions", "load_version", "record_version",
           "version_path", "versions_dir"]

READ_ONLY = 0o444
"""Permissions of a recorded version: readable by everyone, writable by no one."""

VERSION_FILE = re.compile(r"^v(\d{3,})\.yaml$")
"""Name of a version file: ``v001.yaml``, ``v002.yaml``… (more digits past 999)."""

_MAX_ATTEMPTS = 1000
_FIX = ("une version enregistrée ne se modifie jamais : restaurez ce fichier depuis une sauvegarde "
        "(les autres versions restent valables)")


def versions_dir(answers_path: Path) -> Path:
    """The folder of the recorded versions, beside the answers file (``<stem>.versions/``)."""
    path = Path(answers_path)
    return path.with_name(f"{path.stem}.versions")


def version_path(folder: Path, numero: int) -> Path:
    """The file of version ``numero`` in ``folder`` (``v007.yaml``)."""
    return Path(folder) / f"v{numero:03d}.yaml"


def _version_files(folder: Path) -> list[tuple[int, Path]]:
    """(number, path) of the version files in ``folder``, by number (empty if no folder)."""
    if not folder.is_dir():
        return []
    return sorted((int(m.group(1)), p) for p in folder.iterdir() if (m := VERSION_FILE.match(p.name)))


def _existing_numbers(folder: Path) -> list[int]:
    """Numbers of the versions present in ``folder``."""
    return [numero for numero, _ in _version_files(folder)]


def _version_bytes(version: DuerpVersion) -> bytes:
    header = (f"# DUERP — version {version.numero} : document conservé 40 ans (C. trav. R4121-4).\n"
              "# Ne pas modifier : l'empreinte SHA-256 prouve que le contenu n'a pas changé.\n")
    return (header + dump_yaml(version.model_dump(mode="json"))).encode("utf-8")


def record_version(folder: Path, situations: Sequence[Situation], *, auteur: str, motif: str,
                   now: dt.datetime | None = None, base: int = 0) -> DuerpVersion:
    """Write a new version of the DUERP in ``folder``, read-only, and return it.

    Its number is one more than the highest of the versions present and ``base`` (the number of
    the previous version recorded elsewhere, e.g. in the case's corpus). The file is created
    exclusively: if another session took that number meanwhile, the next one is used; an
    existing file is never overwritten.

    Args:
        folder: The versions folder (:func:`versions_dir`); created if needed.
        situations: The situations of the DUERP at this version.
        auteur: Who records the version (required).
        motif: Why the DUERP is updated.
        now: Date and time of the version (default: now, to the second).
        base: Number of the last version kept outside ``folder``.

    Returns:
        The recorded version, with its fingerprint (``empreinte``).

    Raises:
        AnswersError: The author is empty.
        QsecaseError: The folder cannot be written.
    """
    folder = Path(folder)
    if not auteur.strip():
        raise AnswersError.at(folder, "auteur de la version à renseigner",
                              field="auteur", fix="indiquez qui enregistre cette version du DUERP")
    date = (now or dt.datetime.now()).replace(microsecond=0)
    numero = max([base, *_existing_numbers(folder)]) + 1
    for _ in range(_MAX_ATTEMPTS):
        version = DuerpVersion(numero=numero, date=date, auteur=auteur, motif=motif,
                               situations=list(situations))
        version.empreinte = fingerprint(version)
        path = version_path(folder, numero)
        try:
            created = create_new(path, _version_bytes(version))
        except OSError as exc:
            raise QsecaseError(f"{folder} : impossible d'enregistrer la version {numero} du DUERP "
                               f"({exc.strerror}) — vérifiez que le dossier est accessible en "
                               "écriture") from None
        if created:
            os.chmod(path, READ_ONLY)
            return version
        numero += 1  # taken by a concurrent session: never overwrite, take the next number
    raise QsecaseError(f"{folder} : aucun numéro de version libre après {_MAX_ATTEMPTS} essais")


def _altered(path: Path, message: str, *, line: int | None = None, field: str | None = None) -> Problem:
    return Problem(str(path), f"version altérée : {message}", line=line, field=field, fix=_FIX)


def load_version(path: Path) -> DuerpVersion:
    """Read one recorded version and check its fingerprint.

    Raises:
        AnswersError: The file is truncated, invalid, or its content does not match its
            fingerprint (« version altérée : … », with the file and the fix).
    """
    path = Path(path)
    try:
        data, lines = load_data(path, what="fichier de version", error=AnswersError)
    except InputError as exc:
        raise AnswersError([_altered(path, p.message, line=p.line, field=p.field)
                            for p in exc.problems]) from None
    if not isinstance(data, dict):
        raise AnswersError(_altered(path, "le fichier ne contient pas une version du DUERP "
                                    "(numero, date, auteur, situations, empreinte)", line=1))
    try:
        version = DuerpVersion.model_validate(data)
    except ValidationError as exc:
        raise AnswersError([_altered(path, p.message, line=p.line, field=p.field)
                            for p in pydantic_problems(exc, path, lines)]) from None
    if not version.empreinte:
        raise AnswersError(_altered(path, "empreinte absente", field="empreinte"))
    if fingerprint(version) != version.empreinte:
        raise AnswersError(_altered(path, "le contenu ne correspond plus à son empreinte "
                                    "SHA-256 (le fichier a été modifié ou tronqué après son "
                                    "enregistrement)", line=lines.get(("empreinte",)),
                                    field="empreinte"))
    name = VERSION_FILE.match(path.name)
    if name and int(name.group(1)) != version.numero:
        raise AnswersError(_altered(path, f"le fichier {path.name} contient la version "
                                    f"{version.numero}", line=lines.get(("numero",)), field="numero"))
    return version


def list_versions(folder: Path, *, problems: list[Problem] | None = None) -> list[VersionInfo]:
    """The recorded versions of ``folder``, by number (empty if there is no folder).

    Args:
        folder: The versions folder.
        problems: If given, altered versions are left out of the list and their problems are
            appended here (to show the history and the alert together); otherwise an altered
            version raises.

    Raises:
        AnswersError: A version is altered (only when ``problems`` is not given); every altered
            file is named.
    """
    folder = Path(folder)
    found: list[Problem] = []
    infos: list[VersionInfo] = []
    for _, path in _version_files(folder):
        try:
            infos.append(load_version(path).info())
        except AnswersError as exc:
            found.extend(exc.problems)
    if found and problems is None:
        raise AnswersError(found)
    if problems is not None:
        problems.extend(found)
    return infos
