"""Property-based tests (hypothesis) of the readers and of pure methods.

Each property holds for every generated input, not only for the hand-picked examples of the other
test modules: what ``dump_yaml`` writes reads back equal, ``read_table`` never fails with anything
but a ``CsvError``, fuzzy matching stays in range, the schedule respects the critical path method
and the DUERP priority grows with gravity and frequency.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qsecase.case_model import Column
from qsecase.errors import CsvError
from qsecase.grading.matching import phrase_in, tokens
from qsecase.io.csvtable import read_table
from qsecase.io.yamlfile import dump_yaml, load_data
from qsecase.methods.duerp import DuerpScale, Situation, rate
from qsecase.methods.planning import Task, schedule

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------- (a) YAML round trip

_KEYS = st.text(min_size=1, max_size=12).filter(lambda k: k != "__lines__")
_SCALARS = (st.none() | st.booleans() | st.integers(-10**12, 10**12)
            | st.floats(allow_nan=False) | st.text(max_size=30))
_ANSWERS = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_KEYS, children, max_size=4),
    max_leaves=20,
)


@FAST
@given(st.dictionaries(_KEYS, _ANSWERS, max_size=6))
def test_dump_yaml_reads_back_equal(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reponses.yaml"
        path.write_text(dump_yaml(data), encoding="utf-8")
        loaded, _ = load_data(path)
    assert loaded == data


# --------------------------------------------------------------------------- (b) CSV cells

_COLUMNS = [Column.model_validate(c) for c in [
    {"nom": "id", "type": "texte", "cle": True},
    {"nom": "montant", "type": "nombre"},
    {"nom": "quantite", "type": "entier"},
    {"nom": "date", "type": "date"},
    {"nom": "note", "type": "texte"},
]]
_TYPES = {"id": (str,), "montant": (float,), "quantite": (int,), "date": (dt.date,),
          "note": (str,)}


def _french_number(value: int, cents: int) -> str:
    grouped = f"{value:,}".replace(",", " ")
    return f"{grouped},{cents}" if cents else grouped


_NUMBERS = st.builds(_french_number, st.integers(0, 10**7), st.integers(0, 99))
_DATES = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y"))
_NOISE = st.text(alphabet='a1 ;,"\n/-.é', max_size=12)
_CELL = st.one_of(_NUMBERS, _DATES, st.just(""), _NOISE,
                  st.sampled_from(["31/04/2026", "2026-02-30", "1 234,5", '"a;b"', "12,5 €"]))


@FAST
@given(rows=st.lists(st.tuples(st.from_regex(r"[A-Z]{2}-[0-9]{1,3}", fullmatch=True),
                               _CELL, _CELL, _CELL, _CELL), max_size=8),
       separator=st.sampled_from([";", ","]), quoted=st.booleans())
def test_read_table_returns_typed_rows_or_csv_error(rows: list[tuple[str, ...]], separator: str,
                                                    quoted: bool) -> None:
    header = [c.nom for c in _COLUMNS]
    if quoted:  # well-formed CSV: cells with separators, quotes or newlines are quoted
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=separator, lineterminator="\n").writerows([header, *rows])
        text = buffer.getvalue()
    else:  # cells pasted as they are: quotes and separators may break the structure
        text = "\n".join(separator.join(cells) for cells in [header, *rows]) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.csv"
        path.write_text(text, encoding="utf-8")
        try:
            table = read_table(path, _COLUMNS)
        except CsvError as exc:
            assert exc.problems and all(p.file == str(path) for p in exc.problems)
            return
    for row in table:
        assert list(row) == header
        for name, value in row.items():
            assert value is None or isinstance(value, _TYPES[name]), (name, value)


@FAST
@given(value=st.integers(0, 10**7), cents=st.integers(1, 99), day=_DATES)
def test_read_table_reads_french_numbers_and_dates(value: int, cents: int, day: str) -> None:
    text = f"id;montant;quantite;date;note\nNC-1;{_french_number(value, cents)};" \
           f"{_french_number(value, 0)};{day};« ok »\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.csv"
        path.write_text(text, encoding="utf-8")
        (row,) = read_table(path, _COLUMNS)
    assert math.isclose(row["montant"], float(f"{value}.{cents:d}"))
    assert row["quantite"] == value
    assert row["date"] == dt.datetime.strptime(day, "%d/%m/%Y").date()


# --------------------------------------------------------------------------- (c) fuzzy matching


@FAST
@given(phrase=st.text(max_size=60), text=st.text(max_size=200))
def test_phrase_in_is_a_percentage(phrase: str, text: str) -> None:
    assert 0.0 <= phrase_in(phrase, text) <= 100.0


_WORDS = st.lists(st.sampled_from(["contrôle", "réception", "fraiseuse", "réglage", "opérateur",
                                   "nuit", "5S", "R4541-1", "instruction", "écart", "le", "de"]),
                  max_size=6).map(" ".join)


@FAST
@given(phrase=st.text(max_size=60) | _WORDS)
def test_a_phrase_is_found_in_itself(phrase: str) -> None:
    assert phrase_in(phrase, phrase) == (100.0 if tokens(phrase) else 0.0)


# --------------------------------------------------------------------------- (d) planning


@st.composite
def _dags(draw: st.DrawFn) -> list[Task]:
    n = draw(st.integers(1, 12))
    tasks = []
    for i in range(n):
        preds = draw(st.lists(st.integers(0, i - 1), unique=True, max_size=3)) if i else []
        tasks.append(Task(id=f"T{i}", nom=f"tâche {i}", duree=draw(st.integers(0, 20)),
                          predecesseurs=[f"T{p}" for p in preds]))
    return draw(st.permutations(tasks))


@FAST
@given(_dags())
def test_schedule_respects_the_critical_path_method(tasks: list[Task]) -> None:
    result = schedule(tasks, dt.date(2026, 3, 2))
    assert sorted(s.task.id for s in result) == sorted(t.id for t in tasks)
    for s in result:
        assert s.es <= s.ls
        assert s.total_float >= s.free_float >= 0
        assert s.ef - s.es == s.task.duree
    graph = nx.DiGraph()
    for t in tasks:  # the duration of a task weighs on the edges leaving it
        graph.add_edge("début", t.id, weight=0)
        graph.add_edge(t.id, "fin", weight=t.duree)
        for p in t.predecesseurs:
            graph.add_edge(p, t.id, weight=next(u.duree for u in tasks if u.id == p))
    assert max(s.ef for s in result) == nx.dag_longest_path_length(graph)
    assert any(s.critical for s in result)


# --------------------------------------------------------------------------- (e) DUERP rating


@st.composite
def _scales(draw: st.DrawFn) -> DuerpScale:
    size = draw(st.integers(2, 5))
    levels = [{"valeur": v, "libelle": f"N{v}"} for v in range(1, size + 1)]
    minima = [*sorted(draw(st.sets(st.integers(1, size * size), min_size=1, max_size=4)),
                      reverse=True), 0]
    with_control = draw(st.booleans())
    return DuerpScale.model_validate({
        "gravite": levels, "frequence": levels,
        "maitrise": [{"valeur": v, "libelle": f"M{v}", "coefficient": c}
                     for v, c in enumerate((1.0, 0.75, 0.5), start=1)] if with_control else [],
        "seuils": [{"priorite": p, "libelle": f"P{p}", "minimum": m}
                   for p, m in enumerate(minima, start=1)],
    })


@FAST
@given(data=st.data(), scale=_scales())
def test_duerp_priority_is_monotone_in_g_and_f(data: st.DataObject, scale: DuerpScale) -> None:
    top = scale.g_max
    g1, g2 = sorted(data.draw(st.lists(st.integers(1, top), min_size=2, max_size=2)))
    f1, f2 = sorted(data.draw(st.lists(st.integers(1, top), min_size=2, max_size=2)))
    m = data.draw(st.none() | st.integers(1, 3)) if scale.maitrise else None

    def priority(g: int, f: int) -> int:
        situation = Situation(id="S-1", unite="ATL", situation="poste", famille="machines",
                              g=g, f=f, m=m)
        return rate(situation, scale).priorite

    # priority 1 is the most urgent: more gravity or frequency never makes it less urgent
    assert priority(g2, f1) <= priority(g1, f1)
    assert priority(g1, f2) <= priority(g1, f1)
    assert priority(g2, f2) <= priority(g1, f1)
