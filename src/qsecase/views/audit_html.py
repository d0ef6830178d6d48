"""The internal audit as accessible HTML: plan, samples, questionnaire, findings, preparation matrix
and the complete audit report (ISO 19011:2018, 6.5.1) to print to PDF.

Tables have a ``<caption>`` and ``scope`` on header cells, every text is escaped; a classification
or a status is a symbol **and** a word, the tint being only a help. The plain-text helpers
(:func:`kind_text`, :func:`team_rows`, :func:`schedule_rows`, :func:`findings_groups`…) are shared
with the Word version of the report (:mod:`qsecase.views.audit_docx`), so that both carry the same
content. Clause titles come from a catalogue ``{standard: {clause: title}}``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from qsecase.methods.audit import (
    FINDING_KINDS,
    SAMPLING_METHODS,
    AuditPlan,
    AuditReportInfo,
    Finding,
    Question,
    SamplePlan,
    clause_key,
    clause_number,
    findings_by_clause,
)
from qsecase.methods.audit_prep import EVIDENCE_STATUSES, EvidenceItem
from qsecase.methods.audit_sampling import SampleCoverage
from qsecase.views.palette import BLUISH_GREEN, GREY, ORANGE, SKY_BLUE, VERMILLION, YELLOW, fr_number
from qsecase.views.tables import esc, table_html

__all__ = ["CONCLUSION_STYLE", "EVIDENCE_STYLE", "FINDINGS_INTRO", "KIND_STYLE", "REPORT_SECTIONS",
           "REPORT_TITLE", "SAMPLING_STATEMENT", "TO_WRITE", "Catalogue", "audit_dates", "audit_report_html",
           "clause_label", "evidence_html", "finding_cells", "findings_groups", "findings_html",
           "kind_counts", "kind_text", "lead_auditor", "plan_html", "questionnaire_html", "report_facts",
           "sample_facts", "sample_html", "schedule_rows", "team_rows", "text_paragraphs"]

Catalogue = Mapping[str, Mapping[str, str]]
"""Clause titles per standard: ``{"ISO 9001": {"7.1.5": "…"}}``."""


def _split(text: str) -> tuple[str, str]:
    symbol, rest = text.split(" ", 1)
    return symbol, rest.split(" :")[0].split(" (")[0]


#: Finding classification → (symbol, French word), from the most to the least serious.
KIND_STYLE: dict[str, tuple[str, str]] = {k: _split(v) for k, v in FINDING_KINDS.items()}
#: Evidence status → (symbol, French word).
EVIDENCE_STYLE: dict[str, tuple[str, str]] = {k: _split(v) for k, v in EVIDENCE_STATUSES.items()}
#: Conclusion of a question (``None``: not yet answered) → (symbol, French word).
CONCLUSION_STYLE: dict[str | None, tuple[str, str]] = {
    "conforme": ("✔", "Conforme"), "non conforme": ("✖", "Non conforme"),
    "à approfondir": ("?", "À approfondir"), None: ("—", "Non renseignée"),
}
_KIND_COLOUR = {"NC majeure": VERMILLION, "NC mineure": ORANGE, "point sensible": YELLOW,
                "observation": SKY_BLUE, "point fort": BLUISH_GREEN}
_EVIDENCE_COLOUR = {"présent": BLUISH_GREEN, "manquant": VERMILLION, "périmé": ORANGE, "incomplet": GREY}

REPORT_TITLE = "Rapport d'audit interne QSE"
#: The eight sections of the report, in order (HTML anchor, title).
REPORT_SECTIONS: tuple[tuple[str, str], ...] = (
    ("contexte", "Contexte et objectifs"), ("champ", "Champ et critères"),
    ("equipe", "Équipe et participants, dates et lieux"), ("echantillon", "Échantillon"),
    ("constats", "Constats par chapitre"), ("points-forts", "Points forts"),
    ("conclusion", "Conclusion"), ("diffusion", "Diffusion"),
)
SAMPLING_STATEMENT = (
    "L'audit est un exercice d'échantillonnage : il ne porte que sur une partie des activités, des "
    "personnes et des enregistrements. Il existe donc un risque que les preuves examinées ne soient pas "
    "représentatives de l'ensemble, et l'absence de constat sur un point ne prouve pas sa conformité "
    "(ISO 19011:2018, 6.5.1).")
TO_WRITE = "⚠ À rédiger."
FINDINGS_INTRO = ("Par chapitre du référentiel, du constat le plus grave au moins grave : non-conformités "
                  "majeures, non-conformités mineures, points sensibles, observations.")


# --- plain-text helpers, shared with the Word report ---------------------------------------------------
def kind_text(kind: str) -> str:
    """A classification as plain text: « ✖✖ Non-conformité majeure »."""
    return " ".join(KIND_STYLE[kind])


def text_paragraphs(text: str) -> list[str]:
    """A free text split on blank lines; « ⚠ À rédiger. » when it is empty."""
    return [c.strip() for c in re.split(r"\n\s*\n", text) if c.strip()] or [TO_WRITE]


def _date(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def _title(catalogue: Catalogue, standards: Sequence[str], clause: str) -> str:
    for std in [*standards, *(s for s in catalogue if s not in standards)]:
        title = catalogue.get(std, {}).get(clause)
        if title:
            return title
    return ""


def clause_label(catalogue: Catalogue, standards: Sequence[str], clause: str) -> str:
    """« 7.1.5 — title », the title looked up in ``standards`` first, then in any standard."""
    title = _title(catalogue, standards, clause_number(clause))
    return f"{clause.strip()} — {title}" if title else clause.strip()


def findings_groups(findings: Sequence[Finding],
                    catalogue: Catalogue) -> list[tuple[str, str, list[Finding]]]:
    """The findings by clause in numeric order: (heading, table caption, findings from the most to the
    least serious) for each clause."""
    out = []
    order = list(KIND_STYLE)
    for clause, found in findings_by_clause(findings).items():
        group = sorted(found, key=lambda f: (order.index(f.type), f.id))
        if not clause:
            heading = "Chapitre non indiqué"
        elif all(f.referentiel == "réglementation" for f in group):
            heading = f"Réglementation — {clause}"
        else:
            heading = f"Chapitre {clause_label(catalogue, [f.referentiel for f in group], clause)}"
        caption = f"Constats — {clause or 'chapitre non indiqué'} ({len(group)})"
        out.append((heading, caption, group))
    return out


def finding_cells(f: Finding) -> tuple[str, str, str]:
    """Requirement, fact and evidence, reasoning of a finding, as plain text (lines split by ``\\n``)."""
    where = (f.clause or "Réglementation") if f.referentiel == "réglementation" else \
        f"{f.referentiel} {f.clause}".strip()
    fact = (f.constat or "⚠ Constat à rédiger.") + (f"\nPreuves : {' ; '.join(f.preuves)}" if f.preuves
                                                    else "\n⚠ Aucune preuve citée.")
    return f"{where} : {f.exigence}" if f.exigence else where, fact, f.raisonnement or "—"


def kind_counts(findings: Sequence[Finding]) -> dict[str, int]:
    """Number of findings per classification (every classification, in order of seriousness)."""
    counts: Counter[str] = Counter(f.type for f in findings)
    return {k: counts[k] for k in KIND_STYLE}


def lead_auditor(plan: AuditPlan) -> str:
    """Name of the lead auditor (else the first member of the team, else empty)."""
    lead = [m.nom for m in plan.equipe if m.role == "responsable d'audit"]
    return (lead or [m.nom for m in plan.equipe] or [""])[0]


def audit_dates(plan: AuditPlan) -> str:
    """The day(s) of the audit: from the interviews' slots, else the plan's date."""
    days = sorted({a.debut.date() for a in plan.entretiens if a.debut}
                  | ({plan.date} if plan.date else set()))
    if not days:
        return "à planifier"
    return _date(days[0]) if len(days) == 1 else f"du {_date(days[0])} au {_date(days[-1])}"


def team_rows(plan: AuditPlan) -> list[tuple[str, str, str]]:
    """(name, function, role in the audit) of each member of the team."""
    return [(m.nom, m.fonction or "—", m.role) for m in plan.equipe]


def schedule_rows(plan: AuditPlan, catalogue: Catalogue) -> list[tuple[str, str, str, str, str]]:
    """(slot, function, process, clauses with their titles, auditor) of each interview, by start."""
    roles = {m.nom: m.role for m in plan.equipe}
    rows = []
    for a in sorted(plan.entretiens, key=lambda a: (a.debut is None, a.debut or dt.datetime.min)):
        if a.debut:
            end = a.debut + dt.timedelta(minutes=a.duree_min)
            slot = f"{a.debut:%d/%m/%Y} {a.debut:%H:%M}–{end:%H:%M}"
        else:
            slot = f"à planifier ({a.duree_min} min)"
        clauses = "\n".join(clause_label(catalogue, plan.criteres, c)
                            for c in sorted(a.clauses, key=clause_key)) or "—"
        who = f"{a.auditeur} ({roles[a.auditeur]})" if a.auditeur in roles else a.auditeur or "—"
        rows.append((slot, a.fonction, a.processus or "—", clauses, who))
    return rows


def sample_facts(sample: SamplePlan) -> list[tuple[str, str]]:
    """The sampling plan as (item, value) pairs, ISO 19011 annex A.6."""
    drawn = len(sample.elements)
    size = f"{sample.taille}" + (f" (⚠ {_plural(drawn, 'élément')} tiré{'s' if drawn > 1 else ''})"
                                 if drawn != sample.taille else "")
    facts = [("Population", sample.population or "—"), ("Objectif", sample.objectif or "—"),
             ("Méthode", SAMPLING_METHODS[sample.methode]), ("Taille", size)]
    if sample.strate:
        facts.append(("Strate", sample.strate))
    if sample.graine is not None:
        facts.append(("Graine du tirage", str(sample.graine)))
    facts += [("Éléments tirés", ", ".join(sample.elements) or "—"),
              ("Justification", sample.justification or "—")]
    return facts


def report_facts(org_name: str, plan: AuditPlan, report: AuditReportInfo) -> list[tuple[str, str]]:
    """The identification of the report (organisation, client, dates, place, lead auditor)."""
    return [("Organisation auditée", org_name),
            ("Client de l'audit", f"Direction de {org_name} (audit interne, de première partie)"),
            ("Date(s) de l'audit", audit_dates(plan)), ("Lieu", plan.lieu or "—"),
            ("Responsable d'audit", lead_auditor(plan) or "à désigner"),
            ("Date du rapport", _date(report.date_rapport))]


# --- HTML fragments ------------------------------------------------------------------------------------
def _badge(style: tuple[str, str], colour: str) -> str:
    symbol, word = style
    return (f'<span class="badge" style="border-left:0.4em solid {colour};padding-left:0.3em">'
            f'<span aria-hidden="true">{symbol}</span> {esc(word)}</span>')


def _lines(text: str) -> str:
    return "<br>".join(esc(line) for line in text.split("\n"))


def _paras(text: str) -> str:
    return "".join(f"<p>{_lines(c)}</p>" for c in text_paragraphs(text))


def _dl(items: Sequence[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{esc(k)}</dt><dd>{_lines(v)}</dd>" for k, v in items) + "</dl>"


def _team_html(plan: AuditPlan) -> str:
    if not plan.equipe:
        return "<p>⚠ Équipe d'audit non renseignée.</p>"
    return table_html("Équipe d'audit", ["Nom", "Fonction", "Rôle dans l'audit"], team_rows(plan),
                      row_headers=True)


def _schedule_html(plan: AuditPlan, catalogue: Catalogue) -> str:
    if not plan.entretiens:
        return "<p>⚠ Aucun entretien planifié.</p>"
    rows = [tuple(_lines(c) for c in row) for row in schedule_rows(plan, catalogue)]
    return table_html(f"Programme des entretiens ({_plural(len(rows), 'entretien')})",
                      ["Créneau", "Fonction auditée", "Processus", "Chapitres audités", "Auditeur"], rows,
                      row_headers=True, raw=True)


def _criteria(plan: AuditPlan) -> list[tuple[str, str]]:
    return [("Référentiels", ", ".join(plan.criteres) or "⚠ à préciser"),
            ("Autres critères", plan.autres_criteres or "—")]


def plan_html(plan: AuditPlan, catalogue: Catalogue) -> str:
    """The audit plan: objectives, scope, criteria, team with roles and the interview schedule."""
    facts = [("Objectifs", plan.objectifs or "⚠ à préciser"), ("Champ", plan.champ or "⚠ à préciser"),
             *_criteria(plan), ("Date(s)", audit_dates(plan)), ("Lieu", plan.lieu or "—")]
    return f'<section lang="fr">{_dl(facts)}{_team_html(plan)}{_schedule_html(plan, catalogue)}</section>'


def _percent(share: float) -> str:
    return f"{fr_number(100 * share, 1)}\u00a0%"


def _coverage_notes(coverage: SampleCoverage) -> str:
    notes = [f"Couverture : {coverage.sample} élément{'s' if coverage.sample > 1 else ''} examiné"
             f"{'s' if coverage.sample > 1 else ''} sur {coverage.population} ({_percent(coverage.share)})."]
    if coverage.unknown:
        notes.append(f"⚠ Absents de la population : {', '.join(coverage.unknown)}.")
    if coverage.duplicates:
        notes.append(f"⚠ Cités plusieurs fois : {', '.join(coverage.duplicates)}.")
    return "".join(f"<p>{esc(n)}</p>" for n in notes)


def sample_html(sample: SamplePlan,
                coverage: SampleCoverage | Mapping[str, tuple[int, int]] | None = None) -> str:
    """A sampling plan, then what it covers: a :class:`SampleCoverage`, or a mapping of each stratum to
    (elements drawn, population size)."""
    parts = [table_html(f"Plan d'échantillonnage : {sample.population or 'population non précisée'}",
                        ["Élément du plan", "Valeur"], sample_facts(sample), row_headers=True)]
    strata = coverage.drawn_total() if isinstance(coverage, SampleCoverage) else coverage or {}
    if isinstance(coverage, SampleCoverage):
        parts.append(_coverage_notes(coverage))
    if strata:
        rows = [(stratum, str(drawn), str(total), _percent(drawn / total) if total else "—")
                for stratum, (drawn, total) in strata.items()]
        parts.append(table_html(f"Couverture de l'échantillon par strate ({sample.strate or 'strate'})",
                                ["Strate", "Éléments tirés", "Population", "Taux de couverture"], rows,
                                row_headers=True))
    return "".join(parts)


def _notes(q: Question) -> str:
    notes = [("Preuves vues", q.notes.preuves_vues), ("Relances", q.notes.relances),
             ("Reformulation", q.notes.reformulation)]
    return "<br>".join(f"<strong>{k} :</strong> {esc(v)}" for k, v in notes if v) or "—"


def questionnaire_html(questions: Sequence[Question], catalogue: Catalogue) -> str:
    """The questionnaire (check-list), one table per function audited, in the order of the questions."""
    if not questions:
        return "<p>Aucune question préparée.</p>"
    by_function: dict[str, list[Question]] = {}
    for q in questions:
        by_function.setdefault(q.fonction or "Fonction non précisée", []).append(q)
    parts = []
    for function, items in by_function.items():
        rows = [(esc(q.id), esc(f"{q.referentiel} {clause_label(catalogue, [q.referentiel], q.clause)}"),
                 esc(q.exigence) or "—", esc(q.question) or "—", esc(q.preuve_attendue) or "—",
                 _badge(CONCLUSION_STYLE[q.conclusion], "#767676"), _notes(q)) for q in items]
        caption = f"Questions pour la fonction : {function} ({_plural(len(items), 'question')})"
        parts.append(table_html(caption,
                                ["Repère", "Chapitre", "Exigence reformulée", "Question", "Preuve attendue",
                                 "Conclusion", "Notes d'entretien"], rows, row_headers=True, raw=True))
    return "".join(parts)


def _finding_table(caption: str, findings: Sequence[Finding]) -> str:
    rows = []
    for f in findings:
        requirement, fact, why = finding_cells(f)
        rows.append((esc(f.id), _badge(KIND_STYLE[f.type], _KIND_COLOUR[f.type]), esc(requirement),
                     _lines(fact), esc(why)))
    return table_html(caption, ["Repère", "Classement", "Exigence", "Constat et preuves",
                                "Justification du classement"], rows, row_headers=True, raw=True)


def findings_html(findings: Sequence[Finding], catalogue: Catalogue, *, level: int = 3) -> str:
    """The findings by clause (numeric order), each with its classification symbol and word."""
    if not findings:
        return "<p>Aucun constat.</p>"
    parts = []
    for heading, caption, group in findings_groups(findings, catalogue):
        parts.append(f"<section><h{level}>{esc(heading)}</h{level}>"
                     f"{_finding_table(caption, group)}</section>")
    return "".join(parts)


def evidence_html(items: Sequence[EvidenceItem]) -> str:
    """The preparation matrix of an external audit, then the number of requirements per status."""
    if not items:
        return "<p>Aucune exigence inscrite dans la matrice de préparation.</p>"
    rows = [(esc(f"{i.referentiel} {i.clause}".strip()), esc(i.exigence) or "—", esc(i.document) or "—",
             _badge(EVIDENCE_STYLE[i.statut], _EVIDENCE_COLOUR[i.statut]), esc(i.commentaire) or "—")
            for i in items]
    matrix = table_html(f"Matrice de préparation de l'audit externe ({_plural(len(items), 'exigence')})",
                        ["Référentiel et chapitre", "Information documentée ou preuve exigée", "Document",
                         "Statut", "Commentaire"], rows, row_headers=True, raw=True)
    counts: Counter[str] = Counter(i.statut for i in items)
    count_rows = [(_badge(style, _EVIDENCE_COLOUR[s]), str(counts[s])) for s, style in EVIDENCE_STYLE.items()]
    count_rows.append(("Total", str(len(items))))
    return matrix + table_html("Nombre d'exigences par statut de preuve", ["Statut", "Nombre"], count_rows,
                               row_headers=True, raw=True)


def _counts_html(findings: Sequence[Finding]) -> str:
    rows = [(_badge(KIND_STYLE[k], _KIND_COLOUR[k]), str(n)) for k, n in kind_counts(findings).items()]
    rows.append(("Total", str(len(findings))))
    return table_html("Synthèse des constats par classement", ["Classement", "Nombre"], rows,
                      row_headers=True, raw=True)


# --- the complete report ---------------------------------------------------------------------------------
_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:11pt;line-height:1.4;color:#000;
background:#fff;margin:1.5em auto;max-width:60em;padding:0 1em}
h1{font-size:1.7em;margin:0.3em 0}h2{font-size:1.35em;margin-top:1.6em;border-bottom:2px solid #000}
h3{font-size:1.15em;margin-top:1.3em}
th,td{overflow-wrap:break-word;hyphens:auto}caption{padding:0.3em 0}
.cover{border:2px solid #000;padding:1.5em;margin-bottom:2em}
dl{display:grid;grid-template-columns:max-content 1fr;gap:0.3em 1em}dt{font-weight:bold}dd{margin:0}
.badge{-webkit-print-color-adjust:exact;print-color-adjust:exact;white-space:nowrap}
.echantillonnage{border-left:0.4em solid #000;padding-left:0.6em}
a{color:#0645AD}
@page{size:A4;margin:15mm}
@media print{
body{font-size:9.5pt;margin:0;max-width:none;padding:0}
nav.sommaire{break-after:page}
thead{display:table-header-group}
tr,li,dl{break-inside:avoid}
h2,h3{break-after:avoid}
a{color:#000;text-decoration:none}
}
"""


