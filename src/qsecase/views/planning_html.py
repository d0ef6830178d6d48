"""The plan as accessible HTML: schedule, RACI matrix, kanban board, tracking, and the complete
document to print.

The schedule table is the accessible version of the Gantt chart: every date, float and mark of
the chart is in it, read by a screen reader cell by cell (``<caption>``, ``scope`` on header
cells). A status, a critical task, a milestone or an alert is a symbol **and** a word; symbols are
hidden from screen readers (``aria-hidden``) when a word says the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from qsecase.methods.planning import STATUSES, Scheduled, Task
from qsecase.methods.raci import ROLES, RaciLine, check_raci
from qsecase.methods.tracking import Alert, Progress
from qsecase.views.palette import fr_number
from qsecase.views.planning_gantt import (
    CRITICAL_MARK,
    LATE_MARK,
    MILESTONE_MARK,
    gantt,
    gantt_alt,
    paths_text,
    plan_span,
    plural,
    task_label,
)
from qsecase.views.render import figure_to_html
from qsecase.views.tables import esc, issues_html, table_html

__all__ = ["ALERT_STYLE", "kanban_html", "percent", "planning_document_html", "raci_actors", "raci_html",
           "schedule_html", "status_html", "text_bar", "tracking_html"]

#: Level of an alert → its mark (symbol and words).
ALERT_STYLE: dict[str, str] = {"retard": LATE_MARK, "à surveiller": "◐ à surveiller"}
_BAR_CELLS = 20


def _hidden(symbol: str) -> str:
    return f'<span aria-hidden="true">{esc(symbol)}</span>'


def _marked(mark: str) -> str:
    """« ★ critique » with the symbol hidden from screen readers."""
    symbol, words = mark.split(" ", 1)
    return f"{_hidden(symbol)} {esc(words)}"


def percent(rate: float) -> str:
    """A rate (0–1) in French notation: « 42,5 % »."""
    return f"{fr_number(round(100 * rate, 1), 1)}\u202f%"


def text_bar(rate: float, cells: int = _BAR_CELLS) -> str:
    """A progress bar made of characters: « ▓▓▓▓░░░░░░ »."""
    full = round(max(0.0, min(1.0, rate)) * cells)
    return "▓" * full + "░" * (cells - full)


def status_html(statut: str, avancement: int | None = None) -> str:
    """« ◐ En cours (40 %) », the symbol hidden from screen readers (the percentage only for a task
    in progress)."""
    symbol, words = STATUSES[statut].split(" ", 1)
    extra = f" ({avancement}\u202f%)" if statut == "en cours" and avancement is not None else ""
    return f"{_hidden(symbol)} {esc(words)}{extra}"


def _date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def schedule_html(scheduled: Sequence[Scheduled]) -> str:
    """The schedule in topological order: dates, floats, critical tasks, milestones, statuses."""
    if not scheduled:
        return "<p>Aucune tâche planifiée.</p>"
    rows = [(esc(s.task.id), esc(s.task.nom), str(s.task.duree), esc(", ".join(s.task.predecesseurs)) or "—",
             _date(s.debut), _date(s.fin), str(s.total_float), str(s.free_float),
             f"{_hidden('★')} oui" if s.critical else "non",
             f"{_hidden(MILESTONE_MARK)} jalon" if s.task.jalon else "—",
             status_html(s.task.statut, s.task.avancement))
            for s in scheduled]
    caption = (f"Planning : {plural(len(scheduled), 'tâche')}, {plan_span(scheduled)} ; chemin critique "
               f"{paths_text(scheduled)}")
    return table_html(caption, ["Id", "Tâche", "Durée (jours ouvrés)", "Prédécesseurs", "Début", "Fin",
                                "Marge totale (jours)", "Marge libre (jours)", "Critique", "Jalon", "Statut"],
                      rows, row_headers=True, raw=True)


def raci_actors(lines: Sequence[RaciLine]) -> list[str]:
    """The actors of the matrix, in the order they first appear."""
    return list(dict.fromkeys(who for line in lines for who in line.roles))


def raci_html(lines: Sequence[RaciLine], tasks: Sequence[Task]) -> str:
    """The RACI matrix (tasks × actors) with the meaning of the letters, then what to fix."""
    if not lines:
        return "<p>Aucune matrice RACI renseignée.</p>"
    actors = raci_actors(lines)
    by_task: dict[str, dict[str, str]] = {}
    for line in lines:
        by_task.setdefault(line.tache, {}).update(line.roles)
    known = {t.id: t for t in tasks}
    order = [t.id for t in tasks if t.id in by_task] + [tid for tid in by_task if tid not in known]
    rows = []
    for tid in order:
        label = task_label(known[tid]) if tid in known else f"{tid} (tâche inconnue du planning)"
        roles = by_task[tid]
        rows.append((esc(label), *(f'<abbr title="{esc(ROLES[roles[a]])}">{roles[a]}</abbr>' if a in roles
                                   else '<span aria-hidden="true">—</span>' for a in actors)))
    legend = "".join(f"<dt>{letter}</dt><dd>{esc(meaning)}</dd>" for letter, meaning in ROLES.items())
    table = table_html(f"Matrice RACI : {plural(len(order), 'tâche')} × {plural(len(actors), 'acteur')}",
                       ["Tâche", *actors], rows, row_headers=True, raw=True)
    issues = issues_html(check_raci(lines, [t.id for t in tasks]))
    return (f'{table}<dl class="legende" aria-label="Signification des lettres">{legend}</dl>'
            "<p>Chaque tâche a exactement un « A » et au moins un « R ».</p>" + issues)


def kanban_html(scheduled: Sequence[Scheduled]) -> str:
    """Three columns « À faire », « En cours », « Fait », each a section with its count."""
    columns = []
    for key, title in STATUSES.items():
        symbol, words = title.split(" ", 1)
        items = [s for s in scheduled if s.task.statut == key]
        anchor = "kanban-" + key.replace(" ", "-").replace("à", "a")
        cards = []
        for s in items:
            extra = [f"{s.task.avancement}\u202f%"] if key == "en cours" else []
            extra.append(f"fin prévue le {_date(s.fin)}")
            if s.critical:
                extra.append(_marked(CRITICAL_MARK))
            if s.task.jalon:
                extra.append(f"{_hidden(MILESTONE_MARK)} jalon")
            cards.append(f"<li><strong>{esc(s.task.id)}</strong> — {esc(s.task.nom)} "
                         f"({', '.join(extra)})</li>")
        body = f"<ul>{''.join(cards)}</ul>" if cards else "<p>Aucune tâche.</p>"
        columns.append(f'<section class="colonne" aria-labelledby="{anchor}"><h3 id="{anchor}">'
                       f"{_hidden(symbol)} {esc(words)} ({len(items)})</h3>{body}</section>")
    return ('<div class="kanban" style="display:grid;grid-template-columns:repeat(3,minmax(0,1fr));'
            f'gap:1em">{"".join(columns)}</div>')


def tracking_html(progress: Progress, alerts: Sequence[Alert], today: dt.date) -> str:
    """Completion rates (with a text bar), tasks per status, and the alerts at ``today``."""
    done = progress.counts.get("fait", 0)
    parts = [f"<p>Au {_date(today)} : {done} tâche{'s' if done > 1 else ''} faite{'s' if done > 1 else ''} "
             f"sur {progress.total}, soit {percent(progress.taux_taches)} des tâches.</p>",
             f"<p>Avancement pondéré par la durée des tâches : {percent(progress.taux_pondere)}<br>"
             f'<span class="barre" aria-hidden="true">{text_bar(progress.taux_pondere)}</span> '
             f"{percent(progress.taux_pondere)}</p>"]
    rows = [(status_html(key), str(progress.counts.get(key, 0))) for key in STATUSES]
    rows.append(("Total", str(progress.total)))
    parts.append(table_html("Nombre de tâches par statut", ["Statut", "Tâches"], rows, row_headers=True,
                            raw=True))
    if alerts:
        late = sum(1 for a in alerts if a.level == "retard")
        items = "".join(f"<li>{_marked(ALERT_STYLE[a.level])} — {esc(a.message)}</li>" for a in alerts)
        parts.append(f"<h3>Alertes ({late} en retard, {len(alerts) - late} à surveiller)</h3>"
                     f'<ul class="alertes">{items}</ul>')
    else:
        parts.append(f"<p>Aucune alerte au {_date(today)}.</p>")
    return "".join(parts)


_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:11pt;line-height:1.4;color:#000;
background:#fff;margin:1.5em auto;max-width:80em;padding:0 1em}
h1{font-size:1.7em;margin:0.3em 0}h2{font-size:1.35em;margin-top:1.6em;border-bottom:2px solid #000}
h3{font-size:1.15em;margin-top:1.3em}
th,td{overflow-wrap:break-word}
caption{padding:0.3em 0}
dl.legende{display:grid;grid-template-columns:max-content 1fr;gap:0.2em 1em}
dl.legende dt{font-weight:bold}dl.legende dd{margin:0}
.kanban section{border:1px solid #767676;padding:0 0.8em}
.barre{font-family:"DejaVu Sans Mono",monospace;letter-spacing:-0.05em}
ul.alertes{list-style:none;padding-left:0.5em}
img{max-width:100%;height:auto}
a{color:#0645AD}
@page{size:A4 landscape;margin:12mm}
@media print{
body{font-size:9pt;margin:0;max-width:none;padding:0}
nav.sommaire{display:none}
section.partie{break-before:page}
section#planning{break-before:auto}
thead{display:table-header-group}
tr,li,figure{break-inside:avoid}
h2,h3{break-after:avoid}
.kanban{display:grid;grid-template-columns:repeat(3,1fr)}
a{color:#000;text-decoration:none}
}
"""


