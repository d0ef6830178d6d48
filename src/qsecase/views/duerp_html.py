"""The DUERP as accessible HTML: ranked situations, changes, programme of actions, RPS factors, and
the complete document to print to PDF.

Semantic headings, ``<table>`` with a ``<caption>`` and ``scope`` on header cells, every text
escaped, French numbers and dates; a priority is a symbol **and** a code **and** the
organisation's word (:func:`~qsecase.views.duerp_heatmap.priority_text`), the tint being only a
help. The complete document (:func:`duerp_document_html`) is a standalone page with print styles:
A4 landscape, one page per work unit, table headers repeated on every page.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from qsecase.case_model import WorkUnit
from qsecase.methods.duerp import FAMILIES, METHODS, DuerpScale, Rating, Situation, heat_counts, rank
from qsecase.methods.duerp_update import TRIGGERS, Change, ChangeKind, UpdateInfo, VersionInfo
from qsecase.methods.papripact import ACTION_TYPES, PreventionAction, programme_kind
from qsecase.methods.rps import FAMILIES as RPS_FAMILIES
from qsecase.methods.rps import FREQUENCIES, RPS_METHODS, SEVERITIES, RpsFactor, coverage
from qsecase.views.duerp_heatmap import (
    ABSENT_STYLE,
    NOT_REVIEWED_STYLE,
    cell_priority,
    priority_fill,
    priority_style,
    priority_text,
)
from qsecase.views.palette import fr_number
from qsecase.views.tables import esc, table_html

__all__ = ["ACTION_TYPE_SHORT", "CHANGE_STYLE", "FIELD_LABELS", "diff_html", "duerp_document_html",
           "priority_badge", "programme_html", "programme_title", "ranked_html", "rps_html"]

#: Kind of change → (symbol, French word shown).
CHANGE_STYLE: dict[ChangeKind, tuple[str, str]] = {
    "ajoutée": ("+", "ajoutée"), "supprimée": ("−", "supprimée"), "recotée": ("↕", "recotée"),
    "mesures ajoutées": ("⊕", "mesures ajoutées"), "mesures retirées": ("⊖", "mesures retirées"),
    "modifiée": ("✎", "modifiée"),
}
#: Field of a situation → its French name (detail of a « modifiée » change).
FIELD_LABELS: dict[str, str] = {
    "unite": "unité de travail", "situation": "situation de travail",
    "fonctionnement": "fonctionnement", "famille": "famille de risque", "danger": "danger",
    "dommage": "dommage", "methode": "méthode", "handicap": "handicap : risques et adaptations",
}
#: Action type → short French label (the general principle of prevention it applies).
ACTION_TYPE_SHORT: dict[str, str] = {k: v.split(" (")[0] for k, v in ACTION_TYPES.items()}

_MISSING_MOTIF = '<strong><span aria-hidden="true">⚠</span> motif à écrire</strong>'


def _date(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def _datetime(moment: dt.datetime) -> str:
    return f"{moment:%d/%m/%Y %H:%M}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def _priority_words(scale: DuerpScale, priorite: int) -> str:
    """Code and word of a priority, without its symbol: « P1 — immédiate »."""
    return priority_text(scale, priorite).removeprefix(priority_style(scale, priorite).symbol).strip()


def priority_badge(scale: DuerpScale, priorite: int) -> str:
    """A priority as inline HTML: tint, symbol (hidden from screen readers), code and word."""
    style = priority_style(scale, priorite)
    words = _priority_words(scale, priorite)
    return (f'<span class="prio" style="background:{priority_fill(scale, priorite)};color:#000;'
            f'border-left:0.4em solid {style.colour};padding:0 0.3em">'
            f'<span aria-hidden="true">{style.symbol}</span> {esc(words)}</span>')


def _residual(rating: Rating) -> str:
    return fr_number(rating.residuelle, 2)


def ranked_html(situations: Sequence[Situation], scale: DuerpScale, limit: int | None = None) -> str:
    """The situations ranked from the most urgent (priority, residual criticité, gravity, id).

    Args:
        situations: The DUERP's situations.
        scale: The organisation's grid.
        limit: Show only the first ``limit`` (the caption says how many there are in all).
    """
    ranked = rank(situations, scale)
    shown = ranked if limit is None else ranked[:limit]
    if not ranked:
        return "<p>Aucune situation évaluée.</p>"
    caption = ("Situations classées par priorité, de la plus urgente à la moins urgente"
               + (f" ({len(shown)} premières sur {len(ranked)})" if len(shown) < len(ranked) else ""))
    rows = [(str(n), esc(s.id), esc(s.unite), esc(s.situation), esc(FAMILIES[s.famille]), str(s.g),
             str(s.f), "—" if s.m is None else str(s.m), str(r.brute), _residual(r),
             priority_badge(scale, r.priorite))
            for n, (s, r) in enumerate(shown, 1)]
    return table_html(caption, ["Rang", "Repère", "Unité", "Situation de travail", "Famille de risque",
                                "G", "F", "M", "Criticité brute", "Criticité résiduelle", "Priorité"],
                      rows, raw=True)


def _detail(change: Change) -> str:
    if change.kind == "modifiée":
        return ", ".join(FIELD_LABELS.get(name.strip(), name.strip()) for name in change.detail.split(","))
    return change.detail


def diff_html(changes: Sequence[Change]) -> str:
    """The changes since the previous version, each with its symbol, detail and reason; a change
    without a reason shows « ⚠ motif à écrire »."""
    if not changes:
        return "<p>Aucune modification depuis la version précédente.</p>"
    rows = []
    for c in changes:
        symbol, word = CHANGE_STYLE[c.kind]
        rows.append((esc(c.id), f'<span aria-hidden="true">{symbol}</span> {esc(word)}', esc(_detail(c)),
                     esc(c.motif) if c.motif.strip() else _MISSING_MOTIF))
    missing = sum(1 for c in changes if not c.motif.strip())
    caption = f"Modifications depuis la version précédente ({_plural(len(changes), 'modification')})"
    note = (f'<p><span aria-hidden="true">⚠</span> {_plural(missing, "modification")} sans motif : '
            "toute modification du document unique se justifie.</p>" if missing else "")
    return table_html(caption, ["Repère", "Modification", "Détail", "Motif"], rows, row_headers=True,
                      raw=True) + note


def programme_title(headcount: int) -> str:
    """« PAPRIPACT » from 50 employees, else « Liste des actions de prévention »."""
    kind = programme_kind(headcount)
    return kind[0].upper() + kind[1:]


def programme_html(actions: Sequence[PreventionAction], situations: Sequence[Situation],
                   scale: DuerpScale, headcount: int) -> str:
    """The programme of actions (PAPRIPACT from 50 employees), each action with the situations it
    treats and their priority, then the total estimated cost and the first-priority situations
    left without action."""
    ratings = {s.id: r for s, r in rank(situations, scale)}
    title = programme_title(headcount)
    rows = []
    for a in actions:
        treated = ", ".join(
            f"{esc(sid)} ({priority_badge(scale, ratings[sid].priorite)})" if sid in ratings
            else f'{esc(sid)} (<span aria-hidden="true">?</span> inconnue du DUERP)' for sid in a.risques)
        rows.append((esc(a.id), esc(a.mesure), esc(ACTION_TYPE_SHORT[a.type]), treated or "—",
                     esc(a.responsable) or "—", _date(a.echeance),
                     "—" if a.cout is None else fr_number(a.cout, 2), esc(a.ressources) or "—",
                     esc(a.indicateur) or "—"))
    if not actions:
        table = f"<p>{esc(title)} : aucune action inscrite.</p>"
    else:
        table = table_html(f"{title} — {_plural(len(actions), 'action')}",
                           ["Repère", "Mesure", "Type", "Situations traitées", "Responsable", "Échéance",
                            "Coût estimé (€)", "Ressources", "Indicateur"], rows, row_headers=True, raw=True)
    costs = [a.cout for a in actions if a.cout is not None]
    parts = [table]
    if costs:
        parts.append(f"<p>Coût total estimé : {fr_number(sum(costs), 2)} € "
                     f"({_plural(len(costs), 'action')} chiffrée{'s' if len(costs) > 1 else ''} "
                     f"sur {len(actions)}).</p>")
    treated_ids = {sid for a in actions for sid in a.risques}
    left = [s.id for s, r in rank(situations, scale) if r.priorite == 1 and s.id not in treated_ids]
    if left:
        parts.append(f'<p><span aria-hidden="true">⚠</span> Situations de priorité 1 sans action : '
                     f"{esc(', '.join(left))}.</p>")
    return "".join(parts)


def _rps_cell(factor: RpsFactor | None) -> str:
    if factor is None:
        return f'<span aria-hidden="true">{NOT_REVIEWED_STYLE.symbol}</span> {NOT_REVIEWED_STYLE.label}'
    if factor.frequence == 0 or factor.gravite is None:
        return f'<span aria-hidden="true">{ABSENT_STYLE.symbol}</span> {ABSENT_STYLE.label}'
    value = factor.frequence * factor.gravite
    return (f"F {factor.frequence} ({FREQUENCIES[factor.frequence]}) × G {factor.gravite} "
            f"({SEVERITIES[factor.gravite]}) = {value}")


def rps_html(factors: Sequence[RpsFactor], units: Sequence[WorkUnit]) -> str:
    """The six RPS families per work unit (frequency × severity, « ? non examiné » when missing),
    then the findings of each factor reviewed."""
    table = coverage(factors, [u.id for u in units])
    rows = [(f"{esc(u.id)} — {esc(u.nom)}", *(_rps_cell(table[u.id][f]) for f in RPS_FAMILIES))
            for u in units]
    grid = table_html("Facteurs de risques psychosociaux par unité de travail (fréquence × gravité)",
                      ["Unité de travail", *RPS_FAMILIES.values()], rows, row_headers=True, raw=True)
    if not factors:
        return grid + "<p>Aucun facteur de risques psychosociaux évalué.</p>"
    details = [(esc(f.unite), esc(RPS_FAMILIES[f.famille]),
                f"{f.frequence} — {FREQUENCIES[f.frequence]}",
                "—" if f.gravite is None else f"{f.gravite} — {SEVERITIES[f.gravite]}",
                esc(f.constats) or "—", esc(", ".join(f.sources)) or "—",
                f'<abbr title="{esc(RPS_METHODS[f.methode])}">{esc(f.methode)}</abbr>')
               for f in factors]
    return grid + table_html("Constats par facteur de risques psychosociaux",
                             ["Unité", "Famille de facteurs", "Fréquence", "Gravité", "Constats",
                              "Sources", "Méthode"], details, raw=True)


# --- the complete document ------------------------------------------------------------------------
_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:11pt;line-height:1.4;color:#000;
background:#fff;margin:1.5em auto;max-width:80em;padding:0 1em}
h1{font-size:1.7em;margin:0.3em 0}h2{font-size:1.35em;margin-top:1.6em;border-bottom:2px solid #000}
h3{font-size:1.15em;margin-top:1.3em}
th,td{overflow-wrap:break-word;hyphens:auto}th[scope=row]{white-space:nowrap}
caption{padding:0.3em 0}
ul.mesures{margin:0;padding-left:1.1em}
code.empreinte{font-size:0.85em;overflow-wrap:anywhere}
.cover{border:2px solid #000;padding:1.5em;margin-bottom:2em}
.cover dl{display:grid;grid-template-columns:max-content 1fr;gap:0.3em 1em}
.cover dt{font-weight:bold}.cover dd{margin:0}
.prio{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:#0645AD}
@page{size:A4 landscape;margin:12mm}
@media print{
body{font-size:9pt;margin:0;max-width:none;padding:0}
nav.sommaire{break-after:page}
section.unite,section.partie{break-before:page}
section#unites+section.unite{break-before:auto}
thead{display:table-header-group}
tr,li{break-inside:avoid}
h2,h3{break-after:avoid}
a{color:#000;text-decoration:none}
}
"""


