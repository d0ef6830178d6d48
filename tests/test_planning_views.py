"""Planning views: Gantt and PERT figures (readable for 60 tasks, never colour alone), accessible HTML
and the Excel workbook read back."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import random

import pytest
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.text import Text
from openpyxl import load_workbook

from html_page import Page
from qsecase.methods.planning import Scheduled, Task, critical_paths, schedule
from qsecase.methods.raci import RaciLine
from qsecase.methods.tracking import alerts, progress
from qsecase.views.planning_gantt import CRITICAL_HATCH, gantt, gantt_alt, short_label
from qsecase.views.planning_html import (
    kanban_html,
    planning_document_html,
    raci_html,
    schedule_html,
    text_bar,
    tracking_html,
)
from qsecase.views.planning_pert import layers, pert, pert_alt
from qsecase.views.planning_workbook import PLANNING_COLUMNS, SHEETS, planning_workbook, week_columns

MONDAY = dt.date(2025, 4, 14)
TODAY = dt.date(2025, 4, 23)
WORDS = ("former les chefs d'équipe à la consignation des machines rédiger la procédure de tri des "
         "déchets dangereux auditer le poste de meulage mettre à jour le document unique").split()


def course() -> list[Scheduled]:
    """The course network (tests/test_planning.py) with statuses: B and C late on 23/04."""
    rows = [("A", "Rédiger la procédure de consignation", 3, "", "fait", 100),
            ("B", "Acheter les cadenas <consignation>", 4, "", "en cours", 50),
            ("C", "Former les chefs d'équipe", 2, "A", "à faire", 0),
            ("D", "Équiper les armoires électriques", 5, "A", "en cours", 20),
            ("E", "Former les opérateurs", 3, "B;C", "à faire", 0),
            ("F", "Tester la consignation sur la presse", 4, "D", "à faire", 0),
            ("G", "Afficher les fiches réflexes", 2, "E", "à faire", 0),
            ("H", "Auditer les postes", 3, "F,G", "à faire", 0),
            ("J", "Revue de direction : go / no go", 0, "H", "à faire", 0)]
    tasks = [Task.model_validate({"id": i, "nom": n, "duree": d, "predecesseurs": p, "statut": st,
                                  "avancement": av, "jalon": d == 0}) for i, n, d, p, st, av in rows]
    return schedule(tasks, MONDAY)


def big(n: int, seed: int = 7) -> list[Scheduled]:
    """A random plan of ``n`` tasks with long names (wrapped and cut in the Gantt)."""
    rng = random.Random(seed)
    tasks = []
    for i in range(n):
        preds = rng.sample([f"T{j}" for j in range(max(0, i - 8), i)], min(i, rng.randint(0, 2)))
        milestone = i % 12 == 11
        statut = rng.choice(["à faire", "en cours", "fait"])
        done = {"fait": 100, "en cours": rng.randint(5, 95)}.get(statut, 0)
        tasks.append(Task(id=f"T{i}", nom=" ".join(rng.choices(WORDS, k=rng.randint(2, 16))),
                          duree=0 if milestone else rng.randint(1, 10), jalon=milestone, predecesseurs=preds,
                          statut=statut, avancement=done))
    return schedule(tasks, dt.date(2025, 9, 1))


def raci() -> list[RaciLine]:
    lines = [RaciLine(tache=s.task.id, roles={"Direction": "A", "Responsable QSE": "R", "CSE": "I"})
             for s in course()]
    lines[2] = RaciLine(tache="C", roles={"Responsable QSE": "A", "Chef d'atelier": "R", "CSE": "C"})
    return lines


# --- helpers ------------------------------------------------------------------------------------------
def by_gid(artists, prefix: str) -> dict:  # type: ignore[no-untyped-def]
    """The artists whose gid is « prefix:id », by id."""
    return {a.get_gid().split(":", 1)[1]: a for a in artists if (a.get_gid() or "").startswith(prefix + ":")}


def assert_no_overlap(texts: list[Text], renderer, what: str) -> None:  # type: ignore[no-untyped-def]
    boxes = [(" ".join(t.get_text().split()), t.get_window_extent(renderer)) for t in texts]
    for (ta, a), (tb, b) in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), f"{what}: « {ta} » overlaps « {tb} »"


def gantt_texts(fig) -> list[Text]:  # type: ignore[no-untyped-def]
    """Labels, texts at the bar ends, ticks, annotations and titles of a Gantt chart (not the legend)."""
    fig.canvas.draw()
    ax = fig.axes[0]
    texts = [t for t in [*ax.get_xticklabels(), *ax.texts, *fig.texts, ax.xaxis.label]
             if t.get_text().strip() and t.get_visible()]
    return texts


# --- Gantt --------------------------------------------------------------------------------------------
def test_gantt_marks_critical_tasks_by_hatch_and_words() -> None:
    rows = course()
    fig = gantt(rows, today=TODAY, title="Plan d'amélioration — consignation")
    ax = fig.axes[0]
    bars = by_gid(ax.patches, "tache")
    critical = {s.task.id for s in rows if s.critical}
    assert critical == {"A", "D", "F", "H", "J"}
    for tid, bar in bars.items():
        assert (bar.get_hatch() == CRITICAL_HATCH) is (tid in critical), tid
    ends = {tid: t.get_text() for tid, t in by_gid(ax.texts, "fin").items()}
    assert {tid for tid, text in ends.items() if "★ critique" in text} == critical
    assert ends["A"].startswith("☑") and ends["B"].startswith("◐ 50") and ends["C"].startswith("☐")
    assert ends["J"].startswith("◆ jalon")
    assert {tid for tid, text in ends.items() if "⚠ retard" in text} == {"B", "C"}


def test_gantt_progress_milestone_and_today() -> None:
    fig = gantt(course(), today=TODAY)
    ax = fig.axes[0]
    gids = {p.get_gid(): p for p in ax.patches}
    bar, done = gids["tache:B"], gids["avancement:B"]
    assert isinstance(done, Rectangle) and done.get_width() == pytest.approx(bar.get_width() / 2)
    assert done.get_height() < bar.get_height()  # inside the bar
    assert "avancement:C" not in gids
    assert [line.get_marker() for line in ax.lines if line.get_gid() == "jalon:J"] == ["D"]
    assert any(t.get_text() == "aujourd'hui (23/04/2025)" for t in ax.texts)
    labels = [t.get_text() for t in by_gid(ax.texts, "etiquette").values()]
    assert labels[0] == "A — Rédiger la procédure\nde consignation"
    ticks = " ".join(t.get_text() for t in ax.get_xticklabels())
    assert "avr." in ticks and "mai" in ticks


def test_gantt_without_today_has_no_late_mark() -> None:
    fig = gantt(course())
    assert not any("retard" in t.get_text() or "aujourd'hui" in t.get_text() for t in fig.axes[0].texts)


def test_gantt_of_ten_tasks_reads_without_overlap() -> None:
    fig = gantt(big(10), today=dt.date(2025, 9, 15))
    assert_no_overlap(gantt_texts(fig), fig.canvas.get_renderer(), "Gantt 10")


def test_gantt_of_sixty_tasks_stays_readable() -> None:
    rows = big(60)
    fig = gantt(rows, today=dt.date(2025, 10, 20), title="Plan de 60 tâches")
    small = gantt(rows[:10])
    assert fig.get_size_inches()[1] > 4 * small.get_size_inches()[1] / 2  # grows with the tasks
    renderer = fig.canvas.get_renderer()
    texts = gantt_texts(fig)
    labels = list(by_gid(fig.axes[0].texts, "etiquette").values())
    assert [t.get_text().split(" — ")[0] for t in labels] == [s.task.id for s in rows]
    assert all(t.get_text().count("\n") <= 1 for t in labels)  # two lines at most
    assert any(t.get_text().endswith("…") for t in labels)  # long names are cut
    assert all(t.get_fontsize() >= 8 for t in [*texts, *fig.legends[0].get_texts()])
    assert_no_overlap(texts, renderer, "Gantt 60")
    width, height = fig.bbox.width, fig.bbox.height
    for t in [*texts, *fig.legends[0].get_texts()]:
        box = t.get_window_extent(renderer)
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, t.get_text()
    legend = fig.legends[0].get_window_extent(renderer)
    assert not any(legend.overlaps(t.get_window_extent(renderer)) for t in texts)
    marks = sum("★ critique" in t.get_text() for t in by_gid(fig.axes[0].texts, "fin").values())
    assert marks == sum(s.critical for s in rows) > 0


@pytest.mark.parametrize(("days", "expected", "axis"), [
    (12, ["8 déc.", "15 déc.", "22 déc.", "29 déc.", "5 janv."], "Semaines (date du lundi), 2025–2026"),
    (120, ["janv. 2026", "mars 2026", "mai 2026"], "Mois"),
])
def test_gantt_time_axis_in_french(days: int, expected: list[str], axis: str) -> None:
    """Weeks for a short plan, months (one out of n so that labels never touch) for a long one."""
    tasks = [Task(id=f"T{i}", nom=f"Étape {i}", duree=days, predecesseurs=[f"T{i - 1}"] if i else [])
             for i in range(2)]
    fig = gantt(schedule(tasks, dt.date(2025, 12, 8)))
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert all(label in ticks for label in expected), ticks
    assert ax.get_xlabel() == axis
    assert_no_overlap(gantt_texts(fig), fig.canvas.get_renderer(), "time axis")


def test_short_label_wraps_and_cuts() -> None:
    task = Task(id="T12", nom=" ".join(WORDS), duree=1)
    label = short_label(task)
    lines = label.split("\n")
    assert len(lines) == 2 and lines[0].startswith("T12 — ") and label.endswith("…")
    assert all(len(line) <= 36 for line in lines)
    assert short_label(Task(id="T1", nom="Court", duree=1)) == "T1 — Court"


def test_gantt_alt_text() -> None:
    text = gantt_alt(course(), TODAY)
    assert "9 tâches dont 1 jalon" in text and "15 jours ouvrés" in text
    assert "Chemin critique" in text and "A → D → F → H → J" in text
    assert ("2 tâches en retard : B « Acheter les cadenas <consignation> », C « Former les chefs "
            "d'équipe »") in text
    assert "retard" not in gantt_alt(course())
    assert gantt_alt([]) == "Diagramme de Gantt : aucune tâche planifiée."


def test_gantt_alt_names_parallel_critical_paths() -> None:
    tasks = [Task(id="S", nom="Lancer", duree=2), Task(id="P", nom="P", duree=3, predecesseurs=["S"]),
             Task(id="Q", nom="Q", duree=3, predecesseurs=["S"]),
             Task(id="E", nom="Clore", duree=1, predecesseurs=["P", "Q"])]
    assert "Chemins critiques (tâches hachurées, marquées critique) : S → P → E ; S → Q → E." in gantt_alt(
        schedule(tasks, MONDAY))


def test_empty_figures() -> None:
    assert any(t.get_text() == "(aucune tâche)" for t in gantt([]).axes[0].texts)
    assert any(t.get_text() == "(aucune tâche)" for t in pert([]).axes[0].texts)


# --- PERT ---------------------------------------------------------------------------------------------
def test_pert_nodes_carry_the_cpm_fields() -> None:
    rows = course()
    fig = pert(rows)
    ax = fig.axes[0]
    boxes = by_gid(ax.patches, "tache")
    assert set(boxes) == {s.task.id for s in rows}
    for s in rows:
        assert (boxes[s.task.id].get_linewidth() > 2) is s.critical
    texts = [t.get_text() for t in ax.texts]
    assert "★ A\nRédiger la procédure\nde consignation" in texts
    assert "MT 3" in texts and "ML 1" in texts  # B
    assert "ML 2" in texts  # G
    for field in ("Début au\nplus tôt", "Fin au\nplus tard", "Marge\ntotale", "Marge libre"):
        assert field in texts  # the key names the fields


def test_pert_links_thick_solid_if_critical_thin_dashed_else() -> None:
    fig = pert(course())
    links = {p.get_gid(): p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)}
    assert len(links) == 9
    for gid in ("lien:A>D", "lien:D>F", "lien:F>H", "lien:H>J"):
        assert links[gid].get_linestyle() == "-" and links[gid].get_linewidth() > 2
    for gid in ("lien:A>C", "lien:B>E", "lien:C>E", "lien:E>G", "lien:G>H"):
        assert links[gid].get_linestyle() != "-" and links[gid].get_linewidth() < 1.5


def test_pert_layers_left_to_right_and_boxes_apart() -> None:
    rows = big(60)
    column = layers(rows)
    for s in rows:
        assert all(column[p] < column[s.task.id] for p in s.task.predecesseurs)
    fig = pert(rows)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    patches = by_gid(fig.axes[0].patches, "tache")
    boxes = [p.get_window_extent(renderer) for p in patches.values()]
    assert len(boxes) == 60
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    x = {tid: p.get_x() for tid, p in patches.items()}
    for s in rows:
        assert all(x[p] < x[s.task.id] for p in s.task.predecesseurs)


def test_pert_alt_text() -> None:
    text = pert_alt(course())
    assert "Chemin critique" in text and "A → D → F → H → J" in text
    assert ("B « Acheter les cadenas <consignation> » (durée 4 jours, sans prédécesseur) : début au plus "
            "tôt 0, fin au plus tôt 4, début au plus tard 3, fin au plus tard 7, marge totale 3, marge "
            "libre 1.") in text
    assert "J « Revue de direction : go / no go » (jalon, après H)" in text


# --- HTML ---------------------------------------------------------------------------------------------
def test_schedule_html_is_a_semantic_table() -> None:
    rows = course()
    html = schedule_html(rows)
    page = Page(html)
    assert len(page.all("caption")) == 1 and "A → D → F → H → J" in html
    ths = page.all("th")
    assert {a["scope"] for a in ths} == {"col", "row"}
    assert sum(a["scope"] == "row" for a in ths) == len(rows)
    text = page.joined()
    assert text.count("★ oui") == 5 and text.count("◆ jalon") == 1
    assert "◐ En cours (50 %)" in text and "☑ Fait" in text  # joined() turns the no-break space
    assert "&lt;consignation&gt;" in html and "<consignation>" not in html
    assert "17/04/2025" in text


def test_raci_html_letters_have_their_meaning() -> None:
    html = raci_html(raci(), [s.task for s in course()])
    page = Page(html)
    assert len(page.all("caption")) == 1
    assert {a["scope"] for a in page.all("th")} == {"col", "row"}
    titles = {a["title"] for a in page.all("abbr")}
    assert titles == {"Réalise", "Approuve (rend compte)", "Consulté", "Informé"}
    assert "Chef d'atelier" in page.joined() and "<dt>A</dt><dd>Approuve (rend compte)</dd>" in html
    assert "À corriger" not in html  # a sound matrix
    broken = [RaciLine(tache="A", roles={"Direction": "R"})]
    assert "il faut exactement un « A »" in raci_html(broken, [s.task for s in course()])


def test_kanban_has_three_columns_with_counts() -> None:
    page = Page(kanban_html(course()))
    assert len(page.all("section")) == 3
    text = page.joined()
    for heading in ("☐ À faire (6)", "◐ En cours (2)", "☑ Fait (1)"):
        assert heading in text
    assert page.headings == [3, 3, 3]
    assert len(page.all("li")) == 9
    assert all(a.get("aria-labelledby") for a in page.all("section"))


def test_tracking_html_rates_counts_and_alerts() -> None:
    rows = course()
    html = tracking_html(progress(rows), alerts(rows, TODAY), TODAY)
    text = Page(html).joined()
    assert "11,1\u202f% des tâches" in html  # narrow no-break space before « % »
    assert "1 tâche faite sur 9, soit 11,1 % des tâches" in text
    assert "Avancement pondéré par la durée des tâches : 23,1 %" in text
    assert text_bar(6 / 26) in text and text_bar(0.5) == "▓" * 10 + "░" * 10
    assert "⚠ retard — B « Acheter les cadenas <consignation> »" in text
    assert "◐ à surveiller — D" in text
    assert "Alertes (2 en retard, 2 à surveiller)" in text
    assert "<caption" in html and 'scope="row"' in html
    assert "Aucune alerte au 14/04/2025" in tracking_html(progress(rows), [], MONDAY)


def test_planning_document_is_a_standalone_page() -> None:
    rows = course()
    html = planning_document_html("Plan <consignation>", rows, raci(), progress(rows), alerts(rows, TODAY),
                                  TODAY)
    assert html.startswith("<!doctype html>") and '<html lang="fr">' in html and "@media print" in html
    page = Page(html)
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    images = page.all("img")
    assert len(images) == 1 and "A → D → F → H → J" in (images[0]["alt"] or "")
    for anchor in ("planning", "gantt", "raci", "suivi", "kanban"):
        assert f'href="#{anchor}"' in html and f'id="{anchor}"' in html
    assert "<title>Plan &lt;consignation&gt;</title>" in html
    light = planning_document_html("Plan", rows, raci(), progress(rows), [], TODAY, figures=False)
    assert "<img" not in light and 'id="gantt"' not in light


# --- workbook -----------------------------------------------------------------------------------------
def test_workbook_round_trip_of_the_schedule() -> None:
    rows = course()
    data = planning_workbook("Plan =consignation", rows, raci(), progress(rows), alerts(rows, TODAY), TODAY)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == list(SHEETS)
    ws = wb["Planning"]
    assert ws["A1"].value == "Plan =consignation — planning" and ws["A1"].data_type == "s"
    header = [c.value for c in ws[4]]
    weeks = week_columns(rows)
    assert header[: len(PLANNING_COLUMNS)] == [h for h, _ in PLANNING_COLUMNS]
    assert header[len(PLANNING_COLUMNS):] == ["14/04/25", "▼ 21/04/25", "28/04/25", "05/05/25"]
    assert len(weeks) == 4
    back = [tuple(c.value for c in row[:8]) for row in ws.iter_rows(min_row=5)]
    expected = [(s.task.id, s.task.nom, s.task.duree, ", ".join(s.task.predecesseurs) or None,
                 dt.datetime.combine(s.debut, dt.time()), dt.datetime.combine(s.fin, dt.time()),
                 s.total_float, s.free_float) for s in rows]
    assert back == expected
    by_id = {row[0].value: row for row in ws.iter_rows(min_row=5)}
    first_week = len(PLANNING_COLUMNS)
    gantt_cells = {tid: [(c.value, c.fill.fill_type) for c in row[first_week:]] for tid, row in by_id.items()}
    assert gantt_cells["A"] == [("C", "lightGrid"), (None, None), (None, None), (None, None)]
    assert gantt_cells["B"][0] == ("T", "lightUp")
    assert gantt_cells["D"][:2] == [("C", "lightGrid")] * 2
    assert [v for v, _ in gantt_cells["J"]] == [None, None, None, "◆"]
    assert by_id["A"][8].value == "★ oui" and by_id["J"][9].value == "◆ jalon"
    assert by_id["B"][10].value == "◐ En cours" and by_id["B"][11].value == 50


def test_workbook_raci_tracking_and_kanban() -> None:
    rows = course()
    wb = load_workbook(io.BytesIO(planning_workbook("Plan", rows, raci(), progress(rows),
                                                    alerts(rows, TODAY), TODAY)))
    ws = wb["RACI"]
    assert [c.value for c in ws[4]] == ["Id", "Tâche", "Direction", "Responsable QSE", "CSE",
                                        "Chef d'atelier"]
    assert [c.value for c in ws[7]] == ["C", "Former les chefs d'équipe", None, "A", "C", "R"]
    values = [[c.value for c in row] for row in wb["Suivi"].iter_rows()]
    assert values[2][1] == pytest.approx(1 / 9) and values[3][1] == pytest.approx(6 / 26)
    flat = [v for row in values for v in row if v is not None]
    assert "☐ À faire" in flat and "⚠ retard" in flat and "◐ à surveiller" in flat
    assert [c.value for c in wb["Kanban"][4]] == ["☐ À faire (6)", "◐ En cours (2)", "☑ Fait (1)"]


def test_workbook_of_sixty_tasks() -> None:
    rows = big(60)
    data = planning_workbook("Plan", rows, [], progress(rows), alerts(rows, dt.date(2025, 10, 20)),
                             dt.date(2025, 10, 20))
    ws = load_workbook(io.BytesIO(data))["Planning"]
    assert ws.max_row == 4 + 60
    assert [row[0].value for row in ws.iter_rows(min_row=5)] == [s.task.id for s in rows]
    critical = {tid for path in critical_paths(rows) for tid in path}
    assert critical == {s.task.id for s in rows if s.critical}
    letters = {row[0].value: {c.value for c in row[len(PLANNING_COLUMNS):]} - {None}
               for row in ws.iter_rows(min_row=5)}
    for s in rows:
        if not s.task.jalon:
            assert letters[s.task.id] == ({"C"} if s.task.id in critical else {"T"})
