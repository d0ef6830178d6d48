"""Grade a whole cohort: :func:`grade_cohort` runs every submission's notebook, in parallel.

By default the batch starts its own pool of worker processes, with ``forkserver`` (``spawn`` where
it does not exist), never ``fork``: a forked copy of a process that already talked to Jupyter or
ZeroMQ inherits sockets and threads it must not touch. Each worker keeps a warm kernel, made fresh
before every notebook (:mod:`qsecase.batch.warm`); with ``warm=False`` each notebook gets a kernel
of its own. Nothing else is shared between two trainees.

Any ``concurrent.futures.Executor`` may run the jobs instead (``executor=``: a thread or process
pool, a Dask cluster's ``client.get_executor()``…): each job is one picklable :class:`Task` given
to :func:`run_task`; the warm kernels then live in that executor's workers.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import CancelledError, Executor, Future, ProcessPoolExecutor, as_completed, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import qsecase
from qsecase.batch.discover import Job, discover, header_case
from qsecase.batch.state import case_digest, exercise_digest, fingerprint, load_fresh
from qsecase.errors import BatchError
from qsecase.grading.cohort import SubmissionResult

if TYPE_CHECKING:
    from qsecase.case_model import Case

__all__ = ["GRACE", "STAGGER", "BatchResults", "Progress", "Task", "grade_cohort", "key_path",
           "load_case", "plan_cohort", "run_task"]

STAGGER = 0.15
"""Seconds between the first submissions, so that the first kernels do not all start at once."""
GRACE = 5.0
"""Seconds granted to running notebooks after Ctrl-C before their workers are stopped."""
WORKER_DIED = ("le processus de correction s'est arrêté pendant cette copie (mémoire "
               "insuffisante ?) — les autres copies ont été corrigées ; relancez la correction")


class BatchResults(list[SubmissionResult]):
    """The results of a batch (a list), and what an interruption left undone."""

    interrupted: bool = False
    """True when Ctrl-C stopped the batch: ``not_run`` will run next time."""
    not_run: list[Job]

    def __init__(self, results: Iterable[SubmissionResult] = (), *, interrupted: bool = False,
                 not_run: Iterable[Job] = ()) -> None:
        super().__init__(sorted(results, key=lambda r: (r.trainee, r.exercise)))
        self.interrupted = interrupted
        self.not_run = sorted(not_run)


def load_case(case_dir: Path) -> Case:
    """Load and validate the case folder (:func:`qsecase.corpus.load_case`, imported lazily)."""
    from qsecase.corpus import load_case as load

    return load(case_dir)


def key_path(case_dir: Path, exercise: str) -> Path:
    """The answer key of ``exercise`` in the case (:func:`qsecase.corpus.key_path`)."""
    from qsecase.corpus import key_path as locate

    return Path(locate(case_dir, exercise))


@dataclass
class Task:
    """A job to run and the keyword arguments of :func:`qsecase.batch.runner.run_job` (picklable:
    paths, strings, numbers)."""

    job: Job
    kwargs: dict[str, Any] = field(default_factory=dict)


def run_task(task: Task) -> SubmissionResult:
    """Run one task in a worker of any executor (:func:`qsecase.batch.runner.run_job`)."""
    from qsecase.batch.runner import run_job

    return run_job(task.job, **task.kwargs)


def grade_cohort(
    case_dir: Path,
    submissions: Path,
    out: Path,
    *,
    jobs: int | None = None,
    timeout: float = 300,
    force: bool = False,
    reveal_key: bool = False,
    lang: str = "fr",
    progress: bool = True,
    notebooks: Mapping[str, Path] | None = None,
    case: Case | None = None,
    warm: bool = True,
    executor: Executor | None = None,
) -> BatchResults:
    """Grade every submission of a cohort for one case.

    Args:
        case_dir: The case folder (validated once, before anything runs).
        submissions: One folder per trainee, holding ``<exercise>.yaml`` answers files.
        out: The output folder (``OUT/<trainee>/<exercise>.ipynb|.html|.grade.json``); never
            inside ``submissions`` or the case.
        jobs: Worker processes (default: one per CPU); ignored with ``executor``.
        timeout: Seconds each notebook cell may run.
        force: Re-run every submission, even those graded from unchanged inputs.
        reveal_key: Feedback cites the expected elements the trainee missed.
        lang: Language of the feedback (``fr`` or ``en``).
        progress: Show a progress bar on stderr.
        notebooks: Notebook to run per exercise id (default: the bundled one).
        case: The case already loaded from ``case_dir`` (avoids validating it twice).
        warm: Each worker reuses one kernel, made fresh before each notebook (libraries already
            imported); ``False``: a new kernel for every notebook (slower).
        executor: Runs the jobs instead of the batch's own process pool (any
            ``concurrent.futures.Executor``, e.g. ``client.get_executor()`` of a Dask cluster
            whose workers have the same qsecase and see the same folders). The executor is
            neither shut down nor restarted: a worker that dies makes its job an error.

    Returns:
        One result per submission and per problem found, sorted by (trainee, exercise); it also
        tells whether Ctrl-C interrupted the batch (``interrupted``) and what was left undone.

    Raises:
        CaseError: The case folder is invalid.
        BatchError: The folders or options do not allow the batch to start.
    """
    workers = _check_options(jobs, timeout)
    results, tasks = plan_cohort(case_dir, submissions, out, force=force, reveal_key=reveal_key,
                                 lang=lang, timeout=timeout, notebooks=notebooks, case=case)
    for task in tasks:
        task.kwargs["warm"] = warm
    if executor is not None:
        ran, interrupted, not_run = _run_on(executor, tasks, progress=progress)
    else:
        ran, interrupted, not_run = _run_all(tasks, workers=workers, progress=progress)
    return BatchResults([*results, *ran], interrupted=interrupted, not_run=not_run)


def plan_cohort(
    case_dir: Path, submissions: Path, out: Path, *, force: bool = False,
    reveal_key: bool = False, lang: str = "fr", timeout: float = 300,
    notebooks: Mapping[str, Path] | None = None, case: Case | None = None,
    by_header: bool = True,
) -> tuple[list[SubmissionResult], list[Task]]:
    """Check the folders, discover the submissions and decide what must be graded.

    With ``by_header=False`` no answers file is read here (see
    :func:`~qsecase.batch.discover.discover`): a task may answer another case, which the caller
    finds out when it reads the file.

    Returns:
        The results known without grading (problems found, fresh copies reloaded) and the tasks
        to run, each with the keyword arguments of :func:`qsecase.batch.runner.run_job`.
    """
    case_dir, submissions, out = (Path(p).resolve() for p in (case_dir, submissions, out))
    case = case or load_case(case_dir)
    _check_folders(case_dir, submissions, out)
    found, results = discover(submissions, case.spec, by_header=by_header)
    inputs = _Inputs(case_dir, case.id, dict(notebooks or {}))
    tasks: list[Task] = []
    for job in found:
        problem = inputs.problem(job, out, submissions)
        if problem and not by_header and header_case(job.answers_path) not in (None, case.id):
            continue  # answers to another case: not this run's problem
        if problem:
            results.append(SubmissionResult(job.trainee, job.exercise, case.id, error=problem))
            continue
        task = inputs.task(job, out=out, timeout=timeout, lang=lang, reveal_key=reveal_key)
        grade = None if force else load_fresh(job, out, task.kwargs["fingerprint"])
        if grade is not None:
            results.append(SubmissionResult(job.trainee, job.exercise, case.id, grade=grade,
                                            skipped=True))
        else:
            tasks.append(task)
    return results, tasks


# --- checks ---------------------------------------------------------------------------------------


def _check_options(jobs: int | None, timeout: float) -> int:
    if jobs is not None and jobs < 1:
        raise BatchError(f"nombre de processus invalide ({jobs}) : indiquez au moins 1")
    if not timeout > 0:
        raise BatchError(f"délai invalide ({timeout} s) : indiquez un nombre de secondes positif")
    return jobs or os.cpu_count() or 1


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or below it (both resolved)."""
    return path == folder or folder in path.parents


