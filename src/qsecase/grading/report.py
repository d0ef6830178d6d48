"""HTML reports of a batch: the cohort report for the trainer and one feedback page per trainee.

Self-contained, accessible pages (``lang`` of the page, skip link, ordered headings, captioned
tables with ``scope``, contrast ≥ 4.5:1, every status as symbol + word, alt text on every figure),
rendered with jinja2 templates from ``qsecase/data/templates`` (autoescape on). Figures are drawn
with matplotlib's object API (Agg canvas, no pyplot state). The trainer's page shows the expected
elements the cohort missed; a trainee's page shows them only when ``reveal_key`` is set.

The pages are in the language of the grades (``Grade.lang``: French, or English with ``--lang
en``) unless ``lang`` is given; their texts are French msgids translated through the catalogue
(:mod:`qsecase.i18n`), and what comes from the case or the key stays French (``lang="fr"`` span).
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
    results_lang,
    status_text,
    tint,
)
from qsecase.grading.rubric import missed_count_sentence
from qsecase.i18n import SOURCE_LANG, Translator, join, mark, number, translator
from qsecase.io.atomic import atomic_write_text

__all__ = ["item_ranking", "trainee_feedback", "write_cohort_report", "write_feedback",
           "write_feedback_pages"]

_CSS_KEYS = {"acquis": "acquis", "partiellement acquis": "partiel", "non acquis": "non-acquis",
             "à vérifier": "a-verifier"}


@functools.cache
def _env() -> Any:
    import jinja2
    from markupsafe import Markup

    from qsecase.views.palette import STATUS_STYLE

    def _t(context: Any) -> Translator:
        return translator(context.get("lang", SOURCE_LANG))

    @jinja2.pass_context
    def gettext(context: Any, text: str, **values: Any) -> Markup:
        """Catalogue texts are trusted like the template's own text; values are escaped."""
        template = Markup(_t(context).template(text))
        return template.format(**values) if values else template

    @jinja2.pass_context
    def ngettext(context: Any, singular: str, plural: str, n: int, **values: Any) -> Markup:
        return Markup(_t(context).plural(singular, plural, n, **{
            k: Markup.escape(v) for k, v in values.items()}))

    @jinja2.pass_context
    def source_text(context: Any, text: Any) -> Any:
        """Text from the case, the key or an error (French): marked so in a page of another
        language, so that screen readers pronounce it right."""
        if context.get("lang", SOURCE_LANG) == SOURCE_LANG or not text:
            return text
        return Markup('<span lang="{}">{}</span>').format(SOURCE_LANG, text)

    env = jinja2.Environment(loader=jinja2.PackageLoader("qsecase", "data/templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters.update(
        status_text=jinja2.pass_context(lambda context, s: status_text(s, _t(context).lang)),
        status_key=lambda s: _CSS_KEYS.get(s, "autre"), source_text=source_text)
    env.globals.update(
        status_bg={_CSS_KEYS[s]: tint(style.colour) for s, style in STATUS_STYLE.items()},
        statuses=STATUSES, _=gettext, _n=ngettext)
    return env


def _render(template: str, path: Path, lang: str, **context: Any) -> Path:
    now = dt.datetime.now().astimezone()
    date = now.strftime("%d/%m/%Y") if lang == SOURCE_LANG else now.strftime("%Y-%m-%d")
    atomic_write_text(path, _env().get_template(template).render(
        lang=lang, generated_date=date, generated_time=now.strftime("%H:%M"),
        legend=[status_text(s, lang) for s in STATUSES], **context))
    return path


def _fr(value: float, lang: str = SOURCE_LANG) -> str:
    """A number to one decimal in the notation of ``lang`` (« 12,5 » in French)."""
    return number(round(value, 2), lang, 1)


def _segment(name: str) -> str:
    """``name`` as a single, safe path segment (a trainee id must not escape ``OUT``)."""
    if not is_safe_trainee_id(name):
        raise BatchError(f"identifiant de stagiaire invalide « {name} » : il doit être un nom de "
                         "dossier simple (lettres, chiffres, « - », « _ »)")
    return name


def _href(trainee: str, page: str) -> str | None:
    """Link to a trainee's page, or None for an id that is not a safe folder name."""
    return f"{quote(trainee, safe='')}/{page}" if is_safe_trainee_id(trainee) else None


def trainee_feedback(item: ItemGrade, reveal_key: bool, lang: str = SOURCE_LANG) -> str:
    """The item's feedback for the trainee: the missed expected elements named only with
    ``reveal_key``, otherwise only counted (whatever mode the grade was computed in).

    ``lang`` is the language the feedback was graded in (``Grade.lang``)."""
    _ = translator(lang)
    reveal = _("Éléments attendus manquants : {elements}.", elements=join(item.missed, lang))
    count = missed_count_sentence(len(item.missed), lang)
    if not item.missed:
        return item.feedback
    if reveal_key:
        return item.feedback.replace(count, reveal) if count in item.feedback else (
            item.feedback if reveal in item.feedback else f"{item.feedback} {reveal}")
    return item.feedback.replace(reveal, count)


def _graded(results: Sequence[SubmissionResult]) -> list[tuple[SubmissionResult, Grade]]:
    return [(r, r.grade) for r in ordered(results) if r.grade is not None and not r.error]


def item_ranking(results: Sequence[SubmissionResult], lang: str = SOURCE_LANG
                 ) -> list[dict[str, Any]]:
    """Per-item statistics across the cohort, the items most often « non acquis » first
    (numbers written in the notation of ``lang``)."""
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
                     "ratio": mean / first.max_points, "mean": _fr(mean, lang),
                     "max": _fr(first.max_points, lang),
                     "non_acquis": f"{round(100 * share)}\u00a0%" if lang == SOURCE_LANG
                     else f"{round(100 * share)}%",
                     "pending": sum(i.status == "à vérifier" for i in items),
                     "missed": " ; ".join(f"{m} ({k})" for m, k in missed) or "—"})
    return sorted(rows, key=lambda r: (-r["share"], r["ratio"], r["exercise"], r["item"]))


