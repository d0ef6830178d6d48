"""BEGES views: the chart by scope and by post, the reporting table and the workbook.

Nothing relies on colour alone: each scope has its own hatch (scope 1 plain, scope 2 « // », scope 3
« xx ») on a light tint under a black outline, every bar has its value and share written at its end,
and the uncertainty is an error bar and a number. The reporting layout follows the regulatory method
(6 categories, 22 posts): a post without emissions reads « — », a factor not checked against its
primary source reads « ⚠ non vérifié ».
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from qsecase.ghg_data import categories
from qsecase.methods.ghg import ActivityLine, Emission, EmissionFactor, GhgTotals, Post
from qsecase.views.palette import BLACK, BLUE, BLUISH_GREEN, ORANGE, figure_style, fr_number, wrap_text
from qsecase.views.sst_register_view import tint
from qsecase.views.tables import esc, table_html
from qsecase.views.worksheet import keep_text, lay_out_table

__all__ = ["SCOPE_STYLE", "beges_alt", "beges_chart", "beges_html", "beges_workbook", "factor_text",
           "tonnes"]

#: Scope → (name, fill colour, hatch).
SCOPE_STYLE: dict[str, tuple[str, str, str]] = {
    "1": ("Scope 1 — émissions directes", tint(BLUE, 0.45), ""),
    "2": ("Scope 2 — indirectes liées à l'énergie", tint(ORANGE, 0.45), "//"),
    "3": ("Scope 3 — autres indirectes", tint(BLUISH_GREEN, 0.55), "xx"),
}
_HEAD = 4  # row of the column headers on every sheet


def tonnes(value_t: float) -> str:
    """« 12,35 t CO₂e » (two decimals, French notation)."""
    return f"{fr_number(round(value_t, 2), 2)} t CO₂e"


def _share(part: float, total: float) -> str:
    return f"{fr_number(round(100 * part / total, 1), 1)}\u202f%" if total else "—"


def _rss_t(emissions: Sequence[Emission], attr: str) -> dict[str, float]:
    """Uncertainty (t CO₂e) of each group: root-sum-square of its lines' uncertainties."""
    squares: defaultdict[str, float] = defaultdict(float)
    for e in emissions:
        squares[str(getattr(e, attr))] += e.uncertainty_kg ** 2
    return {k: math.sqrt(v) / 1000 for k, v in squares.items()}


def factor_text(factor: EmissionFactor) -> str:
    """« ADEME, Impact CO2 (chauffage.json), 2024 », with « ⚠ non vérifié » when the reference marks it
    so."""
    year = f", {factor.annee}" if factor.annee else ""
    return f"{factor.source}{year}" + ("" if factor.verifie else " — ⚠ non vérifié")


def _bars(ax: Axes, labels: Sequence[str], values: Sequence[float], errors: Sequence[float],
          scopes: Sequence[str], total: float, title: str) -> None:
    ys = list(range(len(labels)))[::-1]
    for y, value, error, scope in zip(ys, values, errors, scopes, strict=True):
        _, fill, hatch = SCOPE_STYLE[scope]
        ax.barh(y, value, height=0.6, color=fill, hatch=hatch, edgecolor=BLACK, linewidth=1.0,
                xerr=error or None, error_kw={"ecolor": BLACK, "capsize": 4, "elinewidth": 1.4})
        ax.text(value + error, y, f"  {fr_number(round(value, 2), 2)} t ({_share(value, total)})",
                va="center", ha="left", fontsize=10, fontweight="bold")
    ax.set_yticks(ys, labels, fontsize=10)
    ax.set_title(title, loc="left", fontsize=12)
    ax.set_xlabel("t CO₂e (barre d'erreur : incertitude)")
    right = max((v + e for v, e in zip(values, errors, strict=True)), default=1.0) or 1.0
    ax.set_xlim(0, right * 1.45)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def beges_chart(totals: GhgTotals, posts: Mapping[str, Post] | None = None,
                emissions: Sequence[Emission] = ()) -> Figure:
    """Two panels of horizontal bars: t CO₂e by scope, then by post (posts with emissions only).

    Args:
        totals: From :func:`~qsecase.methods.ghg.totals`.
        posts: The regulatory posts (titles and scopes); by default those shipped with qsecase.
        emissions: The emissions behind ``totals``: with them, each bar has its error bar
            (root-sum-square of its lines' uncertainties); the total's uncertainty is always written.
    """
    from qsecase.ghg_data import posts as shipped

    posts = posts or shipped()
    by_scope = _rss_t(emissions, "scope")
    by_post = _rss_t(emissions, "poste")
    kept = [p for p, v in totals.by_post_t.items() if v > 0]
    with figure_style():
        fig = Figure(figsize=(11.0, 3.2 + 0.5 * (3 + len(kept))), layout="constrained")
        FigureCanvasAgg(fig)
        top, bottom = fig.subplots(2, 1, height_ratios=[3, max(1, len(kept))])
        scopes = list(SCOPE_STYLE)
        _bars(top, [wrap_text(SCOPE_STYLE[s][0], 24) for s in scopes],
              [totals.by_scope_t.get(s, 0.0) for s in scopes], [by_scope.get(s, 0.0) for s in scopes],
              scopes, totals.total_t, "Émissions par scope")
        _bars(bottom, [wrap_text(f"{p} {posts[p].titre}" if p in posts else p, 34) for p in kept],
              [totals.by_post_t[p] for p in kept], [by_post.get(p, 0.0) for p in kept],
              [posts[p].scope if p in posts else "3" for p in kept], totals.total_t,
              "Émissions par poste réglementaire")
        fig.suptitle(f"Bilan des émissions de gaz à effet de serre : {tonnes(totals.total_t)} "
                     f"± {fr_number(round(totals.uncertainty_t, 2), 2)} t", x=0.0, ha="left",
                     fontweight="bold")
        fig.legend(handles=[Patch(facecolor=f, hatch=h, edgecolor=BLACK, label=n) for n, f, h in
                            SCOPE_STYLE.values()], loc="outside lower left", ncol=3, frameon=False)
    return fig


