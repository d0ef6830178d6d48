"""The kernels a worker executes notebooks in: a warm one reused between submissions, or a cold one.

Grading executes no trainee code (answers are data, notebooks are ours), so a worker may keep its
kernel from one notebook to the next: libraries already imported, fonts already loaded. Before
each notebook the kernel is made new again (:func:`qsecase.batch.kernel_reset.fresh`: namespace,
history, figures, rcParams, widgets, working folder); a kernel whose notebook failed, timed out or
died is never reused: it is stopped and the next notebook gets a new one. A kernel is also
replaced after :data:`MAX_NOTEBOOKS` notebooks, so that no slow leak can build up.

Each worker thread has its own warm kernel (a worker process of the batch has one thread; a Dask
worker or a thread pool may have several). Warm kernels are stopped when their process exits;
should the process be killed, each kernel notices that its parent is gone and exits by itself.

Papermill runs the notebooks through :class:`Engine` (registered as :data:`ENGINE`): a Papermill
engine that takes the :class:`Kernel` to run in, writes the executed notebook once, at the end
(Papermill's own engine rewrites it after every cell), and sends the kernel's messages to a log
file rather than to the worker's standard error.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

from nbclient.util import ensure_async
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines
from papermill.log import logger
from papermill.utils import remove_args

__all__ = ["ENGINE", "KERNEL_NAME", "MAX_NOTEBOOKS", "PRELOAD", "Engine", "Kernel", "acquire",
           "cold", "kernel_environment", "release", "shutdown_kernels", "source_root"]

ENGINE = "qsecase"
"""Name of :class:`Engine` among Papermill's engines."""
KERNEL_NAME = "python3"
MAX_NOTEBOOKS = 100
"""Notebooks a warm kernel executes before it is replaced by a new one."""
PRELOAD: tuple[str, ...] = ("qsecase.notebook", "qsecase.session", "qsecase.corpus",
                            "qsecase.views.tables", "pandas", "ipywidgets", "matplotlib.pyplot")
"""Imported once in each warm kernel; every exercise's grader and widgets are imported too."""


class Kernel:
    """The kernel one notebook runs in.

    A cold kernel is started for one notebook by nbclient and stopped after it (its messages go
    to ``log``); a warm kernel is started on first use and kept by its worker thread (its
    messages go to its own log file, copied into the job's log when a notebook fails).
    """

    def __init__(self, *, warm: bool, log: Path | None = None) -> None:
        self.warm = warm
        self.notebooks = 0
        """Notebooks this kernel executed successfully."""
        self.km: Any = None
        if warm:
            from jupyter_client.manager import AsyncKernelManager

            self.km = AsyncKernelManager(kernel_name=KERNEL_NAME)
            fd, name = tempfile.mkstemp(prefix="qsecase-noyau-", suffix=".log")
            os.close(fd)
            self.log = Path(name)
        elif log is None:
            raise ValueError("a cold kernel needs the path of its log")
        else:
            self.log = Path(log)
        self.stderr: IO[bytes] | None = open(self.log, "ab")  # noqa: SIM115

    @property
    def pid(self) -> int | None:
        """The kernel's process id, once started."""
        provisioner = getattr(self.km, "provisioner", None)
        return getattr(provisioner, "pid", None)

    def alive(self) -> bool:
        """Whether the kernel process runs (a warm kernel not started yet counts as alive)."""
        if self.km is None or not self.km.has_kernel:
            return True
        process = getattr(self.km.provisioner, "process", None)
        return process is None or process.poll() is None

    def stop(self) -> None:
        """Stop the kernel now (it is idle or its notebook failed) and remove its files."""
        if self.km is not None and self.km.has_kernel:
            try:
                from jupyter_core.utils import run_sync

                run_sync(self.km.shutdown_kernel)(now=True)
            except BaseException:  # an interrupted event loop: kill the process directly
                self.kill()
        self._close()

    def kill(self) -> None:
        """Kill the kernel process (safe in a signal handler or at exit) and remove its files."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                process.kill()
            with contextlib.suppress(Exception):
                process.wait(timeout=5)
        if self.km is not None:
            with contextlib.suppress(Exception):
                self.km.cleanup_connection_file()
        self._close()

    def _close(self) -> None:
        if self.stderr is not None:
            with contextlib.suppress(OSError):
                self.stderr.close()
            self.stderr = None
        if self.warm:
            self.log.unlink(missing_ok=True)


# --- one warm kernel per thread -------------------------------------------------------------------

_local = threading.local()
_kernels: set[Kernel] = set()
_lock = threading.Lock()
_exit_hooks = {"registered": False}


def acquire() -> Kernel:
    """This thread's warm kernel (a new one when there is none, or when it died while idle)."""
    kernel: Kernel | None = getattr(_local, "kernel", None)
    if kernel is not None and not kernel.alive():
        _discard(kernel)
        kernel = None
    if kernel is None:
        _register_exit_hooks()
        kernel = Kernel(warm=True)
        with _lock:
            _kernels.add(kernel)
        _local.kernel = kernel
    return kernel


