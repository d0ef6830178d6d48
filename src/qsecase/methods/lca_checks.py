"""Entry checks of a product system, for the trainee while typing (exercise « acv-rse »). Pure.

:func:`check_system` lists what is wrong (« erreur »: the computation fails or means nothing) or
doubtful (« attention ») in the functional unit, the reference flow, the processes, their inputs
(provider, unit, amount), direct flows and cited sources; :func:`check_mass_balance` compares the
materials that enter with the product and the fabrication waste. Neither ever raises: a widget
calls them on every keystroke.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from qsecase.errors import LcaError
from qsecase.methods.base import Issue
from qsecase.methods.ghg import convert
from qsecase.methods.lca import STAGES, Dataset, LcaMethod, Process, ProductSystem
from qsecase.methods.lca_engine import scaling, unit_factor
from qsecase.methods.text import did_you_mean, fr_decimal

__all__ = ["MASS_TOLERANCE", "WASTE_PREFIXES", "MassBalance", "check_mass_balance", "check_system",
           "mass_balance"]

WASTE_PREFIXES: tuple[str, ...] = ("traitement-", "recyclage-", "enfouissement-", "incineration-")
"""A dataset whose id starts so treats waste: what a fabrication process sends there is its waste."""
MASS_TOLERANCE = 0.10
"""Relative gap of the mass balance beyond which it is flagged."""
_BALANCED_STAGES = ("matieres", "fabrication")


def _error(message: str) -> Issue:
    return Issue(level="erreur", message=message)


def _warning(message: str) -> Issue:
    return Issue(level="attention", message=message)


def _suggest(name: str, known: Iterable[str]) -> str:
    close = did_you_mean(name, known)
    return f" ; vouliez-vous dire « {close} » ?" if close else ""


def check_system(system: ProductSystem, datasets: Mapping[str, Dataset], method: LcaMethod) -> list[Issue]:
    """The problems of ``system`` against the background ``datasets`` and the ``method``, in French.

    Errors: empty functional unit or reference flow, reference process missing or unknown, a
    provider or a direct flow unknown, a unit that does not convert, a negative amount, a duplicate
    id, a production that is not positive, a process consuming as much of its product as it makes.
    Warnings: an input without unit (read in the provider's unit), a process never reached from the
    reference process, a life-cycle stage without any process, a process without any source cited,
    a process that hides a dataset of the same id.
    """
    issues: list[Issue] = []
    if not system.unite_fonctionnelle:
        issues.append(_error("unité fonctionnelle non renseignée : décrivez la fonction remplie, sa "
                             "quantité et sa durée"))
    if not system.flux_reference:
        issues.append(_error("flux de référence non renseigné : la quantité de produit qui remplit "
                             "l'unité fonctionnelle"))
    if not system.processus:
        issues.append(_error("aucun processus : saisissez au moins le processus de référence"))
        return issues
    processes = {p.id: p for p in system.processus}
    seen: set[str] = set()
    for p in system.processus:
        if p.id in seen:
            issues.append(_error(f"{p.id} : deux processus portent cet identifiant ; renommez l'un d'eux"))
        seen.add(p.id)
    ref = system.processus_reference
    if not ref:
        issues.append(_error("processus de référence non renseigné : le processus dont le produit remplit "
                             "l'unité fonctionnelle"))
    elif ref not in processes:
        issues.append(_error(f"processus de référence « {ref} » absent du système"
                             f"{_suggest(ref, processes)}"))
    if not system.quantite_reference > 0:
        issues.append(_error(f"quantité de référence {fr_decimal(system.quantite_reference)} : "
                             "elle doit être positive"))
    units = {p.id: p.unite for p in system.processus}
    flows = {f.id: f.unite for f in method.flux}
    for p in system.processus:
        issues += _process_issues(p, units, datasets, flows)
    if ref in processes:
        reached = _reached(ref, system)
        issues += [_warning(f"{p.id} : processus jamais atteint depuis le processus de référence {ref} ; "
                            "il ne compte pas dans les résultats")
                   for p in system.processus if p.id not in reached]
    stages = {p.etape for p in system.processus}
    issues += [_warning(f"étape « {label} » : aucun processus") for stage, label in STAGES.items()
               if stage not in stages]
    return issues


def _process_issues(p: Process, units: Mapping[str, str], datasets: Mapping[str, Dataset],
                    flows: Mapping[str, str]) -> list[Issue]:
    """The problems of one process; ``units``: unit of each foreground process, ``flows``: unit of
    each flow of the method."""
    issues: list[Issue] = []
    if not p.production > 0:
        issues.append(_error(f"{p.id} : production {fr_decimal(p.production)} {p.unite} ; elle doit "
                             "être positive"))
    if p.id in datasets:
        issues.append(_warning(f"{p.id} : un jeu de données porte le même identifiant ; c'est le processus "
                               "qui est employé comme fournisseur"))
    own = 0.0
    for x in p.intrants:
        where = f"{p.id} → {x.fournisseur}"
        data = datasets.get(x.fournisseur)
        unit = units.get(x.fournisseur, data.unite if data else None)
        if unit is None:
            issues.append(_error(f"{where} : fournisseur inconnu, ni processus du système ni jeu de données"
                                 f"{_suggest(x.fournisseur, [*units, *datasets])}"))
        if x.quantite < 0:
            amount = f"{fr_decimal(x.quantite)} {x.unite or unit or ''}".rstrip()
            issues.append(_error(f"quantité négative : {where}, {amount}"
                                 " ; un recyclage se saisit comme un traitement de fin de vie, "
                                 "sans crédit négatif (approche « cut-off »)"))
        if unit is None:
            continue
        if not x.unite:
            issues.append(_warning(f"{where} : unité non renseignée ; la quantité est lue en {unit}, "
                                   "l'unité du fournisseur"))
            factor = 1.0
        else:
            try:
                factor = unit_factor(x.unite, unit)
            except ValueError as exc:
                issues.append(_error(f"{where} : l'unité {x.unite} ne se convertit pas en {unit}, unité du "
                                     f"fournisseur ({exc})"))
                continue
        if x.fournisseur == p.id:
            own += x.quantite * factor
    if own > 0 and own >= p.production > 0:
        issues.append(_error(f"{p.id} consomme {fr_decimal(own)} {p.unite} de son propre produit pour "
                             f"{fr_decimal(p.production)} {p.unite} produit(s) : la consommation "
                             "propre doit rester inférieure à la production"))
    for e in p.emissions:
        flow_unit = flows.get(e.flux)
        if flow_unit is None:
            issues.append(_error(f"{p.id} : flux direct « {e.flux} » inconnu de la méthode"
                                 f"{_suggest(e.flux, flows)}"))
            continue
        try:
            unit_factor(e.unite, flow_unit)
        except ValueError as exc:
            issues.append(_error(f"{p.id}, flux direct « {e.flux} » : l'unité {e.unite} ne se convertit pas "
                                 f"en {flow_unit}, unité du flux ({exc})"))
    if not (p.sources or any(x.sources for x in p.intrants) or any(e.sources for e in p.emissions)):
        issues.append(_warning(f"{p.id} : aucune source citée ; citez le fait du corpus qui donne ses "
                               "quantités"))
    return issues


def _reached(ref: str, system: ProductSystem) -> set[str]:
    """The foreground processes that the reference process needs, directly or not (itself included)."""
    inputs = {p.id: [x.fournisseur for x in p.intrants] for p in system.processus}
    reached, todo = {ref}, [ref]
    while todo:
        for provider in inputs.get(todo.pop(), []):
            if provider in inputs and provider not in reached:
                reached.add(provider)
                todo.append(provider)
    return reached


# --- mass balance ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MassBalance:
    """The materials that enter the product against what leaves fabrication, per functional unit.

    ``inputs_kg`` counts the datasets marked ``matiere`` consumed at the stages « matières » and
    « fabrication » (packaging and spare parts, at their own stages, are neither product nor
    fabrication waste); ``waste_kg`` what fabrication processes send to a waste treatment
    (:data:`WASTE_PREFIXES`).
    """

    inputs_kg: float
    product_kg: float | None
    """``masse_produit_kg`` × ``quantite_reference``; None when the product's mass is not given."""
    waste_kg: float
    ecart: float | None
    """(inputs − product − waste) / inputs; None without inputs or product mass."""


def mass_balance(system: ProductSystem, datasets: Mapping[str, Dataset]) -> MassBalance:
    """The mass balance of ``system`` (each process counted as many times as it runs).

    Raises:
        LcaError: The technosphere cannot be solved (see :func:`qsecase.methods.lca.scaling`).
    """
    runs = scaling(system, datasets)
    foreground = {p.id for p in system.processus}
    inputs = waste = 0.0
    for p in system.processus:
        s = runs.get(p.id, 0.0)
        if not s or p.etape not in _BALANCED_STAGES:
            continue
        for x in p.intrants:
            data = datasets.get(x.fournisseur)
            if data is None or x.fournisseur in foreground:  # a process hides a dataset of its id
                continue
            material = data.matiere
            treated = p.etape == "fabrication" and x.fournisseur.startswith(WASTE_PREFIXES)
            if not (material or treated):
                continue
            try:
                kg = convert(x.quantite, x.unite or data.unite, "kg")
            except ValueError:
                continue
            if material:
                inputs += s * kg
            if treated:
                waste += s * kg
    product = (system.masse_produit_kg * system.quantite_reference
               if system.masse_produit_kg is not None else None)
    gap = (inputs - product - waste) / inputs if inputs and product is not None else None
    return MassBalance(inputs, product, waste, gap)


def check_mass_balance(system: ProductSystem, datasets: Mapping[str, Dataset]) -> list[Issue]:
    """« attention » when the mass balance is off by more than :data:`MASS_TOLERANCE`, or cannot be
    made for want of the product's mass; nothing when the system cannot be solved (the entry checks
    and the computation say why). Never raises."""
    if not system.processus:
        return []
    try:
        balance = mass_balance(system, datasets)
    except LcaError:
        return []
    if not balance.inputs_kg:
        return []
    if balance.product_kg is None:
        return [_warning(f"bilan matière impossible : {fr_decimal(balance.inputs_kg)} kg de "
                         "matières entrent, mais la masse du produit n'est pas renseignée")]
    if balance.ecart is None or abs(balance.ecart) <= MASS_TOLERANCE:
        return []
    hint = ("des chutes ou des déchets de fabrication manquent-ils ?" if balance.ecart > 0
            else "une matière manque-t-elle, ou la masse nette est-elle saisie au lieu de la brute ?")
    return [_warning(f"bilan matière : {fr_decimal(balance.inputs_kg)} kg de matières entrent pour "
                     f"{fr_decimal(balance.product_kg)} kg de produit et "
                     f"{fr_decimal(balance.waste_kg)} kg de déchets de fabrication, écart de "
                     f"{fr_decimal(100 * balance.ecart)}\u202f% ; {hint}")]
