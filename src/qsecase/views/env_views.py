"""Environmental analysis and registers (3-1, 3-2): the ranked table of aspects, the gravity ×
frequency grid, the register of outgoing waste, the data-collection plan and their workbook.

A significant aspect reads « ★ significatif », the others « – non significatif »; in the grid, the
cells at or above the threshold are hatched and marked « ★ », so that nothing relies on colour. A
mandatory field left empty in the register reads « ⚠ à compléter ».
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from qsecase.methods.env_aspects import EnvAspect, criticity, is_significant, rank_aspects
from qsecase.methods.env_registers import CollectionItem, WasteLine, is_hazardous, missing_fields
from qsecase.views.palette import BLACK, SKY_BLUE, VERMILLION, WHITE, figure_style, fr_number, wrap_text
from qsecase.views.sst_register_view import tint
from qsecase.views.tables import esc, table_html
from qsecase.views.worksheet import keep_text, lay_out_table

__all__ = ["COLLECTION_COLUMNS", "SIGNIFICANT", "TO_COMPLETE", "WASTE_COLUMNS", "aspects_html",
           "aspects_matrix", "aspects_matrix_alt", "collection_html", "register_workbook",
           "significance_text", "waste_register_html"]

SIGNIFICANT, NOT_SIGNIFICANT = "★ significatif", "– non significatif"
TO_COMPLETE = "⚠ à compléter"
#: (header, width, label of the field in :func:`~qsecase.methods.env_registers.missing_fields`).
WASTE_COLUMNS: tuple[tuple[str, float, str], ...] = (
    ("Date d'expédition", 12, "date d'expédition"), ("Dénomination du déchet", 28, "dénomination"),
    ("Code déchet", 12, "code déchet"), ("Quantité", 10, "quantité"), ("Unité", 7, ""),
    ("Installation destinataire (nom, adresse, SIRET)", 34, "installation destinataire"),
    ("Transporteur (nom, adresse, n° de récépissé)", 34, "transporteur"),
    ("N° de bordereau (BSD / Trackdéchets)", 20, "n° de bordereau (BSD / Trackdéchets)"),
    ("Code de traitement", 11, "code de traitement"),
    ("Qualification du traitement", 18, "qualification du traitement"),
)
COLLECTION_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Donnée", 34), ("Détenteur (fonction)", 22), ("Support", 24), ("Échéance", 22), ("Relance", 36),
)
_SIG_FILL, _LOW_FILL = tint(VERMILLION, 0.6), tint(SKY_BLUE, 0.75)
_TEXT_BOX = {"boxstyle": "round,pad=0.2", "facecolor": WHITE, "edgecolor": "none", "alpha": 0.9}


def significance_text(aspect: EnvAspect, threshold: int) -> str:
    """« ★ significatif » or « – non significatif », by the organisation's rule."""
    return SIGNIFICANT if is_significant(aspect, threshold) else NOT_SIGNIFICANT


def _reasons(aspect: EnvAspect, threshold: int) -> str:
    reasons = [f"G × F ≥ {threshold}"] if criticity(aspect) >= threshold else []
    if aspect.exigence_legale:
        reasons.append(f"exigence légale : {aspect.exigence_legale}")
    if aspect.plainte:
        reasons.append("plainte d'une partie intéressée")
    return " ; ".join(reasons)


def aspects_html(aspects: Sequence[EnvAspect], threshold: int) -> str:
    """The environmental analysis ranked by priority, with criticity and significance in words."""
    if not aspects:
        return "<p>Aucun aspect environnemental renseigné.</p>"
    rows = []
    for rank, a in enumerate(rank_aspects(aspects), 1):
        status = significance_text(a, threshold)
        why = _reasons(a, threshold)
        if a.significatif != is_significant(a, threshold):
            why += f"{' ; ' if why else ''}déclaré {'significatif' if a.significatif else 'non significatif'}"
        rows.append((rank, a.id, a.activite, a.aspect, a.impact or "—", a.situation,
                     "direct" if a.direct else "indirect", a.g, a.f, criticity(a),
                     f"{status} ({why})" if why else status, a.maitrise or "—", a.outil or "—",
                     a.action or "—"))
    return table_html(f"Analyse environnementale classée par priorité (significatif si G × F ≥ {threshold}, "
                      "exigence légale ou plainte)",
                      ["Rang", "Id", "Activité", "Aspect", "Impact", "Situation", "Direct", "G", "F",
                       "Criticité G × F", "Significativité", "Maîtrise", "Outil de diagnostic", "Action"],
                      rows, row_headers=True)