def cold(log: Path) -> Kernel:
    """A kernel for one notebook only, its messages written to ``log``."""
    return Kernel(warm=False, log=log)


def release(kernel: Kernel, *, ok: bool, log: Path) -> None:
    """After a notebook: keep a warm kernel whose notebook succeeded, stop any other.

    Args:
        kernel: The kernel the notebook ran in.
        ok: Whether the notebook ran to its end without error.
        log: The job's log: a failed notebook's kernel messages are copied there.
    """
    if not kernel.warm:
        kernel._close()
        return
    if ok:
        kernel.notebooks += 1
        if kernel.notebooks < MAX_NOTEBOOKS:
            with contextlib.suppress(OSError):
                os.truncate(kernel.log, 0)  # the kernel appends: it writes from the start again
            return
    else:
        with contextlib.suppress(OSError), open(kernel.log, "rb") as source, \
                open(log, "ab") as target:
            shutil.copyfileobj(source, target)
    _discard(kernel)


def _discard(kernel: Kernel) -> None:
    if getattr(_local, "kernel", None) is kernel:
        _local.kernel = None
    with _lock:
        _kernels.discard(kernel)
    kernel.stop()


def shutdown_kernels() -> None:
    """Kill every warm kernel of this process at once: at exit, on SIGTERM from the batch, or when
    a program that graded with a thread pool wants its memory back."""
    with _lock:
        kernels = list(_kernels)
        _kernels.clear()
    for kernel in kernels:
        kernel.kill()
    _local.kernel = None


def _register_exit_hooks() -> None:
    """Stop the kernels when the process exits: ``atexit`` for a normal interpreter exit, a
    multiprocessing finalizer for a pool worker (which leaves through ``os._exit``)."""
    with _lock:
        if _exit_hooks["registered"]:
            return
        _exit_hooks["registered"] = True
    atexit.register(shutdown_kernels)
    from multiprocessing import util

    util.Finalize(None, shutdown_kernels, exitpriority=100)


# --- the kernels' environment ---------------------------------------------------------------------


