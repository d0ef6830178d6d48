"""HTML reports of a batch: the cohort report for the trainer and one feedback page per trainee.

Self-contained, accessible French pages (``lang="fr"``, skip link, ordered headings, captioned
tables with ``scope``, contrast ≥ 4.5:1, every status as symbol + word, alt text on every figure),
rendered with jinja2 templates from ``qsecase/data/templates`` (autoescape on). Figures are drawn
with matplotlib's object API (Agg canvas, no pyplot state). The trainer's page shows the expected
elements the cohort missed; a trainee's page shows them only when ``reveal_key`` is set.
"""

from __future__ import annotations

import datetime as dt
import functools
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from qsecase.answers import is_safe_trainee_id
from qsecase.errors import BatchError
from qsecase.grading.cohort import SubmissionResult
from qsecase.grading.grade import STATUSES, Grade, ItemGrade
from qsecase.grading.gradebook import (
    Reviews,
    comments_of,
    competence_title,
    criterion_codes,
    final_criteria,
    ordered,
    status_text,
    tint,
)
from qsecase.io.atomic import atomic_write_text

__all__ = ["item_ranking", "trainee_feedback", "write_cohort_report", "write_feedback",
           "write_feedback_pages"]

_CSS_KEYS = {"acquis": "acquis", "partiellement acquis": "partiel", "non acquis": "non-acquis",
             "à vérifier": "a-verifier"}