def _levels_table(scale: DuerpScale) -> str:
    parts = []
    for axis, title in (("gravite", "Gravité G"), ("frequence", "Fréquence F")):
        rows = [(str(lv.valeur), esc(lv.libelle), esc(lv.description) or "—")
                for lv in getattr(scale, axis)]
        parts.append(table_html(f"Niveaux de {title.split()[0].lower()} ({title.split()[1]})",
                                ["Niveau", "Libellé", "Description"], rows, row_headers=True, raw=True))
    if scale.maitrise:
        control = [(str(lv.valeur), esc(lv.libelle), fr_number(lv.coefficient, 2), esc(lv.description) or "—")
                   for lv in scale.maitrise]
        parts.append(table_html("Niveaux de maîtrise (M) des mesures existantes",
                                ["Niveau", "Libellé", "Coefficient", "Description"], control,
                                row_headers=True, raw=True))
    thresholds = [(priority_badge(scale, t.priorite), fr_number(t.minimum, 2)) for t in scale.seuils]
    parts.append(table_html("Seuils de priorité (sur la criticité résiduelle)",
                            ["Priorité", "Criticité à partir de"], thresholds, row_headers=True, raw=True))
    return "".join(parts)


def _grid_table(situations: Sequence[Situation], scale: DuerpScale) -> str:
    counts = heat_counts(situations)
    rows = []
    for g in range(scale.g_max, 0, -1):
        cells = [f"G {g} · {esc(scale.label('gravite', g))}"]
        for f in range(1, scale.f_max + 1):
            n = counts.get((g, f), 0)
            cells.append(f"{priority_badge(scale, cell_priority(scale, g, f))}<br>"
                         f"{_plural(n, 'situation')}")
        rows.append(cells)
    headers = ["Gravité \\ fréquence",
               *(f"F {f} · {scale.label('frequence', f)}" for f in range(1, scale.f_max + 1))]
    return table_html("Grille gravité × fréquence : priorité de la criticité brute et nombre de "
                      "situations par case", headers, rows, row_headers=True, raw=True)


