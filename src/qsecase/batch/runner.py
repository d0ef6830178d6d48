"""Run one job in a worker: validate, execute with Papermill, check the grade, export HTML.

:func:`run_job` never raises for a problem of the submission or of the notebook: it returns a
:class:`~qsecase.grading.cohort.SubmissionResult` whose ``error`` says, in French, why there is no
grade. Everything it writes goes under ``OUT/<trainee>/``; final outputs are written atomically
(the notebook is executed into a hidden temporary file, then renamed).

The notebook runs in a warm kernel kept by the worker between submissions, made fresh before each
one (``warm=True``, see :mod:`qsecase.batch.warm`), or in a new kernel of its own. A kernel whose
notebook failed, timed out or died is never used again.

Kernel-start races (several kernels starting at once: port collisions, « Kernel didn't respond »,
a kernel dying before the first cell) are retried up to :data:`START_RETRIES` times after a random
pause, in a new kernel; a notebook whose own code failed, or that timed out, is never retried.

Kernels are stopped at once when they are done with (``shutdown_kernel="immediate"``): the outputs
are already written, and a graceful shutdown sometimes stalls ~3.4 s (1 run in 30 here).
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import random
import re
import signal
import sys
import time
from pathlib import Path
from typing import Any

import qsecase
from qsecase.answers import AnswersFile, read_answers
from qsecase.batch.discover import Job
from qsecase.batch.export import export_html
from qsecase.batch.state import clear_outputs, html_out, kernel_log, notebook_out, write_state
from qsecase.errors import AnswersError, Problem, QsecaseError
from qsecase.exercises.registry import get
from qsecase.grading.cohort import SubmissionResult
from qsecase.grading.grade import Grade
from qsecase.session import grade_path

__all__ = [
    "NO_GRADE",
    "RETRY_PAUSE",
    "START_RETRIES",
    "START_TIMEOUT",
    "check_answers",
    "export_html",
    "init_worker",
    "prevalidate",
    "run_job",
]

START_RETRIES = 3
"""How many times a notebook whose kernel failed to start is tried again."""
RETRY_PAUSE = (0.2, 1.0)
"""Random pause (seconds) before a retry, so that colliding kernels do not collide again."""
START_TIMEOUT = 60
"""Seconds a kernel may take to answer its first request."""
IOPUB_TIMEOUT = 20
"""Seconds to wait for a cell's last outputs after its reply (Papermill's 4 s is short)."""
MTIME_SLACK_NS = 2_000_000_000
"""File timestamps may lag the clock (coarse filesystem clocks): tolerance for « written after »."""
NO_GRADE = "le carnet n'a pas produit de note valide"

_log = logging.getLogger(__name__)


# --- worker process set-up -----------------------------------------------------------------------


def init_worker() -> None:
    """Initializer of a worker process of the batch's own pool.

    Ctrl-C is left to the parent (which cancels and collects); SIGTERM from the parent interrupts
    the running notebook so that its kernel is shut down cleanly; Papermill's own log lines are
    silenced (the result carries the reason). Kernels import the same qsecase as this process
    (:func:`qsecase.batch.warm.kernel_environment`).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _interrupt)
    _quiet()


def _quiet() -> None:
    """Silence Papermill's log lines in this process (any executor's worker: no signal here)."""
    logging.getLogger("papermill").setLevel(logging.CRITICAL)


_worker = {"running": False, "stopping": False}
"""State of this worker process: running a job; asked to stop by the parent (SIGTERM)."""


def _interrupt(signum: int, frame: Any) -> None:
    """SIGTERM from the parent: stop now if idle (killing the idle warm kernel), else interrupt the
    notebook (its kernel is stopped on the way out) and exit once the job has unwound (see
    :func:`run_job`)."""
    _worker["stopping"] = True
    if not _worker["running"]:
        _kill_kernels()
        os._exit(128 + signum)
    raise KeyboardInterrupt


def _kill_kernels() -> None:
    warm = sys.modules.get("qsecase.batch.warm")
    if warm is not None:
        warm.shutdown_kernels()


# --- one job --------------------------------------------------------------------------------------


