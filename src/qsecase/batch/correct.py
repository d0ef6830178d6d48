"""``qsecase grade``: grade a cohort, merge the trainer's overrides, write every output.

Steps, each its own function elsewhere: run the notebooks (orchestrate; or grade in process,
without notebooks: inprocess) → merge overrides → gradebook (CSV, Excel) → cohort report →
feedback per trainee (:func:`finish`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qsecase.grading.cohort import SubmissionResult

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from qsecase.batch.orchestrate import BatchResults
    from qsecase.case_model import Case

__all__ = ["CohortRun", "correct", "finish", "print_summary"]


@dataclass
class CohortRun:
    out: Path
    results: list[SubmissionResult]
    reviews: dict[tuple[str, str], object] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    not_run: int = 0
    """Submissions left undone by an interruption (Ctrl-C): the next run does them."""

    @property
    def all_ok(self) -> bool:
        return not self.not_run and all(r.ok for r in self.results)


def correct(
    case_dir: Path, submissions: Path, out: Path, *, jobs: int | None = None,
    timeout: float = 300.0, force: bool = False, reveal_key: bool = False, lang: str = "fr",
    progress: bool = True, notebooks: dict[str, Path] | None = None, warm: bool = True,
    executor: Executor | None = None,
) -> CohortRun:
    """Grade every submission and write the batch outputs of DESIGN.md into ``out``.

    ``warm`` and ``executor`` are those of :func:`~qsecase.batch.orchestrate.grade_cohort`.
    """
    from qsecase.batch.orchestrate import grade_cohort
    from qsecase.corpus import load_case
    from qsecase.grading.moodle import EMAILS_FILE, read_emails

    case = load_case(Path(case_dir))
    emails = read_emails(Path(submissions) / EMAILS_FILE)  # a bad row stops before grading
    results = grade_cohort(Path(case_dir), Path(submissions), Path(out), jobs=jobs,
                           timeout=timeout, force=force, reveal_key=reveal_key, lang=lang,
                           progress=progress, notebooks=notebooks, case=case, warm=warm,
                           executor=executor)
    return finish(case, results, Path(out), reveal_key=reveal_key, emails=emails)


def finish(case: Case, results: BatchResults, out: Path, *, reveal_key: bool = False,
           emails: dict[str, str] | None = None) -> CohortRun:
    """Merge the trainer's overrides into graded ``results``, then write the gradebook, the cohort
    report and the feedback pages into ``out``; ``moodle.csv`` by e-mail address when ``emails``
    (from ``emails.csv``) is given, else by username."""
    from qsecase.exercises.registry import exercises
    from qsecase.grading.gradebook import write_gradebook
    from qsecase.grading.moodle import write_moodle
    from qsecase.grading.overrides import ensure_template, merge_overrides, read_overrides
    from qsecase.grading.report import write_cohort_report, write_feedback_pages

    overrides = Path(out) / "overrides.csv"
    ensure_template(overrides)
    reviews = merge_overrides(results, read_overrides(overrides))
    titles = {e.id: e.title for e in exercises()}
    written = write_gradebook(results, Path(out), reviews=reviews)
    written.append(write_cohort_report(results, Path(out), case_title=case.spec.titre,
                                       reviews=reviews))
    written += write_feedback_pages([r for r in results if _safe(r)], Path(out),
                                    reveal_key=reveal_key, reviews=reviews,
                                    case_title=case.spec.titre, exercise_titles=titles)
    written.append(write_moodle(results, Path(out), emails=emails))
    return CohortRun(Path(out), list(results), dict(reviews), written,
                     not_run=len(results.not_run) if results.interrupted else 0)


def _safe(result: SubmissionResult) -> bool:
    """Feedback pages only for trainee ids that are safe folder names (others are errors)."""
    from qsecase.answers import is_safe_trainee_id

    return is_safe_trainee_id(result.trainee)


def print_summary(run: CohortRun, stream=None) -> None:  # type: ignore[no-untyped-def]
    """The terminal summary table, then where to find the outputs."""
    from qsecase.grading.gradebook import summary_table

    stream = stream or sys.stdout
    print(summary_table(run.results, run.reviews), file=stream)  # type: ignore[arg-type]
    failed = [r for r in run.results if not r.ok]
    graded = len(run.results) - len(failed)
    skipped = sum(r.skipped for r in run.results)
    print(f"\n{graded} copie{'s' if graded > 1 else ''} corrigée{'s' if graded > 1 else ''}"
          f" ({skipped} inchangée{'s' if skipped > 1 else ''} depuis le dernier passage), "
          f"{len(failed)} en erreur.", file=stream)
    if run.not_run:
        print(f"Correction interrompue : {run.not_run} copie(s) non corrigée(s) — relancez la même "
              "commande pour reprendre.", file=stream)
    print(f"Rapport : {run.out / 'index.html'} · carnet de notes : {run.out / 'gradebook.xlsx'}",
          file=stream)
