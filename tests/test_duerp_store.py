"""DUERP versions on disk: numbered, read-only, never overwritten, alterations reported."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from qsecase import duerp_store
from qsecase.duerp_store import list_versions, load_version, record_version, version_path, versions_dir
from qsecase.errors import AnswersError, Problem
from qsecase.methods.duerp import Situation
from qsecase.methods.duerp_update import fingerprint

NOW = dt.datetime(2025, 3, 14, 10, 30)


def situations(n: int = 3) -> list[Situation]:
    return [Situation(id=f"REC-{i:02d}", unite="REC", situation=f"Déchargement n° {i}",
                      famille="activite-physique", g=1 + i % 4, f=2, m=1 if i % 2 else None,
                      mesures=["Transpalette électrique", "Formation gestes et postures"][: i % 3],
                      fonctionnement="dégradé" if i == 2 else "normal")
            for i in range(1, n + 1)]


def writable(path: Path) -> None:
    os.chmod(path, 0o644)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return versions_dir(tmp_path / "alice" / "duerp-rps.yaml")


def test_versions_live_beside_the_answers_file(tmp_path: Path) -> None:
    assert versions_dir(tmp_path / "duerp-rps.yaml") == tmp_path / "duerp-rps.versions"
    assert list_versions(tmp_path / "absent") == []


def test_three_versions_are_numbered_in_order_read_only_and_listed(folder: Path) -> None:
    recorded = [record_version(folder, situations(n), auteur="A. Martin", motif=f"motif {n}",
                               now=NOW + dt.timedelta(days=n)) for n in (1, 2, 3)]
    assert [v.numero for v in recorded] == [1, 2, 3]
    assert sorted(p.name for p in folder.iterdir()) == ["v001.yaml", "v002.yaml", "v003.yaml"]
    for v in recorded:
        mode = version_path(folder, v.numero).stat().st_mode
        assert not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
        assert v.empreinte == fingerprint(v)
    infos = list_versions(folder)
    assert [(i.numero, i.situations, i.motif) for i in infos] == [(1, 1, "motif 1"), (2, 2, "motif 2"),
                                                                   (3, 3, "motif 3")]
    assert [i.empreinte for i in infos] == [v.empreinte for v in recorded]
    assert load_version(version_path(folder, 2)) == recorded[1]


def test_base_continues_the_numbering_of_the_previous_version(folder: Path) -> None:
    assert record_version(folder, situations(), auteur="A", motif="", now=NOW, base=4).numero == 5
    assert record_version(folder, situations(), auteur="A", motif="", now=NOW, base=2).numero == 6


def test_a_taken_number_is_never_overwritten(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in (1, 2, 3):
        record_version(folder, situations(n), auteur="A", motif="", now=NOW)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    # a stale listing (another session writing at the same time) proposes number 1 again
    monkeypatch.setattr(duerp_store, "_existing_numbers", lambda _folder: [])
    version = record_version(folder, situations(1), auteur="B", motif="concurrent", now=NOW)
    assert version.numero == 4
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name in before} == before
    assert load_version(version_path(folder, 4)).auteur == "B"


def test_a_tampered_version_is_reported_and_the_others_still_load(folder: Path) -> None:
    for n in (1, 2, 3):
        record_version(folder, situations(n), auteur="A. Martin", motif="", now=NOW)
    path = version_path(folder, 2)
    text = path.read_text(encoding="utf-8")
    assert "g: 2" in text
    writable(path)
    path.write_text(text.replace("g: 2", "g: 1", 1), encoding="utf-8")
    with pytest.raises(AnswersError) as err:
        load_version(path)
    (problem,) = err.value.problems
    assert problem.file == str(path) and problem.message.startswith("version altérée : ")
    assert problem.fix and "restaurez" in problem.fix
    assert "v002.yaml" in str(err.value) and "Traceback" not in str(err.value)
    assert load_version(version_path(folder, 1)).numero == 1
    assert load_version(version_path(folder, 3)).numero == 3
    with pytest.raises(AnswersError, match=r"v002\.yaml"):
        list_versions(folder)
    problems: list[Problem] = []
    assert [i.numero for i in list_versions(folder, problems=problems)] == [1, 3]
    assert [p.file for p in problems] == [str(path)]


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.0])
def test_a_truncated_version_is_reported(folder: Path, cut: float) -> None:
    record_version(folder, situations(3), auteur="A", motif="", now=NOW)
    path = version_path(folder, 1)
    data = path.read_bytes()
    writable(path)
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(AnswersError) as err:
        load_version(path)
    assert all(p.message.startswith("version altérée : ") and p.file == str(path)
               for p in err.value.problems)


def test_a_version_copied_under_another_number_is_reported(folder: Path) -> None:
    record_version(folder, situations(), auteur="A", motif="", now=NOW)
    copy = version_path(folder, 7)
    copy.write_bytes(version_path(folder, 1).read_bytes())
    with pytest.raises(AnswersError, match="contient la version 1"):
        load_version(copy)


def test_code_in_a_version_file_is_never_executed(folder: Path, tmp_path: Path) -> None:
    folder.mkdir(parents=True)
    marker = tmp_path / "pwned"
    version_path(folder, 1).write_text(f"!!python/object/apply:os.system ['touch {marker}']\n",
                                       encoding="utf-8")
    with pytest.raises(AnswersError, match="version altérée"):
        load_version(version_path(folder, 1))
    assert not marker.exists()


def test_an_empty_author_is_refused_and_nothing_is_written(folder: Path) -> None:
    with pytest.raises(AnswersError, match="auteur de la version à renseigner"):
        record_version(folder, situations(), auteur="  ", motif="annuelle", now=NOW)
    assert list_versions(folder) == []