def _marks_figure(graded: Sequence[Grade], lang: str = SOURCE_LANG) -> tuple[str, str]:
    from matplotlib.figure import Figure

    from qsecase.views.palette import BLACK, BLUE, GREY, figure_style
    from qsecase.views.render import figure_to_html

    _ = translator(lang)
    exercises = list(dict.fromkeys(r.exercise for r in graded))
    alt = [_("Notes sur 20, un point par copie (losange vide : note provisoire).")]
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
            alt.append(_.plural(
                "{exercise} : {n} copie, moyenne {mean}, de {low} à {high}.",
                "{exercise} : {n} copies, moyenne {mean}, de {low} à {high}.", len(notes),
                exercise=exercise, mean=_fr(statistics.mean(notes), lang),
                low=_fr(min(notes), lang), high=_fr(max(notes), lang)))
        ax.axvline(10, color=GREY, linestyle="--", linewidth=1, zorder=1)
        ax.set(xlim=(-0.5, 20.5), ylim=(-0.7, len(exercises) - 0.3), xlabel=_("Note sur 20"),
               title=_("Répartition des notes"))
        ax.set_xticks(range(0, 21, 2))
        ax.set_yticks(range(len(exercises)), labels=exercises)
        ax.invert_yaxis()
        ax.scatter([], [], marker="o", s=60, facecolors=BLUE, edgecolors=BLACK,
                   label=_("note définitive"))
        ax.scatter([], [], marker="D", s=60, facecolors="white", edgecolors=BLACK,
                   label=_("note provisoire"))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        text = " ".join(alt)
        return figure_to_html(fig, text), text


