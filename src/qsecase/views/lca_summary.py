"""The one-page LCA summary (ACV) a trainee puts in a report: a standalone, printable A4 page.

Goal and scope, functional unit and reference flow, the results table and the stage figure, the
main hotspots, the eco-design scenarios (figure and table) with their burden shifts, the
data-quality notes (incomplete category coverage, unverified factors) and, when available, the
normalised results with the ISO 14044 caveat. Accessible: ``lang``, one ``h1`` then ``h2``/``h3``,
figures in ``<figure>`` with a text alternative and a caption, tables with caption and scopes, every
text colour at least 4.5:1 on its background (WCAG 2.2 AA), warnings with « ⚠ » and words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from qsecase.methods.lca import STAGES, Contribution, Gain, LcaMethod, LcaResult, Shift
from qsecase.views.lca_view import (
    comparison_table_html,
    percent_text,
    results_table_html,
    scenario_alt,
    scenario_chart,
    stage_alt,
    stage_chart,
    value_text,
)
from qsecase.views.render import figure_to_html
from qsecase.views.tables import esc

__all__ = ["CSS", "TOP_HOTSPOTS", "scenario_gains", "summary_html"]

TOP_HOTSPOTS = 3
"""Contributions listed per category in the summary."""

#: Print-ready styles: black on white, muted text #333333 (12,6:1), warnings on a light orange tint.
CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:10.5pt;line-height:1.35;color:#000000;
background:#FFFFFF;margin:1em auto;max-width:62em;padding:0 1em}
h1{font-size:1.5em;margin:0 0 0.2em}
h2{font-size:1.15em;margin:0.9em 0 0.3em;border-bottom:2px solid #000000}
h3{font-size:1em;margin:0.6em 0 0.2em}
dl.uf{display:grid;grid-template-columns:max-content 1fr;gap:0.1em 1em;margin:0.3em 0}
dl.uf dt{font-weight:bold}dl.uf dd{margin:0}
figure{margin:0.4em 0}
figcaption{font-size:0.9em;color:#333333;background:#FFFFFF}
.alerte{color:#000000;background:#FBF1D9;border-left:0.4em solid #8F4400;padding:0.2em 0.6em}
.note{font-size:0.9em;color:#333333;background:#FFFFFF}
ul{margin:0.2em 0;padding-left:1.4em}
img{max-width:100%;height:auto}
@page{size:A4 portrait;margin:10mm}
@media print{
body{font-size:8.5pt;margin:0;max-width:none;padding:0}
figure img{max-height:70mm;width:auto}
thead{display:table-header-group}
tr,li,figure,dl{break-inside:avoid}
h2,h3{break-after:avoid}
}
"""

_TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "scope": "Objectif et champ de l'étude",
        "scope_text": "analyse du cycle de vie « du berceau à la tombe » (NF EN ISO 14040 et ISO 14044) sur "
        "les six étapes du cycle de vie, méthode de caractérisation "
        "{method} ({n} catégories d'impact) ; interprétation par analyse de contribution et comparaison de "
        "scénarios d'écoconception.",
        "fu": "Unité fonctionnelle", "rf": "Flux de référence", "none": "à renseigner",
        "results": "Résultats par unité fonctionnelle", "fig": "Figure {n}",
        "stage_cap": "contribution des étapes du cycle de vie à chaque catégorie d'impact (part de chaque "
        "étape, total à droite de chaque barre).",
        "hotspots": "Points chauds (analyse de contribution)",
        "no_hotspot": "Aucune analyse de contribution.",
        "reached": "80\u202f% atteints avec {n} contributeur(s)",
        "scenarios": "Scénarios d'écoconception", "no_scenario": "Aucun scénario évalué.",
        "scen_cap": "scénarios comparés à la situation de référence (indice 100) ; ⚠ : catégorie aggravée.",
        "shifts": "Transferts d'impact", "no_shift": "Aucun transfert d'impact détecté entre étapes ou "
        "catégories.", "quality": "Qualité des données et limites",
        "missing": "Couverture incomplète — {cat} : jeux de données sans facteur caractérisé pour cette "
        "catégorie ({ids}) ; le résultat est sous-estimé.",
        "unverified": "Facteurs de caractérisation non vérifiés en source primaire : {cats}.",
        "no_note": "Aucune remarque sur la qualité des données.",
        "normalised": "Résultats normalisés", "pe": "en équivalents-habitant (impact annuel d'un habitant "
        "moyen)", "transfer": "transfert",
        "caveat": "La normalisation et la pondération sont des étapes facultatives selon l'ISO 14044 : elles "
        "reposent sur des choix de valeurs, donnent un ordre de grandeur et ne peuvent fonder une "
        "affirmation comparative divulguée au public.",
    },
    "en": {
        "scope": "Goal and scope", "scope_text": "cradle-to-grave life cycle assessment (ISO 14040 and ISO "
        "14044) over the six life-cycle stages, characterisation method {method} ({n} impact categories); "
        "interpretation by contribution analysis and comparison of eco-design scenarios.",
        "fu": "Functional unit", "rf": "Reference flow", "none": "to be stated",
        "results": "Results per functional unit", "fig": "Figure {n}",
        "stage_cap": "contribution of the life-cycle stages to each impact category (share of each stage, "
        "total at the right of each bar).",
        "hotspots": "Hotspots (contribution analysis)", "no_hotspot": "No contribution analysis.",
        "reached": "80 % reached with {n} contributor(s)",
        "scenarios": "Eco-design scenarios", "no_scenario": "No scenario assessed.",
        "scen_cap": "scenarios against the baseline (index 100); ⚠: category made worse.",
        "shifts": "Burden shifts", "no_shift": "No burden shift detected between stages or categories.",
        "quality": "Data quality and limitations",
        "missing": "Incomplete coverage — {cat}: datasets without a characterised flow for this category "
        "({ids}); the result is underestimated.",
        "unverified": "Characterisation factors not checked against their primary source: {cats}.",
        "no_note": "No remark on data quality.",
        "normalised": "Normalised results", "pe": "in person-equivalents (yearly impact of an average "
        "inhabitant)", "transfer": "burden shift",
        "caveat": "Normalisation and weighting are optional elements under ISO 14044: they rest on value "
        "choices, give an order of magnitude and cannot support a comparative assertion disclosed to the "
        "public.",
    },
}


