"""RACI matrix rules: exactly one A, at least one R, known tasks, every task, known actors."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from qsecase.methods.raci import ROLES, RaciLine, check_raci

TASKS = ["T1", "T2", "T3"]
ACTORS = ["Direction", "Responsable QSE", "Chef d'atelier", "CSE"]


def line(tache: str, **roles: str) -> RaciLine:
    return RaciLine.model_validate({"tache": tache, "roles": {k.replace("_", " "): v
                                                               for k, v in roles.items()}})


def good() -> list[RaciLine]:
    return [
        RaciLine(tache="T1", roles={"Direction": "A", "Responsable QSE": "R", "CSE": "I"}),
        RaciLine(tache="T2", roles={"Responsable QSE": "A", "Chef d'atelier": "R", "CSE": "C"}),
        RaciLine(tache="T3", roles={"Direction": "A", "Responsable QSE": "R",
                                    "Chef d'atelier": "R"}),
    ]


def messages(lines: list[RaciLine], actors: list[str] | None = None) -> list[tuple[str, str]]:
    return [(i.level, i.message) for i in check_raci(lines, TASKS, actors or [])]


def test_a_sound_matrix_has_no_issue() -> None:
    assert check_raci(good(), TASKS, ACTORS) == []
    assert check_raci(good(), TASKS) == []


def test_roles_and_their_meaning() -> None:
    assert list(ROLES) == ["R", "A", "C", "I"]
    assert ROLES["A"].startswith("Approuve")


def test_exactly_one_a() -> None:
    lines = good()
    lines[0] = RaciLine(tache="T1", roles={"Responsable QSE": "R", "CSE": "I"})
    lines[1] = RaciLine(tache="T2", roles={"Responsable QSE": "A", "Direction": "A",
                                           "Chef d'atelier": "R"})
    got = messages(lines)
    assert ("erreur", "RACI T1 : il faut exactement un « A » (trouvé : 0)") in got
    assert ("erreur", "RACI T2 : il faut exactement un « A » (trouvé : 2)") in got
    assert len(got) == 2


def test_at_least_one_r() -> None:
    lines = good()
    lines[2] = RaciLine(tache="T3", roles={"Direction": "A", "CSE": "I"})
    assert messages(lines) == [("erreur", "RACI T3 : personne ne réalise la tâche (aucun « R »)")]


def test_empty_line_lacks_both() -> None:
    lines = [*good()[:2], RaciLine(tache="T3")]
    got = messages(lines)
    assert len(got) == 2 and all(level == "erreur" for level, _ in got)


def test_unknown_task_is_not_checked_further() -> None:
    lines = [*good(), RaciLine(tache="T9", roles={"CSE": "I"})]
    assert messages(lines) == [("erreur", "RACI : tâche « T9 » inconnue")]


def test_tasks_without_line() -> None:
    assert messages(good()[:1]) == [("erreur", "RACI : tâches sans ligne : T2, T3")]


def test_unknown_actors_are_a_warning() -> None:
    lines = good()
    lines[0] = RaciLine(tache="T1", roles={"Direction": "A", "Stagiaire": "R", "Auditeur": "I"})
    got = messages(lines, ACTORS)
    assert got == [("attention", "RACI T1 : acteur(s) hors de la liste des parties prenantes : "
                                 "Auditeur, Stagiaire")]
    assert messages(lines) == []  # no list of stakeholders: any actor goes


def test_role_letters_are_validated() -> None:
    with pytest.raises(ValidationError):
        RaciLine(tache="T1", roles={"Direction": "X"})  # type: ignore[dict-item]
    with pytest.raises(ValidationError):
        RaciLine(tache="", roles={})
    assert line("T1", Direction="A", Responsable_QSE="R").roles == {"Direction": "A",
                                                                      "Responsable QSE": "R"}