def _criteria_figure(counts: Mapping[str, Counter[str]], lang: str = SOURCE_LANG
                     ) -> tuple[str, str]:
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from qsecase.views.palette import BLACK, STATUS_STYLE, figure_style, wrap_text
    from qsecase.views.render import figure_to_html

    _ = translator(lang)
    codes = list(counts)
    alt = [_("{code} {title} : {counts}", code=c, title=_(competence_title(c)),
             counts=", ".join(f"{counts[c][s]} {_(s)}" for s in STATUSES)) for c in codes]
    with figure_style():
        fig = Figure(figsize=(9, 1.8 + 0.7 * len(codes)), layout="constrained")
        ax = fig.add_subplot()
        left = [0] * len(codes)
        for status in STATUSES:
            style, values = STATUS_STYLE[status], [counts[c][status] for c in codes]
            ax.barh(range(len(codes)), values, left=left, color=style.colour, hatch=style.hatch,
                    edgecolor=BLACK, linewidth=0.8, label=status_text(status, lang))
            for y, (x0, v) in enumerate(zip(left, values, strict=True)):
                if v:
                    ax.text(x0 + v / 2, y, str(v), ha="center", va="center", color=BLACK,
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_yticks(range(len(codes)),
                      labels=[f"{c} {wrap_text(_(competence_title(c)), 28)}" for c in codes])
        ax.invert_yaxis()
        ax.set(xlabel=_("Nombre de copies"), title=_("Statut par compétence"))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        fig.legend(loc="outside lower center", ncols=4, frameon=False)
        text = _("Statut par compétence (nombre de copies). {details}.",
                 details=join(alt, lang))
        return figure_to_html(fig, text), text


def write_cohort_report(results: Sequence[SubmissionResult], out: Path, *, case_title: str,
                        reviews: Reviews | None = None, lang: str | None = None) -> Path:
    """Write ``OUT/index.html``, the trainer's report on the whole cohort.

    Args:
        results: One result per trainee × exercise, overrides merged.
        out: The batch output folder.
        case_title: The case's title, shown under the page title.
        reviews: The trainer's criterion statuses and comments, if any.
        lang: The page's language (default: the language the copies were graded in).

    Returns:
        The path of ``index.html``.
    """
    lang = lang or results_lang(results)
    _ = translator(lang)
    pairs = _graded(results)
    graded = [g for _r, g in pairs]
    marks = [g.note_20 for g in graded]
    counts: dict[str, Counter[str]] = {c: Counter() for c in criterion_codes([r for r, _g in pairs])}
    for r, _g in pairs:
        for code, status in final_criteria(r, reviews).items():
            counts[code][status] += 1
    marks_html = _marks_figure(graded, lang)[0] if graded else ""
    criteria_html = _criteria_figure(counts, lang)[0] if counts else ""
    rows = []
    for r in ordered(results):
        ok = r.grade is not None and not r.error
        g = r.grade
        pending = g.pending if ok and g else 0
        rows.append({
            "trainee": r.trainee, "exercise": r.exercise, "graded": ok,
            "note": mark(g.note_20, lang) if ok and g else "—",
            "criteria": final_criteria(r, reviews) if ok else {},
            "state": (_("erreur") if not ok else _("provisoire ({n} à vérifier)", n=pending)
                      if pending else _("définitive")),
            "notebook_href": _href(r.trainee, f"{quote(r.exercise, safe='')}.html"),
            "feedback_href": _href(r.trainee, "feedback.html")})
    stats = {"trainees": len({r.trainee for r in results}), "submissions": len(results),
             "graded": len(graded), "errors": len(results) - len(graded),
             "provisional": sum(g.pending > 0 for g in graded),
             "pending": sum(g.pending for g in graded),
             "mean": _fr(statistics.mean(marks), lang) if marks else "—",
             "median": _fr(statistics.median(marks), lang) if marks else "—"}
    from markupsafe import Markup

    return _render(
        "index.html.j2", Path(out) / "index.html", lang,
        title=_("Rapport de correction de la cohorte"),
        case_title=case_title, stats=stats, marks_figure=Markup(marks_html),
        criteria_figure=Markup(criteria_html), items=item_ranking(results, lang), rows=rows,
        criteria_rows=[{"code": c, "title": _(competence_title(c)), "counts": n}
                       for c, n in counts.items()],
        errors=[r for r in ordered(results) if not (r.grade is not None and not r.error)])


def write_feedback(result: SubmissionResult | Sequence[SubmissionResult], out: Path, *,
                   reveal_key: bool, reviews: Reviews | None = None, case_title: str = "",
                   exercise_titles: Mapping[str, str] | None = None,
                   lang: str | None = None) -> Path:
    """Write ``OUT/<trainee>/feedback.html``: every exercise of one trainee.

    Args:
        result: The trainee's result, or all their results (one per exercise).
        out: The batch output folder.
        reveal_key: Name the missed answer-key elements (self-study, after the session).
        reviews: The trainer's criterion statuses and comments, if any.
        case_title: The case's title.
        exercise_titles: Exercise id → title (default: the id), in French: translated.
        lang: The page's language (default: the language the copies were graded in).

    Returns:
        The path written.
    """
    results = [result] if isinstance(result, SubmissionResult) else list(result)
    lang = lang or results_lang(results)
    _ = translator(lang)
    trainees = {r.trainee for r in results}
    if len(trainees) != 1:
        raise BatchError("une page de retour concerne un seul stagiaire : "
                         + (", ".join(sorted(trainees)) or "aucun résultat"))
    trainee = _segment(trainees.pop())
    exercises = []
    for r in ordered(results):
        g = r.grade
        title = (exercise_titles or {}).get(r.exercise)
        ex: dict[str, Any] = {"title": _(title) if title else r.exercise,
                              "error": r.error or ("" if g else _("copie non corrigée"))}
        if g is not None and not ex["error"]:
            inline = {f"{i.label} : {i.comment}" for i in g.items if i.comment}
            ex.update(note=mark(g.note_20, lang), pending=g.pending,
                      criteria=[{"code": c, "title": _(competence_title(c)), "status": s}
                                for c, s in final_criteria(r, reviews).items()],
                      lines=[{"label": i.label, "criterion": i.criterion,
                              "points": _fr(i.points, lang), "max": _fr(i.max_points, lang),
                              "status": i.status, "comment": i.comment,
                              "feedback": trainee_feedback(i, reveal_key, g.lang)}
                             for i in g.items],
                      comments=[c for c in comments_of(r, reviews) if c not in inline])
        exercises.append(ex)
    return _render("feedback.html.j2", Path(out) / trainee / "feedback.html", lang,
                   title=_("Retour de correction — {trainee}", trainee=trainee),
                   case_title=case_title, exercises=exercises)


def write_feedback_pages(results: Sequence[SubmissionResult], out: Path, *, reveal_key: bool,
                         **options: Any) -> list[Path]:
    """Write one feedback page per trainee of ``results`` (see :func:`write_feedback`)."""
    by_trainee: dict[str, list[SubmissionResult]] = {}
    for r in results:
        by_trainee.setdefault(r.trainee, []).append(r)
    return [write_feedback(rs, out, reveal_key=reveal_key, **options)
            for rs in by_trainee.values()]
