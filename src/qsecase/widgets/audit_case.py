"""What the forms and the read-only views of the internal audit exercise read from the case and from
the clause catalogue of the standards.

The auditable functions are the functions of the organisation's roles; a population to sample is a
table of the corpus that has a key column (its values are the records' citable ids), stratified by
one of its category columns; the document references offered in the preparation step are the keys
of the corpus table :data:`DOCUMENT_LIST`. Clause titles come from
:func:`qsecase.audit_data.clause_catalogue` (short titles written for the casebook, never the
standards' text).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from qsecase.case_model import Case
from qsecase.methods.audit import clause_key
from qsecase.views.tables import cell_text
from qsecase.widgets.probleme_causes import short

__all__ = ["DOCUMENT_LIST", "REGULATION", "SEP", "Catalogue", "catalogue", "clause_choices",
           "clause_title", "document_refs", "functions", "key_column", "option_value", "people",
           "population", "population_rows", "populations", "processes", "record_options", "strata",
           "strata_columns"]

Catalogue = Mapping[str, Mapping[str, str]]
DOCUMENT_LIST = "liste-documents"
"""The corpus table listing the organisation's documents (reference, title, version, review)."""
REGULATION = "réglementation"
SEP = " — "
"""Between a code and its title in a suggestion: « 7.1.5 — Ressources de surveillance… »."""


def catalogue() -> Catalogue:
    """The clause titles of every standard, ``{"ISO 9001": {"7.1.5": "…"}}`` (read once, cached)."""
    from qsecase.audit_data import clause_catalogue

    return clause_catalogue()


def option_value(text: str) -> str:
    """The code of a suggestion « 7.1.5 — title » (the text as typed when it has no title)."""
    return text.split(SEP, 1)[0].strip()


def clause_title(cat: Catalogue, standards: Sequence[str], clause: str) -> str:
    """The title of ``clause`` in ``standards``; several titles joined with their standard."""
    titles: dict[str, list[str]] = {}
    for std in standards:
        title = cat.get(std, {}).get(clause.strip())
        if title:
            titles.setdefault(title, []).append(std)
    if len(titles) <= 1:
        return next(iter(titles), "")
    return " / ".join(f"{title} ({', '.join(stds)})" for title, stds in titles.items())


def clause_choices(cat: Catalogue, standards: Sequence[str]) -> list[tuple[str, str]]:
    """(« 7.1.5 — title », « 7.1.5 ») for every clause of ``standards`` (all when none), in order."""
    chosen = [s for s in standards if s in cat] or list(cat)
    clauses = sorted({c for std in chosen for c in cat[std]}, key=clause_key)
    return [(f"{c}{SEP}{short(clause_title(cat, chosen, c), 110)}", c) for c in clauses]


def functions(case: Case) -> list[str]:
    """The functions of the organisation's roles (the people who can be audited)."""
    return list(dict.fromkeys(r.fonction for r in case.spec.organisation.roles))


def people(case: Case) -> list[str]:
    """The names of the role holders (possible members of the audit team)."""
    return list(dict.fromkeys(r.nom for r in case.spec.organisation.roles))


def processes(case: Case) -> list[str]:
    """The processes of the organisation's map, as « R-FAB — Fabrication… »."""
    return [f"{p.id}{SEP}{p.nom}" for p in case.spec.organisation.processus]


def key_column(case: Case, table: str) -> str | None:
    """The key column of a corpus table (its citable ids); ``None`` for a text or an unknown id."""
    try:
        doc = case.spec.document(table)
    except KeyError:
        return None
    return next((c.nom for c in doc.colonnes if c.cle), None)


def populations(case: Case) -> list[tuple[str, str]]:
    """(title, id) of each corpus table that has a key column."""
    return [(d.titre, d.id) for d in case.spec.documents
            if d.type == "tableau" and any(c.cle for c in d.colonnes)]


def population_rows(case: Case, table: str) -> dict[str, dict[str, Any]]:
    """The rows of a population by id, in the table's order (empty for an unknown table)."""
    column = key_column(case, table)
    if column is None or table not in case.tables:
        return {}
    return {str(r[column]): r for r in case.table(table) if r.get(column) not in (None, "")}


def population(case: Case, table: str) -> list[str]:
    """The ids of a population, in the table's order."""
    return list(population_rows(case, table))


def record_options(case: Case, table: str) -> list[tuple[str, str]]:
    """(« AN-2026-031 — 2026-03-10 · écouvillon… », id) for each record of a population."""
    key = key_column(case, table)
    names = [c for c in case.columns(table) if c != key][:3] if key else []
    out = []
    for ident, row in population_rows(case, table).items():
        details = " · ".join(cell_text(row.get(n)) for n in names if row.get(n) not in (None, ""))
        out.append((f"{ident}{SEP}{short(details, 90)}" if details else ident, ident))
    return out


def strata_columns(case: Case, table: str) -> list[str]:
    """The category columns of a population (its possible strata)."""
    if key_column(case, table) is None:
        return []
    return case.columns(table, "categorie")


def strata(case: Case, table: str, column: str) -> dict[str, str] | None:
    """Element → its value in ``column``; ``None`` without a column (or an unknown one)."""
    if not column or column not in strata_columns(case, table):
        return None
    return {i: "" if r.get(column) is None else str(r[column])
            for i, r in population_rows(case, table).items()}


def document_refs(case: Case) -> list[str]:
    """The references of the organisation's document list, as « PR-07 — title » when titled."""
    rows = population_rows(case, DOCUMENT_LIST)
    if not rows:
        return []
    names = case.columns(DOCUMENT_LIST)
    title = next((n for n in names if n in ("titre", "intitule", "intitulé", "libelle")), None)
    return [f"{ref}{SEP}{r[title]}" if title and r.get(title) else ref for ref, r in rows.items()]