def run_job(
    job: Job,
    *,
    case_dir: Path,
    case_id: str,
    key_path: Path | None,
    out: Path,
    notebook: Path,
    timeout: float,
    lang: str = "fr",
    reveal_key: bool = False,
    fingerprint: str = "",
    warm: bool = False,
    version: str = "",
) -> SubmissionResult:
    """Grade one submission by executing its exercise's notebook.

    Args:
        job: The trainee, exercise and answers file.
        case_dir: The case folder (absolute paths are passed to the notebook).
        case_id: The case id, which the answers header must name.
        key_path: The answer key of the exercise.
        out: The batch output folder; this job writes only under ``out/<trainee>/``.
        notebook: The exercise notebook to execute.
        timeout: Seconds each cell may run.
        lang: Language of the feedback (``fr`` or ``en``).
        reveal_key: Whether the feedback cites the missing expected elements.
        fingerprint: Fingerprint of the inputs, stored after a validated run (``''``: no state).
        warm: Run in this worker thread's warm kernel (made fresh first) rather than in a kernel
            started for this notebook alone.
        version: The qsecase version of the process that planned the batch (``''``: not
            checked); a worker with another version refuses the job (another cluster machine).

    Returns:
        The result: the validated grade, or the French reason there is none.
    """
    started = time.monotonic()
    _quiet()
    _worker["running"] = True
    try:
        result = _run(job, case_dir=Path(case_dir).resolve(), case_id=case_id,
                      key_path=Path(key_path).resolve() if key_path else None,
                      out=Path(out).resolve(), notebook=Path(notebook).resolve(),
                      timeout=timeout, lang=lang, reveal_key=reveal_key,
                      fingerprint=fingerprint, started=started, warm=warm, version=version)
    except Exception as exc:  # a defect of qsecase must not stop the batch
        _log.exception("run_job %s/%s", job.trainee, job.exercise)
        result = _failed(job, case_id, f"erreur interne de qsecase : {type(exc).__name__}: {exc}")
    finally:
        _worker["running"] = False
        if _worker["stopping"]:  # the batch was interrupted: take no further job
            _kill_kernels()
            os._exit(143)
    result.seconds = round(time.monotonic() - started, 3)
    return result


def _run(job: Job, *, case_dir: Path, case_id: str, key_path: Path | None, out: Path,
         notebook: Path, timeout: float, lang: str, reveal_key: bool, fingerprint: str,
         started: float, warm: bool, version: str) -> SubmissionResult:
    if version and version != qsecase.__version__:
        return _failed(job, case_id, f"ce poste de calcul a qsecase {qsecase.__version__} mais la "
                       f"correction a été lancée avec qsecase {version} — installez la même "
                       "version partout")
    clear_outputs(out, job)
    problem = prevalidate(job, case_id)
    if not problem:
        notebook, problem = _local_notebook(notebook, job.exercise)
    if problem:
        return _failed(job, case_id, problem)
    folder = out / job.trainee
    folder.mkdir(parents=True, exist_ok=True)
    parameters = {
        "case_dir": str(case_dir), "answers_path": str(Path(job.answers_path).resolve()),
        "key_path": str(key_path or ""), "output_dir": str(folder), "mode": "correction",
        "lang": lang, "reveal_key": reveal_key,
    }
    written_after = time.time_ns() - MTIME_SLACK_NS
    failure = _execute(notebook, notebook_out(out, job), kernel_log(out, job), parameters,
                       timeout=timeout, warm=warm)
    if notebook_out(out, job).is_file():
        title = f"{get(job.exercise).title} — {job.trainee}"
        html_failure = _export_quietly(notebook_out(out, job), html_out(out, job), lang, title)
        failure = failure or html_failure
    if failure:
        grade_path(folder, job.exercise).unlink(missing_ok=True)  # only validated grades stay
        return _failed(job, case_id, failure)
    grade, problem = _read_grade(grade_path(folder, job.exercise), job, case_id, written_after)
    if grade is None:
        return _failed(job, case_id, problem)
    if fingerprint:
        write_state(out, job, fingerprint, seconds=time.monotonic() - started)
    return SubmissionResult(trainee=job.trainee, exercise=job.exercise, case=case_id, grade=grade)


