"""RSE views (3-6): the actions × ODD grid and the coverage of the RSE policy's objectives.

Nothing relies on colour: in the grid an action's contribution to a goal is a black-edged disc on
a white or light grey band (readable in grey scale), each column ends with its number of actions,
and a goal no action supports is written « – ». In the coverage table each objective reads « ✔ couvert »
or « ✖ non couvert » in words beside the symbol.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from qsecase.methods.rse import ODD_NUMBERS, RseAction, coverage, odd_matrix
from qsecase.views.palette import BLACK, BLUE, GREY, WHITE, figure_style, wrap_text
from qsecase.views.sst_register_view import tint
from qsecase.views.tables import esc, table_html

__all__ = ["COVERED", "NOT_COVERED", "coverage_table_html", "odd_matrix_alt", "odd_matrix_figure"]

COVERED, NOT_COVERED = "✔ couvert", "✖ non couvert"

_STRIPE = tint(GREY, 0.8)  # every other column, a light grey band to follow a column by eye
_EDGE = "#4D4D4D"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def odd_matrix_figure(actions: Sequence[RseAction], odd_titles: Mapping[int, str]) -> Figure:
    """Actions (rows) × the 17 ODD (columns): a black-edged disc where the action contributes to the
    goal; the last row counts the actions per goal (« – » for none).

    Args:
        actions: The RSE actions (an ODD outside 1–17 is not drawn).
        odd_titles: ODD number → short title (``qsecase.rse_data.odd_titles()``); a missing title
            leaves the number alone.

    Use it with :func:`~qsecase.views.render.figure_to_html` and :func:`odd_matrix_alt`.
    """
    matrix = odd_matrix(actions)
    n = len(actions)
    rows = max(1, n)
    with figure_style():
        fig = Figure(figsize=(4.0 + 0.62 * len(ODD_NUMBERS), 4.6 + 0.55 * (rows + 1)), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        supported = sum(1 for ids in matrix.values() if ids)
        ax.set_title(wrap_text(f"Actions RSE et objectifs de développement durable (ODD) : "
                               f"{_plural(n, 'action')}, {supported} ODD sur 17 soutenus", 90), loc="left")
        for col in ODD_NUMBERS:
            if col % 2 == 0:
                ax.add_patch(Rectangle((col - 0.5, -0.5), 1, rows + 1, facecolor=_STRIPE, edgecolor="none",
                                       zorder=0))
        for row, action in enumerate(actions):
            y = rows - row
            for col in ODD_NUMBERS:
                if action.id in matrix[col]:
                    ax.plot(col, y, marker="o", markersize=15, markerfacecolor=BLUE, markeredgecolor=BLACK,
                            markeredgewidth=1.6, linestyle="none", zorder=3, gid=f"odd:{action.id}:{col}")
        for col in ODD_NUMBERS:
            count = len(matrix[col])
            ax.text(col, 0, str(count) if count else "–", ha="center", va="center", fontsize=11,
                    fontweight="bold" if count else "normal", zorder=3)
        if not actions:
            ax.text(9, 1, "Aucune action RSE saisie", ha="center", va="center", fontsize=12, zorder=3)
        for y in range(rows + 1):
            ax.axhline(y + 0.5, color=_EDGE, linewidth=0.6, zorder=1)
        ax.axhline(0.5, color=BLACK, linewidth=1.4, zorder=2)
        ax.set_xlim(0.5, len(ODD_NUMBERS) + 0.5)
        ax.set_ylim(-0.5, rows + 0.5)
        ax.set_xticks(list(ODD_NUMBERS), [wrap_text(f"{c} · {odd_titles[c]}", 22) if odd_titles.get(c)
                                          else str(c) for c in ODD_NUMBERS], rotation=90, fontsize=10)
        ax.xaxis.tick_top()
        labels = [f"{a.id} — {wrap_text(a.libelle, 30)}" if a.libelle else a.id for a in actions]
        ax.set_yticks([rows - i for i in range(n)] + [0], [*labels, "Nombre d'actions"], fontsize=10)
        ax.tick_params(length=0)
        for side in ("top", "right", "bottom", "left"):
            ax.spines[side].set_color(_EDGE)
        handle = Line2D([], [], marker="o", markersize=12, markerfacecolor=BLUE, markeredgecolor=BLACK,
                        markeredgewidth=1.6, linestyle="none",
                        label="l'action contribue à l'ODD ; dernière ligne : nombre d'actions par ODD "
                              "(« – » : aucune)")
        fig.legend(handles=[handle], loc="outside lower left", frameon=False, fontsize=10)
        fig.set_facecolor(WHITE)
    return fig


def odd_matrix_alt(actions: Sequence[RseAction], odd_titles: Mapping[int, str]) -> str:
    """French description of :func:`odd_matrix_figure` for screen readers: the counts, the goals
    supported (with their actions), the goals left aside and each action's goals."""
    matrix = odd_matrix(actions)
    supported = [n for n, ids in matrix.items() if ids]

    def name(number: int) -> str:
        title = odd_titles.get(number, "")
        return f"ODD {number}" + (f" ({title})" if title else "")

    parts = [f"Grille des actions RSE et des 17 objectifs de développement durable : "
             f"{_plural(len(actions), 'action')}, {len(supported)} ODD sur 17 soutenus."]
    if supported:
        parts.append("ODD soutenus : " + " ; ".join(
            f"{name(n)} : {_plural(len(matrix[n]), 'action')} ({', '.join(matrix[n])})"
            for n in supported) + ".")
    missing = [str(n) for n, ids in matrix.items() if not ids]
    if missing:
        parts.append(f"ODD sans action : {', '.join(missing)}.")
    for action in actions:
        goals = [n for n in ODD_NUMBERS if action.id in matrix[n]]
        label = f"{action.id} ({action.libelle})" if action.libelle else action.id
        parts.append(f"{label} : " + (", ".join(f"ODD {n}" for n in goals) if goals else "aucun ODD") + ".")
    return " ".join(parts)


def coverage_table_html(actions: Sequence[RseAction], policy_objectives: Mapping[str, str]) -> str:
    """An accessible table: each objective of the RSE policy, the actions that support it and
    « ✔ couvert » / « ✖ non couvert »; then the count of objectives covered."""
    table = coverage(actions, policy_objectives)
    labels = {a.id: a.libelle for a in actions}
    rows = []
    for objective, supporting in table.items():
        listed = "<br>".join(esc(f"{i} — {labels[i]}" if labels.get(i) else i) for i in supporting)
        status = COVERED if supporting else NOT_COVERED
        rows.append((esc(objective), esc(policy_objectives[objective]), listed or "—",
                     f"<strong>{esc(status)}</strong>"))
    covered = sum(1 for ids in table.values() if ids)
    summary = (f"{covered} objectif{'s' if covered > 1 else ''} sur {len(table)} couvert"
               f"{'s' if covered > 1 else ''} par au moins une action." if table
               else "La politique RSE ne compte aucun objectif.")
    return ('<section lang="fr">'
            + table_html("Objectifs de la politique RSE et actions qui les soutiennent",
                         ["Objectif", "Intitulé", "Actions qui le soutiennent", "Couverture"], rows,
                         row_headers=True, raw=True)
            + f"<p>{esc(summary)}</p></section>")
