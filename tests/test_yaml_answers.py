"""Reading answers files: located French errors; atomic save with backup; no clobbering."""

import datetime as dt

import pytest

from qsecase.answers import AnswersFile, AnswersHeader, read_answers, write_answers
from qsecase.errors import AnswersError, SaveConflictError
from qsecase.exercises.probleme.model import ProblemeAnswers
from qsecase.io.atomic import backup_path

GOOD = """\
schema_version: 1
exercise: probleme
case: mecaprec
trainee: alice.martin
saved_at: 2026-10-12T18:30:00+02:00
answers:
  outils: [qqoqcp, pareto]
  qqoqcp:
    quoi:
      reponse: Alésage hors tolérance
      faits: [E1]
"""


def write(tmp_path, text, name="probleme.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_a_valid_file(tmp_path):
    f = read_answers(write(tmp_path, GOOD), ProblemeAnswers, exercise="probleme")
    assert f.header.trainee == "alice.martin"
    assert f.answers.qqoqcp.quoi.faits == ["E1"]


def test_json_is_accepted(tmp_path):
    path = write(tmp_path, '{"exercise": "probleme", "case": "c", "trainee": "t", '
                 '"answers": {"outils": ["pareto"]}}', "probleme.json")
    assert read_answers(path, ProblemeAnswers).answers.outils == ["pareto"]


@pytest.mark.parametrize("text, expected", [
    (GOOD.replace("  outils: [qqoqcp, pareto]", "  outils: [qqoqcp, pareto"), "ligne"),
    (GOOD.replace("outils: [qqoqcp, pareto]", "outils: [marteau]"), "valeur non autorisée"),
    (GOOD.replace("      faits: [E1]", "      fait: [E1]"), "champ inconnu"),
    (GOOD.replace("trainee: alice.martin", "trainee: ../../etc"), "trainee"),
    (GOOD.replace("exercise: probleme", "exercise: audit"), "pas à « probleme »"),
    (GOOD + "answers: {}\n", "apparaît deux fois"),
    ("!!python/object/apply:os.system ['echo pwned']\n", "balise YAML non autorisée"),
    ("- juste\n- une liste\n", "en-tête"),
    ("", "vide"),
])
def test_bad_files_give_located_french_errors(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(AnswersError) as err:
        read_answers(path, ProblemeAnswers, exercise="probleme")
    message = str(err.value)
    assert "probleme.yaml" in message
    assert expected in message


def test_error_points_at_the_line_of_the_bad_field(tmp_path):
    path = write(tmp_path, GOOD.replace("      faits: [E1]", "      faits: E1-pas-une-liste"))
    with pytest.raises(AnswersError) as err:
        read_answers(path, ProblemeAnswers)
    problem = err.value.problems[0]
    assert problem.line == 11
    assert problem.field == "qqoqcp.quoi.faits"


def test_latin1_and_binary_files(tmp_path):
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(GOOD.encode("latin-1"))
    with pytest.raises(AnswersError, match="UTF-8"):
        read_answers(latin, ProblemeAnswers)
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\x00\x01\x02" * 10)
    with pytest.raises(AnswersError, match="binaire"):
        read_answers(binary, ProblemeAnswers)


def test_save_is_atomic_keeps_backup_and_round_trips(tmp_path):
    path = write(tmp_path, GOOD)
    f = read_answers(path, ProblemeAnswers)
    f.answers.outils = ["ishikawa"]
    write_answers(path, f, now=dt.datetime(2026, 10, 13, 9, 0, tzinfo=dt.UTC))
    assert backup_path(path).read_text(encoding="utf-8") == GOOD
    again = read_answers(path, ProblemeAnswers)
    assert again.answers.outils == ["ishikawa"]
    assert again.header.saved_at == dt.datetime(2026, 10, 13, 9, 0, tzinfo=dt.UTC)
    assert "Alésage hors tolérance" in path.read_text(encoding="utf-8")  # accents kept readable
    assert not list(tmp_path.glob(".*.tmp")) and not list(tmp_path.glob(".*.lock"))


def test_save_refuses_to_clobber_a_file_changed_by_another_session(tmp_path):
    path = write(tmp_path, GOOD)
    mine = read_answers(path, ProblemeAnswers)
    theirs = read_answers(path, ProblemeAnswers)
    theirs.answers.outils = ["pareto"]
    write_answers(path, theirs)
    mine.answers.outils = ["amdec"]
    with pytest.raises(SaveConflictError):
        write_answers(path, mine)
    assert read_answers(path, ProblemeAnswers).answers.outils == ["pareto"]


def test_new_file_is_created_but_an_unread_existing_one_is_not_overwritten(tmp_path):
    header = AnswersHeader(exercise="probleme", case="c", trainee="t")
    fresh = AnswersFile(header=header, answers=ProblemeAnswers())
    path = tmp_path / "sub" / "probleme.yaml"
    write_answers(path, fresh)
    assert path.exists()
    other = AnswersFile(header=header, answers=ProblemeAnswers())
    with pytest.raises(SaveConflictError):
        write_answers(path, other)
