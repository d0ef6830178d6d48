"""Flows of water, energy, raw materials and waste, normalised by activity, before and after the
environmental actions (3-3, 3-4). Pure.

A flow is read per unit of activity (m³ per tonne produced, kWh per part): the ratio of each
period, then the mean of the months before an action against the months after it, then a verdict
against the objective, by the rule of :mod:`qsecase.methods.effectiveness`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model
from qsecase.methods.effectiveness import Direction, EffectivenessCriterion, Measurement
from qsecase.methods.effectiveness import verdict as judge

__all__ = ["ActionVerdict", "BeforeAfter", "FlowReading", "SankeyFlows", "WasteActor", "before_after",
           "normalise", "sankey_flows", "verdict"]

ActionVerdict = Literal["efficace", "partiellement efficace", "non efficace"]


class WasteActor(Model):
    """A waste of flow or material, and who can act on it."""

    gaspillage: str = Field(min_length=1)
    sources: list[str] = Field(default_factory=list)
    service: str = ""
    fonction: str = ""
    action_simple: str = Field("", description="action simple que le stagiaire peut mener")
    modalite: str = Field("", description="comment la mettre en œuvre avec cet acteur")


class FlowReading(Model):
    """The trainee's reading of one action's effect on a flow, normalised by activity."""

    action: str = Field(min_length=1, description="id de l'action du corpus (ex. PE2)")
    flux: str = Field("", description="colonne du tableau des flux")
    ratio_avant: float | None = None
    ratio_apres: float | None = None
    unite: str = Field("", description="ex. m³/t, kWh/pièce")
    verdict: ActionVerdict | None = None
    justification: str = ""


def normalise(values: Mapping[str, float | None],
              activity: Mapping[str, float | None]) -> dict[str, float | None]:
    """The flow per unit of activity, period by period (periods of ``values``, then any other of
    ``activity``); None where either is missing or the activity is zero."""
    periods = list(values) + [p for p in activity if p not in values]
    out: dict[str, float | None] = {}
    for p in periods:
        v, a = values.get(p), activity.get(p)
        out[p] = v / a if v is not None and a else None
    return out


@dataclass(frozen=True)
class BeforeAfter:
    """Mean ratios before (``avant``) and after (``apres``) an action, the change in %
    (``variation``, signed: −12 = 12 % lower) and the months each mean rests on."""

    avant: float | None
    apres: float | None
    variation: float | None
    mois_avant: tuple[str, ...]
    mois_apres: tuple[str, ...]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def before_after(ratios: Mapping[str, float | None], periods: Sequence[str], action_month: str,
                 window: int = 6) -> BeforeAfter:
    """Compare the ``window`` periods before ``action_month`` with the ``window`` after it.

    The action month itself is left out (the action takes effect during it); periods without a
    ratio are skipped. ``variation`` = (after − before) / before × 100, None when either mean is
    missing or the mean before is zero.

    Raises:
        ValueError: If ``action_month`` is not in ``periods`` or ``window`` < 1.
    """
    if window < 1:
        raise ValueError(f"fenêtre de {window} mois : il en faut au moins un")
    if action_month not in periods:
        raise ValueError(f"le mois de l'action « {action_month} » n'est pas dans les périodes du tableau")
    i = list(periods).index(action_month)
    before = tuple(p for p in periods[max(0, i - window):i] if ratios.get(p) is not None)
    after = tuple(p for p in periods[i + 1:i + 1 + window] if ratios.get(p) is not None)
    mean_before = _mean([ratios[p] or 0.0 for p in before])
    mean_after = _mean([ratios[p] or 0.0 for p in after])
    change = ((mean_after - mean_before) / mean_before * 100
              if mean_before and mean_after is not None else None)
    return BeforeAfter(mean_before, mean_after, change, before, after)


def verdict(change_pct: float, objective_pct: float, sens: Direction = "baisse") -> ActionVerdict:
    """Efficace if the change reaches the objective, partiellement efficace if it goes the right way
    but less, non efficace otherwise.

    ``change_pct`` is signed (−12 = 12 % lower); ``objective_pct`` is the size of the improvement
    aimed at, whatever its sign (10 with « baisse » = at least 10 % lower).
    """
    target = -abs(objective_pct) if sens == "baisse" else abs(objective_pct)
    criterion = EffectivenessCriterion(action="flux", sens=sens, reference=0.0, cible=target)
    return judge(criterion, Measurement(action="flux", avant=0.0, apres=change_pct)).status


@dataclass(frozen=True)
class SankeyFlows:
    """What a Sankey diagram (``Sankey.add`` of the plotting library) takes, balanced so it closes.

    ``Sankey(scale=flows.scale).add(flows=flows.flows, labels=flows.labels,
    orientations=flows.orientations)``: inputs are positive, outputs negative; orientation 0 is
    horizontal (first input from the left, first output to the right), 1 enters from the top,
    −1 leaves at the bottom. ``gap`` = inputs − outputs as given: when it is not zero, a flow
    labelled ``gap_label`` (output if positive, input if negative) closes the balance.
    """

    flows: tuple[float, ...]
    labels: tuple[str, ...]
    orientations: tuple[int, ...]
    unit: str
    gap: float

    @property
    def pairs(self) -> tuple[tuple[str, float], ...]:
        """(label, signed value) in order."""
        return tuple(zip(self.labels, self.flows, strict=True))

    @property
    def total_in(self) -> float:
        return sum(f for f in self.flows if f > 0)

    @property
    def gap_pct(self) -> float:
        """The gap as a share (%) of the inputs."""
        return self.gap / self.total_in * 100 if self.total_in else 0.0

    @property
    def scale(self) -> float:
        """A ``Sankey`` scale that draws the inputs one unit wide."""
        return 1 / self.total_in if self.total_in else 1.0


def sankey_flows(inputs: Mapping[str, float], outputs: Mapping[str, float], unit: str = "m³",
                 gap_label: str = "écart non mesuré") -> SankeyFlows:
    """The balanced flows of a Sankey diagram, e.g. water in → process / sanitary / losses.

    ``inputs`` and ``outputs`` map labels to quantities (zeros are dropped), in display order:
    ``sankey_flows({"Réseau": 1200, "Forage": 300}, {"Procédé": 900, "Sanitaires": 250,
    "Fuites": 200})`` gives an output « écart non mesuré » of 150 m³.

    Raises:
        ValueError: If a quantity is negative or there is no input.
    """
    for label, q in (*inputs.items(), *outputs.items()):
        if q < 0:
            raise ValueError(f"« {label} » : {q} {unit}, une quantité de flux est positive")
    ins = [(label, q) for label, q in inputs.items() if q > 0]
    outs = [(label, q) for label, q in outputs.items() if q > 0]
    if not ins:
        raise ValueError("aucune entrée : le diagramme de flux part des entrées (eau, énergie, matière)")
    gap = sum(q for _, q in ins) - sum(q for _, q in outs)
    tolerance = 1e-9 * sum(q for _, q in ins)
    if gap > tolerance:
        outs.append((gap_label, gap))
    elif gap < -tolerance:
        ins.append((gap_label, -gap))
    flows = [q for _, q in ins] + [-q for _, q in outs]
    labels = [label for label, _ in ins] + [label for label, _ in outs]
    orientations = [0 if i == 0 else 1 for i in range(len(ins))] + [0 if i == 0 else -1
                                                                     for i in range(len(outs))]
    return SankeyFlows(tuple(flows), tuple(labels), tuple(orientations), unit,
                       gap if abs(gap) > tolerance else 0.0)
