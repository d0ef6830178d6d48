"""Tests of the case folder loader: case.yaml, corpus documents, facts, key files, report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casefactory import CASE_ID, ENTRETIENS_MD, NC_COLUMNS, NC_CSV, base_spec, make_case
from qsecase.corpus import (
    check_case,
    extract_text_facts,
    format_check_report,
    inventory,
    key_path,
    load_case,
)
from qsecase.errors import CaseError, Problem

MECAPREC = Path(__file__).resolve().parents[1] / "cases" / "mecaprec"


def problems_of(case_dir: Path) -> list[str]:
    """Problems of a case folder as strings (check_case must still return them all)."""
    _, problems = check_case(case_dir)
    assert problems, "the case was expected to be invalid"
    return [str(p) for p in problems]


def only(problems: list[str], needle: str) -> str:
    """The single problem containing ``needle``."""
    found = [p for p in problems if needle in p]
    assert len(found) == 1, f"{needle!r} not found once in {problems}"
    return found[0]


# --------------------------------------------------------------------------- valid case


def test_minimal_case_loads(tmp_path: Path) -> None:
    case = load_case(make_case(tmp_path))
    assert case.id == CASE_ID
    assert case.root == str(tmp_path / CASE_ID)
    assert case.spec.organisation.effectif == 42
    assert case.texts["entretiens"] == ENTRETIENS_MD
    assert [r["id"] for r in case.table("nc")] == ["NC-001", "NC-002", "NC-003", "NC-004"]
    assert case.table("nc")[0]["cout_eur"] == 1234.5
    assert case.table("nc")[1]["date"] == dt.date(2026, 1, 15)
    assert sorted(case.facts) == ["E1", "E2", "E3", "E4", "NC-001", "NC-002", "NC-003", "NC-004"]


def test_text_facts_hold_the_plain_statement(tmp_path: Path) -> None:
    facts = load_case(make_case(tmp_path)).facts
    assert facts["E1"].document == "entretiens"
    assert facts["E1"].text == ("Le responsable de production indique que les réglages de la "
                                "fraiseuse F3 ne sont pas consignés depuis le départ du régleur.")
    assert facts["E2"].text == ("Les opérateurs de nuit n'ont pas reçu la nouvelle instruction "
                                "de contrôle.")  # bold removed
    assert facts["E3"].text == "Les non-conformités sont saisies en fin de semaine."
    assert facts["E4"].text == "Personne ne les analyse."


def test_table_facts_summarise_the_row(tmp_path: Path) -> None:
    facts = load_case(make_case(tmp_path)).facts
    assert facts["NC-001"].document == "nc"
    assert facts["NC-001"].text == ("date: 08/01/2026 · atelier: usinage · quantite: 12 · "
                                    "cout_eur: 1234,5 · description: cote hors tolérance")
    assert facts["NC-004"].text == ("date: 03/02/2026 · atelier: montage · "
                                    "description: vis manquante")


def test_comma_separated_table_loads_the_same(tmp_path: Path) -> None:
    comma = NC_CSV.replace("1 234,50", '"1 234,50"').replace("89,9", '"89,9"').replace(";", ",")
    case = load_case(make_case(tmp_path, files={"corpus/nc.csv": comma}))
    assert case.table("nc") == load_case(make_case(tmp_path / "b")).table("nc")


def test_hidden_and_lock_files_are_ignored(tmp_path: Path) -> None:
    case_dir = make_case(tmp_path, files={"corpus/.DS_Store": b"\x00", "corpus/~$nc.xlsx": "x",
                                          "key/.gitkeep": ""})
    assert check_case(case_dir)[1] == []


def test_key_path() -> None:
    assert key_path(Path("cases/x"), "probleme") == Path("cases/x/key/probleme.yaml")


# --------------------------------------------------------------------------- fact marks


def test_extract_text_facts_definitions_and_references() -> None:
    markdown = (
        "## [E1] Titre qui est un fait\n"
        "\n"
        "Premier paragraphe : [E2] énoncé sur\n"
        "deux lignes. [E3] Second énoncé (voir [E1]).\n"
        "\n"
        "| fait | constat |\n"
        "|---|---|\n"
        "| [E4] | **porte** ouverte |\n"
        "\n"
        "```\n"
        "[E9] dans un bloc de code : ignoré\n"
        "```\n"
        "1. *[E5]* [lien](https://exemple.fr) utile\n"
        "Cf. [E2] pour le détail.\n"
    )
    assert extract_text_facts(markdown) == [
        ("E1", 1, "Titre qui est un fait", True),
        ("E2", 3, "énoncé sur deux lignes.", True),
        ("E3", 4, "Second énoncé (voir [E1]).", True),
        ("E1", 4, "", False),
        ("E4", 8, "porte ouverte", True),
        ("E5", 13, "lien utile Cf. [E2] pour le détail.", True),
        ("E2", 14, "", False),
    ]


def test_fact_without_text(tmp_path: Path) -> None:
    case_dir = make_case(tmp_path, files={"corpus/entretiens.md": ENTRETIENS_MD + "\n- [E7]\n"})
    problem = only(problems_of(case_dir), "[E7]")
    assert "entretiens.md, ligne 13 : le fait [E7] n'a pas de texte" in problem


def test_reference_to_an_unknown_fact(tmp_path: Path) -> None:
    text = ENTRETIENS_MD + "\nCe constat rejoint celui de l'audit (voir [E12]).\n"
    problem = only(problems_of(make_case(tmp_path, files={"corpus/entretiens.md": text})), "E12")
    assert "corpus/entretiens.md, ligne 13 : le fait cité [E12] n'est défini dans aucun " \
           "document du cas" in problem


def test_duplicate_fact_across_documents_names_both(tmp_path: Path) -> None:
    spec = base_spec()
    spec["documents"].append({"id": "audit", "titre": "Rapport d'audit",
                              "fichier": "corpus/audit.md", "type": "texte"})
    case_dir = make_case(tmp_path, documents=spec["documents"],
                         files={"corpus/audit.md": "# Audit\n\n[E2] Autre constat.\n"})
    problem = only(problems_of(case_dir), "« E2 »")
    assert problem.startswith(f"{case_dir / 'corpus' / 'audit.md'}, ligne 3 : ")
    assert "le fait « E2 » est déjà défini dans le document « entretiens » " \
           "(corpus/entretiens.md, ligne 8)" in problem
    assert "identifiant unique" in problem


def test_table_key_clashing_with_a_text_fact(tmp_path: Path) -> None:
    text = ENTRETIENS_MD + "\n[NC-002] Fiche évoquée pendant l'entretien.\n"
    problem = only(problems_of(make_case(tmp_path, files={"corpus/entretiens.md": text})),
                   "NC-002")
    assert f"{tmp_path / CASE_ID / 'corpus' / 'nc.csv'} : " in problem
    assert "déjà défini dans le document « entretiens » (corpus/entretiens.md, ligne 13)" in problem


def test_duplicate_fact_within_a_document(tmp_path: Path) -> None:
    text = ENTRETIENS_MD + "\n[E3] Encore E3.\n"
    problem = only(problems_of(make_case(tmp_path, files={"corpus/entretiens.md": text})), "« E3 »")
    assert "entretiens.md, ligne 13 : le fait « E3 » est déjà défini plus haut dans ce " \
           "document (corpus/entretiens.md, ligne 9)" in problem


# --------------------------------------------------------------------------- corpus files


def test_undeclared_corpus_file(tmp_path: Path) -> None:
    case_dir = make_case(tmp_path, files={"corpus/notes.md": "brouillon"})
    assert problems_of(case_dir) == [
        f"{case_dir / 'corpus' / 'notes.md'} : fichier présent dans corpus/ mais déclaré par "
        "aucun document de case.yaml — déclarez-le dans documents: ou supprimez-le"
    ]


def test_missing_declared_file_points_at_case_yaml(tmp_path: Path) -> None:
    case_dir = make_case(tmp_path, files={"corpus/nc.csv": None})
    (problem,) = problems_of(case_dir)
    assert problem.startswith(f"{case_dir / 'case.yaml'}, ligne ")
    assert "champ « documents.1.fichier » : le fichier « corpus/nc.csv » du document « nc » " \
           "est introuvable" in problem
    assert "ajoutez le fichier dans corpus/" in problem
    line = int(problem.split("ligne ")[1].split(",")[0])
    assert "fichier: corpus/nc.csv" in (case_dir / "case.yaml").read_text().splitlines()[line - 1]


def test_misnamed_file_gets_a_suggestion_and_one_problem(tmp_path: Path) -> None:
    case_dir = make_case(tmp_path, files={"corpus/nc.csv": None, "corpus/NC.csv": NC_CSV})
    (problem,) = problems_of(case_dir)
    assert "vouliez-vous dire « corpus/NC.csv » ?" in problem


def test_csv_problems_are_collected_with_the_case_path(tmp_path: Path) -> None:
    bad = NC_CSV.replace("89,9", "89,9,1").replace("15/01/2026", "15/13/2026")
    case_dir = make_case(tmp_path, files={"corpus/nc.csv": bad})
    problems = problems_of(case_dir)
    shown = case_dir / "corpus" / "nc.csv"
    assert f"{shown}, ligne 3, champ « cout_eur » : « 89,9,1 » n'est pas un nombre" in \
        only(problems, "cout_eur")
    assert f"{shown}, ligne 3, champ « date » :" in only(problems, "« date »")


def test_latin1_markdown(tmp_path: Path) -> None:
    case_dir = make_case(tmp_path, files={"corpus/entretiens.md": ENTRETIENS_MD.encode("latin-1")})
    problem = only(problems_of(case_dir), "entretiens.md")
    assert ", ligne 5 : encodage non UTF-8" in problem
    assert "réenregistrez-le en UTF-8" in problem


def test_binary_markdown_gets_a_markdown_fix(tmp_path: Path) -> None:
    case_dir = make_case(tmp_path, files={"corpus/entretiens.md": b"\x00\x01\x02PDF"})
    problem = only(problems_of(case_dir), "entretiens.md")
    assert "document binaire — attendu : un fichier texte Markdown (.md)" in problem


def test_empty_table(tmp_path: Path) -> None:
    problem = only(problems_of(make_case(tmp_path, files={"corpus/nc.csv": ""})), "nc.csv")
    assert "fichier vide" in problem


def test_key_column_must_hold_identifiers(tmp_path: Path) -> None:
    spec = base_spec()
    spec["documents"][1]["colonnes"][0]["cle"] = False
    spec["documents"][1]["colonnes"][4]["cle"] = True  # cout_eur: nombre
    problem = only(problems_of(make_case(tmp_path, documents=spec["documents"])),
                   "colonne clé « cout_eur »")
    assert "champ « documents.1.colonnes.4.type » : la colonne clé « cout_eur » est de type " \
           "« nombre »" in problem


def test_column_declared_twice(tmp_path: Path) -> None:
    spec = base_spec()
    spec["documents"][1]["colonnes"].append({"nom": "date", "type": "texte"})
    problems = problems_of(make_case(tmp_path, documents=spec["documents"]))
    assert "colonne « date » déclarée deux fois dans le document « nc »" in \
        only(problems, "deux fois")


# --------------------------------------------------------------------------- key files


def test_missing_key_file(tmp_path: Path) -> None:
    case_dir = make_case(tmp_path, files={"key/probleme.yaml": None})
    assert problems_of(case_dir) == [
        f"{case_dir / 'key' / 'probleme.yaml'} : corrigé introuvable pour l'exercice « probleme » "
        "listé dans case.yaml — créez key/probleme.yaml ou retirez « probleme » de exercices: "
        "dans case.yaml"
    ]
    assert check_case(case_dir, check_keys=False)[1] == []
    assert load_case(case_dir, check_keys=False).id == CASE_ID


def test_key_of_an_unlisted_exercise(tmp_path: Path) -> None:
    case_dir = make_case(tmp_path, files={"key/audit.yaml": "exercise: audit\n"})
    (problem,) = problems_of(case_dir)
    assert problem.startswith(f"{case_dir / 'key' / 'audit.yaml'} : corrigé d'un exercice "
                              "(« audit ») qui n'est pas listé")
    assert "ajoutez « audit » à exercices:" in problem


def test_key_with_wrong_extension(tmp_path: Path) -> None:
    case_dir = make_case(tmp_path, files={"key/probleme.yaml": None, "key/probleme.yml": "x: 1"})
    (problem,) = problems_of(case_dir)
    assert "probleme.yml : extension non reconnue" in problem
    assert "renommez-le probleme.yaml" in problem


# --------------------------------------------------------------------------- case.yaml


def test_missing_case_yaml(tmp_path: Path) -> None:
    case_dir = make_case(tmp_path, files={"case.yaml": None})
    case, problems = check_case(case_dir)
    assert case is None
    assert str(problems[0]).startswith(f"{case_dir / 'case.yaml'} : fichier introuvable")


def test_missing_case_folder(tmp_path: Path) -> None:
    case, problems = check_case(tmp_path / "absent")
    assert case is None
    assert str(problems[0]) == f"{tmp_path / 'absent'} : dossier de cas introuvable — " \
                               "vérifiez le chemin du dossier du cas"


def test_yaml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    raw = "id: atelier-test\ntitre: Atelier\ndate_cas: 2026-03-12\norganisation:\n" \
          "  nom: Mécatest\n\tsecteur: mécanique\n"
    (problem,) = problems_of(make_case(tmp_path, raw_yaml=raw))
    assert problem.startswith(f"{tmp_path / CASE_ID / 'case.yaml'}, ligne 6 : YAML invalide")
    assert "tabulation interdite" in problem


def test_unknown_field_is_named_with_its_line(tmp_path: Path) -> None:
    case_dir = make_case(tmp_path, organisation={"chiffre_affaires": 12})
    problems = problems_of(case_dir)
    problem = only(problems, "chiffre_affaires")
    assert "champ « organisation.chiffre_affaires » : champ inconnu" in problem
    line = int(problem.split("ligne ")[1].split(",")[0])
    assert "chiffre_affaires" in (case_dir / "case.yaml").read_text().splitlines()[line - 1]


def test_wrong_type_is_located(tmp_path: Path) -> None:
    problems = problems_of(make_case(tmp_path, organisation={"effectif": "beaucoup"}))
    problem = only(problems, "effectif")
    assert "champ « organisation.effectif » : nombre entier attendu (reçu : 'beaucoup')" in problem


def test_python_tag_is_refused_and_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    raw = f"id: !!python/object/apply:os.system ['touch {marker}']\ntitre: x\n"
    case, problems = check_case(make_case(tmp_path, raw_yaml=raw))
    assert case is None
    assert not marker.exists()
    assert "ligne 1 : YAML invalide : balise YAML non autorisée" in str(problems[0])


def test_case_yaml_must_be_a_mapping(tmp_path: Path) -> None:
    (problem,) = problems_of(make_case(tmp_path, raw_yaml="- id: x\n- titre: y\n"))
    assert "le fichier doit contenir des champs « nom: valeur »" in problem


def test_load_case_raises_every_problem(tmp_path: Path) -> None:
    case_dir = make_case(tmp_path, files={"corpus/notes.md": "x", "key/probleme.yaml": None})
    with pytest.raises(CaseError) as info:
        load_case(case_dir)
    assert len(info.value.problems) == 2
    assert all(isinstance(p, Problem) for p in info.value.problems)
    assert "notes.md" in str(info.value) and "probleme.yaml" in str(info.value)


# --------------------------------------------------------------------------- report


def test_inventory(tmp_path: Path) -> None:
    items = dict(inventory(load_case(make_case(tmp_path))))
    assert items["Organisation"] == "Mécatest SAS"
    assert items["Secteur"] == "mécanique de précision"
    assert items["Effectif"] == "42 salariés"
    assert items["Document « nc »"] == ("Registre des non-conformités (corpus/nc.csv, tableau, "
                                        "4 lignes, 6 colonnes)")
    assert items["Faits citables"] == "8"
    assert items["Exercice « probleme »"] == "corrigé présent ✔"


def test_report_of_a_valid_case(tmp_path: Path) -> None:
    case_dir = make_case(tmp_path)
    code, text = format_check_report(case_dir)
    assert code == 0
    assert text.splitlines()[0] == f"✔ cas valide : {case_dir}"
    assert "4 lignes" in text and "Mécatest SAS" in text


def test_report_of_an_invalid_case(tmp_path: Path) -> None:
    bad = NC_CSV.replace("1 234,50", "12,5,3")
    case_dir = make_case(tmp_path, files={"corpus/nc.csv": bad, "corpus/notes.md": "x"})
    code, text = format_check_report(case_dir)
    lines = text.splitlines()
    assert code == 2
    assert f"✖ {case_dir / 'corpus' / 'nc.csv'}, ligne 2, champ « cout_eur » : « 12,5,3 » " \
           "n'est pas un nombre (attendu : 12,5 ou 12.5)" in lines
    assert lines[-1] == f"2 problèmes : le cas {case_dir} n'est pas valide"
    assert all(line.startswith("✖ ") for line in lines[:-1])


def test_nc_columns_constant_matches_the_default_case() -> None:
    assert base_spec()["documents"][1]["colonnes"] == NC_COLUMNS


# --------------------------------------------------------------------------- bundled case


@pytest.mark.skipif(not (MECAPREC / "case.yaml").is_file(), reason="cases/mecaprec absent")
def test_bundled_mecaprec_case_loads() -> None:
    case = load_case(MECAPREC)
    assert case.id == "mecaprec"
    assert sum(len(rows) for rows in case.tables.values()) > 40
    assert case.facts


def test_the_charter_logo_is_a_corpus_file_not_a_document(tmp_path: Path) -> None:
    charter = {"couleurs": {"bleu": "#0B3C6F"}, "polices": ["Arial"], "logo": "corpus/logo.svg"}
    case = load_case(make_case(tmp_path, charte=charter, files={"corpus/logo.svg": "<svg/>"}))
    assert case.spec.charte is not None and case.spec.charte.logo == "corpus/logo.svg"
    with pytest.raises(CaseError, match=r"le logo « corpus/logo\.svg » de la charte est introuvable"):
        load_case(make_case(tmp_path / "sans-logo", charte=charter))
