"""The LCA engine: the matrices of a product system, their sparse solution, contributions,
hotspots and sensitivity (notation of bw2calc, qse-facts §5: ``A s = f``, ``g = B s``, ``h = C g``).

numpy and scipy are imported inside the functions, so that importing qsecase stays light. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from qsecase.errors import LcaError
from qsecase.methods.ghg import convert
from qsecase.methods.lca import (
    STAGES,
    Contribution,
    Dataset,
    LcaMethod,
    LcaResult,
    Parameter,
    ProductSystem,
    Sensitivity,
)
from qsecase.methods.text import did_you_mean, fr_decimal, fr_percent

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from scipy.sparse import csc_matrix, csr_matrix

__all__ = ["Matrices", "build", "compute", "hotspots", "scaling", "sensitivity", "suggestion",
           "unit_factor"]


_WASTE_PREFIXES = ("traitement-", "recyclage-", "enfouissement-", "incineration-")
_HUGE = 1e12  # a scaling this many times the demand means a (numerically) singular matrix


@dataclass(frozen=True, eq=False)
class Matrices:
    """The matrices of one product system (notation of bw2calc, qse-facts §5).

    Activities are the foreground processes (in the system's order) then the background datasets
    they reach (in order of first use); each activity has one product, in ``units``.
    """

    activities: tuple[str, ...]
    foreground: int
    """The first ``foreground`` activities are the foreground processes, the others datasets."""
    units: tuple[str, ...]
    """Unit of each activity's product."""
    flows: tuple[str, ...]
    """Elementary flows, in the method's order (rows of ``biosphere``)."""
    categories: tuple[str, ...]
    technosphere: csc_matrix
    """A (activities × activities): production on the diagonal, inputs negative, in the provider's unit."""
    biosphere: csc_matrix
    """B (flows × activities): direct flows of a process, flows of a dataset, per run."""
    characterisation: csr_matrix
    """C (categories × flows)."""
    demand: NDArray[np.float64]
    """f: ``quantite_reference`` on the reference process, zero elsewhere."""


def unit_factor(unit: str, to: str) -> float:
    """How many ``to`` in one ``unit``; an empty unit (or the same text) is ``to`` itself."""
    return 1.0 if not unit or unit == to else _conversion(unit, to)


@lru_cache(maxsize=1024)
def _conversion(unit: str, to: str) -> float:
    return convert(1.0, unit, to)


def suggestion(name: str, known: Iterable[str]) -> str:
    """`` (vouliez-vous dire « x » ?)`` for the known name closest to ``name``, or ''."""
    close = did_you_mean(name, known)
    return f" (vouliez-vous dire « {close} » ?)" if close else ""


@dataclass(frozen=True)
class _Technosphere:
    activities: tuple[str, ...]
    foreground: int
    units: tuple[str, ...]
    rows: list[int]
    cols: list[int]
    vals: list[float]
    reference: int
    quantity: float


def _technosphere(system: ProductSystem, datasets: Mapping[str, Dataset]) -> _Technosphere:
    """Activities and the entries of A (coordinates), every problem raised as :class:`LcaError`."""
    processes = system.processus
    if not processes:
        raise LcaError("le système de produits ne contient aucun processus", champ="processus")
    index: dict[str, int] = {}
    for i, p in enumerate(processes):
        if p.id in index:
            raise LcaError(f"deux processus portent l'identifiant « {p.id} » ; renommez l'un d'eux",
                           processus=p.id, champ="id")
        if not p.production > 0:
            raise LcaError(f"processus {p.id} : production {fr_decimal(p.production)} {p.unite} ; elle doit "
                           "être positive (quantité de produit par exécution du processus)",
                           processus=p.id, champ="production")
        index[p.id] = i
    ref = system.processus_reference
    if not ref:
        raise LcaError("processus de référence non renseigné : indiquez le processus dont le produit "
                       "remplit l'unité fonctionnelle", champ="processus_reference")
    if ref not in index:
        raise LcaError(f"processus de référence « {ref} » absent du système{suggestion(ref, index)}",
                       champ="processus_reference")
    activities = [p.id for p in processes]
    units = [p.unite for p in processes]
    rows = list(range(len(processes)))
    cols = list(range(len(processes)))
    vals = [p.production for p in processes]
    for j, p in enumerate(processes):
        own = 0.0
        for x in p.intrants:
            provider = x.fournisseur
            found = index.get(provider)
            if found is not None:
                i = found
            else:
                data = datasets.get(provider)
                if data is None:
                    raise LcaError(f"processus {p.id} : fournisseur « {provider} » inconnu, ni processus du "
                                   f"système ni jeu de données{suggestion(provider, [*index, *datasets])}",
                                   processus=p.id, champ=provider)
                i = index[provider] = len(activities)
                activities.append(provider)
                units.append(data.unite)
                rows.append(i)
                cols.append(i)
                vals.append(1.0)
            unit = units[i]
            try:
                amount = x.quantite * unit_factor(x.unite, unit)
            except ValueError as exc:
                raise LcaError(f"processus {p.id}, intrant « {provider} » : "
                               f"{fr_decimal(x.quantite)} {x.unite} ne se convertit pas dans l'unité "
                               f"du fournisseur ({unit}) — {exc}",
                               processus=p.id, champ=provider) from None
            if i == j:
                own += amount
            rows.append(i)
            cols.append(j)
            vals.append(-amount)
        if own and own >= p.production:
            raise LcaError(f"processus {p.id} : il consomme {fr_decimal(own)} {p.unite} de son propre "
                           f"produit pour {fr_decimal(p.production)} {p.unite} produit(s) ; la matrice "
                           "technosphère est singulière (le processus ne livre rien hors de lui-même) : "
                           "la consommation propre doit rester inférieure à la production",
                           processus=p.id, champ=p.id)
    return _Technosphere(tuple(activities), len(processes), tuple(units), rows, cols, vals, index[ref],
                         system.quantite_reference)


def _matrix_a(t: _Technosphere) -> csc_matrix:
    from scipy.sparse import csc_matrix

    n = len(t.activities)
    return csc_matrix((t.vals, (t.rows, t.cols)), shape=(n, n), dtype=float)


def _demand(t: _Technosphere) -> NDArray[np.float64]:
    import numpy as np

    f = np.zeros(len(t.activities))
    f[t.reference] = t.quantity
    return f


def build(system: ProductSystem, datasets: Mapping[str, Dataset], method: LcaMethod) -> Matrices:
    """The matrices A, B, C and the demand f of ``system`` (see :class:`Matrices`).

    Raises:
        LcaError: No process, an unknown reference process or provider, a unit that does not
            convert to the provider's (or the flow's) unit, a flow unknown to the method, a process
            consuming as much of its own product as it produces.
    """
    from scipy.sparse import csc_matrix, csr_matrix

    t = _technosphere(system, datasets)
    flows = {f.id: k for k, f in enumerate(method.flux)}
    flow_units = [f.unite for f in method.flux]
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for j, p in enumerate(system.processus):
        for e in p.emissions:
            k = flows.get(e.flux)
            if k is None:
                raise LcaError(f"processus {p.id} : flux direct « {e.flux} » inconnu de la méthode "
                               f"{method.id}{suggestion(e.flux, flows)}", processus=p.id, champ=e.flux)
            try:
                amount = e.quantite * unit_factor(e.unite, flow_units[k])
            except ValueError as exc:
                raise LcaError(f"processus {p.id}, flux direct « {e.flux} » : {fr_decimal(e.quantite)} "
                               f"{e.unite} ne se convertit pas dans l'unité du flux ({flow_units[k]}) "
                               f"— {exc}",
                               processus=p.id, champ=e.flux) from None
            rows.append(k)
            cols.append(j)
            vals.append(amount)
    for j in range(t.foreground, len(t.activities)):
        data = datasets[t.activities[j]]
        for flow, amount in data.flux.items():
            k = flows.get(flow)
            if k is None:
                raise LcaError(f"jeu de données {data.id} : flux « {flow} » inconnu de la méthode "
                               f"{method.id}", champ=flow)
            rows.append(k)
            cols.append(j)
            vals.append(amount)
    n, nflows = len(t.activities), len(flows)
    b = csc_matrix((vals, (rows, cols)), shape=(nflows, n), dtype=float)
    rows, cols, vals = [], [], []
    for i, c in enumerate(method.categories):
        for flow, factor in c.facteurs.items():
            k = flows.get(flow)
            if k is None:
                raise LcaError(f"catégorie {c.id} : flux « {flow} » inconnu de la méthode {method.id}",
                               champ=flow)
            rows.append(i)
            cols.append(k)
            vals.append(factor)
    c_matrix = csr_matrix((vals, (rows, cols)), shape=(len(method.categories), nflows), dtype=float)
    return Matrices(t.activities, t.foreground, t.units, tuple(flows), tuple(c.id for c in method.categories),
                    _matrix_a(t), b, c_matrix, _demand(t))


def _solve(a: csc_matrix, f: NDArray[np.float64], activities: Sequence[str],
           foreground: int) -> NDArray[np.float64]:
    """s with A s = f; a singular or unproductive system raises :class:`LcaError`.

    Datasets have no technosphere inputs, so A is block lower-triangular: [[A_ff, 0], [A_df, I]].
    The foreground block is solved by sparse LU (never an inverse), the datasets' supply follows by
    substitution: s_d = f_d − A_df s_f.
    """
    import numpy as np

    nf = foreground
    a_ff = a[:nf, :nf]
    s_f = _lu_solve(a_ff, f[:nf])
    if s_f is None:
        raise LcaError(_singular_message(a_ff, activities))
    scale = float(np.abs(f).max()) or 1.0
    if not np.all(np.isfinite(s_f)) or float(np.abs(s_f).max(initial=0.0)) > _HUGE * scale:
        raise LcaError(_singular_message(a_ff, activities))
    sign = float(np.sign(f.sum()))
    if sign:
        negative = [activities[int(i)] for i in np.flatnonzero(sign * s_f < -1e-9 * scale)]
        if negative:
            raise LcaError(f"{_names(negative)} fonctionnerai{'en' if len(negative) > 1 else ''}t un nombre "
                           "négatif de fois : une boucle entre processus consomme plus de produit qu'elle "
                           "n'en fournit, ou une quantité est négative ; vérifiez les intrants de "
                           f"{', '.join(negative)} et ceux de leurs clients", processus=negative[0])
    s_d = f[nf:] - a[nf:, :nf] @ s_f
    return np.concatenate([s_f, s_d])


def _lu_solve(a: csc_matrix, f: NDArray[np.float64]) -> NDArray[np.float64] | None:
    """A sparse LU solve, None if the matrix is singular.

    First on the diagonal (no pivoting, a fill-reducing symmetric ordering): a productive
    technosphere is an M-matrix (production on the diagonal, inputs negative), for which this is
    stable and much sparser than partial pivoting — which would pivot on an input larger than the
    production (3,1 kg of a process making 1 kg), filling the factors. If that fails or leaves a
    residual, partial pivoting.
    """
    import numpy as np
    from scipy.sparse.linalg import splu

    try:
        lu = splu(a, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.0, options={"SymmetricMode": True})
        s = lu.solve(f)
        bound = 1e-10 * (float(abs(a).max()) * float(np.abs(s).max(initial=0.0)) + float(np.abs(f).max()))
        if np.all(np.isfinite(s)) and float(np.abs(a @ s - f).max(initial=0.0)) <= bound:
            return s
    except RuntimeError:  # a zero pivot on the diagonal
        pass
    try:
        return splu(a).solve(f)
    except RuntimeError:  # « Factor is exactly singular »
        return None


def _names(ids: Sequence[str]) -> str:
    return f"le processus {ids[0]}" if len(ids) == 1 else f"les processus {', '.join(ids)}"


def _singular_message(a_ff: csc_matrix, activities: Sequence[str]) -> str:
    """Why the foreground block is singular: the processes in a loop, if any."""
    from scipy.sparse.csgraph import connected_components

    _, labels = connected_components(a_ff, directed=True, connection="strong")
    groups: dict[int, list[str]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(activities[i])
    loops = [ids for ids in groups.values() if len(ids) > 1]
    if loops:
        where = " ; ".join(", ".join(ids) for ids in loops)
        return (f"matrice technosphère singulière : les processus en boucle ({where}) se fournissent l'un "
                "l'autre autant de produit qu'ils en produisent, la boucle ne livre rien hors d'elle-même ; "
                "réduisez une des quantités échangées entre eux")
    return ("matrice technosphère singulière : le système n'a pas de solution ; vérifiez les productions "
            "et les quantités échangées entre processus")


def scaling(system: ProductSystem, datasets: Mapping[str, Dataset]) -> dict[str, float]:
    """How many times each activity runs per functional unit (the supply array s), without a method.

    Raises:
        LcaError: As :func:`build` for the technosphere, or a singular matrix.
    """
    t = _technosphere(system, datasets)
    s = _solve(_matrix_a(t), _demand(t), t.activities, t.foreground)
    return dict(zip(t.activities, s.tolist(), strict=True))


def compute(system: ProductSystem, datasets: Mapping[str, Dataset], method: LcaMethod) -> LcaResult:
    """The life-cycle impacts of ``system`` per functional unit, with their contributions.

    Solves A s = f, then g = B s and h = C g. A foreground process's contribution is its own scaling
    times its direct flows and the background datasets it consumes directly, so that contributions
    stay defined in loops and add up to the total; ``by_stage`` sums them by stage. ``inventory``
    keeps the flows with a nonzero amount; ``missing`` lists, per category, the datasets used none of
    whose flows the category characterises.

    Raises:
        LcaError: As :func:`build`, or a singular (or unproductive) technosphere matrix.
    """
    m = build(system, datasets, method)
    s = _solve(m.technosphere, m.demand, m.activities, m.foreground)
    return _result(m, s, system, method)


def _result(m: Matrices, s: NDArray[np.float64], system: ProductSystem, method: LcaMethod) -> LcaResult:
    import numpy as np

    nf = m.foreground
    cb = (m.characterisation @ m.biosphere).toarray()  # categories × activities, per run
    g = m.biosphere @ s
    h = m.characterisation @ g
    consumed = -m.technosphere[nf:, :nf]  # datasets × processes, amounts per run
    own = cb[:, :nf] * s[:nf] + (consumed.T @ cb[:, nf:].T).T * s[:nf]
    datasets_part = cb[:, nf:] * s[nf:]
    stage_of = {stage: k for k, stage in enumerate(STAGES)}
    onehot = np.zeros((nf, len(STAGES)))
    onehot[np.arange(nf), [stage_of[p.etape] for p in system.processus]] = 1.0
    stages = own @ onehot
    characterised = (abs(m.characterisation) @ abs(m.biosphere[:, nf:])).toarray() != 0
    used = s[nf:] != 0
    processes, data_ids = m.activities[:nf], m.activities[nf:]
    by_process, by_stage, by_dataset, missing = {}, {}, {}, {}
    for k, c in enumerate(m.categories):
        by_process[c] = dict(zip(processes, own[k].tolist(), strict=True))
        by_stage[c] = dict(zip(STAGES, stages[k].tolist(), strict=True))
        by_dataset[c] = {"direct": float(cb[k, :nf] @ s[:nf]),
                         **dict(zip(data_ids, datasets_part[k].tolist(), strict=True))}
        missing[c] = tuple(d for d, u, ok in zip(data_ids, used, characterised[k], strict=True)
                           if u and not ok)
    return LcaResult(
        categories=m.categories, units={c.id: c.unite for c in method.categories},
        impacts=dict(zip(m.categories, h.tolist(), strict=True)), by_stage=by_stage,
        by_process=by_process, by_dataset=by_dataset,
        supply=dict(zip(m.activities, s.tolist(), strict=True)),
        inventory={f: v for f, v in zip(m.flows, g.tolist(), strict=True) if v}, missing=missing)


# --- interpretation -------------------------------------------------------------------------------


def hotspots(result: LcaResult, category: str, *, by: Literal["process", "stage", "dataset"] = "process",
             threshold: float = 0.8) -> list[Contribution]:
    """The main contributors to ``category``, largest first, until they add up to ``threshold``.

    Lines are sorted by absolute value; ``share`` is value / total, ``cumulative`` the running sum of
    absolute values over the sum of all absolute values (so that it grows to 100 % even with a
    negative contribution; both agree when all contributions are positive). The list stops at the
    first line that brings ``cumulative`` to ``threshold``. The default 80 % is the PEF rule for the
    « most relevant » stages and processes — a threshold the reference sheet marks *unverified*
    (qse-facts §5). Zero contributions are left out.

    Raises:
        LcaError: Unknown category, ``by`` or a threshold outside ]0, 1].
    """
    tables = {"process": result.by_process, "stage": result.by_stage, "dataset": result.by_dataset}
    if by not in tables:
        raise LcaError(f"analyse de contribution « {by} » inconnue : process, stage ou dataset")
    if category not in result.impacts:
        raise LcaError(f"catégorie d'impact « {category} » absente des résultats"
                       f"{suggestion(category, result.impacts)}", champ=category)
    if not 0 < threshold <= 1:
        raise LcaError(f"seuil de l'analyse de contribution hors de ]0 ; 1] : {fr_decimal(threshold)}")
    values = [(name, v) for name, v in tables[by].get(category, {}).items() if v]
    values.sort(key=lambda item: -abs(item[1]))
    gross = sum(abs(v) for _, v in values)
    total = result.impacts[category]
    out: list[Contribution] = []
    running = 0.0
    for name, v in values:
        running += abs(v)
        cumulative = running / gross
        out.append(Contribution(name, v, v / total if total else 0.0, cumulative))
        if cumulative >= threshold - 1e-12:
            break
    return out


def _parameters(system: ProductSystem) -> list[Parameter]:
    """Every input of every process (one parameter per provider), then every direct flow."""
    out = []
    for p in system.processus:
        seen = dict.fromkeys([*(x.fournisseur for x in p.intrants), *(e.flux for e in p.emissions)])
        out += [Parameter(processus=p.id, fournisseur=name) for name in seen]
    return out


def sensitivity(system: ProductSystem, datasets: Mapping[str, Dataset], method: LcaMethod,
                parameters: Sequence[Parameter] | None = None, *, delta: float = 0.1) -> list[Sensitivity]:
    """Elasticity (%Δh / %Δx) of each category to each parameter, largest in absolute value first.

    Each parameter (an input of a process, all its exchanges with that provider, or a direct flow
    of the process) is multiplied by 1 + ``delta`` and the system solved again (the matrices are
    built once, the one entry changed); elasticity = (h' − h) / (h × delta), 0 when h is 0. An input
    that is the sole contributor of a category, with no loop, has an elasticity of exactly 1; an
    input unrelated to a category, 0. ``parameters`` None: every input and direct flow of the system.

    Raises:
        LcaError: As :func:`compute`; a parameter naming an unknown process or exchange; a
            perturbation that makes the system singular.
    """
    import numpy as np

    if not delta:
        raise LcaError("variation nulle : delta doit être non nul (0,1 = +10 %)")
    m = build(system, datasets, method)
    a, f = m.technosphere, m.demand
    s = _solve(a, f, m.activities, m.foreground)
    h = m.characterisation @ (m.biosphere @ s)
    index = {name: i for i, name in enumerate(m.activities)}
    flows = {name: k for k, name in enumerate(m.flows)}
    processes = {p.id: p for p in system.processus}
    params = _parameters(system) if parameters is None else list(parameters)
    out: list[Sensitivity] = []
    for param in params:
        p = processes.get(param.processus)
        if p is None:
            raise LcaError(f"paramètre : processus « {param.processus} » absent du système"
                           f"{suggestion(param.processus, processes)}", processus=param.processus)
        j = index[p.id]
        inputs = [x for x in p.intrants if x.fournisseur == param.fournisseur]
        if inputs:
            i = index[param.fournisseur]
            amount = sum(x.quantite * unit_factor(x.unite, m.units[i]) for x in inputs)
            if not amount:
                s2 = s
            elif i >= m.foreground:  # a dataset: its supply alone moves (s_d = −A_df s_f)
                s2 = s.copy()
                s2[i] += delta * amount * s[j]
            else:  # the one entry A[i, j] changes: solve again
                perturbed = a.copy()
                start, end = perturbed.indptr[j], perturbed.indptr[j + 1]
                slot = start + int(np.flatnonzero(perturbed.indices[start:end] == i)[0])
                perturbed.data[slot] -= delta * amount
                try:
                    s2 = _solve(perturbed, f, m.activities, m.foreground)
                except LcaError as exc:
                    raise LcaError(f"sensibilité à {p.id} → {param.fournisseur} "
                                   f"({fr_percent(delta)}) : {exc}", processus=p.id,
                                   champ=param.fournisseur) from None
            h2 = m.characterisation @ (m.biosphere @ s2)
        else:
            direct = [e for e in p.emissions if e.flux == param.fournisseur]
            if not direct:
                raise LcaError(f"paramètre : le processus {p.id} n'a ni intrant ni flux direct "
                               f"« {param.fournisseur} »", processus=p.id, champ=param.fournisseur)
            k = flows[param.fournisseur]
            amount = sum(e.quantite * unit_factor(e.unite, method.flux[k].unite) for e in direct)
            column = m.characterisation[:, [k]].toarray().ravel()
            h2 = h + column * (delta * amount * s[j])
        for c, base, new in zip(m.categories, h.tolist(), h2.tolist(), strict=True):
            out.append(Sensitivity(param, c, (new - base) / (base * delta) if base else 0.0))
    out.sort(key=lambda x: -abs(x.elasticity))
    return out
