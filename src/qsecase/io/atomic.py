"""Write files so that a crash never leaves a half-written file and the previous version survives."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write_bytes", "atomic_write_text", "backup_path"]


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` is kept (``answers.yaml`` → ``answers.yaml.bak``)."""
    return path.with_name(path.name + ".bak")


def atomic_write_bytes(path: Path, data: bytes, *, keep_backup: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    With ``keep_backup``, the current content (if any) is first copied to :func:`backup_path`, itself
    atomically, so that at every instant either the old or the new version is complete on disk.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if keep_backup and path.exists():
        atomic_write_bytes(backup_path(path), path.read_bytes())
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _MODE)  # mkstemp makes 0600; give the file the usual permissions
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _read_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


_MODE = 0o666 & ~_read_umask()
"""Permissions of a file created normally (read once, at import, before any thread runs)."""


def atomic_write_text(path: Path, text: str, *, keep_backup: bool = False) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), keep_backup=keep_backup)


def create_new(path: Path, data: bytes) -> bool:
    """Create ``path`` with ``data`` only if it does not exist; never overwrites. True if created.

    The file appears complete or not at all (written aside, then hard-linked into place).
    """
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _MODE)
        os.link(tmp, path)  # fails if the file appeared meanwhile
        return True
    except FileExistsError:
        return False
    finally:
        os.unlink(tmp)