def _check_folders(case_dir: Path, submissions: Path, out: Path) -> None:
    """Refuse an output folder inside the copies or the case, or that cannot be written."""
    if not submissions.is_dir():
        raise BatchError(f"dossier des copies introuvable : {submissions} — indiquez le dossier "
                         "qui contient un sous-dossier par stagiaire")
    for folder, what in ((submissions, "des copies"), (case_dir, "du cas")):
        if _inside(out, folder):
            raise BatchError(f"le dossier de sortie {out} est à l'intérieur du dossier {what} "
                             f"{folder} — choisissez un dossier à part : qsecase n'écrit jamais "
                             "dans les copies ni dans le cas")
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".qsecase-", suffix=".tmp", dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise BatchError(f"dossier de sortie non accessible en écriture : {out} "
                         f"({exc.strerror or exc}) — choisissez un autre dossier avec -o") from None


class _Inputs:
    """What every job of an exercise shares: notebook, key and digests, computed once."""

    def __init__(self, case_dir: Path, case_id: str, notebooks: dict[str, Path]) -> None:
        self.case_dir = case_dir
        self.case_id = case_id
        self.notebooks = notebooks
        self.case_digest = case_digest(case_dir)
        self._exercises: dict[str, tuple[Path, Path, str, str]] = {}

    def exercise(self, exercise: str) -> tuple[Path, Path, str, str]:
        """(notebook, key, digest, problem) of an exercise."""
        if exercise not in self._exercises:
            from qsecase.resources import notebook_path

            notebook = Path(self.notebooks.get(exercise) or notebook_path(exercise)).resolve()
            key = key_path(self.case_dir, exercise).resolve()
            problem = ""
            if not notebook.is_file():
                problem = f"carnet de l'exercice introuvable : {notebook} — réinstallez qsecase"
            elif not key.is_file():
                problem = (f"corrigé introuvable : {key} — le cas « {self.case_id} » doit "
                           f"fournir key/{exercise}.yaml")
            digest = exercise_digest(exercise, key_path=key, notebook=notebook)
            self._exercises[exercise] = (notebook, key, digest, problem)
        return self._exercises[exercise]

    def problem(self, job: Job, out: Path, submissions: Path) -> str:
        """Why ``job`` cannot run at all ('' when it can)."""
        problem = self.exercise(job.exercise)[3]
        target = (out / job.trainee).resolve()
        if _inside(target, submissions) or _inside(target, self.case_dir):
            problem = (f"le dossier de sortie {target} serait dans les copies ou dans le cas — "
                       "choisissez un autre dossier de sortie")
        return problem

    def task(self, job: Job, *, out: Path, timeout: float, lang: str, reveal_key: bool) -> Task:
        notebook, key, digest, _ = self.exercise(job.exercise)
        kwargs = {
            "case_dir": self.case_dir, "case_id": self.case_id, "key_path": key, "out": out,
            "notebook": notebook, "timeout": timeout, "lang": lang, "reveal_key": reveal_key,
            "fingerprint": fingerprint(job, case=self.case_digest, exercise=digest, lang=lang,
                                       reveal_key=reveal_key),
            "version": qsecase.__version__,
        }
        return Task(job, kwargs)