def aspects_matrix(aspects: Sequence[EnvAspect], threshold: int) -> Figure:
    """The gravity × frequency grid: in each cell, the number of aspects and their ids; cells at or
    above the threshold are hatched and marked « ★ »; « § » marks an aspect significant by a legal
    requirement or a complaint whatever its rating."""
    counts: Counter[tuple[int, int]] = Counter((a.g, a.f) for a in aspects)
    ids: dict[tuple[int, int], list[str]] = {}
    for a in aspects:
        forced = criticity(a) < threshold and is_significant(a, threshold)
        ids.setdefault((a.g, a.f), []).append(a.id + ("§" if forced else ""))
    with figure_style():
        fig = Figure(figsize=(8.5, 7.4), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        n_sig = sum(1 for a in aspects if is_significant(a, threshold))
        ax.set_title(wrap_text(f"Aspects environnementaux : gravité × fréquence ({len(aspects)} aspects, "
                               f"{n_sig} significatifs)", 75), loc="left")
        for g in range(1, 5):
            for f in range(1, 5):
                high = g * f >= threshold
                ax.add_patch(Rectangle((f - 0.5, g - 0.5), 1, 1, facecolor=_SIG_FILL if high else _LOW_FILL,
                                       hatch="xx" if high else "", edgecolor="#4D4D4D", linewidth=0.8,
                                       gid=f"cell:{g}-{f}"))
                n = counts.get((g, f), 0)
                mark = "★ " if high else ""
                names = wrap_text(", ".join(ids.get((g, f), [])), 14) if n else ""
                text = f"{mark}G × F = {g * f}\n{n} aspect{'s' if n > 1 else ''}"
                text += f"\n{names}" if names else ""
                ax.text(f, g, text, ha="center", va="center", fontsize=10, linespacing=1.1, bbox=_TEXT_BOX,
                        fontweight="bold" if n else "normal")
        ax.set_xlim(0.5, 4.5)
        ax.set_ylim(0.5, 4.5)
        ax.set_xticks(range(1, 5), [str(v) for v in range(1, 5)])
        ax.set_yticks(range(1, 5), [str(v) for v in range(1, 5)])
        ax.set_xlabel("Fréquence F")
        ax.set_ylabel("Gravité G")
        ax.tick_params(length=0)
        handles = [Patch(facecolor=_SIG_FILL, hatch="xx", edgecolor=BLACK,
                         label=f"★ significatif : G × F ≥ {threshold}"),
                   Patch(facecolor=_LOW_FILL, edgecolor=BLACK,
                         label=f"– non significatif : G × F < {threshold}")]
        fig.legend(handles=handles, loc="outside lower left", ncol=2, frameon=False,
                   title=wrap_text("Chaque case : criticité G × F (★ si significative), nombre d'aspects et "
                                   "leurs repères ; « § » : significatif par exigence légale ou plainte", 80),
                   title_fontsize=10, alignment="left")
    return fig


def aspects_matrix_alt(aspects: Sequence[EnvAspect], threshold: int) -> str:
    """French description of :func:`aspects_matrix` for screen readers."""
    sig = [a.id for a in rank_aspects(aspects) if is_significant(a, threshold)]
    parts = [f"Grille gravité × fréquence de {len(aspects)} aspects environnementaux, seuil de "
             f"significativité G × F ≥ {threshold} : {len(sig)} significatifs"
             + (f" ({', '.join(sig)})." if sig else ".")]
    cells: dict[tuple[int, int], list[str]] = {}
    for a in aspects:
        cells.setdefault((a.g, a.f), []).append(a.id)
    parts.extend(f"G {g}, F {f} (criticité {g * f}) : {', '.join(v)}." for (g, f), v in
                 sorted(cells.items(), key=lambda kv: (-kv[0][0] * kv[0][1], -kv[0][0])))
    return " ".join(parts)


def _quantity(value: float) -> str:
    text = fr_number(round(value, 3), 3)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _waste_values(line: WasteLine) -> list[Any]:
    return [f"{line.date:%d/%m/%Y}" if line.date else None, line.denomination,
            line.code_dechet + (" (dangereux)" if is_hazardous(line.code_dechet) else ""),
            _quantity(line.quantite) if line.quantite is not None else None, line.unite,
            line.installation, line.transporteur,
            line.bordereau or ("sans objet (non dangereux)" if line.code_dechet and not
                               is_hazardous(line.code_dechet) else None),
            line.code_traitement, line.qualification]


def _waste_cells(line: WasteLine) -> list[str]:
    gaps = set(missing_fields(line))
    return [value if value else (TO_COMPLETE if field in gaps else "—")
            for value, (_, _, field) in zip(_waste_values(line), WASTE_COLUMNS, strict=True)]


def waste_register_html(lines: Sequence[WasteLine]) -> str:
    """The chronological register of outgoing waste (C. env. R541-43), « ⚠ à compléter » where a
    mandatory field is empty."""
    if not lines:
        return "<p>Registre des déchets vide.</p>"
    rows = [(n, *_waste_cells(ln)) for n, ln in enumerate(lines, 1)]
    todo = sum(1 for ln in lines if missing_fields(ln))
    note = (f"<p>{TO_COMPLETE} : {todo} ligne{'s' if todo > 1 else ''} avec des champs obligatoires "
            "manquants.</p>" if todo else "<p>✔ Tous les champs obligatoires sont renseignés.</p>")
    return ('<section lang="fr">'
            + table_html("Registre chronologique des déchets sortants (C. env. R541-43)",
                         ["N°", *(c[0] for c in WASTE_COLUMNS)], rows, row_headers=True)
            + note + "</section>")


def _collection_values(item: CollectionItem) -> list[str]:
    due = f"le {item.echeance_jour} du mois suivant" if item.echeance_jour else TO_COMPLETE
    chase = (f"après {item.relance_jours} jours" if item.relance_jours else "délai à préciser")
    chase += f" : {item.relance}" if item.relance else " ; modalité à préciser"
    return [item.donnee, item.acteur or TO_COMPLETE, item.support or TO_COMPLETE, due, chase]


def collection_html(items: Sequence[CollectionItem], reminders: Sequence[str] = ()) -> str:
    """The data-collection plan, then the reminders to send
    (:func:`~qsecase.methods.env_registers.reminders_due`)."""
    if not items:
        return "<p>Aucune donnée dans le plan de collecte.</p>"
    parts = [table_html("Plan de collecte des données environnementales", [c[0] for c in COLLECTION_COLUMNS],
                        [_collection_values(i) for i in items], row_headers=True)]
    if reminders:
        lis = "".join(f"<li>⚠ {esc(r)}</li>" for r in reminders)
        parts.append(f'<p><strong>Relances à envoyer</strong></p><ul style="list-style:none;'
                     f'padding-left:0.5em">{lis}</ul>')
    else:
        parts.append("<p>✔ Aucune relance à envoyer.</p>")
    return f'<section lang="fr">{"".join(parts)}</section>'


def register_workbook(org_name: str, lines: Sequence[WasteLine],
                      collection: Sequence[CollectionItem]) -> bytes:
    """The workbook: « Registre des déchets » (columns of the arrêté du 31 mai 2021, one row per
    removal) and « Plan de collecte »."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    reg = wb.active
    reg.title = "Registre des déchets"
    plan = wb.create_sheet("Plan de collecte")
    for ws, title, note, headers in (
        (reg, f"{org_name} — registre chronologique des déchets sortants",
         f"C. env. R541-43 (contenu : arrêté du 31 mai 2021) ; « {TO_COMPLETE} » : champ obligatoire "
         "manquant.", [c[0] for c in WASTE_COLUMNS]),
        (plan, f"{org_name} — plan de collecte des données environnementales",
         "Donnée du mois M attendue le jour indiqué du mois M + 1, relancée après le délai.",
         [c[0] for c in COLLECTION_COLUMNS])):
        ws["A1"] = title
        ws["A1"].font = Font(bold=True, size=14)
        ws["A2"] = note
        for n, header in enumerate(headers, 1):
            ws.cell(4, n, header)
    for ln in lines:
        gaps = set(missing_fields(ln))
        values = _waste_values(ln)
        values[0], values[3] = ln.date, ln.quantite
        reg.append([v if v not in (None, "") else (TO_COMPLETE if field in gaps else None)
                    for v, (_, _, field) in zip(values, WASTE_COLUMNS, strict=True)])
        reg.cell(reg.max_row, 1).number_format = "DD/MM/YYYY"
    for item in collection:
        plan.append(_collection_values(item))
    lay_out_table(reg, 4, [c[1] for c in WASTE_COLUMNS], freeze_column="C")
    lay_out_table(plan, 4, [c[1] for c in COLLECTION_COLUMNS], freeze_column="B")
    for ws in (reg, plan):
        keep_text(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
