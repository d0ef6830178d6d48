"""DUERP inputs of a case: the ``duerp`` section of case.yaml and the previous version's table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from casefactory import base_spec, make_case
from qsecase.corpus import load_case
from qsecase.errors import CaseError, QsecaseError
from qsecase.exercises.duerp_rps import corpus_data
from qsecase.methods.duerp_update import fingerprint

TABLE = "corpus/duerp-2025.csv"

HEADER = "id;unite;situation;fonctionnement;famille;danger;dommage;mesures;g;f;m;methode;handicap;exposes"
ROWS = [
    "REC-01;REC;Déchargement des camions;normal;circulation;Heurt par un chariot;Écrasement;"
    "Plan de circulation | CACES R489;3;3;2;EvRP;;4",
    "REC-02;REC;Manutention des colis;normal;activite-physique;Port de charges;TMS;"
    "Aide à la manutention;2;4;1;OREGE;Poste adapté pour un salarié RQTH;6",
    "ATL-01;ATL;Panne du convoyeur;degrade;machines;Entraînement;Amputation;Consignation;4;1;3;"
    "EvRP;;",
]


def csv(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def columns(id_key: bool = True) -> list[dict[str, Any]]:
    types = {"g": "entier", "f": "entier", "m": "entier", "exposes": "entier",
             "unite": "categorie", "fonctionnement": "categorie", "famille": "categorie",
             "methode": "categorie"}
    return [{"nom": name, "type": types.get(name, "texte"), "cle": id_key and name == "id"}
            for name in HEADER.split(";")]


def duerp_section(document: str = "duerp-2025") -> dict[str, Any]:
    return {
        "cotation": {
            "gravite": [{"valeur": v, "libelle": f"G{v}"} for v in range(1, 5)],
            "frequence": [{"valeur": v, "libelle": f"F{v}"} for v in range(1, 5)],
            "maitrise": [{"valeur": 1, "libelle": "Insuffisante", "coefficient": 1.0},
                         {"valeur": 2, "libelle": "Partielle", "coefficient": 0.75},
                         {"valeur": 3, "libelle": "Bonne", "coefficient": 0.5}],
            "seuils": [{"priorite": 1, "libelle": "Action immédiate", "minimum": 9},
                       {"priorite": 2, "libelle": "Action à planifier", "minimum": 4},
                       {"priorite": 3, "libelle": "À surveiller", "minimum": 0}],
            "source": "Grille G × F de l'organisation",
        },
        "version_precedente": {"document": document, "numero": 4, "date": dt.date(2025, 11, 20),
                               "auteur": "Responsable QSE", "motif": "Mise à jour annuelle"},
    }


def duerp_case(tmp_path: Path, table: str = csv(*ROWS), *, id_key: bool = True,
               **overrides: Any) -> Path:
    """A case with two work units, a ``duerp`` section and the previous version's table."""
    documents = [*base_spec()["documents"],
                 {"id": "duerp-2025", "titre": "DUERP version 4 (novembre 2025)", "fichier": TABLE,
                  "type": "tableau", "colonnes": columns(id_key)}]
    spec: dict[str, Any] = dict(
        organisation={"unites_travail": [{"id": "REC", "nom": "Réception", "effectif": 8},
                                         {"id": "ATL", "nom": "Atelier", "effectif": 20}]},
        documents=documents, duerp=duerp_section())
    spec.update(overrides)
    return make_case(tmp_path, files={TABLE: table}, **spec)


def problems(err: pytest.ExceptionInfo[CaseError]) -> list[tuple[str, int | None, str | None]]:
    return [(p.file, p.line, p.field) for p in err.value.problems]


# --- a valid previous version -----------------------------------------------------------------------
def test_previous_version_is_read_with_its_record(tmp_path: Path) -> None:
    case = load_case(duerp_case(tmp_path))
    version = corpus_data.previous_version(case)
    assert (version.numero, version.auteur, version.motif) == (4, "Responsable QSE",
                                                               "Mise à jour annuelle")
    assert version.date == dt.datetime(2025, 11, 20, 0, 0)
    assert [s.id for s in version.situations] == ["REC-01", "REC-02", "ATL-01"]
    rec1, rec2, atl1 = version.situations
    assert rec1.mesures == ["Plan de circulation", "CACES R489"]
    assert (rec1.g, rec1.f, rec1.m, rec1.exposes, rec1.handicap) == (3, 3, 2, 4, "")
    assert rec2.handicap == "Poste adapté pour un salarié RQTH"
    assert rec2.methode == "OREGE"
    assert atl1.fonctionnement == "dégradé"
    assert atl1.exposes is None