def _method_section(situations: Sequence[Situation], scale: DuerpScale) -> str:
    formula = "Criticité brute = gravité G × fréquence F."
    if scale.uses_control:
        formula += (" Criticité résiduelle = criticité brute × coefficient du niveau de maîtrise M "
                    "des mesures de prévention existantes.")
    else:
        formula += " La grille n'utilise pas de niveau de maîtrise : criticité résiduelle = criticité brute."
    used = Counter(s.methode for s in situations)
    methods = "".join(f"<li>{esc(METHODS[m])} : {_plural(n, 'situation')}</li>"
                      for m, n in used.most_common())
    return (f'<section id="methode" class="partie"><h2>Méthode et grille de cotation</h2>'
            f"<p>{esc(formula)} La priorité d'une situation suit les seuils de l'organisation appliqués "
            "à sa criticité résiduelle. Une priorité est écrite par un symbole, un code et un mot ; "
            "la couleur n'est qu'une aide.</p>"
            + (f"<p>Origine de la grille : {esc(scale.source)}.</p>" if scale.source else "")
            + (f"<h3>Méthodes d'évaluation employées</h3><ul>{methods}</ul>" if methods else "")
            + f"<h3>Niveaux et seuils</h3>{_levels_table(scale)}"
            + f"<h3>Cartographie</h3>{_grid_table(situations, scale)}</section>")