def beges_alt(totals: GhgTotals, posts: Mapping[str, Post] | None = None) -> str:
    """French description of :func:`beges_chart` for screen readers."""
    from qsecase.ghg_data import posts as shipped

    posts = posts or shipped()
    parts = [f"Bilan des émissions de gaz à effet de serre : {tonnes(totals.total_t)}, incertitude "
             f"± {fr_number(round(totals.uncertainty_t, 2), 2)} t."]
    parts.append("Par scope : " + " ; ".join(
        f"{SCOPE_STYLE[s][0]} : {tonnes(totals.by_scope_t.get(s, 0.0))} "
        f"({_share(totals.by_scope_t.get(s, 0.0), totals.total_t)})" for s in SCOPE_STYLE) + ".")
    kept = sorted(((p, v) for p, v in totals.by_post_t.items() if v > 0), key=lambda pv: -pv[1])
    if kept:
        parts.append("Par poste, du plus émetteur au moins émetteur : " + " ; ".join(
            f"{p} {posts[p].titre if p in posts else ''} : {tonnes(v)} ({_share(v, totals.total_t)})"
            for p, v in kept) + ".")
    return " ".join(parts)


def _post_rows(emissions: Sequence[Emission], totals: GhgTotals, factors: Mapping[str, EmissionFactor],
               posts: Mapping[str, Post]) -> list[tuple[Post | None, int, float, float, str]]:
    """(post or None for a category subtotal, category, t CO₂e, uncertainty t, factors used)."""
    unc = _rss_t(emissions, "poste")
    used: defaultdict[str, list[str]] = defaultdict(list)
    for e in emissions:
        f = factors.get(e.factor)
        text = f"{f.libelle} — {factor_text(f)}" if f else e.factor
        if text not in used[e.poste]:
            used[e.poste].append(text)
    cat_unc = _rss_t(emissions, "categorie")
    rows: list[tuple[Post | None, int, float, float, str]] = []
    for cat in range(1, 7):
        rows.append((None, cat, totals.by_category_t.get(cat, 0.0), cat_unc.get(str(cat), 0.0), ""))
        for p in (p for p in posts.values() if p.categorie == cat):
            rows.append((p, cat, totals.by_post_t.get(p.numero, 0.0), unc.get(p.numero, 0.0),
                         " ; ".join(used[p.numero])))
    return rows


def _unc_text(value_t: float, unc_t: float) -> str:
    return f"± {fr_number(round(unc_t, 2), 2)} t ({_share(unc_t, value_t)})" if value_t else "—"


def beges_html(emissions: Sequence[Emission], totals: GhgTotals, factors: Mapping[str, EmissionFactor],
               posts: Mapping[str, Post]) -> str:
    """The assessment in the reporting layout: the 6 categories and their posts (t CO₂e, share,
    uncertainty, factors and sources used), then the totals by scope."""
    titles = categories()
    body = []
    for post, cat, value, unc, used in _post_rows(emissions, totals, factors, posts):
        if post is None:
            body.append((f"<strong>Catégorie {cat} — {esc(titles[cat])}</strong>", "", f"<strong>"
                         f"{esc(tonnes(value))}</strong>", esc(_share(value, totals.total_t)),
                         esc(_unc_text(value, unc)), ""))
            continue
        body.append((f"{esc(post.numero)} {esc(post.titre)}", esc(post.scope),
                     esc(tonnes(value)) if value else "—",
                     esc(_share(value, totals.total_t)) if value else "—",
                     esc(_unc_text(value, unc)), esc(used or "—")))
    scope_unc = _rss_t(emissions, "scope")
    scope_rows = [(esc(SCOPE_STYLE[s][0]), esc(tonnes(totals.by_scope_t.get(s, 0.0))),
                   esc(_share(totals.by_scope_t.get(s, 0.0), totals.total_t)),
                   esc(_unc_text(totals.by_scope_t.get(s, 0.0), scope_unc.get(s, 0.0)))) for s in SCOPE_STYLE]
    scope_rows.append(("<strong>Total</strong>", f"<strong>{esc(tonnes(totals.total_t))}</strong>",
                       "100\u202f%" if totals.total_t else "—",
                       esc(_unc_text(totals.total_t, totals.uncertainty_t))))
    return ('<section lang="fr">'
            + table_html("Bilan des émissions de gaz à effet de serre par catégorie et par poste "
                         "(méthode réglementaire)", ["Catégorie / poste", "Scope", "Émissions",
                                                      "Part du total", "Incertitude", "Facteurs et sources"],
                         body, row_headers=True, raw=True)
            + table_html("Totaux par scope", ["Scope", "Émissions", "Part du total", "Incertitude"],
                         scope_rows, row_headers=True, raw=True)
            + "<p>« — » : poste sans émission évaluée ; « ⚠ non vérifié » : facteur à confronter à "
              "l'édition en vigueur de la Base Empreinte de l'ADEME.</p></section>")