# --- the pool -------------------------------------------------------------------------------------


def _mp_context() -> Any:
    """``forkserver`` (workers forked from a clean server preloading the runner), else ``spawn``."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["qsecase.batch.runner", "qsecase.batch.warm"])
        return context
    return multiprocessing.get_context("spawn")


class Progress:
    """The tqdm bar on stderr (« Correction », in « copie »), with the count of failed copies."""

    def __init__(self, total: int, enabled: bool) -> None:
        from tqdm import tqdm

        self.errors = 0
        self.bar = tqdm(total=total, desc="Correction", unit="copie", file=sys.stderr,
                        disable=not enabled or total == 0, dynamic_ncols=True)

    def done(self, result: SubmissionResult) -> None:
        self.errors += bool(result.error)
        if self.errors:
            self.bar.set_postfix_str(f"{self.errors} en erreur", refresh=False)
        self.bar.update(1)

    def skip(self) -> None:
        """A task that turned out not to be this batch's (answers to another case)."""
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def _run_all(tasks: list[Task], *, workers: int,
             progress: bool) -> tuple[list[SubmissionResult], bool, list[Job]]:
    """Run the tasks; return the results, whether Ctrl-C stopped the batch, the jobs not run.

    A worker that dies (killed, out of memory) breaks its whole pool: the unfinished jobs run
    again in a one-worker pool, where a job that breaks it again is the culprit and is reported;
    no other job is lost.
    """
    results: list[SubmissionResult] = []
    remaining, interrupted = tasks, False
    if not tasks:
        return results, interrupted, []
    bar = Progress(len(tasks), progress)
    width = workers
    try:
        while remaining and not interrupted:
            finished, remaining, interrupted = _pool_round(remaining, width, bar)
            results += finished
            if remaining and not interrupted and width == 1:
                culprit, *remaining = remaining  # alone in its pool: it broke it
                results.append(_error(culprit, WORKER_DIED))
                bar.done(results[-1])
            width = 1  # after a worker died, find which job kills it, one job at a time
    finally:
        bar.close()
    return results, interrupted, [t.job for t in remaining]


def _error(task: Task, message: str) -> SubmissionResult:
    return SubmissionResult(task.job.trainee, task.job.exercise, task.kwargs["case_id"],
                            error=message)


