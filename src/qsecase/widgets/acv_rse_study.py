"""A product system *studied*, as the steps of the LCA exercise show it: computed by the engine of
:mod:`qsecase.methods.lca` with the data shipped with qsecase, checked
(:mod:`qsecase.methods.lca_checks`), drawn (:mod:`qsecase.views.lca_view`), and compared with its
eco-design scenarios.

The forms and the read-only pages (correction, solution) both go through :class:`Study`, so that
the trainer reads the same figures and tables the trainee saw while typing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from qsecase.methods.base import Issue
from qsecase.methods.lca import Gain, LcaResult, ProductSystem, Scenario, Sensitivity, Shift
from qsecase.views.render import figure_to_html
from qsecase.views.tables import esc
from qsecase.widgets.acv_rse_data import amount_text, lca_reference, provider_label

__all__ = ["BY", "DEFAULT_CATEGORIES", "TOP_SENSITIVITIES", "By", "Comparison", "Study", "study_of"]

By = Literal["stage", "process", "dataset"]
BY: dict[str, str] = {"stage": "par étape du cycle de vie", "process": "par processus",
                      "dataset": "par jeu de données"}
"""The three views of a contribution analysis (hotspots), with their French names."""

DEFAULT_CATEGORIES: tuple[str, ...] = ("changement-climatique", "ressources-fossiles",
                                       "ressources-minerales-metaux", "utilisation-eau")
"""Categories drawn on the charts at first (the results and comparison tables show them all)."""
TOP_SENSITIVITIES = 12
"""Parameters drawn on the sensitivity tornado (the most sensitive first)."""

class Comparison:
    """Eco-design scenarios against a baseline: variants, gains, burden shifts, errors."""

    def __init__(self, study: Study, scenarios: Sequence[Scenario]) -> None:
        from qsecase.errors import LcaError
        from qsecase.methods.lca_engine import compute
        from qsecase.methods.lca_scenarios import apply_scenario, burden_shifts, compare

        self.study = study
        self.variants: dict[str, LcaResult] = {}
        self.gains: dict[str, list[Gain]] = {}
        self.shifts: dict[str, list[Shift]] = {}
        self.errors: dict[str, str] = {}
        base = study.result
        for s in scenarios:
            if base is None:
                break
            try:
                variant = compute(apply_scenario(study.system, s), study.data, study.method)
            except (LcaError, ValueError, KeyError) as exc:
                self.errors[s.id] = str(exc)
                continue
            self.variants[s.id] = variant
            self.gains[s.id] = list(compare(base, variant))
            self.shifts[s.id] = list(burden_shifts(base, variant))
        self.labels = {s.id: f"{s.id} — {s.libelle}" if s.libelle else s.id for s in scenarios}

    def figure_html(self, categories: Sequence[str] | None = None, dpi: float = 80) -> str:
        """The scenarios against the baseline (index 100) for ``categories`` (by default the study's
        :meth:`Study.shown_categories`; the table shows every category)."""
        from qsecase.views.lca_view import scenario_alt, scenario_chart

        base = self.study.result
        if base is None or not self.variants:
            return ""
        wanted = list(categories) if categories is not None else self.study.shown_categories()
        kept = tuple(c for c in base.categories if c in wanted) or base.categories
        base = replace(base, categories=kept)
        named = {self.labels[k]: v for k, v in self.variants.items()}
        method = self.study.method
        return figure_to_html(scenario_chart(base, named, method), scenario_alt(base, named, method), dpi=dpi)

    def table_html(self) -> str:
        from qsecase.views.lca_view import comparison_table_html

        if not self.gains:
            return ""
        return comparison_table_html(self.gains, self.shifts, self.study.method)

    def issues(self) -> list[Issue]:
        """✖ a scenario that cannot be computed, ⚠ each burden shift it brings."""
        out = [Issue(level="erreur", message=f"Scénario {sid} : calcul impossible — {reason}")
               for sid, reason in self.errors.items()]
        for sid, shifts in self.shifts.items():
            out += [Issue(level="attention", message=f"Scénario {sid} : transfert de pollution — {s.message}")
                    for s in shifts]
        return out


class Study:
    """A product system computed with the shipped data: its result (or why not) and its checks.

    Args:
        system: The product system (the trainee's, or the key's reference model).
    """

    def __init__(self, system: ProductSystem) -> None:
        from qsecase.errors import LcaError
        from qsecase.methods.lca_engine import compute

        self.data, self.method = lca_reference()
        self.system = system
        self.result: LcaResult | None = None
        self.error = ""
        self._sensitivities: list[Sensitivity] | None = None
        self._comparisons: dict[str, Comparison] = {}
        if system.processus:
            try:
                self.result = compute(system, self.data, self.method)
            except (LcaError, ValueError, KeyError) as exc:
                self.error = str(exc) or type(exc).__name__

    # --- names -------------------------------------------------------------------------------------

    def categories(self) -> list[tuple[str, str]]:
        """(« Changement climatique (kg CO₂ éq.) », id) for each category of the method."""
        return [(f"{c.libelle} ({c.unite})", c.id) for c in self.method.categories]

    def category_name(self, category: str) -> str:
        return next((c.libelle for c in self.method.categories if c.id == category), category)

    def unit(self, category: str) -> str:
        if self.result is not None and category in self.result.units:
            return self.result.units[category]
        return next((c.unite for c in self.method.categories if c.id == category), "")

    def provider(self, provider: str) -> str:
        return provider_label(provider, self.system, self.data)

    # --- checks ------------------------------------------------------------------------------------

    def issues(self) -> list[Issue]:
        """The entry checks (✖ errors, ⚠ warnings) and, when it fails, why the computation did."""
        if not self.system.processus:
            return []
        from qsecase.methods.lca_checks import check_mass_balance, check_system

        issues = [*check_system(self.system, self.data, self.method),
                  *check_mass_balance(self.system, self.data)]
        if self.error and not any(i.level == "erreur" for i in issues):
            issues.insert(0, Issue(level="erreur", message=f"Calcul impossible : {self.error}"))
        return issues

    # --- figures and tables --------------------------------------------------------------------------

    def status_html(self) -> str:
        """One line: the climate-change total, or why nothing is computed."""
        if self.result is None:
            text = (f"✖ Calcul impossible : {self.error}" if self.error
                    else "Aucun processus : renseignez le système de produits à l'étape 1.")
            return f'<p role="status"><strong>{esc(text)}</strong></p>'
        first = self.result.categories[0] if self.result.categories else ""
        from qsecase.views.lca_view import value_text

        total = f"{value_text(self.result.impacts.get(first, 0.0))} {self.unit(first)}" if first else "—"
        text = f"✔ Résultats recalculés : {self.category_name(first)} = {total} par unité fonctionnelle."
        return f'<p role="status"><strong>{esc(text)}</strong></p>'

    def table_html(self) -> str:
        from qsecase.views.lca_view import results_table_html

        return results_table_html(self.result, self.method) if self.result is not None else ""

    def shown_categories(self) -> list[str]:
        """The categories drawn at first: :data:`DEFAULT_CATEGORIES` that the method has."""
        ids = [c.id for c in self.method.categories]
        return [c for c in DEFAULT_CATEGORIES if c in ids] or ids[:4]

    def stage_html(self, categories: Sequence[str] | None = None, dpi: float = 80) -> str:
        """The stage chart of ``categories`` (by default :meth:`shown_categories`)."""
        from qsecase.views.lca_view import stage_alt, stage_chart

        if self.result is None:
            return ""
        wanted = list(categories) if categories is not None else self.shown_categories()
        kept = tuple(c for c in self.result.categories if c in wanted)
        if not kept:
            return ""
        shown = replace(self.result, categories=kept)  # the views draw ``categories`` only
        return figure_to_html(stage_chart(shown, self.method), stage_alt(shown, self.method), dpi=dpi)

    def hotspot_html(self, category: str, by: By = "process", dpi: float = 80) -> str:
        """The contribution analysis of one category (Pareto bars and the 80 % line)."""
        from qsecase.methods.lca_engine import hotspots
        from qsecase.views.lca_view import hotspot_alt, hotspot_chart

        if self.result is None or category not in self.result.categories:
            return ""
        items = list(hotspots(self.result, category, by=by))
        unit = self.unit(category)
        title = f"Points chauds — {self.category_name(category)}, {BY.get(by, by)}"
        return figure_to_html(hotspot_chart(items, unit, title), hotspot_alt(items, unit, title), dpi=dpi)

    def sensitivities(self) -> list[Sensitivity]:
        """Elasticity of each category to each input and direct flow (computed once per study).

        Raises:
            LcaError: The system cannot be solved once a parameter moves.
        """
        from qsecase.methods.lca_engine import sensitivity

        if self._sensitivities is None:
            self._sensitivities = list(sensitivity(self.system, self.data, self.method))
        return self._sensitivities

    def sensitivity_html(self, category: str, dpi: float = 80) -> str:
        """The tornado of the :data:`TOP_SENSITIVITIES` largest elasticities of one category."""
        from qsecase.errors import LcaError
        from qsecase.views.lca_view import sensitivity_chart

        if self.result is None or category not in self.result.categories:
            return ""
        try:
            items = self.sensitivities()
        except (LcaError, ValueError, KeyError) as exc:
            return f"<p>{esc(f'Analyse de sensibilité impossible : {exc}')}</p>"
        rows = sorted((s for s in items if s.category == category), key=lambda s: -abs(s.elasticity))
        rows = rows[:TOP_SENSITIVITIES]
        name = self.category_name(category)
        fig = sensitivity_chart(rows, category, self.unit(category), label=name)
        alt = (f"Analyse de sensibilité, {name}, des quantités les plus sensibles aux moins sensibles : "
               + " ; ".join(f"{s.parameter.processus} → {s.parameter.fournisseur} : élasticité "
                            f"{amount_text(round(s.elasticity, 3))}" for s in rows) + ".") if rows else (
            f"Analyse de sensibilité, {name} : aucune sensibilité calculée.")
        return figure_to_html(fig, alt, dpi=dpi)

    def normalised(self) -> dict[str, float] | None:
        """Category → result in person-equivalents (only categories with a normalisation reference)."""
        from qsecase.methods.lca_scenarios import normalise

        if self.result is None:
            return None
        values = dict(normalise(self.result, self.method))
        return values or None

    def compare(self, scenarios: Sequence[Scenario]) -> Comparison:
        """The scenarios against this study (the last comparisons are kept: a form and its checks
        ask for the same one)."""
        key = "\n".join(s.model_dump_json() for s in scenarios)
        comparison = self._comparisons.get(key)
        if comparison is None:
            if len(self._comparisons) >= 4:
                self._comparisons.clear()
            comparison = self._comparisons[key] = Comparison(self, scenarios)
        return comparison


_STUDIES: dict[str, Study] = {}


def study_of(system: ProductSystem) -> Study:
    """The study of ``system``, computed once for the steps that show it (a few kept in memory)."""
    key = system.model_dump_json()
    study = _STUDIES.get(key)
    if study is None:
        if len(_STUDIES) >= 8:
            _STUDIES.clear()
        study = _STUDIES[key] = Study(system)
    return study
