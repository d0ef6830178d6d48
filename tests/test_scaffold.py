"""``qsecase new-case``: commented templates generated from the key models, never overwriting, and
the « À COMPLÉTER » left in a case listed with their file, line, field and fix."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from qsecase.cli import main
from qsecase.errors import QsecaseError
from qsecase.exercises.registry import REGISTRY, get, load_key
from qsecase.key_template import PLACEHOLDER, KeyExample, key_example, key_template
from qsecase.scaffold import DEFAULT_EXERCISES, new_case, unfinished_problems

EXERCISES = sorted(REGISTRY)
FILES = {"case.yaml", "corpus/presentation.md", "corpus/non-conformites.csv"}


def _filled_in(template: Any, filled: Any) -> Any:
    """``template`` with each placeholder replaced by the value at the same place in ``filled``;
    fails if the two differ anywhere else (same fields, same lists, same fixed values)."""
    if template == PLACEHOLDER:
        return filled
    if isinstance(template, dict):
        assert isinstance(filled, dict) and template.keys() == filled.keys()
        return {key: _filled_in(value, filled[key]) for key, value in template.items()}
    if isinstance(template, list):
        assert isinstance(filled, list) and len(template) == len(filled)
        return [_filled_in(a, b) for a, b in zip(template, filled, strict=True)]
    assert template == filled
    return template


def _placeholder_count(data: Any) -> int:
    if isinstance(data, dict):
        return sum(_placeholder_count(v) for v in data.values())
    if isinstance(data, list):
        return sum(_placeholder_count(v) for v in data)
    return int(isinstance(data, str) and PLACEHOLDER in data)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_key_template_once_filled_with_its_examples_is_a_valid_key(exercise):
    model = get(exercise).key_model
    template = yaml.safe_load(key_template(exercise))
    filled = yaml.safe_load(key_template(exercise, filled=True))
    assert _placeholder_count(template) > 0
    completed = _filled_in(template, filled)
    model.model_validate(completed)
    assert _placeholder_count(completed) == 0


@pytest.mark.parametrize("exercise", EXERCISES)
def test_key_template_without_any_bundled_key_is_valid_once_filled(exercise):
    none = KeyExample(None)
    text = key_template(exercise, example=none)
    assert "Ex. :" not in text  # no example is made up and shown as if it came from a case
    completed = _filled_in(yaml.safe_load(text),
                           yaml.safe_load(key_template(exercise, filled=True, example=none)))
    get(exercise).key_model.model_validate(completed)


def _fields(schema: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, description) of every field reachable in a JSON schema."""
    defs, found, seen = schema.get("$defs", {}), [], set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref and ref not in seen:
                seen.add(ref)
                walk(defs[ref.rsplit("/", 1)[-1]])
            for name, prop in node.get("properties", {}).items():
                found.append((name, prop.get("description", "")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({k: v for k, v in schema.items() if k != "$defs"})
    return found


@pytest.mark.parametrize("exercise", EXERCISES)
def test_key_template_documents_every_field_of_the_key_model(exercise):
    """Every field, nested ones included, is in the template with its model's description: the
    template comes from the code and cannot drift from it."""
    text = key_template(exercise)
    comments = " ".join(line.strip().lstrip("#").strip() for line in text.splitlines()
                        if line.strip().startswith("#")).lower()
    schema = get(exercise).key_model.model_json_schema()
    for name, description in _fields(schema):
        assert re.search(rf"^\s*(# )?(- )?{re.escape(name)}:", text, re.MULTILINE), name
        assert f"{name} — " in comments, name
        if description:
            assert " ".join(description.split()).lower() in comments, (name, description)
    for name, prop in schema["properties"].items():
        for value in prop.get("items", {}).get("enum", []):
            assert str(value).lower() in comments, (name, value)


def test_key_template_examples_come_from_a_bundled_key_trimmed_to_two():
    example = key_example("probleme")
    assert example.data is not None and example.case
    text = key_template("probleme")
    assert f"cases/{example.case}/key/probleme.yaml" in text
    first, second = example.data["outils_attendus"][:2]
    assert f"Ex. : [{first}, {second}]" in text
    assert len(example.data["outils_attendus"]) > 2  # so the example was indeed trimmed
    # a list of blocks keeps one element: the second root cause of the example is not there
    assert example.data["causes_racines"][1]["libelle"] not in text


def test_new_case_writes_the_case_the_corpus_and_one_key_template_per_exercise(tmp_path):
    folder = new_case(tmp_path / "Fournil du Val", "probleme, audit,probleme")
    written = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert written == FILES | {"key/probleme.yaml", "key/audit.yaml"}
    case = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    assert case["id"] == "fournil-du-val" and case["exercices"] == ["probleme", "audit"]
    assert (folder / "key" / "audit.yaml").read_text(encoding="utf-8") == key_template("audit")


def test_new_case_offers_probleme_by_default_and_every_exercise_with_tous(tmp_path):
    assert DEFAULT_EXERCISES == ("probleme",)
    plain = new_case(tmp_path / "simple")
    assert sorted(p.name for p in (plain / "key").iterdir()) == ["probleme.yaml"]
    every = new_case(tmp_path / "complet", "tous")
    assert sorted(p.stem for p in (every / "key").iterdir()) == EXERCISES
    assert yaml.safe_load((every / "case.yaml").read_text(encoding="utf-8"))["exercices"] == list(REGISTRY)


def test_an_unknown_exercise_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(QsecaseError, match=r"exercice inconnu « bidon ».*probleme"):
        new_case(tmp_path / "cas", "probleme,bidon")
    assert not (tmp_path / "cas").exists()


def test_new_case_never_overwrites_anything(tmp_path, capsys):
    folder = tmp_path / "cas"
    folder.mkdir()
    mine = folder / "case.yaml"
    mine.write_text("mon travail\n", encoding="utf-8")
    with pytest.raises(QsecaseError, match="n'est pas vide"):
        new_case(folder)
    assert mine.read_text(encoding="utf-8") == "mon travail\n"
    assert sorted(p.name for p in folder.iterdir()) == ["case.yaml"]

    afile = tmp_path / "fichier"
    afile.write_text("x", encoding="utf-8")
    with pytest.raises(QsecaseError, match="fichier, pas un dossier"):
        new_case(afile)
    assert afile.read_text(encoding="utf-8") == "x"

    assert main(["new-case", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("qsecase : ") and "n'est pas vide" in err and "Traceback" not in err

    empty = tmp_path / "vide"
    empty.mkdir()
    assert (new_case(empty) / "case.yaml").is_file()  # an empty folder is fine


def test_the_command_names_the_files_and_takes_exercices(tmp_path, capsys):
    assert main(["new-case", str(tmp_path / "cas"), "--exercices", "audit"]) == 0
    out = capsys.readouterr().out
    assert "key/audit.yaml" in out and "case.yaml" in out and "check-case" in out
    assert main(["new-case", str(tmp_path / "autre"), "--exercices", "inconnu"]) == 2
    assert "exercice inconnu « inconnu »" in capsys.readouterr().err


def test_a_fresh_case_lists_each_value_to_complete_with_file_line_field_and_fix(tmp_path):
    folder = new_case(tmp_path / "cas")
    problems = unfinished_problems(folder)
    assert 5 <= len(problems) <= 20  # a short list: one problem per field of a YAML file, per document
    assert {Path(p.file).relative_to(folder).as_posix() for p in problems} == FILES | {"key/probleme.yaml"}
    reported: dict[str, int] = {}
    for problem in problems:
        assert "à compléter" in problem.message or "à remplacer" in problem.message
        assert problem.fix and problem.line
        lines = Path(problem.file).read_text(encoding="utf-8").splitlines()
        assert PLACEHOLDER in lines[problem.line - 1], str(problem)
        if problem.file.endswith(".yaml"):
            assert problem.field, str(problem)
            many = re.match(r"(\d+) valeurs", problem.message)
            reported[problem.file] = reported.get(problem.file, 0) + (int(many[1]) if many else 1)
            for line in map(int, re.findall(r"\(ligne (\d+)\)", problem.message)):
                assert PLACEHOLDER in lines[line - 1]
    for file, count in reported.items():  # every placeholder value, none from the comments
        assert count == _placeholder_count(yaml.safe_load(Path(file).read_text(encoding="utf-8")))


def test_the_fix_says_what_to_write(tmp_path):
    folder = new_case(tmp_path / "cas")
    by_field = {p.field: p for p in unfinished_problems(folder) if p.field}
    assert "titre affiché aux stagiaires" in str(by_field["titre"].fix)
    horizon = by_field["horizon_mois"]
    assert horizon.file.endswith("probleme.yaml")
    assert "nombre entier" in str(horizon.fix) and "facultatif" in str(horizon.fix)
    assert "une valeur parmi : qqoqcp" in str(by_field["outils_attendus"].fix)


def test_a_completed_scaffold_is_a_valid_case_with_a_valid_key(tmp_path):
    from qsecase.corpus import check_case

    folder = new_case(tmp_path / "cas")
    for name in ("case.yaml", "corpus/presentation.md", "corpus/non-conformites.csv"):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace(PLACEHOLDER, "Texte du cas"),
                        encoding="utf-8")
    key = folder / "key" / "probleme.yaml"
    key.write_text(key_template("probleme", filled=True), encoding="utf-8")
    assert unfinished_problems(folder) == []
    case, problems = check_case(folder, check_keys=False)
    assert case is not None and problems == []
    assert {"P1", "P2", "P3", "NC-001", "NC-002"} <= case.facts.keys()
    load_key(get("probleme"), key)
