"""Servers and browser for the real-browser tests: ``qsecase lab`` on a free port, headless Chromium.

Each test serves its own temporary workspace with its own Jupyter configuration, data and runtime
folders, so that nothing of the machine's user configuration is read and tests run side by side
(pytest-xdist). The server is the one a trainee starts (``python -m qsecase lab``), configured
through files written in the temporary ``JUPYTER_CONFIG_DIR``: no token, loopback address only,
no news or update check, every cell of a notebook kept in the page.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

CHROMIUM = Path(os.environ.get("QSECASE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
MISSING_CHROMIUM = (
    f"Chromium introuvable ({CHROMIUM}) : les tests « browser » pilotent un vrai navigateur. "
    "Installez-le avec « sudo apt-get install -y chromium » (Debian, Ubuntu), ou indiquez un autre "
    "exécutable Chromium dans la variable d'environnement QSECASE_CHROMIUM. `bash .ci/run` "
    "l'installe tout seul."
)

AXE = HERE / "vendor" / "axe.min.js"
ARTEFACTS = Path(os.environ.get("QSECASE_BROWSER_ARTEFACTS", HERE / "artefacts"))

STARTUP_S = 60.0
"""How long a server may take to answer its first request."""


def free_port() -> int:
    """A TCP port free on the loopback address right now (the server refuses to use another)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def isolated_env(root: Path) -> dict[str, str]:
    """The environment of a server whose Jupyter folders are all under ``root``.

    The configuration files turn the token off (the server listens on 127.0.0.1 only, for the
    duration of one test), allow running as root (CI), forbid falling back on another port, stop
    JupyterLab's news and update checks (a test asks nothing of the outside), and keep every
    notebook cell in the page (JupyterLab otherwise renders only the visible ones).
    """
    config, data, runtime = root / "config", root / "data", root / "runtime"
    server = {"ServerApp": {"ip": "127.0.0.1", "allow_root": True, "open_browser": False,
                            "port_retries": 0},
              "IdentityProvider": {"token": ""},
              "LabApp": {"news_url": None,
                         "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"}}
    _write_json(config / "jupyter_server_config.json", server)
    _write_json(config / "voila.json", {"Voila": {"ip": "127.0.0.1", "port_retries": 0,
                                                  "open_browser": False}})
    settings = config / "lab" / "user-settings" / "@jupyterlab"
    _write_json(settings / "notebook-extension" / "tracker.jupyterlab-settings",
                {"windowingMode": "none"})
    _write_json(settings / "apputils-extension" / "notification.jupyterlab-settings",
                {"fetchNews": "false", "checkForUpdates": False})
    for folder in (data, runtime, root / "ipython", root / "matplotlib"):
        folder.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if k not in {"JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTER_TOKEN", "JUPYTER_PORT"}}
    paths = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    env.update(JUPYTER_CONFIG_DIR=str(config), JUPYTER_DATA_DIR=str(data),
               JUPYTER_RUNTIME_DIR=str(runtime), IPYTHONDIR=str(root / "ipython"),
               MPLCONFIGDIR=str(root / "matplotlib"), PYTHONPATH=os.pathsep.join(paths),
               JUPYTER_PLATFORM_DIRS="1")
    return env


@dataclass
class Server:
    """A running ``qsecase lab`` (JupyterLab or Voilà) and where to reach it."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path
    workspace: Path

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status < 500)
    except urllib.error.HTTPError as exc:
        return exc.code < 500
    except OSError:
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the server we started (its process group: ``qsecase`` and the Jupyter server).

    SIGTERM lets the Jupyter server shut its kernels down; SIGKILL only if it hangs.
    """
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _start(workspace: Path, root: Path, *, voila: bool, attempt: int) -> Server | None:
    port = free_port()
    log = root / f"{'voila' if voila else 'lab'}-{attempt}.log"
    command = [sys.executable, "-m", "qsecase", "lab", str(workspace), "--no-browser",
               "--port", str(port)]
    if voila:
        command.append("--voila")
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=root, env=isolated_env(root), stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    server = Server(process=process, url=f"http://127.0.0.1:{port}/", log=log,
                    workspace=workspace)
    probe = server.url + ("" if voila else "api/status")
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return None  # e.g. the port was taken in between: try another one
        if _answers(probe):
            return server
        time.sleep(0.3)
    _stop(process)
    raise RuntimeError(f"le serveur n'a pas répondu en {STARTUP_S:.0f} s :\n{server.log_tail()}")


@contextlib.contextmanager
def serve(workspace: Path, root: Path, *, voila: bool = False) -> Iterator[Server]:
    """Run ``qsecase lab WORKSPACE [--voila]`` on a free port until the block ends."""
    for attempt in range(3):
        server = _start(workspace, root, voila=voila, attempt=attempt)
        if server is not None:
            break
    else:
        log = root / f"{'voila' if voila else 'lab'}-2.log"
        raise RuntimeError("le serveur s'est arrêté au démarrage :\n"
                           + log.read_text(encoding="utf-8", errors="replace")[-3000:])
    try:
        yield server
    finally:
        _stop(server.process)