def scenario_gains(baseline: LcaResult, variant: LcaResult) -> list[Gain]:
    """Each category of ``baseline`` against ``variant`` (same definition as
    :class:`~qsecase.methods.lca.Gain`); a category with a zero baseline is left out."""
    gains = []
    for c in baseline.categories:
        base, new = baseline.impacts.get(c, 0.0), variant.impacts.get(c, 0.0)
        if base:
            gains.append(Gain(c, base, new, new - base, (new - base) / abs(base)))
    return gains


def _hotspots(hotspots_by_category: Mapping[str, Sequence[Contribution]], names: Mapping[str, str],
              t: Mapping[str, str]) -> str:
    items = []
    for cat, contributions in hotspots_by_category.items():
        ranked = sorted(contributions, key=lambda c: -c.value)
        if not ranked:
            continue
        top = " ; ".join(f"{esc(STAGES.get(c.name, c.name))} ({esc(percent_text(c.share))})"
                         for c in ranked[:TOP_HOTSPOTS])
        running, reached = 0.0, 0
        for n, c in enumerate(ranked, 1):
            running += c.share
            if running >= 0.8 - 1e-9:
                reached = n
                break
        extra = f" — {esc(t['reached'].format(n=reached))}" if reached else ""
        items.append(f"<li><strong>{esc(names.get(cat, cat))}</strong> : {top}{extra}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else f"<p>{esc(t['no_hotspot'])}</p>"


def _figure(number: int, img: str, caption: str, t: Mapping[str, str]) -> str:
    return (f'<figure>{img}<figcaption><strong>{esc(t["fig"].format(n=number))}</strong> — '
            f"{esc(caption)}</figcaption></figure>")


def _scenarios(result: LcaResult, method: LcaMethod, scenarios: Mapping[str, tuple[str, LcaResult]],
               shifts: Mapping[str, Sequence[Shift]], t: Mapping[str, str], fr: str) -> str:
    if not scenarios:
        return f"<p>{esc(t['no_scenario'])}</p>"
    labels = {sid: f"{sid} — {label}" if label else sid for sid, (label, _) in scenarios.items()}
    variants = {labels[sid]: res for sid, (_, res) in scenarios.items()}
    fig = scenario_chart(result, variants, method)
    try:
        img = figure_to_html(fig, scenario_alt(result, variants, method), dpi=90)
    finally:
        fig.clear()
    gains = {labels[sid]: scenario_gains(result, res) for sid, (_, res) in scenarios.items()}
    warnings = [f'<li><span aria-hidden="true">⚠</span> <strong>{esc(labels.get(sid, sid))}</strong> — '
                f"{esc(t['transfer'])} : {esc(s.message)}</li>"
                for sid, items in shifts.items() for s in items]
    listed = f'<ul class="alerte">{"".join(warnings)}</ul>' if warnings else f"<p>{esc(t['no_shift'])}</p>"
    return (f"<div{fr}>{_figure(2, img, t['scen_cap'], t)}{comparison_table_html(gains, {}, method)}</div>"
            f"<h3>{esc(t['shifts'])}</h3>{listed}")


def _quality(result: LcaResult, method: LcaMethod, notes: Sequence[str], names: Mapping[str, str],
             t: Mapping[str, str]) -> str:
    items = [esc(n) for n in notes]
    items += [esc(t["missing"].format(cat=names.get(c, c), ids=", ".join(ids)))
              for c, ids in result.missing.items() if ids]
    unverified = [c.libelle for c in method.categories if not c.verifie and c.id in result.categories]
    if unverified:
        items.append(esc(t["unverified"].format(cats=", ".join(unverified))))
    if not items:
        return f"<p>{esc(t['no_note'])}</p>"
    return "<ul>" + "".join(f'<li><span aria-hidden="true">⚠</span> {i}</li>' for i in items) + "</ul>"


def _normalised(normalised: Mapping[str, float], names: Mapping[str, str], t: Mapping[str, str]) -> str:
    values = " ; ".join(f"{esc(names.get(c, c))} : {esc(value_text(v))}" for c, v in normalised.items())
    return (f"<h3>{esc(t['normalised'])}</h3><p>{values} ({esc(t['pe'])}).</p>"
            f'<p class="note">{esc(t["caveat"])}</p>')


def summary_html(*, title: str, functional_unit: str, reference_flow: str, result: LcaResult,
                 method: LcaMethod, hotspots_by_category: Mapping[str, Sequence[Contribution]],
                 scenarios: Mapping[str, tuple[str, LcaResult]], shifts: Mapping[str, Sequence[Shift]],
                 normalised: Mapping[str, float] | None, notes: Sequence[str], lang: str = "fr") -> str:
    """The one-page summary of an LCA, as a standalone HTML document ready to print on A4.

    Args:
        title: Title of the study (the page's only ``h1``).
        functional_unit: The functional unit, in words.
        reference_flow: The reference flow, in words.
        result: The baseline result.
        method: The characterisation method (category names and units, verified factors).
        hotspots_by_category: Category id → contributions (e.g. from ``hotspots``); the first
            :data:`TOP_HOTSPOTS` are listed with the number of contributors reaching 80 %.
        scenarios: Scenario id → (label, result), compared to ``result``.
        shifts: Scenario id → burden shifts found for it.
        normalised: Category id → normalised result (person-equivalents), or ``None``.
        notes: Data-quality notes (e.g. unverified datasets), listed first.
        lang: ``fr`` or ``en`` for the page's own text; figures and tables stay in French and
            are marked ``lang="fr"``.

    Raises:
        ValueError: Unknown ``lang``.
    """
    if lang not in _TEXT:
        raise ValueError(f"langue « {lang} » inconnue : attendu « fr » ou « en »")
    t = _TEXT[lang]
    fr = "" if lang == "fr" else ' lang="fr"'
    names = {c.id: c.libelle for c in method.categories}
    fig = stage_chart(result, method)
    try:
        stage_img = figure_to_html(fig, stage_alt(result, method), dpi=90)
    finally:
        fig.clear()
    scope = t["scope_text"].format(method=method.libelle, n=len(result.categories))
    header = (f"<header><h1>{esc(title)}</h1><p><strong>{esc(t['scope'])} :</strong> {esc(scope)}</p>"
              f'<dl class="uf"><dt>{esc(t["fu"])}</dt><dd>{esc(functional_unit or t["none"])}</dd>'
              f'<dt>{esc(t["rf"])}</dt><dd>{esc(reference_flow or t["none"])}</dd></dl></header>')
    sections = [
        (t["results"], f"<div{fr}>{results_table_html(result, method)}"
                       f"{_figure(1, stage_img, t['stage_cap'], t)}</div>"),
        (t["hotspots"], _hotspots(hotspots_by_category, names, t)),
        (t["scenarios"], _scenarios(result, method, scenarios, shifts, t, fr)),
        (t["quality"], _quality(result, method, notes, names, t)
                       + (_normalised(normalised, names, t) if normalised else "")),
    ]
    main = "".join(f"<section><h2>{esc(h)}</h2>{body}</section>" for h, body in sections)
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{CSS}</style></head><body>{header}<main>{main}</main>"
            "</body></html>")