def test_previous_version_carries_its_fingerprint(tmp_path: Path) -> None:
    case = load_case(duerp_case(tmp_path))
    version = corpus_data.previous_version(case)
    assert len(version.empreinte) == 64
    assert version.empreinte == fingerprint(version)
    assert version.info().empreinte == version.empreinte
    assert corpus_data.previous_version(case).empreinte == version.empreinte  # stable


def test_fingerprint_follows_the_table(tmp_path: Path) -> None:
    first = corpus_data.previous_version(load_case(duerp_case(tmp_path / "a")))
    rerated = csv(ROWS[0].replace(";3;3;2;", ";3;4;2;"), *ROWS[1:])
    second = corpus_data.previous_version(load_case(duerp_case(tmp_path / "b", rerated)))
    assert first.empreinte != second.empreinte


def test_scale_settings_and_units(tmp_path: Path) -> None:
    case = load_case(duerp_case(tmp_path))
    assert corpus_data.units(case) == ["REC", "ATL"]
    grid = corpus_data.scale(case)
    assert (grid.g_max, grid.f_max, grid.uses_control) == (4, 4, True)
    assert corpus_data.settings(case).version_precedente.document == "duerp-2025"


def test_the_table_order_of_columns_does_not_matter(tmp_path: Path) -> None:
    names = HEADER.split(";")
    order = list(reversed(range(len(names))))
    table = "\n".join(";".join(line.split(";")[i] for i in order)
                      for line in [HEADER, *ROWS]) + "\n"
    version = corpus_data.previous_version(load_case(duerp_case(tmp_path, table)))
    assert [s.id for s in version.situations] == ["REC-01", "REC-02", "ATL-01"]
    assert version.situations[0].mesures == ["Plan de circulation", "CACES R489"]


# --- bad rows ---------------------------------------------------------------------------------------
def bad_version(tmp_path: Path, *rows: str, id_key: bool = True) -> pytest.ExceptionInfo[CaseError]:
    case = load_case(duerp_case(tmp_path, csv(*rows), id_key=id_key))
    with pytest.raises(CaseError) as err:
        corpus_data.previous_version(case)
    return err


def test_rating_off_the_grid(tmp_path: Path) -> None:
    err = bad_version(tmp_path, ROWS[0], ROWS[1].replace(";2;4;1;", ";7;4;1;"), ROWS[2])
    assert problems(err) == [(TABLE, 3, "g")]
    assert str(err.value).startswith(f"{TABLE}, ligne 3, champ « g » : la gravité G se cote de 1 à 4 "
                                     "dans la grille de l'organisation (reçu : 7)")


def test_rating_beyond_any_grid_is_reported_in_french(tmp_path: Path) -> None:
    err = bad_version(tmp_path, ROWS[0].replace(";3;3;2;", ";3;12;2;"), *ROWS[1:])
    assert problems(err) == [(TABLE, 2, "f")]
    assert "valeur trop grande (reçu : 12)" in str(err.value)


def test_control_level_missing_or_off_the_grid(tmp_path: Path) -> None:
    err = bad_version(tmp_path, ROWS[0].replace(";3;3;2;", ";3;3;;"),
                      ROWS[1].replace(";2;4;1;", ";2;4;4;"), ROWS[2])
    assert problems(err) == [(TABLE, 2, "m"), (TABLE, 3, "m")]
    assert "la maîtrise M est à coter de 1 à 3" in str(err.value)
    assert "la maîtrise M se cote de 1 à 3 dans la grille de l'organisation (reçu : 4)" in str(err.value)


def test_unknown_unit(tmp_path: Path) -> None:
    err = bad_version(tmp_path, *ROWS[:2], ROWS[2].replace("ATL-01;ATL;", "ATL-01;MAG;"))
    assert problems(err) == [(TABLE, 4, "unite")]
    assert f"{TABLE}, ligne 4, champ « unite » : unité de travail « MAG » inconnue" in str(err.value)


def test_unknown_family_is_reported_in_french(tmp_path: Path) -> None:
    err = bad_version(tmp_path, ROWS[0].replace(";circulation;", ";vol;"), *ROWS[1:])
    assert problems(err) == [(TABLE, 2, "famille")]
    message = str(err.value)
    assert message.startswith(f"{TABLE}, ligne 2, champ « famille » : valeur non autorisée")
    assert "'vol'" in message
    assert "Input should be" not in message


