"""Fixtures of the real-browser tests: one headless Chromium per worker, one page per test.

Chromium is not optional here: if it is missing, every browser test fails with the command that
installs it (a skipped test would hide that the trainee's experience was never checked).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import ARTEFACTS, CHROMIUM, CHROMIUM_ARGS, MISSING_CHROMIUM, shot

_OUTCOMES = pytest.StashKey[dict[str, Any]]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    item.stash.setdefault(_OUTCOMES, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium (the machine's, not a downloaded build) driven by Playwright."""
    if not CHROMIUM.is_file():
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright (Python) manque : installez les outils de test avec "
                    "« pip install -e \".[dev]\" ».", pytrace=False)
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)  # a kernel round trip on a busy 2-core machine
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context and page; on failure, a screenshot ``<test>-echec.png``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    context.set_default_timeout(60_000)
    tab = context.new_page()
    tab.on("dialog", lambda dialog: dialog.accept())  # « quitter la page ? » on reload
    print(f"captures d'écran et résultats : {ARTEFACTS}")
    try:
        yield tab
    finally:
        outcome = request.node.stash.get(_OUTCOMES, {}).get("call")
        if outcome is not None and outcome.failed:
            for number, opened in enumerate(context.pages):
                try:
                    shot(opened, f"{request.node.name}-echec-{number}")
                except Exception as exc:  # the page may have crashed: keep the test's own error
                    print(f"capture impossible : {exc}")
        context.close()