def _pool_round(tasks: list[Task], workers: int,
                bar: Progress) -> tuple[list[SubmissionResult], list[Task], bool]:
    """One process pool over ``tasks``; return results, tasks to run again, interrupted."""
    from qsecase.batch.runner import init_worker

    pool = ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=_mp_context(),
                               initializer=init_worker)
    futures: dict[Future[SubmissionResult], Task] = {}
    collected: dict[Future[SubmissionResult], SubmissionResult | None] = {}
    interrupted = False
    try:
        with contextlib.suppress(BrokenProcessPool):  # a worker died already: next round
            for index, task in enumerate(tasks):
                if 0 < index < workers:
                    time.sleep(STAGGER)
                futures[pool.submit(run_task, task)] = task
        for future in as_completed(futures):
            collected[future] = _collect(future, futures[future], bar)
    except KeyboardInterrupt:
        interrupted = True
        _stop(pool, futures)
        for future, task in futures.items():
            if future not in collected and future.done():
                collected[future] = _collect(future, task, bar)
    finally:
        pool.shutdown(wait=not interrupted, cancel_futures=True)
    results = [r for r in collected.values() if r is not None]
    done = {id(futures[f]) for f, r in collected.items() if r is not None}
    again = [task for task in tasks if id(task) not in done]  # in order: the first one ran first
    return results, again, interrupted


def _collect(future: Future[SubmissionResult], task: Task,
             bar: Progress) -> SubmissionResult | None:
    """The result of a finished future; None when its job must run again (pool broken, stopped)."""
    try:
        result = future.result()
    except (BrokenProcessPool, CancelledError, KeyboardInterrupt):
        return None
    except Exception as exc:  # raised outside run_job's own guard (arguments, pickling…)
        result = _error(task, f"erreur interne de qsecase : {type(exc).__name__}: {exc}")
    bar.done(result)
    return result


def _stop(pool: ProcessPoolExecutor, futures: Mapping[Future[Any], Task]) -> None:
    """After Ctrl-C: cancel what has not started, give the running notebooks a short grace, then
    stop their workers (each worker shuts its kernel down on SIGTERM)."""
    for future in futures:
        future.cancel()
    running = [f for f in futures if not f.done()]
    with contextlib.suppress(KeyboardInterrupt):
        wait(running, timeout=GRACE)
    if any(not f.done() for f in running):
        processes = getattr(pool, "_processes", None) or {}  # private, stable since Python 3.2
        for process in list(processes.values()):
            with contextlib.suppress(OSError, ValueError):
                process.terminate()


# --- any executor ---------------------------------------------------------------------------------


def _run_on(executor: Executor, tasks: list[Task],
            progress: bool) -> tuple[list[SubmissionResult], bool, list[Job]]:
    """Run the tasks on the caller's executor; return the results, whether Ctrl-C stopped the
    batch, the jobs not run.

    After Ctrl-C the jobs not started are cancelled and the running ones get :data:`GRACE`
    seconds; those still running then are left to finish on their own (their outputs are
    written atomically) and counted as not run: the next run grades them unless they are fresh.
    """
    results: list[SubmissionResult] = []
    futures: dict[Future[SubmissionResult], Task] = {}
    done: set[int] = set()
    interrupted = False
    bar = Progress(len(tasks), progress)
    try:
        for task in tasks:
            futures[executor.submit(run_task, task)] = task
        for future in as_completed(futures):
            results.append(_collect_foreign(future, futures[future], bar))
            done.add(id(futures[future]))
    except KeyboardInterrupt:
        interrupted = True
        for future in futures:
            future.cancel()
        with contextlib.suppress(KeyboardInterrupt):
            wait([f for f in futures if not f.done()], timeout=GRACE)
        for future, task in futures.items():
            if id(task) not in done and future.done() and not future.cancelled():
                results.append(_collect_foreign(future, task, bar))
                done.add(id(task))
    finally:
        bar.close()
    return results, interrupted, [t.job for t in tasks if id(t) not in done]


def _collect_foreign(future: Future[SubmissionResult], task: Task,
                     bar: Progress) -> SubmissionResult:
    """The result of a finished future of the caller's executor (never run again here)."""
    try:
        result = future.result()
    except Exception as exc:
        if isinstance(exc, BrokenProcessPool) or type(exc).__name__ == "KilledWorker":
            result = _error(task, WORKER_DIED)
        else:  # raised outside run_job's own guard (pickling, a worker without qsecase…)
            result = _error(task, f"erreur interne de qsecase : {type(exc).__name__}: {exc}")
    bar.done(result)
    return result
