"""The authors' guide (docs/guide-auteur.md) is followed as written: its files, commands and marks.

Convention of the guide: a fenced block whose info string has ``title="<path>"`` is the complete
content of that file (a ``diff`` block with a title is a change to apply to it, later in the
guide); a block with ``output="<name>"`` is what a command prints. The test writes the files into
a temporary folder, runs the commands of the guide and compares what they print with the guide.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from qsecase.cli import main

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "guide-auteur.md"
CASE = "fournil-poitevin"
_FENCE = re.compile(r"^```(\w*)([^\n]*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def _blocks() -> list[tuple[str, dict[str, str], str]]:
    """(language, attributes, body) of every fenced block of the guide, in order."""
    text = GUIDE.read_text(encoding="utf-8")
    return [(lang, dict(_ATTRIBUTE.findall(rest)), body)
            for lang, rest, body in _FENCE.findall(text)]


def _files() -> dict[str, str]:
    files: dict[str, str] = {}
    for lang, attributes, body in _blocks():
        if "title" in attributes and lang != "diff":
            assert attributes["title"] not in files, f"{attributes['title']} montré deux fois"
            files[attributes["title"]] = body
    return files


def _output(name: str) -> str:
    found = [body for _, attributes, body in _blocks() if attributes.get("output") == name]
    assert len(found) == 1, f"bloc output=\"{name}\" absent ou en double"
    return found[0].rstrip("\n")


def _marks(table: str) -> dict[str, str]:
    """Trainee → mark (« 16,25 ») from a summary table printed by qsecase grade."""
    return {m.group(1): m.group(2) for m in re.finditer(r"^(\S+\.\S+)\s+probleme\s+([\d,]+)\s", table,
                                                        flags=re.MULTILINE)}


def _apply(path: Path, diff: str) -> None:
    """Apply one block of the guide: « - » lines become the « + » lines, « » lines are context."""
    lines = diff.rstrip("\n").splitlines()
    old = "\n".join(line[1:] for line in lines if line[:1] in (" ", "-"))
    new = "\n".join(line[1:] for line in lines if line[:1] in (" ", "+"))
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"le passage à modifier ne se trouve pas une seule fois :\n{old}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out.rstrip("\n"), out.err


def _gradebook(folder: Path) -> dict[str, str]:
    """Trainee → mark written in the gradebook, with a decimal comma as the guide shows it."""
    with (folder / "gradebook.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return {row["trainee"]: row["note_20"].replace(".", ",") for row in rows}


def test_guide_shows_every_file_of_the_case_in_full():
    files = _files()
    case_files = {path.removeprefix(f"{CASE}/") for path in files if path.startswith(f"{CASE}/")}
    declared = set(re.findall(r"fichier: (corpus/\S+)", files[f"{CASE}/case.yaml"]))
    assert declared == {f for f in case_files if f.startswith("corpus/")}
    assert len(declared) >= 3 and any(f.endswith(".csv") for f in declared)
    assert {"case.yaml", "key/probleme.yaml"} <= case_files
    assert [p for p in files if p.startswith("copies/")], "aucune copie d'essai dans le guide"
    # a Markdown document with facts [E1]…, a table with citable ids
    assert "[E1]" in files[f"{CASE}/corpus/entretiens.md"]
    assert re.search(r"^NC-2026-\d+;", files[f"{CASE}/corpus/non-conformites.csv"], re.MULTILINE)


def test_the_worked_example_runs_as_the_guide_says(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run(capsys, "new-case", CASE)
    assert code == 0
    new_case_output = next(body for lang, _, body in _blocks() if body.startswith("Cas créé dans"))
    assert out == new_case_output.rstrip("\n")

    for path, body in _files().items():  # the guide's files replace the templates
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")

    code, out, err = _run(capsys, "check-case", CASE)
    assert code == 0, err
    assert "cas valide" in out
    assert out == _output("check-case")

    code, out, err = _run(capsys, "grade", CASE, "copies", "-o", "sortie", "--no-notebooks")
    assert code == 0, err
    before = _marks(_output("grade-1"))
    assert before == _marks(out) == _gradebook(tmp_path / "sortie")
    assert out == _output("grade-1")

    for lang, attributes, body in _blocks():
        if lang == "diff":
            _apply(tmp_path / attributes["title"], body)
    code, out, err = _run(capsys, "check-case", CASE)
    assert code == 0, err
    code, out, err = _run(capsys, "grade", CASE, "copies", "-o", "sortie", "--no-notebooks")
    assert code == 0, err
    after = _marks(_output("grade-2"))
    assert after == _marks(out) == _gradebook(tmp_path / "sortie")
    assert out == _output("grade-2")

    # what the guide says of these marks: the synonyms raise the good copy, not the weak one
    number = {t: float(m.replace(",", ".")) for t, m in after.items()}
    assert number["camille.roux"] > float(before["camille.roux"].replace(",", "."))
    assert after["leo.martin"] == before["leo.martin"] and number["leo.martin"] < 8


def test_the_placeholder_messages_shown_are_those_of_a_fresh_case(tmp_path, monkeypatch):
    from qsecase.scaffold import new_case, unfinished_problems

    monkeypatch.chdir(tmp_path)
    new_case(Path(CASE))
    actual = {re.sub(r"\d+", "N", f"✖ {problem}") for problem in unfinished_problems(Path(CASE))}
    shown = [line for _, _, body in _blocks() for line in body.splitlines() if line.startswith("✖ ")]
    assert shown
    for line in shown:
        assert re.sub(r"\d+", "N", line) in actual, line


def test_the_rubric_table_of_the_guide_is_the_rubric():
    from qsecase.grading.rubric import load_rubric

    text = GUIDE.read_text(encoding="utf-8")
    for item in load_rubric("probleme").items:
        row = f"| {item.label} | {item.criterion} | {item.points:g} |"
        assert row in text, row


def _slug(heading: str) -> str:
    """The anchor a Markdown renderer (GitHub) gives a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_links_of_the_guide_lead_somewhere():
    text = GUIDE.read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#\s]+\.md)(?:#([^)]+))?\)", text)
    assert links
    for target, anchor in links:
        page = GUIDE.parent / target
        assert page.is_file(), target
        if anchor:
            headings = re.findall(r"^#{1,6} (.+)$", page.read_text(encoding="utf-8"), re.MULTILINE)
            assert anchor in {_slug(h) for h in headings}, f"{target}#{anchor}"