def kernel_environment() -> dict[str, str]:
    """The environment of a kernel: this process's, with the folder holding ``qsecase`` first on
    ``PYTHONPATH`` when it runs from a source checkout (kernels import the same qsecase)."""
    env = dict(os.environ)
    root = source_root()
    if root:
        paths = [root, *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
        env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def source_root() -> str:
    """The folder holding the ``qsecase`` package when it runs from a checkout, else ''."""
    import qsecase

    root = Path(qsecase.__file__).resolve().parent.parent
    if {"site-packages", "dist-packages"} & set(root.parts):
        return ""
    return str(root)


# --- the Papermill engine -------------------------------------------------------------------------


class _FinalSave(NotebookExecutionManager):
    """Writes the executed notebook once, when execution ends, failed or not (Papermill writes it
    before starting the kernel and twice per cell: 30 writes of a notebook full of figures)."""

    final = False

    def save(self, **kwargs: Any) -> None:
        if self.final:
            super().save(**kwargs)

    def notebook_complete(self, **kwargs: Any) -> None:
        self.final = True
        super().notebook_complete(**kwargs)


class _Client(PapermillNotebookClient):  # type: ignore[misc]
    """Papermill's notebook client, running in a given :class:`Kernel`."""

    def __init__(self, nb_man: NotebookExecutionManager, *, kernel: Kernel, cwd: str,
                 **kw: Any) -> None:
        super().__init__(nb_man, km=kernel.km, **kw)
        self.kernel = kernel
        self.cwd = cwd

    def execute(self, **kwargs: Any) -> Any:
        self.reset_execution_trackers()
        start = {"env": kernel_environment(), "stderr": self.kernel.stderr, "cwd": self.cwd}
        with self.setup_kernel(**start):
            try:
                if self.kernel.warm:
                    self._prepare()
                self.papermill_execute_cells()
                info = self.wait_for_reply(self._client().kernel_info())
                self.nb.metadata["language_info"] = info["content"]["language_info"]
                self.set_widgets_metadata()
            finally:
                client: Any = getattr(self, "kc", None)
                if not self.owns_km and client is not None:  # a warm kernel: keep it, not us
                    client.stop_channels()
                    self.kc = None
        return self.nb

    def _client(self) -> Any:
        """The kernel client (set up by ``setup_kernel``)."""
        client: Any = getattr(self, "kc", None)
        if client is None:
            raise RuntimeError("noyau sans client : la connexion au noyau a échoué")
        return client

    def _prepare(self) -> None:
        """Preload a new warm kernel, then make it fresh for this notebook."""
        module = "__import__('qsecase.batch.kernel_reset', fromlist=['fresh'])"
        code = [f"{module}.preload({list(PRELOAD)!r})"] if not self.kernel.notebooks else []
        code.append(f"{module}.fresh({self.cwd!r})")
        self._silently("\n".join(code), timeout=max(self.startup_timeout, 1))

    async def _async_silently(self, code: str, *, timeout: float) -> None:
        reply = await ensure_async(self._client().execute(
            code, silent=True, store_history=False, allow_stdin=False, reply=True,
            timeout=timeout))
        content = reply["content"]
        if content.get("status") != "ok":
            raise RuntimeError(f"préparation du noyau impossible : {content.get('ename')}: "
                               f"{content.get('evalue')}")

    def _silently(self, code: str, *, timeout: float) -> None:
        from jupyter_core.utils import run_sync

        run_sync(self._async_silently)(code, timeout=timeout)


class Engine(NBClientEngine):  # type: ignore[misc]
    """Papermill engine: ``execute_notebook(..., engine_name=ENGINE, kernel=…, kernel_cwd=…)``.

    ``kernel_cwd`` is the notebook's working folder (Papermill's own ``cwd`` changes the working
    folder of the whole worker process, which threads share)."""

    @classmethod
    def execute_notebook(cls, nb: Any, kernel_name: str, output_path: str | None = None,
                         progress_bar: bool = False, log_output: bool = False,
                         autosave_cell_every: int = 30, **kwargs: Any) -> Any:
        nb_man = _FinalSave(nb, output_path=output_path, progress_bar=False,
                            log_output=log_output, autosave_cell_every=0)
        nb_man.notebook_start()
        try:
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
        finally:
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        return nb_man.nb

    @classmethod
    def execute_managed_notebook(cls, nb_man: NotebookExecutionManager, kernel_name: str,
                                 log_output: bool = False, stdout_file: Any = None,
                                 stderr_file: Any = None, start_timeout: int = 60,
                                 execution_timeout: int | None = None, *, kernel: Kernel,
                                 kernel_cwd: str, **kwargs: Any) -> Any:
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        client = _Client(nb_man, kernel=kernel, cwd=kernel_cwd, timeout=execution_timeout,
                         startup_timeout=start_timeout, kernel_name=kernel_name, log=logger,
                         log_output=log_output, stdout_file=stdout_file,
                         stderr_file=stderr_file, **kwargs)
        return client.execute()


papermill_engines.register(ENGINE, Engine)