def _section(n: int, body: str) -> str:
    anchor, title = REPORT_SECTIONS[n - 1]
    return f'<section id="{anchor}"><h2>{n}. {esc(title)}</h2>{body}</section>'


def _list(items: Sequence[str], empty: str) -> str:
    if not items:
        return f"<p>{esc(empty)}</p>"
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def audit_report_html(org_name: str, plan: AuditPlan, samples: Sequence[SamplePlan],
                      findings: Sequence[Finding], report: AuditReportInfo, catalogue: Catalogue) -> str:
    """The complete audit report as a standalone accessible HTML page, ready to print to PDF.

    Identification and a summary of the findings per classification, then the eight sections of
    :data:`REPORT_SECTIONS` (content of ISO 19011:2018, 6.5.1).

    Returns:
        The HTML text (``<!doctype html>``, ``lang="fr"``).
    """
    deviations = [f for f in findings if f.type != "point fort"]
    strengths = [f for f in findings if f.type == "point fort"]
    cover = (f'<header class="cover"><p>{esc(org_name)}</p><h1>{esc(REPORT_TITLE)}</h1>'
             f"{_dl(report_facts(org_name, plan, report))}{_counts_html(findings)}</header>")
    nav = ('<nav class="sommaire" aria-label="Sommaire"><h2>Sommaire</h2><ol>'
           + "".join(f'<li><a href="#{a}">{esc(t)}</a></li>' for a, t in REPORT_SECTIONS) + "</ol></nav>")
    samples_html = "".join(sample_html(s) for s in samples) or "<p>Aucun échantillon défini.</p>"
    sections = [
        _section(1, f"<h3>Contexte</h3>{_paras(report.contexte)}<h3>Objectifs de l'audit</h3>"
                    f"{_paras(plan.objectifs)}"),
        _section(2, _dl([("Champ de l'audit", plan.champ or TO_WRITE), *_criteria(plan)])),
        _section(3, f"{_team_html(plan)}<h3>Personnes auditées et programme</h3>"
                    f"{_schedule_html(plan, catalogue)}"
                    f"{_dl([('Date(s)', audit_dates(plan)), ('Lieu', plan.lieu or '—')])}"
                    f"<h3>Déroulement, obstacles et zones non couvertes</h3>{_paras(report.deroulement)}"),
        _section(4, f'<p class="echantillonnage">{esc(SAMPLING_STATEMENT)}</p>{samples_html}'),
        _section(5, f"<p>{esc(FINDINGS_INTRO)}</p>{findings_html(deviations, catalogue)}"),
        _section(6, _finding_table(f"Points forts ({len(strengths)})", strengths) if strengths
                 else "<p>Aucun point fort relevé.</p>"),
        _section(7, _paras(report.conclusion)),
        _section(8, _list(report.diffusion, "⚠ Liste de diffusion à établir.")
                 + f"<p>Date du rapport : {_date(report.date_rapport)}.</p>"),
    ]
    return ('<!doctype html>\n<html lang="fr"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(f'{REPORT_TITLE} — {org_name}')}</title><style>{_CSS}</style></head><body>"
            + cover + nav + "<main>" + "".join(sections) + "</main></body></html>")
