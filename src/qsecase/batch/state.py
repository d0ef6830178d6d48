"""Resume support: a job whose inputs did not change since its last validated run is skipped.

The fingerprint of a job is a SHA-256 over everything its grade depends on: the answers file, the
answer key, the notebook, the case (``case.yaml`` and every corpus file), the rubric version, the
qsecase version, and the run options that change a grade (language, key revealed or not). After a
successful, validated run it is stored in ``OUT/<trainee>/.<exercise>.state.json`` (atomically);
a later run reloads the grade of a fresh job instead of executing its notebook again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import qsecase
from qsecase.batch.discover import Job
from qsecase.grading.grade import Grade
from qsecase.io.atomic import atomic_write_text
from qsecase.session import grade_path

__all__ = [
    "STATE_SCHEMA",
    "case_digest",
    "clear_outputs",
    "exercise_digest",
    "fingerprint",
    "html_out",
    "is_fresh",
    "job_fingerprint",
    "kernel_log",
    "load_fresh",
    "notebook_out",
    "outputs",
    "state_path",
    "write_state",
]

STATE_SCHEMA = 1


def state_path(out: Path, job: Job) -> Path:
    """``OUT/<trainee>/.<exercise>.state.json``."""
    return Path(out) / job.trainee / f".{job.exercise}.state.json"


def notebook_out(out: Path, job: Job) -> Path:
    """The executed notebook: ``OUT/<trainee>/<exercise>.ipynb``."""
    return Path(out) / job.trainee / f"{job.exercise}.ipynb"


def html_out(out: Path, job: Job) -> Path:
    """The rendered notebook: ``OUT/<trainee>/<exercise>.html``."""
    return Path(out) / job.trainee / f"{job.exercise}.html"


def kernel_log(out: Path, job: Job) -> Path:
    """The kernel's messages of a failed job: ``OUT/<trainee>/.<exercise>.kernel.log``."""
    return Path(out) / job.trainee / f".{job.exercise}.kernel.log"


def outputs(out: Path, job: Job) -> list[Path]:
    """Every file a job produces (state first: without it the others are never trusted)."""
    folder = Path(out) / job.trainee
    return [state_path(out, job), grade_path(folder, job.exercise), notebook_out(out, job),
            html_out(out, job), kernel_log(out, job)]


def clear_outputs(out: Path, job: Job) -> None:
    """Remove a job's previous outputs before it runs again (they are all regenerated)."""
    for path in outputs(out, job):
        path.unlink(missing_ok=True)


def _update(digest: hashlib._Hash, label: str, data: bytes) -> None:
    """Feed a labelled, length-prefixed field (no two different inputs hash the same)."""
    digest.update(f"{label}\0{len(data)}\0".encode())
    digest.update(data)


def _file_bytes(path: Path | None) -> bytes:
    if path is None:
        return b""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return b"\0absent"


def case_digest(case_dir: Path) -> str:
    """Digest of ``case.yaml`` and of every (non-hidden) file under ``corpus/``."""
    root = Path(case_dir)
    digest = hashlib.sha256()
    _update(digest, "case.yaml", _file_bytes(root / "case.yaml"))
    corpus = root / "corpus"
    files = sorted(p for p in corpus.rglob("*") if p.is_file()) if corpus.is_dir() else []
    for path in files:
        relative = path.relative_to(root).as_posix()
        if not any(part.startswith(".") for part in path.relative_to(corpus).parts):
            _update(digest, relative, path.read_bytes())
    return digest.hexdigest()


def exercise_digest(exercise: str, *, key_path: Path | None, notebook: Path) -> str:
    """Digest of what one exercise's grades depend on besides answers and case."""
    from qsecase.exercises.registry import get

    digest = hashlib.sha256()
    _update(digest, "exercise", exercise.encode())
    _update(digest, "rubric", get(exercise).rubric.version.encode())
    _update(digest, "key", _file_bytes(key_path))
    _update(digest, "notebook", _file_bytes(notebook))
    return digest.hexdigest()


def fingerprint(job: Job, *, case: str, exercise: str, lang: str = "fr",
                reveal_key: bool = False) -> str:
    """Fingerprint of a job from the precomputed case and exercise digests.

    Args:
        job: The job.
        case: :func:`case_digest` of the case folder.
        exercise: :func:`exercise_digest` of the job's exercise.
        lang: Language of the feedback.
        reveal_key: Whether the feedback cites the missing expected elements.
    """
    digest = hashlib.sha256()
    _update(digest, "qsecase", qsecase.__version__.encode())
    _update(digest, "trainee", job.trainee.encode())
    _update(digest, "answers", _file_bytes(job.answers_path))
    _update(digest, "case", case.encode())
    _update(digest, "exercise", exercise.encode())
    _update(digest, "options", f"{lang}|{int(reveal_key)}".encode())
    return digest.hexdigest()


def job_fingerprint(job: Job, *, case_dir: Path, key_path: Path | None, notebook: Path,
                    lang: str = "fr", reveal_key: bool = False) -> str:
    """Fingerprint of one job, computing every digest (convenience for a single job)."""
    return fingerprint(job, case=case_digest(case_dir),
                       exercise=exercise_digest(job.exercise, key_path=key_path,
                                                notebook=notebook),
                       lang=lang, reveal_key=reveal_key)


def write_state(out: Path, job: Job, fingerprint: str, *, seconds: float = 0.0) -> Path:
    """Record that ``job`` was graded from inputs with this fingerprint (atomic write)."""
    path = state_path(out, job)
    data = {
        "schema": STATE_SCHEMA,
        "trainee": job.trainee,
        "exercise": job.exercise,
        "fingerprint": fingerprint,
        "qsecase": qsecase.__version__,
        "graded_at": dt.datetime.now().astimezone().replace(microsecond=0).isoformat(),
        "seconds": round(seconds, 3),
    }
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return path


def load_fresh(job: Job, out: Path, fingerprint: str) -> Grade | None:
    """The stored grade of ``job`` when its last run is valid for these inputs, else None.

    Fresh means: the state file records this very fingerprint, and the grade, the executed
    notebook and its HTML rendering are all there, the grade valid and about this job.
    """
    try:
        state = json.loads(state_path(out, job).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("fingerprint") != fingerprint:
        return None
    if not (notebook_out(out, job).is_file() and html_out(out, job).is_file()):
        return None
    try:
        grade = Grade.from_json(
            grade_path(Path(out) / job.trainee, job.exercise).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if grade.trainee != job.trainee or grade.exercise != job.exercise:
        return None
    return grade


def is_fresh(job: Job, out: Path, fingerprint: str) -> bool:
    """Whether ``job`` can be skipped: see :func:`load_fresh`."""
    return load_fresh(job, out, fingerprint) is not None