def shot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot as ``<artefacts>/<name>.png`` and return its path."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def axe_audit(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.x A and AA rules, plus best practices) on the page; its violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                helpUrl: v.helpUrl, nodes: v.nodes.map(n => n.target.join(' '))}));
        }""")
    return list(result)


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation: impact, rule, help and the first elements concerned."""
    return "\n".join(f"  [{v['impact']}] {v['id']} — {v['help']} ({len(v['nodes'])} élément(s) : "
                     f"{', '.join(v['nodes'][:3])})" for v in violations) or "  aucune"


_STARTED = """panel => [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .some(p => p.textContent.includes('[*]'))"""

_ALL_DONE = """panel => {
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
        .map(p => p.textContent.trim());
    return prompts.length > 0 && prompts.every((p, i) => p === `[${i + 1}]:`);
}"""


def lab_run_all(page: Any, *, restart: bool = False, timeout_ms: float = 120_000) -> None:
    """In JupyterLab, run every cell of the notebook shown, in a fresh kernel, and wait for the end.

    The notebook must have just been opened (fresh kernel), or ``restart`` is set: then *Kernel ›
    Restart Kernel and Run All Cells* is used, so that nothing of the previous kernel survives.
    The menu commands apply to the notebook that has the focus, hence the click in its first
    cell; if no cell has started after a few seconds (the click came too early), the menu is used
    again. The run is over when the code cells are numbered 1, 2, … n in order.
    """
    panel = page.locator(".jp-NotebookPanel:visible")
    panel.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(
        timeout=timeout_ms)
    menu, item = (("Kernel", "Restart Kernel and Run All Cells") if restart
                  else ("Run", "Run All Cells"))
    for _attempt in range(3):
        panel.locator(".jp-Cell").first.click()
        page.locator(".lm-MenuBar-item", has_text=menu).first.click()
        page.locator("li.lm-Menu-item", has_text=item).first.click()
        if restart:
            page.locator(".jp-Dialog .jp-mod-accept").click()
        with contextlib.suppress(Exception):
            page.wait_for_function(_STARTED, arg=panel.element_handle(), timeout=5_000)
            break
    else:
        raise AssertionError(f"aucune cellule ne s'exécute après « {menu} › {item} »")
    page.wait_for_function(_ALL_DONE, arg=panel.element_handle(), timeout=timeout_ms)


def dropdown(scope: Any, label: str) -> Any:
    """The ``<select>`` of the ipywidgets Dropdown whose visible label is ``label``."""
    return scope.locator(".widget-dropdown", has=scope.locator("label", has_text=label)).locator(
        "select")


def choose(scope: Any, label: str, starts_with: str, *, timeout_s: float = 20.0) -> str:
    """Pick, in the dropdown labelled ``label``, the option whose text starts with ``starts_with``.

    Options filled by the kernel after another choice may arrive late: they are awaited. Returns
    the text of the option chosen (ipywidgets writes labels with non-breaking spaces; they are
    compared as spaces).
    """
    select = dropdown(scope, label)
    deadline = time.monotonic() + timeout_s
    while True:
        texts = [t.replace("\xa0", " ") for t in select.locator("option").all_inner_texts()]
        found = [i for i, text in enumerate(texts) if text.startswith(starts_with)]
        if found:
            select.select_option(index=found[0])
            return texts[found[0]]
        if time.monotonic() > deadline:
            raise AssertionError(f"« {label} » : aucune option ne commence par « {starts_with} » "
                                 f"({texts})")
        time.sleep(0.2)


def selected(scope: Any, label: str) -> str:
    """The text of the option shown by the dropdown labelled ``label``."""
    text = dropdown(scope, label).evaluate("s => s.selectedIndex < 0 ? '' : "
                                           "s.options[s.selectedIndex].text")
    return str(text).replace("\xa0", " ")


def saved_answers(path: Path, expected: dict[str, Any], *, timeout_s: float = 20.0) -> dict[str, Any]:
    """The ``answers`` of the YAML file at ``path`` once it holds ``expected`` (dotted keys).

    The widgets save in the kernel, a moment after the browser's change: the file is read again
    until every expected value is there, or the last content is reported.
    """
    import yaml

    deadline = time.monotonic() + timeout_s
    answers: dict[str, Any] = {}
    while True:
        if path.is_file():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            answers = data.get("answers", {}) if isinstance(data, dict) else {}
        if all(_dotted(answers, key) == value for key, value in expected.items()):
            return answers
        if time.monotonic() > deadline:
            got = {key: _dotted(answers, key) for key in expected}
            raise AssertionError(f"{path} : attendu {expected}, trouvé {got}")
        time.sleep(0.2)


def _dotted(data: Any, key: str) -> Any:
    for part in key.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data
