"""``qsecase grade`` passes the kernel choice to the batch: warm kernels unless ``--cold-kernels``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qsecase.batch import correct
from qsecase.batch.correct import CohortRun
from qsecase.cli import build_parser, main


@pytest.mark.parametrize(("options", "warm"), [([], True), (["--cold-kernels"], False)])
def test_grade_chooses_warm_or_cold_kernels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            options: list[str], warm: bool) -> None:
    calls: list[dict[str, Any]] = []

    def fake_correct(*folders: Path, **kwargs: Any) -> CohortRun:
        calls.append(kwargs)
        return CohortRun(out=tmp_path, results=[])

    monkeypatch.setattr(correct, "correct", fake_correct)
    monkeypatch.setattr(correct, "print_summary", lambda run: None)
    code = main(["grade", "cas", "copies", "-o", str(tmp_path), "-j", "3", *options])
    assert code == 0
    assert calls == [{"jobs": 3, "timeout": 300.0, "warm": warm, "force": False,
                      "reveal_key": False, "lang": "fr", "progress": True}]


def test_help_describes_the_option_in_french() -> None:
    grade = build_parser()._subparsers._group_actions[0].choices["grade"]  # type: ignore[union-attr]
    text = grade.format_help()
    assert "--cold-kernels" in text and "noyau neuf pour chaque carnet" in text
