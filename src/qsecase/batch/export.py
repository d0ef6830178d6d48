"""Render an executed notebook as the page trainees and trainers read: no code, accessible, atomic.

nbconvert's ``HTMLExporter`` ends each page with an accessibility pass (a text alternative on every
image that has none, keyboard focus on each output) done by re-parsing the whole page with
BeautifulSoup: two thirds of the export time of a graded notebook, whose page holds thousands of
tags. :func:`accessible` does the same pass on the page's text, leaving scripts, styles and
comments untouched; the exporter is built once per thread.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from qsecase.io.atomic import atomic_write_text

__all__ = ["MISSING_ALT", "accessible", "export_html"]

MISSING_ALT = "Aucune description n'est fournie pour cette image"
"""Text alternative given to an image that has none (nbconvert gives an English one)."""

_RAW = re.compile(r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->)",
                  re.IGNORECASE | re.DOTALL)
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*(?<![\w-])alt\s*=)", re.IGNORECASE)
_FOCUSABLE = re.compile(
    r"<div\b(?=[^>]*(?<![\w-])class\s*=\s*\"(?:[^\"]*\s)?"
    r"(?:jp-Cell-inputWrapper|jp-OutputArea-output)(?=[\s\"]))(?![^>]*(?<![\w-])tabindex\s*=)",
    re.IGNORECASE)


def accessible(page: str) -> str:
    """nbconvert's accessibility pass: ``alt`` on images without one, ``tabindex="0"`` on each cell
    input and output (``div.jp-Cell-inputWrapper``, ``div.jp-OutputArea-output``)."""
    parts = _RAW.split(page)
    for index in range(0, len(parts), 2):  # odd indexes: scripts, styles, comments
        text = _IMG_WITHOUT_ALT.sub(f'<img alt="{MISSING_ALT}"', parts[index])
        parts[index] = _FOCUSABLE.sub('<div tabindex="0"', text)
    return "".join(parts)


_local = threading.local()


def _exporter(lang: str) -> Any:
    """This thread's exporter for ``lang`` (exporters register filters: not shared by threads)."""
    exporters: dict[str, Any] = _local.__dict__.setdefault("exporters", {})
    if lang not in exporters:
        exporters[lang] = _exporter_class()(
            template_name="lab", exclude_input=True, exclude_input_prompt=True,
            exclude_output_prompt=True, language_code=lang)
    return exporters[lang]


def _exporter_class() -> Any:
    """``HTMLExporter`` with :func:`accessible` in place of its BeautifulSoup pass (the stock
    exporter when this nbconvert does not have the parts the override relies on)."""
    from nbconvert import HTMLExporter

    try:
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
    except ImportError:  # pragma: no cover - another nbconvert layout
        return HTMLExporter
    if not all(hasattr(HTMLExporter, name) for name in ("_init_resources", "register_filter")):
        return HTMLExporter  # pragma: no cover

    class AccessibleHTMLExporter(HTMLExporter):  # type: ignore[misc, valid-type]
        def from_notebook_node(  # type: ignore[override]  # as HTMLExporter's: a str
                self, nb: Any, resources: dict[str, Any] | None = None,
                **kw: Any) -> tuple[str, dict[str, Any]]:
            # HTMLExporter.from_notebook_node (nbconvert 7), but for its final BeautifulSoup pass
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight = self.filters.get("highlight_code",
                                         Highlight2HTML(pygments_lexer=lexer, parent=self))
            resources = self._init_resources(resources)
            data_type = WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self,
                                              resources=resources)
            self.register_filter("highlight_code", highlight)
            self.register_filter("filter_data_type", data_type)
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return accessible(page), resources

    return AccessibleHTMLExporter


def export_html(ipynb: Path, html: Path, *, lang: str = "fr", title: str = "") -> None:
    """Render an executed notebook without its code (what trainees and trainers read), atomically.

    Args:
        ipynb: The executed notebook.
        html: Where to write the page.
        lang: The page language (``<html lang>``, read by screen readers).
        title: The page title.
    """
    import nbformat

    nb = nbformat.read(str(ipynb), as_version=4)
    body, _ = _exporter(lang if lang in ("fr", "en") else "fr").from_notebook_node(
        nb, resources={"metadata": {"name": title or ipynb.stem}})
    atomic_write_text(html, body)
