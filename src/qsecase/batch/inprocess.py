"""Grade a cohort in this process, without executing the notebooks (``qsecase grade --no-notebooks``).

Grading runs no trainee code: answers are data, and a notebook in correction mode only opens a
:class:`~qsecase.session.Session` and calls :meth:`~qsecase.session.Session.write_grade`. This
module does the same for each submission, with the case and the keys loaded once: same discovery,
same checks and pre-validation, same grade (``<trainee>/<exercise>.grade.json``, state for
resume), same gradebook, report and feedback (:func:`qsecase.batch.correct.finish`); only the
executed notebook and its HTML rendering are not produced.

A copy is skipped only when a notebook run already graded it from the same inputs (its corrected
notebook is kept); any other copy is graded again, which costs milliseconds.

Each answers file is read and validated once: discovery leaves its header unread
(``by_header=False``) and :func:`grade_one` checks, routes (answers to another case are left
aside, as discovery would) and grades what it read.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qsecase.batch.discover import header_case
from qsecase.batch.orchestrate import BatchResults, Progress, Task, plan_cohort
from qsecase.batch.runner import check_answers
from qsecase.batch.state import clear_outputs, write_state
from qsecase.errors import QsecaseError
from qsecase.exercises.registry import get, load_key
from qsecase.grading.cohort import SubmissionResult
from qsecase.grading.grade import Grade
from qsecase.session import Session

if TYPE_CHECKING:
    from qsecase.answers import AnswersFile
    from qsecase.batch.correct import CohortRun
    from qsecase.case_model import Case

__all__ = ["correct_in_process", "grade_in_process", "grade_submissions"]


def grade_in_process(
    case_dir: Path, submissions: Path, out: Path, *, force: bool = False, progress: bool = True,
    lang: str = "fr", reveal_key: bool = False, now: dt.datetime | None = None,
) -> list[SubmissionResult]:
    """Grade every submission without notebooks and write every output but the notebooks.

    Args:
        case_dir: The case folder (validated once).
        submissions: One folder per trainee, holding ``<exercise>.yaml`` answers files.
        out: The output folder, never inside ``submissions`` or the case.
        force: Grade again the copies a notebook run graded from unchanged inputs.
        progress: Show a progress bar on stderr.
        lang: Language of the feedback (``fr`` or ``en``).
        reveal_key: Feedback cites the expected elements the trainee missed.
        now: Time of grading written in every grade (default: the clock).

    Returns:
        One result per submission and per problem found, sorted by (trainee, exercise), the
        trainer's overrides merged.
    """
    return correct_in_process(case_dir, submissions, out, force=force, progress=progress,
                              lang=lang, reveal_key=reveal_key, now=now).results


def correct_in_process(
    case_dir: Path, submissions: Path, out: Path, *, force: bool = False, progress: bool = True,
    lang: str = "fr", reveal_key: bool = False, now: dt.datetime | None = None,
) -> CohortRun:
    """:func:`grade_in_process`, returning the whole run (what ``print_summary`` shows)."""
    from qsecase.batch.correct import finish
    from qsecase.corpus import load_case
    from qsecase.grading.moodle import EMAILS_FILE, read_emails

    case = load_case(Path(case_dir))
    emails = read_emails(Path(submissions) / EMAILS_FILE)  # a bad row stops before grading
    results = grade_submissions(case_dir, submissions, out, case=case, force=force,
                                progress=progress, lang=lang, reveal_key=reveal_key, now=now)
    return finish(case, results, Path(out), reveal_key=reveal_key, emails=emails)


def grade_submissions(
    case_dir: Path, submissions: Path, out: Path, *, case: Case, force: bool = False,
    progress: bool = True, lang: str = "fr", reveal_key: bool = False,
    now: dt.datetime | None = None,
) -> BatchResults:
    """Grade each submission and write its ``.grade.json`` and state (no cohort outputs)."""
    results, tasks = plan_cohort(case_dir, submissions, out, force=force, reveal_key=reveal_key,
                                 lang=lang, case=case, by_header=False)
    keys = _Keys()
    bar = Progress(len(tasks), progress)
    done: list[SubmissionResult] = []
    finished = 0
    try:
        for task in tasks:
            result = grade_one(task, case=case, key=keys.get(task), now=now)
            finished += 1
            if result is None:  # answers to another case
                bar.skip()
                continue
            done.append(result)
            bar.done(result)
    except KeyboardInterrupt:
        return BatchResults([*results, *done], interrupted=True,
                            not_run=[t.job for t in tasks[finished:]])
    finally:
        bar.close()
    return BatchResults([*results, *done])


class _Keys:
    """The answer key of each exercise, read once (or the French reason it cannot be read)."""

    def __init__(self) -> None:
        self._keys: dict[Path, Any] = {}

    def get(self, task: Task) -> Any:
        path = Path(task.kwargs["key_path"])
        if path not in self._keys:
            try:
                self._keys[path] = load_key(get(task.job.exercise), path)
            except QsecaseError as exc:
                self._keys[path] = exc
        return self._keys[path]


def grade_one(task: Task, *, case: Case, key: Any,
              now: dt.datetime | None = None) -> SubmissionResult | None:
    """Grade one planned task as its notebook would, writing the grade beside where the notebook
    would be; never raises for a problem of the copy, of the key or of qsecase.

    Returns:
        The result, or None when the file answers another case (left for that case's run).
    """
    started = time.monotonic()
    job, options = task.job, task.kwargs
    answers, problem = check_answers(job, case.id)
    claimed = answers.header.case if answers is not None else header_case(job.answers_path)
    if claimed not in (None, case.id):
        return None
    out = Path(options["out"])
    clear_outputs(out, job)
    grade: Grade | None = None
    error = str(key) if isinstance(key, Exception) else problem
    if not error and answers is not None:
        try:
            grade = _write_grade(task, answers, case=case, key=key, now=now)
        except Exception as exc:  # a defect of qsecase must not stop the batch
            error = f"erreur interne de qsecase : {type(exc).__name__}: {exc}"
    seconds = round(time.monotonic() - started, 3)
    if grade is None:
        return SubmissionResult(job.trainee, job.exercise, case.id, error=error, seconds=seconds)
    if options["fingerprint"]:
        write_state(out, job, options["fingerprint"], seconds=seconds)
    return SubmissionResult(job.trainee, job.exercise, case.id, grade=grade, seconds=seconds)


def _write_grade(task: Task, answers: AnswersFile[Any], *, case: Case, key: Any,
                 now: dt.datetime | None) -> Grade:
    """The notebook's correction path: a session on the copy, then ``write_grade``."""
    job, options = task.job, task.kwargs
    exercise = get(job.exercise)
    folder = Path(options["out"]) / job.trainee
    folder.mkdir(parents=True, exist_ok=True)
    session = Session(exercise=exercise, case=case, answers_file=answers,
                      answers_path=Path(job.answers_path), mode="correction",
                      lang=options["lang"], key=key, output_dir=folder,
                      reveal_key=options["reveal_key"])
    grade = session.grade_now()
    if now is not None:
        session.grade = grade.model_copy(update={"graded_at": now.replace(microsecond=0)})
    session.write_grade()
    return session.grade or grade
