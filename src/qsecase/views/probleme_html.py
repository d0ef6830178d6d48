"""Read-only HTML of the problem-solving exercise: the trainee's answers step by step, its figures
(Pareto, fishbone, each with its alt text) and the answer key revealed one step at a time.

Used by the widgets (live figures) and by the notebook in correction and self-study modes.
"""

from __future__ import annotations

from collections.abc import Sequence

from qsecase.case_model import Case
from qsecase.exercises.probleme.grader import pareto_values
from qsecase.exercises.probleme.model import (
    TOOL_LABELS,
    ParetoChoice,
    ProblemeAnswers,
    ProblemeKey,
)
from qsecase.methods import pareto as pareto_method
from qsecase.methods.actions import ACTION_TYPE_LABELS, check_plan
from qsecase.methods.base import Issue
from qsecase.methods.five_whys import check_chain
from qsecase.methods.ishikawa import FAMILY_LABELS, Ishikawa
from qsecase.methods.ishikawa import check as ishikawa_check
from qsecase.methods.qqoqcp import LABELS, QUESTIONS
from qsecase.views.palette import fr_number
from qsecase.views.tables import (
    actions_html,
    chains_html,
    esc,
    expected_html,
    issues_html,
    qqoqcp_html,
    roots_html,
    table_html,
)

__all__ = ["COUNT_LABEL", "KEY_STEPS", "KEY_TITLES", "STEPS", "STEP_TITLES", "answers_step_html",
           "fishbone_html", "key_step_html", "pareto_html", "pareto_rows"]

STEPS: tuple[str, ...] = ("outils", "qqoqcp", "pareto", "ishikawa", "pourquoi", "racines",
                          "actions")
STEP_TITLES: dict[str, str] = {
    "outils": "Choix des outils",
    "qqoqcp": "Description du problème (QQOQCP)",
    "pareto": "Hiérarchisation des défauts (Pareto)",
    "ishikawa": "Recherche des causes (Ishikawa)",
    "pourquoi": "Approfondissement (5 Pourquoi)",
    "racines": "Causes racines et faits probants",
    "actions": "Plan d'actions",
}
KEY_STEPS: tuple[str, ...] = ("outils", "qqoqcp", "pareto", "ishikawa", "racines", "actions",
                              "handicap")
KEY_TITLES: dict[str, str] = {**STEP_TITLES, "handicap": "Adaptation au handicap"}
COUNT_LABEL = "Nombre d'occurrences"


def pareto_rows(choice: ParetoChoice, case: Case) -> list[pareto_method.ParetoRow] | None:
    """Pareto rows of the trainee's choice of table and columns, or None if it is incomplete."""
    values = pareto_values(choice, case)
    return None if values is None else pareto_method.pareto(values)


def _label(case: Case, table: str, column: str) -> str:
    """A column's short label for charts (``libelle`` in case.yaml), else its name."""
    if table not in case.tables:
        return column
    col = next((c for c in case.spec.document(table).colonnes if c.nom == column), None)
    return (col.libelle or col.nom) if col else column


def _column(case: Case, table: str, column: str) -> str:
    """« Libellé (nom) » for a trainer reading which column the trainee chose."""
    label = _label(case, table, column)
    return label if label == column else f"{label} ({column})"


def _pct(share: float) -> str:
    return f"{fr_number(share * 100, 1)}\u202f%"


def pareto_html(choice: ParetoChoice, case: Case) -> str:
    """The Pareto chart of the choice (with alt text) and its table; a hint when incomplete."""
    from qsecase.views.pareto_chart import pareto_alt_text, pareto_figure
    from qsecase.views.render import figure_to_html

    rows = pareto_rows(choice, case)
    if rows is None:
        return ("<p><em>Choisissez un tableau, la colonne des catégories et la mesure pour "
                "construire le diagramme de Pareto.</em></p>")
    label = _label(case, choice.table, choice.mesure) if choice.mesure else COUNT_LABEL
    title = f"Pareto : {label} par {_label(case, choice.table, choice.categorie).lower()}"
    fig = pareto_figure(rows, value_label=label, title=title)
    figure = figure_to_html(fig, pareto_alt_text(rows, value_label=label))
    chosen = set(choice.classe_a)
    table = table_html(title, ["Catégorie", label, "Part", "Cumul", "Classe", "Retenue en A"],
                       [(r.category, r.value, _pct(r.share), _pct(r.cumulative), r.abc,
                         "oui" if r.category in chosen else "non") for r in rows],
                       row_headers=True)
    return figure + table


def fishbone_html(diagram: Ishikawa) -> str:
    """The fishbone diagram (with its alt text)."""
    from qsecase.views.fishbone import fishbone_alt_text, fishbone_figure
    from qsecase.views.render import figure_to_html

    return figure_to_html(fishbone_figure(diagram), fishbone_alt_text(diagram))


def _paragraph(label: str, text: str) -> str:
    return f"<p><strong>{esc(label)} :</strong> {esc(text) or '—'}</p>"


