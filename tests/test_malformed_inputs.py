"""Bad input, tried systematically, for every loader.

A catalogue of malformed files (empty, binary, truncated, Latin-1, wrong types, unknown codes,
impossible dates, huge, duplicated keys, deep nesting, object-building tags, alias bombs) is fed to
each loader that reads a file written by a person. Each one must end in a
:class:`~qsecase.errors.QsecaseError` whose message is French, names the file and, when it makes
sense, the line or the field — never another exception, never a hang, and nothing executed.
"""

from __future__ import annotations

import datetime as dt
import re
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from casefactory import NC_COLUMNS, NC_CSV, make_case
from qsecase.answers import read_answers
from qsecase.case_model import Column
from qsecase.corpus import load_case
from qsecase.duerp_store import load_version, record_version
from qsecase.errors import (
    AnswerKeyError,
    AnswersError,
    CaseError,
    CsvError,
    InputError,
    OverridesError,
    QsecaseError,
)
from qsecase.exercises import registry
from qsecase.exercises.duerp_rps import corpus_data
from qsecase.grading.overrides import read_overrides
from qsecase.io.csvtable import read_table
from qsecase.io.yamlfile import load_data
from qsecase.methods.duerp import Situation
from test_duerp_corpus import ROWS as DUERP_ROWS
from test_duerp_corpus import csv as duerp_csv
from test_duerp_corpus import duerp_case

TIMEOUT_S = 30
"""No loader may take this long on any input (a hang fails the test instead of blocking)."""

HUGE_BYTES = 50_000_000
QUICK_S = 5.0
"""A file over the size limit must be refused within this time (its size is checked first)."""

MARKER = "{MARKER}"
"""Replaced by the path of a file an executed tag payload would create."""


@pytest.fixture(autouse=True)
def _timeout_guard() -> Iterator[None]:
    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"le chargeur n'a pas répondu en {TIMEOUT_S} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(TIMEOUT_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------------- French and located

_ENGLISH = re.compile(
    r"\b(expected|unexpected|found|could not|cannot|should be|Field required|Input should|"
    r"invalid|not allowed|while (?:parsing|scanning|constructing)|end of data|line contains|"
    r"RecursionError|ValueError|TypeError|KeyError|Traceback|out of range|must be)\b",
    re.IGNORECASE,
)
_FRENCH = re.compile(
    r"[éèàêçù]|\b(le|la|les|du|de|des|un|une|fichier|attendu|ligne|champ|non|pas)\b",
    re.IGNORECASE,
)


def check_error(err: BaseException, file_name: str, *, line: bool, field: bool) -> None:
    """``err`` is a QsecaseError, French, naming ``file_name`` and the line or field if asked."""
    assert isinstance(err, QsecaseError), f"{type(err).__name__} : {err}"
    text = str(err)
    assert file_name in text, f"le message ne nomme pas {file_name} : {text}"
    assert _FRENCH.search(text), f"message non français : {text}"
    english = _ENGLISH.search(text)
    assert english is None, f"anglais dans le message ({english.group(0)!r}) : {text}"
    if line or field:
        assert isinstance(err, InputError), text
        located = [p for p in err.problems
                   if (line and p.line is not None) or (field and p.field)]
        wanted = " ou ".join(w for w, on in (("ligne", line), ("champ", field)) if on)
        assert located, f"aucun problème ne donne la {wanted} : {text}"


# --------------------------------------------------------------------------- loaders


@dataclass
class Loader:
    """One loader: its file, a valid content, and how to call it on a content."""

    name: str
    file_name: str
    valid: str
    run: Callable[[Path, bytes], Any]
    error: type[QsecaseError]
    kind: str  # "yaml", "json", "csv" or "markdown"
    empty_is_none: bool = False
    """The loader documents an empty file as « nothing » (no error)."""
    extra: dict[str, Any] = field(default_factory=dict)