def planning_document_html(title: str, scheduled: Sequence[Scheduled], raci: Sequence[RaciLine],
                           progress: Progress, alerts: Sequence[Alert], today: dt.date, *,
                           figures: bool = True) -> str:
    """The plan as a standalone accessible HTML page, ready to print to PDF.

    Args:
        title: Title of the plan.
        scheduled: The scheduled tasks (:func:`~qsecase.methods.planning.schedule`).
        raci: The RACI matrix.
        progress: Completion at ``today`` (:func:`~qsecase.methods.tracking.progress`).
        alerts: Alerts at ``today`` (:func:`~qsecase.methods.tracking.alerts`).
        today: Date of the progress review.
        figures: Include the Gantt chart (its table is always there).

    Returns:
        The HTML text (``<!doctype html>``, ``lang="fr"``).
    """
    sections = [("planning", "Planning des tâches"), ("raci", "Responsabilités (matrice RACI)"),
                ("suivi", f"Suivi au {_date(today)}"), ("kanban", "Tableau kanban")]
    if figures:
        sections.insert(1, ("gantt", "Diagramme de Gantt"))
    bodies = {
        "planning": schedule_html(scheduled),
        "gantt": ("<p>Le tableau « Planning des tâches » donne, sous forme de texte, tout ce que montre le "
                  "diagramme.</p><figure>"
                  + figure_to_html(gantt(scheduled, today=today, title=title), gantt_alt(scheduled, today),
                                   dpi=90)
                  + "<figcaption>Diagramme de Gantt : barres hachurées et ★ pour les tâches critiques, "
                  "◆ pour les jalons, statut en bout de barre.</figcaption></figure>") if figures else "",
        "raci": raci_html(raci, [s.task for s in scheduled]),
        "suivi": tracking_html(progress, alerts, today),
        "kanban": kanban_html(scheduled),
    }
    nav = ('<nav class="sommaire" aria-label="Sommaire"><h2>Sommaire</h2><ol>'
           + "".join(f'<li><a href="#{anchor}">{esc(name)}</a></li>' for anchor, name in sections)
           + "</ol></nav>")
    main = "".join(f'<section id="{anchor}" class="partie"><h2>{esc(name)}</h2>{bodies[anchor]}</section>'
                   for anchor, name in sections)
    summary = (f"<p>{plural(len(scheduled), 'tâche')}, {esc(plan_span(scheduled))}. Chemin critique : "
               f"{esc(paths_text(scheduled))}. Point d'avancement du {_date(today)} : "
               f"{percent(progress.taux_pondere)} du travail réalisé.</p>")
    return ('<!doctype html>\n<html lang="fr"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>"
            f"<header><h1>{esc(title)}</h1>{summary}</header>{nav}<main>{main}</main></body></html>")
