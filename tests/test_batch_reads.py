"""Grading without notebooks reads each answers file once, and still leaves another case's answers
alone (discovery no longer opens the files: the grading step routes them)."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from qsecase.batch.inprocess import grade_submissions
from qsecase.corpus import load_case
from qsecase.resources import cases_dir, demo_dir


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[Path]:
    """Count the parses of each file (every reader goes through ``load_data``)."""
    import qsecase.answers
    import qsecase.io.yamlfile

    counts: Counter[Path] = Counter()
    original = qsecase.io.yamlfile.load_data

    def counting(path: Path, **kwargs: Any) -> Any:
        counts[Path(path)] += 1
        return original(path, **kwargs)

    monkeypatch.setattr(qsecase.io.yamlfile, "load_data", counting)
    monkeypatch.setattr(qsecase.answers, "load_data", counting)
    return counts


def test_each_answers_file_is_parsed_once(tmp_path: Path, parses: Counter[Path]) -> None:
    case_dir = cases_dir() / "logisud"
    copies = tmp_path / "copies"
    shutil.copytree(demo_dir() / "submissions", copies)
    sample = (copies / "alice.martin" / "sst-accident.yaml").read_text(encoding="utf-8")
    other = copies / "zoe.faure" / "sst-accident.yaml"  # answers to the same exercise, another case
    other.parent.mkdir()
    other.write_text(re.sub(r"^trainee: .*$", "trainee: zoe.faure",
                            sample.replace("case: logisud", "case: autre-cas"), flags=re.M),
                     encoding="utf-8")
    broken = copies / "yan.morel" / "sst-accident.yaml"  # this case's, invalid answers
    broken.parent.mkdir()
    broken.write_text(re.sub(r"^trainee: .*$", "trainee: yan.morel", sample, flags=re.M)
                      .replace("answers:", "answers:\n  inconnu: 1", 1), encoding="utf-8")
    out = tmp_path / "sortie"
    kept = out / "zoe.faure" / "sst-accident.grade.json"  # written by that other case's run
    kept.parent.mkdir(parents=True)
    kept.write_text("{}", encoding="utf-8")

    results = grade_submissions(case_dir, copies, out, case=load_case(case_dir), force=True,
                                progress=False)

    graded = {(r.trainee, r.exercise) for r in results if r.ok}
    assert len(graded) >= 8
    answers = {copies / t / f"{e}.yaml" for t, e in graded}
    assert {path: parses[path] for path in answers} == dict.fromkeys(answers, 1)
    assert [r.trainee for r in results if r.trainee == "zoe.faure"] == []
    assert kept.read_text(encoding="utf-8") == "{}"  # another case's output is left alone
    [error] = [r.error for r in results if r.trainee == "yan.morel"]
    assert "inconnu" in error and parses[broken] <= 2