def _local_notebook(notebook: Path, exercise: str) -> tuple[Path, str]:
    """The notebook to execute on this machine, or why there is none.

    Another machine of a cluster may have qsecase installed elsewhere: a bundled notebook that is
    not at the planned path is taken from this machine's installation (same version, checked).
    """
    if notebook.is_file():
        return notebook, ""
    from qsecase.resources import notebook_path

    try:
        local = notebook_path(exercise)
    except (FileNotFoundError, QsecaseError):
        local = None
    if local is not None and local.name == notebook.name and local.is_file():
        return local, ""
    return notebook, (f"carnet introuvable sur ce poste de calcul : {notebook} — placez les "
                      "carnets dans un dossier partagé (notebooks=…) ou installez qsecase au "
                      "même endroit sur chaque poste")


def _failed(job: Job, case_id: str, message: str) -> SubmissionResult:
    return SubmissionResult(trainee=job.trainee, exercise=job.exercise, case=case_id,
                            error=message)


# --- (a) pre-validation ---------------------------------------------------------------------------


def prevalidate(job: Job, case_id: str) -> str:
    """Check the answers file before any kernel starts; return the French problem or ''.

    The file must be valid for its exercise, and its header must name the trainee of the folder
    it is in and the case being graded.
    """
    return check_answers(job, case_id)[1]


def check_answers(job: Job, case_id: str) -> tuple[AnswersFile[Any] | None, str]:
    """:func:`prevalidate`, also returning the answers read (None when they cannot be read or are
    invalid), so that a caller grading them in this process reads the file once."""
    exercise = get(job.exercise)
    path = Path(job.answers_path)
    try:
        answers = read_answers(path, exercise.answers_model, exercise=exercise.id)
    except AnswersError as exc:
        return None, str(exc)
    header = answers.header
    if header.trainee != job.trainee:
        return answers, str(Problem(
            str(path), f"l'en-tête désigne le stagiaire « {header.trainee} » mais le fichier est "
            f"rangé dans le dossier « {job.trainee} »", line=_line_of_key(path, "trainee"),
            field="trainee", fix="corrigez l'identifiant ou rangez le fichier dans le bon dossier"))
    if header.case != case_id:
        return answers, str(Problem(
            str(path), f"ces réponses portent sur le cas « {header.case} », pas sur « {case_id} »",
            line=_line_of_key(path, "case"), field="case",
            fix="vérifiez que vous corrigez le bon cas"))
    return answers, ""


def _line_of_key(path: Path, key: str) -> int | None:
    """Line of a top-level ``key:`` (YAML) or ``"key":`` (JSON) in a small text file."""
    pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*:')
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, text in enumerate(lines, 1) if pattern.match(text)), None)


# --- (b–d) execution ------------------------------------------------------------------------------


def _execute(notebook: Path, final: Path, log: Path, parameters: dict[str, Any], *,
             timeout: float, warm: bool = False) -> str:
    """Execute ``notebook`` into ``final``; return the French reason of a failure or ''.

    The notebook is executed into a hidden file beside ``final``, renamed into place at the end
    (also after a failure: the trainer reads the traceback there). The kernel's messages go to
    ``log``, kept only when the job failed.
    """
    running = final.with_name(f".{final.stem}.running.ipynb")
    failure = "exécution interrompue"
    try:
        failure = _attempts(notebook, running, parameters, timeout=timeout, log=log, warm=warm)
    finally:
        if running.is_file():
            os.replace(running, final)
        if not failure:
            log.unlink(missing_ok=True)
    return failure


def _attempts(notebook: Path, running: Path, parameters: dict[str, Any], *, timeout: float,
              log: Path, warm: bool) -> str:
    """Run Papermill, retrying kernel-start failures; return the French failure or ''."""
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    from qsecase.batch import warm as kernels

    last: BaseException | None = None
    for attempt in range(START_RETRIES + 1):
        if attempt:
            time.sleep(random.uniform(*RETRY_PAUSE))
        running.unlink(missing_ok=True)
        kernel = kernels.acquire() if warm else kernels.cold(log)
        ok = False
        try:
            papermill.execute_notebook(
                str(notebook), str(running), parameters=parameters, kernel_name=kernels.KERNEL_NAME,
                engine_name=kernels.ENGINE, kernel=kernel, kernel_cwd=str(running.parent),
                execution_timeout=max(1, math.ceil(timeout)), start_timeout=START_TIMEOUT,
                iopub_timeout=IOPUB_TIMEOUT, shutdown_kernel="immediate", progress_bar=False,
                log_output=False)
            ok = True
            return ""
        except PapermillExecutionError as exc:
            return _cell_failure(exc)
        except CellTimeoutError:
            return f"délai dépassé ({timeout:g} s)"
        except Exception as exc:
            phase = _phase(running)
            if phase == "load":
                return f"carnet illisible ({notebook.name}) : {type(exc).__name__}: {exc}"
            if phase == "cells":
                if isinstance(exc, DeadKernelError):
                    return "le noyau s'est arrêté pendant l'exécution du carnet"
                return f"erreur pendant l'exécution du carnet : {type(exc).__name__}: {exc}"
            last = exc  # the kernel did not start: a race, try again
            _note(log, f"démarrage du noyau en échec (tentative {attempt + 1}) : {exc!r}")
        finally:
            kernels.release(kernel, ok=ok, log=log)
    return (f"le noyau Jupyter n'a pas pu démarrer ({START_RETRIES + 1} tentatives) : "
            f"{type(last).__name__}: {last}")