def _checks(issues: list[Issue]) -> str:
    """The method checks the trainee saw while typing, for the trainer's reading."""
    if not issues:
        return ""
    return f"<h4>Contrôles de méthode</h4>{issues_html(issues)}"


def _table_title(case: Case, table: str) -> str:
    ids = {d.id for d in case.spec.documents}
    return case.spec.document(table).titre if table in ids else table


def answers_step_html(step: str, answers: ProblemeAnswers, case: Case) -> str:
    """The trainee's answers of one step, read-only, under an ``<h3>`` heading."""
    a = answers
    if step == "outils":
        tools = "".join(f"<li>{esc(TOOL_LABELS[t])}</li>" for t in a.outils)
        body = (f"<ul>{tools}</ul>" if tools else "<p>Aucun outil choisi.</p>") + _paragraph(
            "Justification", a.justification_outils)
    elif step == "qqoqcp":
        body = qqoqcp_html(a.qqoqcp)
    elif step == "pareto":
        p = a.pareto
        body = (_paragraph("Tableau", _table_title(case, p.table))
                + _paragraph("Catégories", _column(case, p.table, p.categorie))
                + _paragraph("Mesure", _column(case, p.table, p.mesure) if p.mesure else COUNT_LABEL)
                + _paragraph("Classe A retenue", ", ".join(p.classe_a))
                + _paragraph("Commentaire", p.commentaire) + pareto_html(p, case))
    elif step == "ishikawa":
        body = fishbone_html(a.ishikawa) + _checks(ishikawa_check(a.ishikawa))
    elif step == "pourquoi":
        body = chains_html(a.pourquoi) + _checks(
            [Issue(level=i.level, message=f"Chaîne {n} : {i.message}")
             for n, chain in enumerate(a.pourquoi, 1) for i in check_chain(chain)])
    elif step == "racines":
        body = roots_html(a.causes_racines) + _checks(
            [Issue(level="erreur", message=f"{r.id} : fait « {f} » introuvable dans le corpus.")
             for r in a.causes_racines for f in r.faits if f not in case.facts])
    elif step == "actions":
        body = actions_html(a.causes_racines, a.actions) + _checks(
            check_plan(a.causes_racines, a.actions, today=case.spec.date_cas))
    else:
        raise KeyError(step)
    return (f'<section lang="fr"><h3>Réponses du stagiaire — {esc(STEP_TITLES[step])}</h3>'
            f"{body}</section>")


def _tools(title: str, tools: Sequence[str]) -> str:
    return f"<p>{title} :</p><ul>" + "".join(f"<li>{esc(TOOL_LABELS[t])}</li>"
                                            for t in tools) + "</ul>"


def key_step_html(step: str, key: ProblemeKey, case: Case) -> str:
    """What the answer key expects for one step (self-study « Voir la solution »)."""
    if step == "outils":
        body = _tools("Outils attendus", key.outils_attendus)
        if key.outils_inadaptes:
            body += _tools("Outils peu adaptés ici", key.outils_inadaptes)
    elif step == "qqoqcp":
        expected = {q: key.qqoqcp.get(q, []) for q in QUESTIONS}  # type: ignore[call-overload]
        body = "".join(f"<h4>{esc(LABELS[q])}</h4>{expected_html(items)}"
                       for q, items in expected.items() if items)
    elif step == "pareto":
        p = key.pareto
        body = (_paragraph("Tableau", _table_title(case, p.table))
                + _paragraph("Catégories", p.categorie)
                + _paragraph("Mesures pertinentes", ", ".join(m or COUNT_LABEL
                                                              for m in p.mesures))
                + _paragraph("Classe A", ", ".join(p.classe_a)))
    elif step == "ishikawa":
        body = "".join(
            f"<h4>{esc(FAMILY_LABELS[fam])}</h4>"
            f"{expected_html([c for c in key.ishikawa if c.famille == fam])}"
            for fam in FAMILY_LABELS if any(c.famille == fam for c in key.ishikawa))
    elif step == "racines":
        body = table_html("Causes racines attendues", ["Id", "Cause racine", "Faits probants"],
                          [(r.id, r.libelle, ", ".join(r.faits)) for r in key.causes_racines],
                          row_headers=True)
    elif step == "actions":
        body = "".join(
            f"<h4>Cause {esc(a.cause)} — types : "
            f"{esc(', '.join(ACTION_TYPE_LABELS[t].split(' (')[0] for t in a.types))}</h4>"
            f"{expected_html(a.exemples)}" for a in key.actions)
    elif step == "handicap":
        h = key.handicap
        body = (_paragraph("Situation", h.situation)
                + _paragraph("Faits", ", ".join(h.faits)) + expected_html(h.adaptations))
    else:
        raise KeyError(step)
    return f'<section lang="fr"><h3>Solution — {esc(KEY_TITLES[step])}</h3>{body}</section>'