@functools.cache
def _env() -> Any:
    import jinja2

    from qsecase.views.palette import STATUS_STYLE

    env = jinja2.Environment(loader=jinja2.PackageLoader("qsecase", "data/templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters.update(status_text=status_text, status_key=lambda s: _CSS_KEYS.get(s, "autre"))
    env.globals.update(
        status_bg={_CSS_KEYS[s]: tint(style.colour) for s, style in STATUS_STYLE.items()},
        legend=[status_text(s) for s in STATUSES], statuses=STATUSES)
    return env


def _render(template: str, path: Path, **context: Any) -> Path:
    now = dt.datetime.now().astimezone().strftime("%d/%m/%Y à %H:%M")
    atomic_write_text(path, _env().get_template(template).render(generated=now, **context))
    return path


def _mark(value: float) -> str:
    from qsecase.views.palette import fr_mark

    return fr_mark(value)


def _fr(value: float) -> str:
    from qsecase.views.palette import fr_number

    return fr_number(round(value, 2), 1)


def _segment(name: str) -> str:
    """``name`` as a single, safe path segment (a trainee id must not escape ``OUT``)."""
    if not is_safe_trainee_id(name):
        raise BatchError(f"identifiant de stagiaire invalide « {name} » : il doit être un nom de "
                         "dossier simple (lettres, chiffres, « - », « _ »)")
    return name


def _href(trainee: str, page: str) -> str | None:
    """Link to a trainee's page, or None for an id that is not a safe folder name."""
    return f"{quote(trainee, safe='')}/{page}" if is_safe_trainee_id(trainee) else None


def trainee_feedback(item: ItemGrade, reveal_key: bool) -> str:
    """The item's feedback for the trainee: the missed expected elements named only with
    ``reveal_key``, otherwise only counted (whatever mode the grade was computed in)."""
    reveal = "Éléments attendus manquants : " + " ; ".join(item.missed) + "."
    n, s = len(item.missed), "s" if len(item.missed) > 1 else ""
    count = f"{n} élément{s} attendu{s} non trouvé{s}."
    if not item.missed:
        return item.feedback
    if reveal_key:
        return item.feedback.replace(count, reveal) if count in item.feedback else (
            item.feedback if reveal in item.feedback else f"{item.feedback} {reveal}")
    return item.feedback.replace(reveal, count)


def _graded(results: Sequence[SubmissionResult]) -> list[tuple[SubmissionResult, Grade]]:
    return [(r, r.grade) for r in ordered(results) if r.grade is not None and not r.error]


def item_ranking(results: Sequence[SubmissionResult]) -> list[dict[str, Any]]:
    """Per-item statistics across the cohort, the items most often « non acquis » first."""
    groups: dict[tuple[str, str], list[ItemGrade]] = {}
    for r, g in _graded(results):
        for item in g.items:
            groups.setdefault((r.exercise, item.item), []).append(item)
    rows = []
    for (exercise, item_id), items in groups.items():
        first, n = items[0], len(items)
        mean = sum(i.points for i in items) / n
        share = sum(i.status == "non acquis" for i in items) / n
        missed = Counter(m for i in items for m in i.missed).most_common(3)
        rows.append({"exercise": exercise, "item": item_id, "label": first.label,
                     "criterion": first.criterion, "share": share,
                     "ratio": mean / first.max_points, "mean": _fr(mean),
                     "max": _fr(first.max_points), "non_acquis": f"{round(100 * share)}\u00a0%",
                     "pending": sum(i.status == "à vérifier" for i in items),
                     "missed": " ; ".join(f"{m} ({k})" for m, k in missed) or "—"})
    return sorted(rows, key=lambda r: (-r["share"], r["ratio"], r["exercise"], r["item"]))


def _marks_figure(graded: Sequence[Grade]) -> tuple[str, str]:
    from matplotlib.figure import Figure

    from qsecase.views.palette import BLACK, BLUE, GREY, figure_style
    from qsecase.views.render import figure_to_html

    exercises = list(dict.fromkeys(r.exercise for r in graded))
    alt = ["Notes sur 20, un point par copie (losange vide : note provisoire)."]
    with figure_style():
        fig = Figure(figsize=(8, 1.6 + 0.6 * len(exercises)), layout="constrained")
        ax = fig.add_subplot()
        for y, exercise in enumerate(exercises):
            grades = sorted((g for g in graded if g.exercise == exercise),
                            key=lambda g: g.note_20)
            for k, g in enumerate(grades):
                final = not g.pending
                ax.scatter([g.note_20], [y + ((k % 5) - 2) * 0.08],
                           marker="o" if final else "D", s=60, edgecolors=BLACK,
                           facecolors=BLUE if final else "white", linewidths=1.2, zorder=3)
            notes = [g.note_20 for g in grades]
            alt.append(f"{exercise} : {len(notes)} copie{'s' if len(notes) > 1 else ''}, "
                       f"moyenne {_fr(statistics.mean(notes))}, de {_fr(min(notes))} "
                       f"à {_fr(max(notes))}.")
        ax.axvline(10, color=GREY, linestyle="--", linewidth=1, zorder=1)
        ax.set(xlim=(-0.5, 20.5), ylim=(-0.7, len(exercises) - 0.3), xlabel="Note sur 20",
               title="Répartition des notes")
        ax.set_xticks(range(0, 21, 2))
        ax.set_yticks(range(len(exercises)), labels=exercises)
        ax.invert_yaxis()
        ax.scatter([], [], marker="o", s=60, facecolors=BLUE, edgecolors=BLACK,
                   label="note définitive")
        ax.scatter([], [], marker="D", s=60, facecolors="white", edgecolors=BLACK,
                   label="note provisoire")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        text = " ".join(alt)
        return figure_to_html(fig, text), text


def _criteria_figure(counts: Mapping[str, Counter[str]]) -> tuple[str, str]:
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from qsecase.views.palette import BLACK, STATUS_STYLE, figure_style, wrap_text
    from qsecase.views.render import figure_to_html

    codes = list(counts)
    alt = [f"{c} {competence_title(c)} : " + ", ".join(f"{counts[c][s]} {s}" for s in STATUSES)
           for c in codes]
    with figure_style():
        fig = Figure(figsize=(9, 1.8 + 0.7 * len(codes)), layout="constrained")
        ax = fig.add_subplot()
        left = [0] * len(codes)
        for status in STATUSES:
            style, values = STATUS_STYLE[status], [counts[c][status] for c in codes]
            ax.barh(range(len(codes)), values, left=left, color=style.colour, hatch=style.hatch,
                    edgecolor=BLACK, linewidth=0.8, label=status_text(status))
            for y, (x0, v) in enumerate(zip(left, values, strict=True)):
                if v:
                    ax.text(x0 + v / 2, y, str(v), ha="center", va="center", color=BLACK,
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_yticks(range(len(codes)),
                      labels=[f"{c} {wrap_text(competence_title(c), 28)}" for c in codes])
        ax.invert_yaxis()
        ax.set(xlabel="Nombre de copies", title="Statut par compétence")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        fig.legend(loc="outside lower center", ncols=4, frameon=False)
        text = "Statut par compétence (nombre de copies). " + " ; ".join(alt) + "."
        return figure_to_html(fig, text), text


def write_cohort_report(results: Sequence[SubmissionResult], out: Path, *, case_title: str,
                        reviews: Reviews | None = None) -> Path:
    """Write ``OUT/index.html``, the trainer's report on the whole cohort.

    Args:
        results: One result per trainee × exercise, overrides merged.
        out: The batch output folder.
        case_title: The case's title, shown under the page title.
        reviews: The trainer's criterion statuses and comments, if any.

    Returns:
        The path of ``index.html``.
    """
    pairs = _graded(results)
    graded = [g for _, g in pairs]
    marks = [g.note_20 for g in graded]
    counts: dict[str, Counter[str]] = {c: Counter() for c in criterion_codes([r for r, _ in pairs])}
    for r, _ in pairs:
        for code, status in final_criteria(r, reviews).items():
            counts[code][status] += 1
    marks_html = _marks_figure(graded)[0] if graded else ""
    criteria_html = _criteria_figure(counts)[0] if counts else ""
    rows = []
    for r in ordered(results):
        ok = r.grade is not None and not r.error
        g = r.grade
        pending = g.pending if ok and g else 0
        rows.append({
            "trainee": r.trainee, "exercise": r.exercise, "graded": ok,
            "note": _mark(g.note_20) if ok and g else "—",
            "criteria": final_criteria(r, reviews) if ok else {},
            "state": ("erreur" if not ok else f"provisoire ({pending} à vérifier)" if pending
                      else "définitive"),
            "notebook_href": _href(r.trainee, f"{quote(r.exercise, safe='')}.html"),
            "feedback_href": _href(r.trainee, "feedback.html")})
    stats = {"trainees": len({r.trainee for r in results}), "submissions": len(results),
             "graded": len(graded), "errors": len(results) - len(graded),
             "provisional": sum(g.pending > 0 for g in graded),
             "pending": sum(g.pending for g in graded),
             "mean": _fr(statistics.mean(marks)) if marks else "—",
             "median": _fr(statistics.median(marks)) if marks else "—"}
    from markupsafe import Markup

    return _render(
        "index.html.j2", Path(out) / "index.html", title="Rapport de correction de la cohorte",
        case_title=case_title, stats=stats, marks_figure=Markup(marks_html),
        criteria_figure=Markup(criteria_html), items=item_ranking(results), rows=rows,
        criteria_rows=[{"code": c, "title": competence_title(c), "counts": n}
                       for c, n in counts.items()],
        errors=[r for r in ordered(results) if not (r.grade is not None and not r.error)])


def write_feedback(result: SubmissionResult | Sequence[SubmissionResult], out: Path, *,
                   reveal_key: bool, reviews: Reviews | None = None, case_title: str = "",
                   exercise_titles: Mapping[str, str] | None = None) -> Path:
    """Write ``OUT/<trainee>/feedback.html``: every exercise of one trainee.

    Args:
        result: The trainee's result, or all their results (one per exercise).
        out: The batch output folder.
        reveal_key: Name the missed answer-key elements (self-study, after the session).
        reviews: The trainer's criterion statuses and comments, if any.
        case_title: The case's title.
        exercise_titles: Exercise id → title (default: the id).

    Returns:
        The path written.
    """
    results = [result] if isinstance(result, SubmissionResult) else list(result)
    trainees = {r.trainee for r in results}
    if len(trainees) != 1:
        raise BatchError("une page de retour concerne un seul stagiaire : "
                         + (", ".join(sorted(trainees)) or "aucun résultat"))
    trainee = _segment(trainees.pop())
    exercises = []
    for r in ordered(results):
        g = r.grade
        ex: dict[str, Any] = {"title": (exercise_titles or {}).get(r.exercise, r.exercise),
                              "error": r.error or ("" if g else "copie non corrigée")}
        if g is not None and not ex["error"]:
            inline = {f"{i.label} : {i.comment}" for i in g.items if i.comment}
            ex.update(note=_mark(g.note_20), pending=g.pending,
                      criteria=[{"code": c, "title": competence_title(c), "status": s}
                                for c, s in final_criteria(r, reviews).items()],
                      lines=[{"label": i.label, "criterion": i.criterion,
                              "points": _fr(i.points), "max": _fr(i.max_points),
                              "status": i.status, "comment": i.comment,
                              "feedback": trainee_feedback(i, reveal_key)} for i in g.items],
                      comments=[c for c in comments_of(r, reviews) if c not in inline])
        exercises.append(ex)
    return _render("feedback.html.j2", Path(out) / trainee / "feedback.html",
                   title=f"Retour de correction — {trainee}", case_title=case_title,
                   exercises=exercises)


def write_feedback_pages(results: Sequence[SubmissionResult], out: Path, *, reveal_key: bool,
                         **options: Any) -> list[Path]:
    """Write one feedback page per trainee of ``results`` (see :func:`write_feedback`)."""
    by_trainee: dict[str, list[SubmissionResult]] = {}
    for r in results:
        by_trainee.setdefault(r.trainee, []).append(r)
    return [write_feedback(rs, out, reveal_key=reveal_key, **options)
            for rs in by_trainee.values()]