def _measures(items: Sequence[str]) -> str:
    if not items:
        return "—"
    return '<ul class="mesures">' + "".join(f"<li>{esc(m)}</li>" for m in items) + "</ul>"


def _unit_table(caption: str, rated: Sequence[tuple[Situation, Rating]], scale: DuerpScale) -> str:
    rows = [(esc(s.id), esc(s.situation), esc(s.fonctionnement), esc(FAMILIES[s.famille]),
             esc(s.danger) or "—", esc(s.dommage) or "—", _measures(s.mesures), str(s.g), str(s.f),
             "—" if s.m is None else str(s.m), str(r.brute), _residual(r), priority_badge(scale, r.priorite),
             f'<abbr title="{esc(METHODS[s.methode])}">{esc(s.methode)}</abbr>', esc(s.handicap) or "—",
             "—" if s.exposes is None else str(s.exposes))
            for s, r in rated]
    return table_html(caption, ["Repère", "Situation de travail", "Fonction\u00adnement",
                                "Famille de risque", "Danger", "Dommage", "Mesures existantes", "G",
                                "F", "M", "Criti\u00adcité brute", "Criti\u00adcité rési\u00adduelle",
                                "Priorité", "Méthode", "Handicap : risques et adap\u00adtations",
                                "Exposés"],
                      rows, row_headers=True, raw=True)