def _sheet(ws: Any, title: str, note: str, headers: Sequence[str]) -> None:
    from openpyxl.styles import Font

    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = note
    for n, header in enumerate(headers, 1):
        ws.cell(_HEAD, n, header)


def beges_workbook(org_name: str, lines: Sequence[ActivityLine], emissions: Sequence[Emission],
                   totals: GhgTotals, factors: Mapping[str, EmissionFactor],
                   posts: Mapping[str, Post]) -> bytes:
    """The workbook: « Synthèse » (categories 1–6 and the 22 posts, t CO₂e and uncertainty, then the
    totals by scope), « Données d'activité » (one row per line), « Facteurs » (the factors given)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    synth = wb.active
    synth.title = "Synthèse"
    _sheet(synth, f"{org_name} — bilan des émissions de gaz à effet de serre",
           "Méthode réglementaire : 6 catégories, 22 postes ; valeurs calculées à l'export.",
           ["Catégorie", "Poste", "Intitulé", "Scope", "Émissions (t CO₂e)", "Incertitude (t CO₂e)",
            "Incertitude (%)", "Part du total (%)"])
    titles = categories()
    for post, cat, value, unc, _ in _post_rows(emissions, totals, factors, posts):
        pct = round(100 * unc / value, 1) if value else None
        share = round(100 * value / totals.total_t, 1) if totals.total_t else None
        label = post.titre if post else f"Sous-total — {titles[cat]}"
        synth.append([cat, post.numero if post else "", label, post.scope if post else "", round(value, 3),
                      round(unc, 3), pct, share])
        if post is None:
            for cell in synth[synth.max_row]:
                cell.font = Font(bold=True)
    lay_out_table(synth, _HEAD, [10, 8, 44, 8, 16, 18, 14, 14], freeze_column="C")
    synth.append([])
    scope_unc = _rss_t(emissions, "scope")
    for s, (name, _, _) in SCOPE_STYLE.items():
        value = totals.by_scope_t.get(s, 0.0)
        synth.append(["", "", name, s, round(value, 3), round(scope_unc.get(s, 0.0), 3)])
    synth.append(["", "", "Total", "", round(totals.total_t, 3), round(totals.uncertainty_t, 3)])
    for cell in synth[synth.max_row]:
        cell.font = Font(bold=True)
    data = wb.create_sheet("Données d'activité")
    _sheet(data, f"{org_name} — données d'activité", "Émissions = quantité × facteur (après conversion "
           "d'unité) ; « ✖ non calculée » : facteur inconnu, unité incompatible ou poste absent.",
           ["Ligne", "Poste", "Description", "Quantité", "Unité", "Facteur", "Valeur du facteur",
            "Unité du facteur", "Source du facteur", "Émissions (kg CO₂e)", "Justificatifs"])
    done = {e.line: e for e in emissions}
    for ln in lines:
        f, e = factors.get(ln.facteur), done.get(ln.id)
        data.append([ln.id, e.poste if e else ln.poste, ln.description, ln.quantite, ln.unite, ln.facteur,
                     f.valeur if f else None, f"kg CO₂e / {f.unite}" if f else "",
                     factor_text(f) if f else "✖ facteur inconnu",
                     round(e.kg_co2e, 2) if e else "✖ non calculée", ", ".join(ln.sources)])
    lay_out_table(data, _HEAD, [8, 8, 34, 12, 10, 24, 12, 16, 40, 16, 20], freeze_column="B")
    fac = wb.create_sheet("Facteurs")
    _sheet(fac, "Facteurs d'émission utilisés", "Valeurs à confronter à l'édition en vigueur de la Base "
           "Empreinte de l'ADEME ; « ⚠ non vérifié » : non vérifié en source primaire.",
           ["Id", "Libellé", "Valeur (kg CO₂e par unité)", "Unité", "Poste", "Incertitude (%)", "Source",
            "Année", "Vérifié", "Note"])
    for f in factors.values():
        fac.append([f.id, f.libelle, f.valeur, f.unite, f.poste, round(100 * f.incertitude, 1), f.source,
                    f.annee, "✔ oui" if f.verifie else "⚠ non vérifié", f.note])
    lay_out_table(fac, _HEAD, [26, 40, 14, 12, 8, 12, 44, 8, 16, 44], freeze_column="B")
    for ws in (synth, data, fac):
        keep_text(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
