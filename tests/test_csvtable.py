"""Tests of the corpus CSV reader: separators, French numbers and dates, and located errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casefactory import NC_COLUMNS, NC_CSV
from qsecase.case_model import Column
from qsecase.errors import CsvError, InputError
from qsecase.io.csvtable import MAX_PROBLEMS, CellError, parse_cell, read_table

COLUMNS = [Column(**c) for c in NC_COLUMNS]
HEADER = "id;date;atelier;quantite;cout_eur;description\n"


def write(tmp_path: Path, content: str | bytes, name: str = "nc.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def problems_of(path: Path, columns: list[Column] = COLUMNS, **kwargs: str) -> list[str]:
    with pytest.raises(CsvError) as info:
        read_table(path, columns, **kwargs)
    return [str(p) for p in info.value.problems]


# --------------------------------------------------------------------------- good files


def test_semicolon_table_is_typed(tmp_path: Path) -> None:
    rows = read_table(write(tmp_path, NC_CSV), COLUMNS)
    assert len(rows) == 4
    first, second, _, last = rows
    assert first == {"id": "NC-001", "date": dt.date(2026, 1, 8), "atelier": "usinage",
                     "quantite": 12, "cout_eur": 1234.5, "description": "cote hors tolérance"}
    assert second["date"] == dt.date(2026, 1, 15)  # French date
    assert second["cout_eur"] == pytest.approx(89.9)  # decimal comma
    assert last["quantite"] is None and last["cout_eur"] is None  # empty cells
    assert list(first) == [c.nom for c in COLUMNS]


def test_comma_separator_gives_the_same_rows(tmp_path: Path) -> None:
    semicolon = read_table(write(tmp_path, NC_CSV, "a.csv"), COLUMNS)
    comma = (
        "id,date,atelier,quantite,cout_eur,description\n"
        'NC-001,2026-01-08,usinage,12,"1 234,50",cote hors tolérance\n'
        'NC-002,15/01/2026,peinture,3,"89,9",coulures\n'
        "NC-003,2026-02-02,usinage,40,2500,bavures\n"
        "NC-004,03/02/2026,montage,,,vis manquante\n"
    )
    assert read_table(write(tmp_path, comma, "b.csv"), COLUMNS) == semicolon


def test_columns_may_come_in_any_order(tmp_path: Path) -> None:
    text = "description;id;cout_eur;quantite;atelier;date\nbavures;NC-9;12,5;1;usinage;2026-01-02\n"
    rows = read_table(write(tmp_path, text), COLUMNS)
    assert rows[0]["id"] == "NC-9" and rows[0]["cout_eur"] == 12.5
    assert list(rows[0]) == [c.nom for c in COLUMNS]


def test_bom_crlf_and_blank_lines_are_accepted(tmp_path: Path) -> None:
    text = "\ufeff" + NC_CSV.replace("\n", "\r\n") + "\r\n;;;;;\r\n\r\n"
    rows = read_table(write(tmp_path, text.encode("utf-8")), COLUMNS)
    assert [r["id"] for r in rows] == ["NC-001", "NC-002", "NC-003", "NC-004"]


def test_quoted_cell_with_newline_keeps_line_numbers_right(tmp_path: Path) -> None:
    text = HEADER + 'NC-1;2026-01-01;usinage;1;1;"deux\nlignes"\nNC-2;2026-01-01;usinage;x;1;ok\n'
    problems = problems_of(write(tmp_path, text))
    assert len(problems) == 1
    assert "ligne 4, champ « quantite »" in problems[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1 234,50", 1234.5),
        ("1\u00a0234,50", 1234.5),  # no-break space
        ("1\u202f234,5", 1234.5),  # narrow no-break space (French typography)
        ("1\u2009234", 1234.0),  # thin space
        ("12 345 678,9", 12345678.9),
        ("1234,5", 1234.5),
        ("1234.5", 1234.5),
        ("-3,25", -3.25),
        ("\u22123,25", -3.25),  # Unicode minus sign
        (",5", 0.5),
        ("1.234,50", 1234.5),
        ("1,234.50", 1234.5),
        ("1,5E+03", 1500.0),
        ("  42  ", 42.0),
    ],
)
def test_french_numbers(raw: str, expected: float) -> None:
    assert parse_cell(raw, "nombre") == pytest.approx(expected)


@pytest.mark.parametrize("raw", ["12,5,3", "1 2", "1..2", "abc", "1 2345", "12-3", "nan"])
def test_bad_numbers(raw: str) -> None:
    with pytest.raises(CellError) as info:
        parse_cell(raw, "nombre")
    assert info.value.message == f"« {raw} » n'est pas un nombre (attendu : 12,5 ou 12.5)"


def test_number_with_unit_gets_a_fix() -> None:
    with pytest.raises(CellError) as info:
        parse_cell("1 234 €", "nombre")
    assert "« 1 234 € » n'est pas un nombre" in info.value.message
    assert info.value.fix is not None and "unité" in info.value.fix


def test_integers() -> None:
    assert parse_cell("1 200", "entier") == 1200
    assert parse_cell("-7", "entier") == -7
    with pytest.raises(CellError, match=r"« 12,5 » n'est pas un nombre entier"):
        parse_cell("12,5", "entier")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2026-03-12", dt.date(2026, 3, 12)), ("12/03/2026", dt.date(2026, 3, 12)),
     ("1/3/2026", dt.date(2026, 3, 1)), ("29/02/2024", dt.date(2024, 2, 29))],
)
def test_dates(raw: str, expected: dt.date) -> None:
    assert parse_cell(raw, "date") == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("31/02/2026",
         "« 31/02/2026 » n'est pas une date valide (le 31 février 2026 n'existe pas)"),
        ("2026-13-01", "« 2026-13-01 » n'est pas une date valide (il n'y a pas de mois n° 13)"),
        ("12/03/26", "« 12/03/26 » : année sur deux chiffres"),
        ("12.03.2026", "« 12.03.2026 » n'est pas une date (attendu : AAAA-MM-JJ ou JJ/MM/AAAA"),
        ("mars 2026", "« mars 2026 » n'est pas une date"),
    ],
)
def test_bad_dates(raw: str, message: str) -> None:
    with pytest.raises(CellError) as info:
        parse_cell(raw, "date")
    assert info.value.message.startswith(message)


def test_text_is_stripped_and_empty_is_none() -> None:
    assert parse_cell("  usinage ", "categorie") == "usinage"
    assert parse_cell("   ", "texte") is None
    assert parse_cell("", "nombre") is None


# --------------------------------------------------------------------------- bad cells


def test_every_bad_cell_is_reported_with_line_and_column(tmp_path: Path) -> None:
    text = (
        HEADER
        + "NC-1;2026-01-01;usinage;1;12,5,3;ok\n"
        + "NC-2;31/02/2026;usinage;1,5;10;ok\n"
    )
    problems = problems_of(write(tmp_path, text), display_name="cases/x/corpus/nc.csv")
    assert problems == [
        "cases/x/corpus/nc.csv, ligne 2, champ « cout_eur » : « 12,5,3 » n'est pas un nombre "
        "(attendu : 12,5 ou 12.5)",
        "cases/x/corpus/nc.csv, ligne 3, champ « date » : « 31/02/2026 » n'est pas une date "
        "valide (le 31 février 2026 n'existe pas)",
        "cases/x/corpus/nc.csv, ligne 3, champ « quantite » : « 1,5 » n'est pas un nombre entier "
        "(attendu : 12 ou 1 234)",
    ]


def test_error_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "NC-1;hier;usinage;1;1;ok\n")
    with pytest.raises(InputError) as info:
        read_table(path, COLUMNS)
    assert str(path) in str(info.value)
    assert "ligne 2, champ « date »" in str(info.value)


def test_problems_are_capped(tmp_path: Path) -> None:
    text = HEADER + "".join(f"NC-{i};x;usinage;1;1;ok\n" for i in range(200))
    problems = problems_of(write(tmp_path, text))
    assert len(problems) == MAX_PROBLEMS
    assert "ligne 2, champ « date »" in problems[0]
    assert "trop d'erreurs : seules les 49 premières sont listées" in problems[-1]


# --------------------------------------------------------------------------- keys


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    text = HEADER + "NC-1;2026-01-01;a;1;1;x\nNC-2;2026-01-01;a;1;1;x\nNC-1;2026-01-01;a;1;1;x\n"
    problems = problems_of(write(tmp_path, text))
    assert len(problems) == 1
    assert "ligne 4, champ « id » : identifiant « NC-1 » en double (déjà ligne 2)" in problems[0]


def test_empty_or_spaced_key_is_reported(tmp_path: Path) -> None:
    text = HEADER + ";2026-01-01;a;1;1;x\nNC 2;2026-01-01;a;1;1;x\n"
    problems = problems_of(write(tmp_path, text))
    assert "ligne 2, champ « id » : identifiant manquant dans la colonne clé" in problems[0]
    assert "ligne 3, champ « id » : « NC 2 » n'est pas un identifiant citable" in problems[1]


# --------------------------------------------------------------------------- header


def test_missing_and_unknown_columns_are_named(tmp_path: Path) -> None:
    text = "id;date;atelier;quantite;cout;description\nNC-1;2026-01-01;a;1;1;x\n"
    problems = problems_of(write(tmp_path, text))
    assert any("ligne 1, champ « cout » : colonne « cout » non déclarée dans case.yaml" in p
               for p in problems)
    assert any("ligne 1, champ « cout_eur » : colonne « cout_eur » absente de la ligne "
               "d'en-tête" in p for p in problems)


def test_column_differing_by_case_gets_a_rename_fix(tmp_path: Path) -> None:
    text = "id;date;atelier;Quantité;cout_eur;description\nNC-1;2026-01-01;a;1;1;x\n"
    problems = problems_of(write(tmp_path, text))
    assert problems == ["{}, ligne 1, champ « Quantité » : colonne « Quantité » non déclarée dans "
                        "case.yaml — renommez-la « quantite » (nom déclaré dans case.yaml)"
                        .format(tmp_path / "nc.csv")]


def test_duplicate_header_column(tmp_path: Path) -> None:
    text = "id;date;atelier;quantite;cout_eur;description;date\nNC-1;2026-01-01;a;1;1;x;y\n"
    problems = problems_of(write(tmp_path, text))
    assert any("colonne « date » en double dans la ligne d'en-tête" in p for p in problems)


def test_header_without_separator(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, "id date atelier\nNC-1 2026 a\n"))
    assert problems == [f"{tmp_path / 'nc.csv'}, ligne 1 : ligne d'en-tête sans séparateur "
                        "« ; » ni « , » — enregistrez le tableau en CSV avec « ; » ou « , » "
                        "comme séparateur"]


def test_tab_separator_is_refused_with_a_fix(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, HEADER.replace(";", "\t") + "NC-1\t2026-01-01\n"))
    assert "ligne 1 : séparateur tabulation non accepté" in problems[0]


def test_header_only_table(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, HEADER))
    assert "ligne 2 : le tableau n'a aucune ligne de données" in problems[0]


# --------------------------------------------------------------------------- ragged rows


def test_row_with_missing_cells(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, HEADER + "NC-1;2026-01-01;a\n"))
    assert "ligne 2 : 3 cellules au lieu de 6" in problems[0]
    assert "ajoutez les cellules manquantes" in problems[0]


def test_row_with_extra_cells_suggests_quotes(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, HEADER + "NC-1;2026-01-01;a;1;1;x;y\n"))
    assert "ligne 2 : 7 cellules au lieu de 6" in problems[0]
    assert "mettez entre guillemets la valeur qui contient « ; »" in problems[0]


def test_trailing_empty_cells_are_tolerated(tmp_path: Path) -> None:
    text = HEADER.replace("\n", ";\n") + "NC-1;2026-01-01;a;1;1;x;\n"
    assert read_table(write(tmp_path, text), COLUMNS)[0]["description"] == "x"


def test_unclosed_quote_is_pointed_at(tmp_path: Path) -> None:
    text = HEADER + 'NC-1;2026-01-01;a;1;1;"oups\nNC-2;2026-01-01;a;1;1;x\n'
    problems = problems_of(write(tmp_path, text))
    assert problems == [f"{tmp_path / 'nc.csv'}, ligne 2 : guillemet ouvert mais jamais fermé : "
                        "la valeur court jusqu'à la fin du fichier — fermez le guillemet dans "
                        "cette ligne"]


# --------------------------------------------------------------------------- unreadable files


def test_latin1_file_gets_the_utf8_fix(tmp_path: Path) -> None:
    text = HEADER + "NC-1;2026-01-01;a;1;1;ok\nNC-2;2026-01-01;a;1;1;défaut\n"
    problems = problems_of(write(tmp_path, text.encode("latin-1")))
    assert len(problems) == 1
    assert "ligne 3 : encodage non UTF-8" in problems[0]
    assert "réenregistrez-le en UTF-8" in problems[0]


def test_utf16_file(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, NC_CSV.encode("utf-16")))
    assert "UTF-16" in problems[0] and "réenregistrez-le en UTF-8" in problems[0]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n  \n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    problems = problems_of(write(tmp_path, content))
    assert problems == [f"{tmp_path / 'nc.csv'} : fichier vide (aucune ligne d'en-tête) — "
                        "ajoutez la ligne d'en-tête puis les lignes du tableau"]


def test_binary_file(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert "fichier binaire : ce n'est pas un tableau CSV" in problems[0]


def test_spreadsheet_saved_as_csv_name(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 20))
    assert "classeur Excel ou LibreOffice, pas un CSV" in problems[0]
    assert "CSV UTF-8" in problems[0]


def test_missing_file(tmp_path: Path) -> None:
    problems = problems_of(tmp_path / "absent.csv")
    assert problems == [f"{tmp_path / 'absent.csv'} : fichier introuvable — vérifiez le chemin "
                        "et le nom du fichier"]


def test_stray_quote_is_pointed_at(tmp_path: Path) -> None:
    text = HEADER + 'NC-1;2026-01-01;a;1;1;ok\nNC-2;2026-01-01;a;1;1;"bon" réglage\n'
    problems = problems_of(write(tmp_path, text))
    assert "ligne 3 : guillemet mal placé" in problems[0]
    assert 'doublez les guillemets ("")' in problems[0]
