"""A trainee in JupyterLab, in a real browser: welcome page, forms, autosave, reload, live figure.

``qsecase lab`` serves a fresh workspace; headless Chromium opens the welcome notebook, follows
its link to the problem-solving exercise, runs every cell, types a justification, picks the data
of the Pareto chart, sees the chart redrawn, then reloads the page, runs the cells again and finds
its answers back — in the forms and in ``reponses/probleme.yaml``.
"""

from __future__ import annotations

import re

import pytest
from browser_support import choose, lab_run_all, saved_answers, selected, serve, shot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

JUSTIFICATION = "Registre de 81 fiches : QQOQCP, puis Pareto des coûts, puis Ishikawa."
CONCLUSION = "Vos réponses sont enregistrées automatiquement dans le fichier"
TEXTAREA = "textarea[placeholder='Pourquoi ces outils conviennent-ils à ce problème ?']"


def test_trainee_answers_survive_a_reload_and_the_pareto_chart_redraws(page, tmp_path):
    workspace = tmp_path / "cahier"
    with serve(workspace, tmp_path) as server:
        # the server opens on the welcome notebook, whose list shows before anything is run
        page.goto(server.url)
        expect(page).to_have_url(f"{server.url}lab/tree/00_accueil.ipynb")
        link = page.get_by_role("link", name="Résolution de problème qualité")
        expect(link).to_be_visible()
        expect(page.locator(".jp-OutputArea-output table").first).to_contain_text("mecaprec")
        shot(page, "lab-1-accueil")

        # its link opens the exercise notebook inside JupyterLab
        link.click()
        expect(page.get_by_role("tab", name="01_probleme.ipynb")).to_have_attribute(
            "aria-selected", "true")
        lab_run_all(page)
        expect(page.get_by_text(CONCLUSION)).to_be_visible()

        # a text field, committed when it loses the focus, then saved
        justification = page.locator(TEXTAREA)
        justification.fill(JUSTIFICATION)
        justification.blur()
        expect(page.locator("p[role=status]", has_text="Enregistré à").first).to_be_visible()

        # dropdowns of the Pareto step; the chart appears, then is redrawn for another measure
        choose(page, "Tableau de données", "Registre des non-conformités")
        choose(page, "Catégories (colonne)", "defaut")
        step = page.locator(".widget-vbox", has=page.locator("label", has_text="Tableau de données"))
        chart = step.last.locator("img[src^='data:image/png']")
        expect(chart).to_have_attribute("alt", re.compile(re.escape("Nombre d'occurrences")))
        first_png = chart.get_attribute("src")
        choose(page, "Mesure", "cout_eur")
        expect(chart).not_to_have_attribute("src", first_png or "")
        expect(chart).to_have_attribute("alt", re.compile(re.escape("Coût")))
        chart.scroll_into_view_if_needed()
        shot(page, "lab-2-pareto-redessine")

        answers_file = workspace / "reponses" / "probleme.yaml"
        saved_answers(answers_file, {"justification_outils": JUSTIFICATION,
                                     "pareto.table": "reclamations",
                                     "pareto.categorie": "defaut", "pareto.mesure": "cout_eur"})

        # reload the page, restart the kernel and run the cells again: the forms are rebuilt
        # from the file alone
        page.reload()
        lab_run_all(page, restart=True)
        expect(page.get_by_text(CONCLUSION)).to_be_visible()
        expect(page.locator(TEXTAREA)).to_have_value(JUSTIFICATION)
        assert selected(page, "Tableau de données").startswith("Registre des non-conformités")
        assert selected(page, "Catégories (colonne)").startswith("defaut")
        assert selected(page, "Mesure").startswith("cout_eur")
        expect(chart).to_have_attribute("alt", re.compile(re.escape("Coût")))
        page.locator(TEXTAREA).scroll_into_view_if_needed()
        shot(page, "lab-3-apres-rechargement")