def _unit_sections(units: Sequence[WorkUnit], ranked: Sequence[tuple[Situation, Rating]],
                   scale: DuerpScale) -> str:
    names = {u.id: u for u in units}
    by_unit: dict[str, list[tuple[Situation, Rating]]] = {}
    for s, r in ranked:
        by_unit.setdefault(s.unite, []).append((s, r))
    parts = ['<section id="unites" class="partie"><h2>Évaluation par unité de travail</h2>'
             "<p>Dans chaque unité, les situations sont classées de la plus urgente à la moins "
             "urgente.</p></section>"]
    extra = [u for u in by_unit if u not in names]
    for n, uid in enumerate([*names, *extra], 1):
        unit = names.get(uid)
        rated = by_unit.get(uid, [])
        title = (f"Unité de travail {uid} — {unit.nom} ({_plural(unit.effectif, 'salarié')})" if unit
                 else f"Unité de travail « {uid} » (inconnue de l'organisation)")
        body = (_unit_table(f"{uid} — {_plural(len(rated), 'situation')} évaluée"
                            f"{'s' if len(rated) > 1 else ''}", rated, scale) if rated
                else '<p><span aria-hidden="true">⚠</span> Aucune situation évaluée pour cette unité : '
                     "le document unique couvre chaque unité de travail.</p>")
        parts.append(f'<section id="unite-{n}" class="unite"><h3>{esc(title)}</h3>{body}</section>')
    return "".join(parts)


def _counts_table(units: Sequence[WorkUnit], ranked: Sequence[tuple[Situation, Rating]],
                  scale: DuerpScale) -> str:
    counts: Counter[tuple[str, int]] = Counter((s.unite, r.priorite) for s, r in ranked)
    order = [u.id for u in units] + sorted({s.unite for s, _ in ranked} - {u.id for u in units})
    rows = [(esc(uid), *(str(counts[(uid, t.priorite)]) for t in scale.seuils),
             str(sum(counts[(uid, t.priorite)] for t in scale.seuils))) for uid in order]
    rows.append(("Total", *(str(sum(counts[(u, t.priorite)] for u in order)) for t in scale.seuils),
                 str(len(ranked))))
    headers = ["Unité de travail", *(_priority_words(scale, t.priorite) for t in scale.seuils), "Total"]
    return table_html("Nombre de situations par unité de travail et par priorité", headers, rows,
                      row_headers=True, raw=True)


def _history_table(versions: Sequence[VersionInfo]) -> str:
    if not versions:
        return "<p>Aucune version enregistrée pour l'instant.</p>"
    rows = [(str(v.numero), _datetime(v.date), esc(v.auteur), esc(v.motif) or "—", str(v.situations),
             f'<code class="empreinte">{v.empreinte}</code>')
            for v in sorted(versions, key=lambda v: v.numero)]
    return table_html("Historique des versions du document unique (conservées 40 ans)",
                      ["Numéro", "Date", "Auteur", "Motif", "Situations", "Empreinte SHA-256"], rows,
                      row_headers=True, raw=True)


def _cover(org_name: str, units: Sequence[WorkUnit], situations: Sequence[Situation],
           versions: Sequence[VersionInfo], update: UpdateInfo) -> str:
    latest = max(versions, key=lambda v: v.numero) if versions else None
    version = (f"n° {latest.numero} du {_datetime(latest.date)}" if latest
               else "mise à jour non encore enregistrée")
    date = update.date or (latest.date.date() if latest else None)
    auteur = update.auteur or (latest.auteur if latest else "")
    triggers = "".join(f"<li>{esc(TRIGGERS[t])}</li>" for t in update.declencheurs)
    items = [("Organisation", esc(org_name)), ("Dernière version enregistrée", esc(version)),
             ("Date de la mise à jour", _date(date)), ("Auteur", esc(auteur) or "à renseigner"),
             ("Motifs de la mise à jour", f"<ul>{triggers}</ul>" if triggers else "à renseigner"),
             ("Personnes associées", esc(update.participants) or "—"),
             ("Unités de travail", str(len(units))),
             ("Situations évaluées", str(len(situations)))]
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items)
    comment = f"<p>{esc(update.commentaire)}</p>" if update.commentaire else ""
    return (f'<header class="cover"><p>{esc(org_name)}</p>'
            "<h1>Document unique d'évaluation des risques professionnels</h1>"
            f"<dl>{dl}</dl>{comment}<p>Chaque version du document unique est conservée 40 ans et tenue à "
            "la disposition des travailleurs, des anciens travailleurs et des personnes justifiant "
            "d'un intérêt (C. trav. R4121-4).</p></header>")