def _write(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def _case_yaml_text(tmp_path: Path) -> str:
    return (make_case(tmp_path / "modele") / "case.yaml").read_text(encoding="utf-8")


def _run_case_yaml(tmp: Path, content: bytes) -> Any:
    return load_case(make_case(tmp, raw_yaml=content))


def _run_case_csv(tmp: Path, content: bytes) -> Any:
    return load_case(make_case(tmp, files={"corpus/nc.csv": content}))


def _run_case_md(tmp: Path, content: bytes) -> Any:
    return load_case(make_case(tmp, files={"corpus/entretiens.md": content}))


def _run_read_table(tmp: Path, content: bytes) -> Any:
    columns = [Column.model_validate(c) for c in NC_COLUMNS]
    return read_table(_write(tmp / "nc.csv", content), columns)


def _run_load_data(tmp: Path, content: bytes) -> Any:
    return load_data(_write(tmp / "donnees.yaml", content))


def _run_load_data_json(tmp: Path, content: bytes) -> Any:
    return load_data(_write(tmp / "donnees.json", content))


def _run_answers(tmp: Path, content: bytes) -> Any:
    exercise = registry.get("probleme")
    return read_answers(_write(tmp / "alice" / "probleme.yaml", content), exercise.answers_model,
                        exercise="probleme")


def _run_key(tmp: Path, content: bytes) -> Any:
    return registry.load_key(registry.get("audit"), _write(tmp / "key" / "audit.yaml", content))


def _run_overrides(tmp: Path, content: bytes) -> Any:
    return read_overrides(_write(tmp / "overrides.csv", content))


def _run_previous_version(tmp: Path, content: bytes) -> Any:
    case_dir = duerp_case(tmp)
    (case_dir / "corpus" / "duerp-2025.csv").write_bytes(content)
    return corpus_data.previous_version(load_case(case_dir))


def _run_load_version(tmp: Path, content: bytes) -> Any:
    return load_version(_write(tmp / "versions" / "v0001.yaml", content))


def _version_text(tmp: Path) -> str:
    situation = Situation(id="REC-01", unite="REC", situation="Déchargement des camions",
                          famille="circulation", g=3, f=3)
    folder = tmp / "modele-versions"
    version = record_version(folder, [situation], auteur="Hélène", motif="Mise à jour",
                             now=dt.datetime(2026, 3, 12, 9, 0))
    return next(folder.glob(f"*{version.numero}*")).read_text(encoding="utf-8")


ANSWERS_YAML = ("schema_version: 1\nexercise: probleme\ncase: atelier-test\ntrainee: hélène\n"
                "answers: {}\n")
KEY_YAML = (Path(__file__).resolve().parents[1] / "cases" / "ventoux" / "key" / "audit.yaml").read_text(
    encoding="utf-8")
OVERRIDES_CSV = ("trainee;exercise;item;points;status;comment\n"
                 "hélène;probleme;1-1;;acquis;réglé en séance\n"
                 "hélène;probleme;qqoqcp;1,5;;\n")

LOADERS: dict[str, Loader] = {
    loader.name: loader for loader in [
        Loader("load_case(case.yaml)", "case.yaml", "", _run_case_yaml, CaseError, "yaml"),
        Loader("load_case(corpus CSV)", "nc.csv", NC_CSV, _run_case_csv, CaseError, "csv"),
        Loader("load_case(corpus Markdown)", "entretiens.md", "", _run_case_md, CaseError,
               "markdown"),
        Loader("read_table", "nc.csv", NC_CSV, _run_read_table, CsvError, "csv"),
        Loader("load_data", "donnees.yaml", "nom: Hélène\nnotes: [1, 2]\n", _run_load_data,
               InputError, "yaml"),
        Loader("load_data(JSON)", "donnees.json", '{"nom": "Hélène", "notes": [1, 2]}\n',
               _run_load_data_json, InputError, "json"),
        Loader("read_answers", "probleme.yaml", ANSWERS_YAML, _run_answers, AnswersError, "yaml"),
        Loader("load_key", "audit.yaml", KEY_YAML, _run_key, AnswerKeyError, "yaml"),
        Loader("read_overrides", "overrides.csv", OVERRIDES_CSV, _run_overrides, OverridesError,
               "csv", empty_is_none=True),
        Loader("previous_version", "duerp-2025.csv", duerp_csv(*DUERP_ROWS), _run_previous_version,
               CaseError, "csv"),
        Loader("load_version", "v0001.yaml", "", _run_load_version, AnswersError, "yaml"),
    ]
}


# --------------------------------------------------------------------------- the catalogue

Content = Callable[[str], bytes]
"""Builds the malformed bytes from the loader's valid text."""


@dataclass(frozen=True)
class Bad:
    content: Content
    line: bool = False
    field: bool = False


def _latin1(valid: str) -> bytes:
    text = valid if "é" in valid else valid + "# réglé\n"
    return text.encode("cp1252", errors="replace")  # « é » is 0xE9, as in Latin-1


def _deep_yaml(_: str) -> bytes:
    return ("donnees: " + "[" * 10_000 + "]" * 10_000 + "\n").encode()


def _deep_json(_: str) -> bytes:
    return ('{"donnees": ' + "[" * 100_000 + "]" * 100_000 + "}\n").encode()


_BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
) + "\n"