def _note(log: Path, line: str) -> None:
    """Add a line to the job's log (kept when the job fails)."""
    with contextlib.suppress(OSError), open(log, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def _cell_failure(exc: Any) -> str:
    """« le carnet a échoué à la cellule N : <ename>: <evalue> » (N as shown in the notebook)."""
    number = exc.exec_count if exc.exec_count is not None else exc.cell_index + 1
    evalue = str(exc.evalue).strip().splitlines()
    return f"le carnet a échoué à la cellule {number} : {exc.ename}: {evalue[0] if evalue else ''}"


def _phase(running: Path) -> str:
    """How far an execution that raised went: ``load``, ``start`` (kernel) or ``cells``.

    Papermill writes the notebook, every cell « pending », just before starting the kernel, and
    marks a cell « running » before executing it; a kernel too slow to answer its first request
    (a loaded machine) leaves that cell without an execution count: a start failure, retried.
    """
    try:
        nb = json.loads(running.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "load"
    cells = nb.get("cells", [])
    statuses = [cell.get("metadata", {}).get("papermill", {}).get("status", "pending")
                for cell in cells]
    if all(s == "pending" for s in statuses):
        return "start"
    # a cell marked « running » that never got an execution count: the kernel never answered
    answered = any(cell.get("execution_count") is not None or cell.get("outputs")
                   for cell in cells if cell.get("cell_type") == "code")
    return "cells" if answered else "start"


# --- (e) the grade --------------------------------------------------------------------------------


def _read_grade(path: Path, job: Job, case_id: str, written_after: int) -> tuple[Grade | None, str]:
    """The grade the notebook wrote for this job, or why there is no valid one.

    An invalid grade file is removed: a ``.grade.json`` left in ``OUT`` is always a valid one.
    """
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None, f"{NO_GRADE} (aucun fichier {path.name})"
    reason = ""
    grade: Grade | None = None
    if stamp < written_after:
        reason = f"{path.name} est antérieur à cette correction"
    else:
        try:
            grade = Grade.from_json(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            reason = f"{path.name} illisible : {_why_invalid(exc)}"
    if grade is not None:
        found = (grade.trainee, grade.exercise, grade.case)
        if found != (job.trainee, job.exercise, case_id):
            reason = (f"{path.name} concerne {'/'.join(found)} au lieu de "
                      f"{job.trainee}/{job.exercise}/{case_id}")
    if reason:
        path.unlink(missing_ok=True)
        return None, f"{NO_GRADE} ({reason})"
    return grade, ""


def _why_invalid(exc: ValueError) -> str:
    """A short French reason for a grade file that does not parse or validate."""
    if isinstance(exc, json.JSONDecodeError):
        return f"JSON invalide ligne {exc.lineno}"
    errors = getattr(exc, "errors", None)
    if callable(errors):
        fields = [".".join(str(p) for p in e["loc"]) or "racine" for e in errors()]
        return f"champs non conformes : {', '.join(fields[:5])}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


# --- (f) HTML -------------------------------------------------------------------------------------


def _export_quietly(ipynb: Path, html: Path, lang: str, title: str) -> str:
    """:func:`export_html`, returning the French reason of a failure instead of raising."""
    try:
        export_html(ipynb, html, lang=lang, title=title)
    except Exception as exc:
        with contextlib.suppress(OSError):
            html.unlink(missing_ok=True)
        return f"export HTML impossible : {type(exc).__name__}: {exc}"
    return ""