def duerp_document_html(org_name: str, units: Sequence[WorkUnit], situations: Sequence[Situation],
                        scale: DuerpScale, actions: Sequence[PreventionAction],
                        versions: Sequence[VersionInfo], factors: Sequence[RpsFactor],
                        update: UpdateInfo, *, headcount: int | None = None,
                        changes: Sequence[Change] | None = None) -> str:
    """The complete DUERP as a standalone accessible HTML page, ready to print to PDF.

    Cover, method and grid, one section per work unit (a new page each when printed), ranked
    synthesis, programme of actions, psychosocial risk factors and version history.

    Args:
        org_name: Name of the organisation.
        units: Its work units (in the order of ``case.yaml``).
        situations: The situations of the DUERP.
        scale: The organisation's grid.
        actions: The programme of actions.
        versions: The recorded versions (:func:`qsecase.duerp_store.list_versions`).
        factors: The psychosocial risk factors.
        update: The record of this update (date, author, triggers).
        headcount: Headcount that decides PAPRIPACT or list of actions (default: the sum of the
            work units' headcounts).
        changes: If given, a section lists the changes since the previous version.

    Returns:
        The HTML text (``<!doctype html>``, ``lang="fr"``).
    """
    ranked = rank(situations, scale)
    heads = sum(u.effectif for u in units) if headcount is None else headcount
    first = sum(1 for _, r in ranked if r.priorite == 1)
    sections = [
        ("methode", "Méthode et grille de cotation"), ("unites", "Évaluation par unité de travail"),
        ("synthese", "Synthèse des risques"), ("programme", programme_title(heads)),
        ("rps", "Risques psychosociaux"), ("historique", "Historique des versions"),
    ]
    if changes is not None:
        sections.insert(2, ("modifications", "Modifications depuis la version précédente"))
    nav = ('<nav class="sommaire" aria-label="Sommaire"><h2>Sommaire</h2><ol>'
           + "".join(f'<li><a href="#{anchor}">{esc(title)}</a></li>' for anchor, title in sections)
           + "</ol></nav>")
    body = [
        _cover(org_name, units, situations, versions, update), nav, "<main>",
        _method_section(situations, scale),
        _unit_sections(units, ranked, scale),
    ]
    if changes is not None:
        body.append('<section id="modifications" class="partie"><h2>Modifications depuis la version '
                    f"précédente</h2>{diff_html(changes)}</section>")
    body += [
        '<section id="synthese" class="partie"><h2>Synthèse des risques</h2>'
        + _counts_table(units, ranked, scale)
        + ranked_html(situations, scale, limit=max(10, first)) + "</section>",
        f'<section id="programme" class="partie"><h2>{esc(programme_title(heads))}</h2>'
        f"<p>Effectif pris en compte : {_plural(heads, 'salarié')}"
        + (" (50 et plus : programme annuel de prévention, C. trav. L4121-3-1)." if heads >= 50
           else " (moins de 50 : liste des actions de prévention consignée dans le document unique).")
        + "</p>" + programme_html(actions, situations, scale, heads) + "</section>",
        '<section id="rps" class="partie"><h2>Risques psychosociaux</h2>'
        + rps_html(factors, units) + "</section>",
        '<section id="historique" class="partie"><h2>Historique des versions</h2>'
        + _history_table(versions) + "</section>",
        "</main>",
    ]
    latest = max((v.numero for v in versions), default=None)
    title = f"DUERP — {org_name}" + (f" — version {latest}" if latest else "")
    return ('<!doctype html>\n<html lang="fr"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>"
            + "".join(body) + "</body></html>")