def test_duplicate_id_in_the_key_column_is_refused_when_loading(tmp_path: Path) -> None:
    with pytest.raises(CaseError) as err:
        load_case(duerp_case(tmp_path, csv(*ROWS, ROWS[0].replace(";3;3;2;", ";2;2;2;"))))
    found = [p for p in err.value.problems if "en double" in p.message]
    assert len(found) == 1
    assert found[0].file.endswith(TABLE)
    assert (found[0].line, found[0].field) == (5, "id")
    assert "déjà ligne 2" in found[0].message


def test_duplicate_id_without_key_column(tmp_path: Path) -> None:
    err = bad_version(tmp_path, *ROWS, ROWS[0], id_key=False)
    assert problems(err) == [(TABLE, 5, "id")]
    assert str(err.value).startswith(f"{TABLE}, ligne 5, champ « id » : repère REC-01 en double")
    assert "ligne 2" in str(err.value).split(" — ")[0]


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    err = bad_version(tmp_path,
                      ROWS[0].replace(";3;3;2;", ";7;3;2;"),                 # line 2: G = 7
                      ROWS[1].replace("REC-02;REC;", "REC-02;MAG;"),         # line 3: unit
                      ROWS[2].replace(";machines;", ";robots;"),             # line 4: family
                      ROWS[0].replace(";3;3;2;", ";1;1;1;"),                 # line 5: duplicate
                      ROWS[1].replace("REC-02;REC;", "REC-03;REC;").replace(";2;4;1;", ";2;4;9;"),
                      id_key=False)
    assert sorted(problems(err), key=lambda p: p[1] or 0) == [
        (TABLE, 2, "g"), (TABLE, 3, "unite"), (TABLE, 4, "famille"), (TABLE, 5, "id"),
        (TABLE, 6, "m")]
    assert len(str(err.value).splitlines()) == 5


def test_a_row_with_several_problems_reports_each(tmp_path: Path) -> None:
    row = ROWS[0].replace("REC-01;REC;", "REC-01;MAG;").replace(";3;3;2;", ";5;6;2;")
    err = bad_version(tmp_path, row, *ROWS[1:])
    assert problems(err) == [(TABLE, 2, "g"), (TABLE, 2, "f"), (TABLE, 2, "unite")]


@pytest.mark.parametrize("first", [
    ROWS[0].replace("Plan de circulation | CACES R489", '"Plan de circulation\nCACES R489"'),
    ROWS[0] + "\n",
])
def test_line_numbers_after_a_row_on_two_lines(tmp_path: Path, first: str) -> None:
    err = bad_version(tmp_path, first, ROWS[1].replace(";2;4;1;", ";7;4;1;"), ROWS[2])
    assert problems(err) == [(TABLE, 4, "g")]  # the bad row starts on line 4 of the file


# --- the duerp section of case.yaml -----------------------------------------------------------------
def test_case_without_duerp_section(tmp_path: Path) -> None:
    case = load_case(make_case(tmp_path))
    assert case.spec.duerp is None
    for read in (corpus_data.settings, corpus_data.scale, corpus_data.previous_version):
        with pytest.raises(QsecaseError) as err:
            read(case)
        assert not isinstance(err.value, CaseError)
        assert str(err.value) == ("le cas « atelier-test » ne décrit pas son DUERP : ajoutez à "
                                  "case.yaml la section « duerp » (grille de cotation et version "
                                  "précédente)")


def test_previous_version_must_be_a_corpus_document(tmp_path: Path) -> None:
    case_dir = duerp_case(tmp_path, duerp=duerp_section(document="duerp-2024"))
    with pytest.raises(CaseError) as err:
        load_case(case_dir)
    message = str(err.value)
    assert message.startswith(str(case_dir / "case.yaml"))
    assert "duerp.version_precedente.document : « duerp-2024 » n'est pas un document du corpus" in message


def test_previous_version_must_be_a_table(tmp_path: Path) -> None:
    case = load_case(duerp_case(tmp_path, duerp=duerp_section(document="entretiens")))
    with pytest.raises(QsecaseError) as err:
        corpus_data.previous_version(case)
    assert str(err.value) == ("cas « atelier-test » : le document « entretiens » de la version "
                              "précédente du DUERP doit être un tableau (CSV)")


def test_an_inconsistent_grid_is_refused_when_loading(tmp_path: Path) -> None:
    section = duerp_section()
    section["cotation"]["seuils"][-1]["minimum"] = 1
    with pytest.raises(CaseError) as err:
        load_case(duerp_case(tmp_path, duerp=section))
    assert "la dernière priorité doit commencer à 0" in str(err.value)
