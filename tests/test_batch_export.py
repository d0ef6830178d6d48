"""The HTML page of a graded notebook: nbconvert's page, its accessibility pass done without
BeautifulSoup — same focusable cells, every image with a text alternative, same text."""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from qsecase.batch.export import MISSING_ALT, accessible, export_html

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2a7e6"
    "5a0000000049454e44ae426082")).decode()


def executed_notebook(path: Path) -> Path:
    """A notebook as Papermill leaves it: markdown, code with stream, HTML and PNG outputs."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Correction\n\nUne figure **sans** texte de remplacement."),
        nbformat.v4.new_code_cell("print('bonjour')", execution_count=1, outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="Note : 15/20 <acquis>\n")]),
        nbformat.v4.new_code_cell("cb.step('pareto')", execution_count=2, outputs=[
            nbformat.v4.new_output("display_data", data={"text/html": (
                f'<p>Diagramme</p><img src="data:image/png;base64,{PNG}" alt="Pareto : 3 défauts">'
                f'<img src="data:image/png;base64,{PNG}"><table><tr><td>a &gt; b</td></tr>'
                "</table>")})]),
        nbformat.v4.new_code_cell("fig", execution_count=3, outputs=[
            nbformat.v4.new_output("display_data", data={"image/png": PNG,
                                                          "text/plain": "<Figure>"})]),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, str(path))
    return path


def stock_page(ipynb: Path) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, language_code="fr")
    page, _ = exporter.from_notebook_node(nbformat.read(str(ipynb), as_version=4),
                                          resources={"metadata": {"name": "Copie"}})
    return page


@pytest.fixture
def pages(tmp_path: Path) -> tuple[BeautifulSoup, BeautifulSoup]:
    ipynb = executed_notebook(tmp_path / "probleme.ipynb")
    export_html(ipynb, tmp_path / "probleme.html", lang="fr", title="Copie")
    ours = (tmp_path / "probleme.html").read_text(encoding="utf-8")
    return (BeautifulSoup(ours, "html.parser"), BeautifulSoup(stock_page(ipynb), "html.parser"))


def test_the_page_has_nbconverts_focusable_cells_and_text(
        pages: tuple[BeautifulSoup, BeautifulSoup]) -> None:
    ours, stock = pages
    focusable = [tuple(e.get("class", [])) for e in ours.select("[tabindex]")]
    assert focusable == [tuple(e.get("class", [])) for e in stock.select("[tabindex]")]
    assert len(focusable) == 4  # the markdown cell and the three outputs
    assert all(e["tabindex"] == "0" for e in ours.select("[tabindex]"))
    assert ours.get_text() == stock.get_text()
    assert ours.html is not None and ours.html["lang"] == "fr"
    assert ours.title is not None and ours.title.string == "Copie"
    assert "print('bonjour')" not in str(ours)  # the code is not shown


def test_every_image_has_a_text_alternative_in_french(
        pages: tuple[BeautifulSoup, BeautifulSoup]) -> None:
    ours, stock = pages
    alts = [img.get("alt") for img in ours.find_all("img")]
    assert alts == ["Pareto : 3 défauts", MISSING_ALT, MISSING_ALT]
    assert len(stock.find_all("img")) == 3


def test_scripts_styles_and_comments_are_left_untouched() -> None:
    page = ('<style>div.x::after { content: "<img>"; }</style>'
            '<script>const s = "<img src=x>"; const d = \'<div class="jp-OutputArea-output">\';'
            "</script><!-- <img src=c> -->"
            '<div class="jp-OutputArea-output jp-RenderedHTML"><img src="y"></div>'
            '<div class="jp-OutputArea-output-extra"></div>'
            '<div tabindex="-1" class="jp-Cell-inputWrapper"></div>'
            '<img data-alt="non" src="z"><IMG ALT="déjà" src="w">')
    result = accessible(page)
    assert result.startswith(page[:page.index("<div class")])  # style, script, comment kept
    soup = BeautifulSoup(result, "html.parser")
    outputs = soup.select("div.jp-OutputArea-output")
    assert len(outputs) == 1 and outputs[0]["tabindex"] == "0"
    assert not soup.select("div.jp-OutputArea-output-extra")[0].get("tabindex")
    assert soup.select("div.jp-Cell-inputWrapper")[0]["tabindex"] == "-1"  # not overridden
    assert [img.get("alt") for img in soup.find_all("img")] == [MISSING_ALT, MISSING_ALT,
                                                                  "déjà"]