_TAG = f'!!python/object/apply:os.system ["touch {MARKER}"]\n'
_TAG_IN_MAPPING = f'exercise: !!python/object/apply:os.system ["touch {MARKER}"]\n'

COMMON: dict[str, Bad] = {
    "vide": Bad(lambda valid: b""),
    "octets NUL": Bad(lambda valid: b"id;nom\n\x00\x00\x00\x01\x02binaire\n"),
    "en-tête PNG": Bad(lambda valid: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
    "Latin-1 (export Excel)": Bad(_latin1, line=True),
}

YAML: dict[str, Bad] = {
    "tronqué dans une liste": Bad(lambda v: (v + "liste: [1, 2, {a: 3\n").encode(), line=True),
    "clé en double": Bad(lambda v: (v + "doublon: 1\ndoublon: 2\n").encode(), line=True),
    "imbrication de 10 000 niveaux": Bad(_deep_yaml),
    "balise !!python/object/apply": Bad(lambda v: _TAG.encode(), line=True),
    "balise dans une valeur": Bad(lambda v: _TAG_IN_MAPPING.encode(), line=True),
    "bombe d'alias (billion laughs)": Bad(lambda v: _BILLION_LAUGHS.encode(), line=True),
    "date impossible 2026-02-30": Bad(lambda v: (v + "date_x: 2026-02-30\n").encode(), line=True),
}

JSON: dict[str, Bad] = {
    "tronqué dans une liste": Bad(lambda v: v.rstrip()[:-8].encode(), line=True),
    "imbrication de 100 000 niveaux": Bad(_deep_json),
}

CSV: dict[str, Bad] = {
    "tronqué dans un guillemet": Bad(lambda v: (v.rstrip("\n") + ';"texte coupé\n').encode(),
                                     line=True),
}
# Loader-specific malformations: wrong types, unknown codes, impossible dates, duplicated keys.
SPECIFIC: dict[str, dict[str, Bad]] = {
    "load_case(case.yaml)": {
        "texte au lieu d'un nombre": Bad(lambda v: re.sub(r"effectif: \d+", "effectif: quarante",
                                                          v).encode(), line=True, field=True),
        "exercice inconnu": Bad(lambda v: v.replace("- probleme", "- exercice-imaginaire").encode(),
                                line=True, field=True),
        "date impossible 31/04/2026": Bad(lambda v: re.sub(r"date_cas: .*", "date_cas: 31/04/2026",
                                                           v).encode(), line=True, field=True),
        "date impossible 2026-02-30 (champ)": Bad(
            lambda v: re.sub(r"date_cas: .*", "date_cas: 2026-02-30", v).encode(), line=True),
    },
    "read_table": {
        "texte au lieu d'un nombre": Bad(lambda v: v.replace(";12;", ";douze;").encode(),
                                         line=True, field=True),
        "identifiant non citable": Bad(lambda v: v.replace("NC-001", "NC 001 !").encode(),
                                       line=True, field=True),
        "date impossible 2026-02-30": Bad(lambda v: v.replace("2026-01-08", "2026-02-30").encode(),
                                          line=True, field=True),
        "date impossible 31/04/2026": Bad(lambda v: v.replace("15/01/2026", "31/04/2026").encode(),
                                          line=True, field=True),
        "identifiant en double": Bad(lambda v: v.replace("NC-002", "NC-001").encode(),
                                     line=True, field=True),
        "colonne en double": Bad(lambda v: v.replace("description\n", "description;id\n", 1)
                                 .replace("coulures\n", "coulures;X\n").encode(), line=True),
    },
    "read_answers": {
        "texte au lieu d'un nombre": Bad(lambda v: v.replace("schema_version: 1",
                                                             "schema_version: un").encode(),
                                         line=True, field=True),
        "exercice inconnu": Bad(lambda v: v.replace("exercise: probleme",
                                                    "exercise: exercice-imaginaire").encode(),
                                line=True, field=True),
        "date impossible (texte)": Bad(lambda v: (v + "saved_at: 31/04/2026 10:00\n").encode(),
                                       line=True, field=True),
    },
    "load_key": {
        "texte au lieu d'un nombre": Bad(lambda v: v.replace("taille_min: 12", "taille_min: douze")
                                         .encode(), line=True, field=True),
        "exercice inconnu": Bad(lambda v: v.replace("exercise: audit", "exercise: imaginaire")
                                .encode(), line=True, field=True),
        "date impossible 31/04/2026": Bad(lambda v: re.sub(r"date_audit: \S+", "date_audit: 31/04/2026",
                                                           v).encode(), line=True, field=True),
        "date impossible 2026-04-31": Bad(lambda v: re.sub(r"date_audit: \S+", "date_audit: 2026-04-31",
                                                           v).encode(), line=True),
    },
    "read_overrides": {
        "texte au lieu d'un nombre": Bad(lambda v: v.replace("1,5", "beaucoup").encode(),
                                         line=True, field=True),
        "statut inconnu": Bad(lambda v: v.replace("acquis", "génial").encode(), line=True,
                              field=True),
        "tronqué dans un commentaire": Bad(lambda v: (v + 'hélène;probleme;1-2;;acquis;"réglé en')
                                           .encode(), line=True),
        "ligne en double": Bad(lambda v: (v + v.splitlines()[2] + "\n").encode(), line=True),
        "en-tête incomplet": Bad(lambda v: v.replace("trainee;", "stagiaires;", 1).encode(),
                                 line=True, field=True),
    },
    "previous_version": {
        "texte au lieu d'un nombre": Bad(lambda v: v.replace(";3;3;2;", ";grave;3;2;").encode(),
                                         line=True, field=True),
        "famille inconnue": Bad(lambda v: v.replace("circulation", "extraterrestre").encode(),
                                line=True, field=True),
        "unité inconnue": Bad(lambda v: v.replace("ATL-01;ATL", "ATL-01;XYZ").encode(),
                              line=True, field=True),
        "cotation hors grille": Bad(lambda v: v.replace(";4;1;3;", ";9;1;3;").encode(),
                                    line=True, field=True),
        "repère en double": Bad(lambda v: v.replace("REC-02", "REC-01").encode(), line=True,
                                field=True),
    },
    "load_version": {
        "texte au lieu d'un nombre": Bad(lambda v: re.sub(r"numero: \d+", "numero: premier",
                                                          v).encode(), line=True, field=True),
        "famille inconnue": Bad(lambda v: v.replace("circulation", "extraterrestre").encode(),
                                line=True, field=True),
        "date impossible 31/04/2026": Bad(lambda v: re.sub(r"^date: .*", "date: 31/04/2026 09:00",
                                                           v, flags=re.M).encode(),
                                          line=True, field=True),
        "contenu modifié": Bad(lambda v: v.replace("Mise à jour", "Mise à jour modifiée").encode(),
                               field=True),
    },
}
SPECIFIC["load_case(corpus CSV)"] = SPECIFIC["read_table"]
SPECIFIC["load_case(corpus Markdown)"] = {
    "fait cité mais jamais défini": Bad(lambda v: b"# Notes\n\n[E1] Un fait.\n\nVoir [E99].\n",
                                        line=True),
}


def _catalogue() -> list[Any]:
    params = []
    for loader in LOADERS.values():
        by_kind = {"yaml": YAML, "json": JSON, "csv": CSV, "markdown": {}}[loader.kind]
        cases = {**COMMON, **by_kind, **SPECIFIC.get(loader.name, {})}
        for name, bad in cases.items():
            marks: list[Any] = []
            params.append(pytest.param(loader.name, name, bad, id=f"{loader.name}-{name}",
                                       marks=marks))
    return params


def _valid_text(loader: Loader, tmp_path: Path) -> str:
    if loader.name == "load_case(case.yaml)":
        return _case_yaml_text(tmp_path)
    if loader.name == "load_version":
        return _version_text(tmp_path)
    if loader.name == "load_case(corpus Markdown)":
        return "# Entretiens\n\n[E1] Le régleur est parti.\n"
    return loader.valid


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("loader_name", list(LOADERS))
def test_valid_input_is_read(tmp_path: Path, loader_name: str) -> None:
    """The baseline each malformation starts from is itself valid."""
    loader = LOADERS[loader_name]
    loader.run(tmp_path / "essai", _valid_text(loader, tmp_path).encode("utf-8"))


@pytest.mark.parametrize(("loader_name", "case_name", "bad"), _catalogue())
def test_malformed_input_is_refused_in_french(tmp_path: Path, loader_name: str, case_name: str,
                                              bad: Bad) -> None:
    loader = LOADERS[loader_name]
    marker = tmp_path / "execute.marker"
    content = bad.content(_valid_text(loader, tmp_path))
    content = content.replace(MARKER.encode(), str(marker).encode())
    if loader.empty_is_none and not content:
        assert loader.run(tmp_path / "essai", content) == []  # documented: empty = no override
        return
    with pytest.raises(QsecaseError) as caught:
        loader.run(tmp_path / "essai", content)
    assert isinstance(caught.value, loader.error), f"{type(caught.value).__name__} : {caught.value}"
    check_error(caught.value, loader.file_name, line=bad.line, field=bad.field)
    assert not marker.exists(), "la balise YAML a été exécutée"


@pytest.mark.parametrize("loader_name", list(LOADERS))
def test_huge_file_is_refused_quickly(tmp_path: Path, loader_name: str) -> None:
    loader = LOADERS[loader_name]
    valid = _valid_text(loader, tmp_path).encode("utf-8")
    filler = b"# remplissage\n" if loader.kind == "yaml" else b" \n"
    content = valid + filler * ((HUGE_BYTES - len(valid)) // len(filler) + 1)
    start = time.perf_counter()
    with pytest.raises(QsecaseError) as caught:
        loader.run(tmp_path / "essai", content)
    elapsed = time.perf_counter() - start
    check_error(caught.value, loader.file_name, line=False, field=False)
    assert "volumineux" in str(caught.value), f"refusé, mais pas pour sa taille : {caught.value}"
    assert elapsed < QUICK_S, f"refus en {elapsed:.1f} s"
