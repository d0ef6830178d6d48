"""The communication step of the improvement-plan exercise (5-4): a QSE support (poster, one-page
newsletter, slides outline) designed within the organisation's graphic charter, checked live
(contrast, font, sizes, images, readability) and previewed.

The preview is the exported page itself, shown inside an ``<iframe srcdoc=…>`` so that its styles
stay inside the frame and never restyle the notebook. Colours are offered by their name in the
charter (« bleu Mécaprec ») and any ``#RRGGBB`` code is accepted.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods.base import Issue
from qsecase.methods.communication import SUPPORT_KINDS, Charter, Support, check_support, support_report
from qsecase.views.palette import fr_number
from qsecase.views.support_html import support_html, support_report_html
from qsecase.views.tables import esc, table_html
from qsecase.widgets.amelioration_data import charter, logo_markup
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import (
    checkbox_field,
    dropdown_field,
    heading,
    help_text,
    text_field,
    textarea_field,
    tr,
)
from qsecase.widgets.exports import ExportButton
from qsecase.widgets.rows import RowsEditor
from qsecase.widgets.sst_accident_tree import FieldsRow, combo_field, with_missing

__all__ = ["EXPORT_SUPPORT", "TEXTS", "SupportStep", "charter_html", "preview_frame"]

EXPORT_SUPPORT = "support-communication.html"
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Concevez un support de communication QSE dans la charte graphique de "
                "l'organisation : choisissez le type adapté au public et au canal, trois messages "
                "clés au plus, un texte court en phrases simples, un appel à l'action, les "
                "couleurs de la charte avec un contraste suffisant, des images avec leur texte de "
                "remplacement, et les adaptations aux personnes en situation de handicap.",
        "type": "Type de support", "title": "Titre", "public": "Public cible",
        "channel": "Canal de diffusion", "channel_ph": "où, quand, par qui il est diffusé",
        "messages": "Messages clés", "messages_ph": "un message par ligne",
        "text": "Texte", "text_ph": "phrases courtes ; une ligne vide sépare les paragraphes",
        "cta": "Appel à l'action", "cta_ph": "ce que le lecteur doit faire",
        "font": "Police", "unknown_font": "{id} (hors charte)",
        "colours": "Couleurs employées", "add_colour": "Ajouter un usage de couleur",
        "colour": "Couleur {n}", "element": "Élément", "element_ph": "titre, corps, encadré…",
        "fg": "Couleur du texte", "bg": "Couleur du fond", "colour_ph": "nom de la charte ou #RRGGBB",
        "size": "Taille (pt)", "bold": "Gras",
        "images": "Images", "add_image": "Ajouter une image", "image": "Image {n}",
        "file": "Fichier", "alt": "Texte de remplacement", "alt_ph": "ce que montre l'image",
        "decorative": "Image décorative (pas de texte de remplacement)",
        "logo": "Le logo de l'organisation figure sur le support",
        "adaptations": "Adaptations (handicap)",
        "adaptations_ph": "version en gros caractères, lecture audio, FALC, sous-titres…",
        "charter": "Charte graphique de l'organisation", "charter_colours": "Couleurs de la charte",
        "charter_head": "Nom|Code|Échantillon", "fonts": "Polices : {fonts}.",
        "min_size": "Taille minimale du corps de texte : {size} pt.",
        "checks": "Vérifications du support", "preview": "Aperçu du support",
        "frame_title": "Aperçu du support de communication",
        "bad_colour": "{item} : « {value} » n'est pas une couleur : choisissez une couleur de la "
                      "charte ou écrivez un code #RRGGBB.",
        "no_charter": "Le cas ne fournit pas de charte graphique : les vérifications et l'aperçu "
                      "ne sont pas disponibles.",
        "export": "Exporter le support (HTML)",
    },
}


def charter_html(chart: Charter, lang: str = "fr") -> str:
    """The charter the support must follow: its colours (name, code and a sample beside the
    name, never the colour alone), its fonts, the minimum text size and its rules."""
    t = partial(tr, TEXTS, lang)
    rows = [(esc(name), esc(code.upper()), f'<span aria-hidden="true" style="display:inline-block;width:3em;'
             f'height:1em;background:{esc(code)};border:1px solid #767676"></span>')
            for name, code in chart.couleurs.items()]
    rules = "".join(f"<li>{esc(rule)}</li>" for rule in chart.regles)
    return (table_html(t("charter_colours"), t("charter_head").split("|"), rows, row_headers=True,
                       raw=True)
            + f"<p>{esc(t('fonts', fonts=', '.join(chart.polices)))} "
            f"{esc(t('min_size', size=fr_number(chart.taille_min_pt, 1)))}</p>"
            + (f"<ul>{rules}</ul>" if rules else ""))


def preview_frame(page: str, title: str) -> str:
    """``page`` inside a sandboxed ``<iframe srcdoc=…>``: its styles cannot leak out."""
    return (f'<iframe srcdoc="{html.escape(page, quote=True)}" title="{html.escape(title)}" '
            'sandbox="" style="width:100%;height:36em;border:1px solid #767676"></iframe>')


class SupportStep(StepForm):
    """The support's fields, its colour uses and images, the checks and the framed preview."""

    topic = "support"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        case, sup = ctx.session.case, ctx.session.answers.support
        self.charter: Charter | None = charter(case)
        self.logo = logo_markup(case)
        colours = dict(self.charter.couleurs) if self.charter else {}
        self.colour_codes = {name: code.upper() for name, code in colours.items()}
        self.colour_names = {code: name for name, code in self.colour_codes.items()}
        fonts = list(self.charter.polices) if self.charter else []
        font_options = with_missing([(f, f) for f in fonts], [sup.police], t("unknown_font"))
        self.fields: dict[str, widgets.Widget] = {
            "type": dropdown_field(t("type"), [(v, k) for k, v in SUPPORT_KINDS.items()], sup.type),
            "titre": text_field(t("title"), sup.titre),
            "public": text_field(t("public"), sup.public),
            "canal": text_field(t("channel"), sup.canal, t("channel_ph")),
            "messages_cles": textarea_field(t("messages"), "\n".join(sup.messages_cles),
                                            t("messages_ph")),
            "texte": textarea_field(t("text"), sup.texte, t("text_ph"), rows=6),
            "appel_action": text_field(t("cta"), sup.appel_action, t("cta_ph")),
            "police": dropdown_field(t("font"), font_options, sup.police or (fonts[0] if fonts
                                                                            else None)),
            "logo": checkbox_field(t("logo"), sup.logo),
            "adaptations": textarea_field(t("adaptations"), sup.adaptations, t("adaptations_ph")),
        }
        for widget in self.fields.values():
            widget.observe(lambda _c: self._changed(), names="value")
        self.colours = RowsEditor(self._colour_row, lambda _v: self._changed(),
                                  [c.model_dump() for c in sup.couleurs],
                                  new_row=lambda _v: self._new_colour(), item_title=t("colour"),
                                  add_label=t("add_colour"), lang=ctx.lang)
        self.images = RowsEditor(self._image_row, lambda _v: self._changed(),
                                 [i.model_dump() for i in sup.images], item_title=t("image"),
                                 add_label=t("add_image"), lang=ctx.lang)
        self.report, self.preview = widgets.HTML(), widgets.HTML()
        self.charter_view = widgets.HTML(charter_html(self.charter, ctx.lang) if self.charter
                                         else f"<p>{esc(t('no_charter'))}</p>")
        self.export = ExportButton(ctx.session, t("export"), EXPORT_SUPPORT,
                                   lambda: self.page().encode("utf-8"))
        f = self.fields
        texts = ("type", "titre", "public", "canal", "messages_cles", "texte", "appel_action",
                 "police")
        self.layout_with(help_text(t("help")), heading(t("charter")), self.charter_view,
                         *(f[k] for k in texts),
                         heading(t("colours")), self.colours, heading(t("images")), self.images,
                         f["logo"], f["adaptations"], heading(t("checks")), self.report,
                         heading(t("preview")), self.preview, self.export)
        self._redraw()

    # --- rows ------------------------------------------------------------------------------

    def _colour_field(self, label: str, code: str) -> widgets.Combobox:
        shown = self.colour_names.get(code.upper(), code)
        return combo_field(label, shown, list(self.colour_codes), self.t("colour_ph"))

    def _code(self, text: str) -> str:
        """A charter colour's name → its code; anything else as typed."""
        text = text.strip()
        return self.colour_codes.get(text, text.upper() if _HEX.match(text) else text)

    def _new_colour(self) -> dict[str, Any]:
        codes = list(self.colour_codes.values())
        return {"element": "", "texte": codes[0] if codes else "#000000", "fond": "#FFFFFF"}

    def _colour_row(self, data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
        t = self.t
        size = widgets.BoundedFloatText(value=float(data.get("taille_pt", 12)), min=1, max=400,
                                        description=t("size"), layout=widgets.Layout(width="24em"),
                                        style={"description_width": "14em"})
        return FieldsRow({
            "element": text_field(t("element"), str(data.get("element", "")), t("element_ph")),
            "texte": self._colour_field(t("fg"), str(data.get("texte", ""))),
            "fond": self._colour_field(t("bg"), str(data.get("fond", ""))),
            "taille_pt": size, "gras": checkbox_field(t("bold"), bool(data.get("gras", False)))},
            notify, convert={"texte": self._code, "fond": self._code})

    def _image_row(self, data: Mapping[str, Any], notify: Callable[[], None]) -> FieldsRow:
        t = self.t
        return FieldsRow({
            "fichier": text_field(t("file"), str(data.get("fichier", ""))),
            "alt": text_field(t("alt"), str(data.get("alt", "")), t("alt_ph")),
            "decorative": checkbox_field(t("decorative"), bool(data.get("decorative", False)))},
            notify)

    # --- changes and views -----------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        f = self.fields
        lines = [m.strip() for m in f["messages_cles"].value.splitlines() if m.strip()]
        return {**{k: w.value for k, w in f.items() if k != "messages_cles"},
                "police": f["police"].value or "", "messages_cles": lines,
                "couleurs": self.colours.values(), "images": self.images.values()}

    def _changed(self) -> None:
        values = self.values()
        bad = [self.t("bad_colour", item=self.t("colour", n=n), value=c[k])
               for n, c in enumerate(values["couleurs"], 1) for k in ("texte", "fond")
               if not _HEX.match(c[k])]
        if bad:
            self.issues.invalid(" ; ".join(bad))
        elif self.commit({"support": values}):
            self._redraw()

    def page(self) -> str:
        """The support as a standalone HTML page (the preview and the export)."""
        sup: Support = self.ctx.session.answers.support
        org = self.ctx.session.case.spec.organisation.nom
        if self.charter is None:
            return f'<!DOCTYPE html><html lang="fr"><body><p>{esc(self.t("no_charter"))}</p></body></html>'
        return support_html(sup, self.charter, org, logo_markup=self.logo)

    def _redraw(self) -> None:
        if self.charter is None:
            self.report.value = f"<p>{esc(self.t('no_charter'))}</p>"
            self.preview.value = ""
            return
        report = support_report(self.ctx.session.answers.support, self.charter)
        self.report.value = support_report_html(report)
        self.preview.value = preview_frame(self.page(), self.t("frame_title"))

    def current_issues(self) -> list[Issue]:
        if self.charter is None:
            return []
        return check_support(self.ctx.session.answers.support, self.charter)
