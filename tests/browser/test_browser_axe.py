"""Accessibility audit, with axe-core in Chromium, of the HTML pages qsecase hands out.

The demo cohort is graded for the ``logisud`` case by ``qsecase grade --no-notebooks``: its cohort
report (``index.html``) and a trainee's feedback page are audited, and so is the DUERP document a
trainee exports from the ``duerp-rps`` forms. No violation of impact « serious » or « critical »
is allowed; the others are printed and kept in ``axe-*.json`` beside the screenshots.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import ARTEFACTS, AXE, ROOT, axe_audit, describe, shot

pytestmark = pytest.mark.browser

CASE = ROOT / "cases" / "logisud"
SUBMISSIONS = ROOT / "demo" / "submissions"
TRAINEE = "alice.martin"
BLOCKING = ("serious", "critical")


def _duerp_export(folder: Path) -> Path:
    """The DUERP HTML document, exported by the button of the ``duerp-rps`` forms."""
    from qsecase.session import open_exercise
    from qsecase.widgets.duerp_rps import build_steps

    answers = folder / "duerp-rps.yaml"
    folder.mkdir(parents=True)
    shutil.copyfile(SUBMISSIONS / TRAINEE / "duerp-rps.yaml", answers)
    session = open_exercise("duerp-rps", case_dir=CASE, answers_path=answers, mode="formation")
    written = build_steps(session)["export"].html.export()
    assert written is not None and written.is_file(), "l'export HTML du DUERP a échoué"
    return written


def test_axe_reports_a_planted_violation(page):
    """The audit really runs: an image without a text alternative is a critical violation."""
    assert AXE.is_file(), f"{AXE} manque (axe-core, voir docs/navigateur.md)"
    page.set_content('<!doctype html><html lang="fr"><head><title>t</title></head>'
                     '<body><main><img src="data:image/png;base64,iVBORw0KGgo="></main></body></html>')
    found = {v["id"]: v["impact"] for v in axe_audit(page)}
    assert found.get("image-alt") == "critical"


def test_report_feedback_and_duerp_export_have_no_serious_violation(page, tmp_path):
    out = tmp_path / "sortie"
    run = subprocess.run([sys.executable, "-m", "qsecase", "grade", str(CASE), str(SUBMISSIONS),
                          "-o", str(out), "--no-notebooks", "-q"],
                         capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert (out / "index.html").is_file(), run.stderr[-2000:]
    pages = {"rapport-promotion": out / "index.html",
             "retour-stagiaire": out / TRAINEE / "feedback.html",
             "export-duerp": _duerp_export(tmp_path / "copie")}

    blocking: dict[str, list[dict[str, object]]] = {}
    for name, path in pages.items():
        page.goto(path.as_uri())
        violations = axe_audit(page)
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        (ARTEFACTS / f"axe-{name}.json").write_text(
            json.dumps(violations, ensure_ascii=False, indent=1), encoding="utf-8")
        shot(page, f"axe-{name}", full_page=False)  # the DUERP is 25 000 px high
        print(f"axe, {name} ({path.name}) :\n{describe(violations)}")
        serious = [v for v in violations if v["impact"] in BLOCKING]
        if serious:
            blocking[name] = serious
    assert not blocking, "\n".join(f"{name} :\n{describe(found)}" for name, found in blocking.items())
