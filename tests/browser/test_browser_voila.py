"""A trainee in Voilà (``qsecase lab --voila``), in a real browser: forms and figures, no code.

The welcome page and the exercise are rendered without any code cell; an answer typed in a form
is saved in the workspace, in the same file as with JupyterLab (``reponses/probleme.yaml``), and
is there again after a reload. The exercise page is also audited with axe-core.
"""

from __future__ import annotations

import json
import re

import pytest
from browser_support import (
    ARTEFACTS,
    axe_audit,
    choose,
    describe,
    saved_answers,
    selected,
    serve,
    shot,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

JUSTIFICATION = "Saisi dans Voilà : QQOQCP puis Pareto."
CONCLUSION = "Vos réponses sont enregistrées automatiquement dans le fichier"
TEXTAREA = "textarea[placeholder='Pourquoi ces outils conviennent-ils à ce problème ?']"
SOURCES = ("from qsecase.landing import accueil", "from qsecase.notebook import start",
           'cb.step("outils")', "reveal_key = False")


def _no_code(page) -> None:
    """Neither code cells' inputs nor their source text are in the page."""
    assert page.locator(".jp-CodeCell .jp-InputArea").count() == 0
    assert page.locator(".jp-InputArea-editor, .cm-editor, .CodeMirror").count() == 0
    text = page.locator("body").inner_text()
    assert not [source for source in SOURCES if source in text]


def test_voila_serves_forms_without_code_and_saves_what_is_typed(page, tmp_path):
    workspace = tmp_path / "cahier"
    with serve(workspace, tmp_path, voila=True) as server:
        page.goto(server.url)  # the list of notebooks, welcome page first
        first = page.get_by_role("link", name=re.compile(r"\.ipynb$")).first
        expect(first).to_have_text("00_accueil.ipynb")
        expect(first).to_have_attribute("href", re.compile(r"/voila/render/00_accueil\.ipynb"))
        _audit(page, "voila-liste", enforce=False)  # Voilà's own page: reported, not ours to fix

        page.goto(f"{server.url}voila/render/00_accueil.ipynb")
        link = page.get_by_role("link", name="Résolution de problème qualité")
        expect(link).to_be_visible(timeout=60_000)
        _no_code(page)
        shot(page, "voila-1-accueil")
        _audit(page, "voila-00_accueil")

        with page.context.expect_page() as opened:  # Voilà opens links in a new tab
            link.click()
        exercise = opened.value
        expect(exercise).to_have_url(f"{server.url}voila/render/01_probleme.ipynb")
        expect(exercise.get_by_text(CONCLUSION)).to_be_visible(timeout=90_000)
        _no_code(exercise)
        assert exercise.locator("select").count() >= 3  # the forms are there
        justification = exercise.locator(TEXTAREA)
        justification.fill(JUSTIFICATION)
        justification.blur()
        expect(exercise.locator("p[role=status]", has_text="Enregistré à").first).to_be_visible()
        choose(exercise, "Tableau de données", "Registre des non-conformités")
        choose(exercise, "Catégories (colonne)", "defaut")
        expect(exercise.locator("img[src^='data:image/png'][alt*='Pareto']")).to_be_visible()
        saved_answers(workspace / "reponses" / "probleme.yaml",
                      {"justification_outils": JUSTIFICATION, "pareto.table": "reclamations",
                       "pareto.categorie": "defaut"})
        shot(exercise, "voila-2-exercice")

        # reloading runs the notebook again in a new kernel: the forms come back filled
        exercise.reload()
        expect(exercise.get_by_text(CONCLUSION)).to_be_visible(timeout=90_000)
        expect(exercise.locator(TEXTAREA)).to_have_value(JUSTIFICATION)
        assert selected(exercise, "Catégories (colonne)").startswith("defaut")

        exercise.evaluate("window.scrollTo(0, 0)")  # the corpus tabs in view: contrast measured
        _audit(exercise, "voila-01_probleme")


def _audit(page, name: str, *, enforce: bool = True) -> None:
    """axe-core on the page, results kept as ``axe-<name>.json``.

    With ``enforce``, no serious or critical violation is allowed, except the :data:`KNOWN` ones.
    """
    violations = axe_audit(page)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / f"axe-{name}.json").write_text(
        json.dumps(violations, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"axe, {name} :\n{describe(violations)}")
    serious, known = _blocking(violations)
    for rule, reason in known.items():
        print(f"connu, à corriger : {rule} — {reason}")
    assert not (enforce and serious), describe(serious)


KNOWN: dict[tuple[str, str], str] = {}
"""Violations known and reported, by (rule, fragment of the element's selector): only these
elements are let through; any other element breaking the same rule still fails the test."""


def _blocking(violations: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """The serious or critical violations left once the known elements are set aside."""
    left, seen = [], {}
    for violation in violations:
        if violation["impact"] not in ("serious", "critical"):
            continue
        nodes = [node for node in violation["nodes"]
                 if not any(rule == violation["id"] and fragment in node
                            for (rule, fragment) in KNOWN)]
        seen.update({rule: reason for (rule, fragment), reason in KNOWN.items()
                     if rule == violation["id"] and len(nodes) < len(violation["nodes"])})
        if nodes:
            left.append({**violation, "nodes": nodes})
    return left, seen
