"""Greenhouse-gas assessment (BEGES): activity data × emission factors, by scope, category and post.

Regulatory method v5 (C. env. L229-25, décret n° 2022-982): 6 categories, 22 posts aligned on
ISO 14064-1:2018; scopes after the GHG Protocol (scope 1 = category 1, scope 2 = category 2,
scope 3 = categories 3 to 6) — qse-facts §4.3. Emission factors ship as data with their source,
unit and year (``data/emission_factors.yaml``, ADEME Base Empreinte values and IPCC AR6 GWP100,
qse-facts §4.4–4.5). Emissions (kg CO₂e) = activity datum × factor; a unit that does not convert
to the factor's unit is an error, never a silent computation. Pure.
"""

from __future__ import annotations

import difflib
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from pydantic import Field, model_validator

from qsecase.methods.base import Issue, Model

__all__ = ["ActivityLine", "Emission", "EmissionFactor", "GhgTotals", "Post", "Scope", "check_lines",
           "compute", "convert", "scope_of", "totals"]

Scope = Literal["1", "2", "3"]


class EmissionFactor(Model):
    """An emission factor, with where it comes from."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,59}$", description="ex. electricite-france")
    libelle: str
    valeur: float = Field(ge=0)
    unite: str = Field(description="unité de la donnée d'activité, ex. kWh, L, t.km, kg")
    poste: str = Field(pattern=r"^[1-6]\.[1-5]$", description="poste réglementaire, ex. 2.1")
    incertitude: float = Field(0.1, ge=0, le=1, description="incertitude relative (0,1 = 10 %)")
    source: str = Field(min_length=1)
    annee: int | None = None
    verifie: bool = True
    note: str = ""


class ActivityLine(Model):
    """One activity datum of the assessment, tied to a factor."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,20}$", description="ex. A3")
    poste: str = Field("", description="poste réglementaire (ex. 1.1) ; vide : celui du facteur")
    description: str = ""
    quantite: float = Field(ge=0)
    unite: str = Field(min_length=1, description="unité de la quantité, ex. MWh, m³, L, t, km")
    facteur: str = Field(min_length=1, description="id du facteur d'émission")
    sources: list[str] = Field(default_factory=list, description="faits du corpus (factures, relevés)")


class Post(Model):
    """A post of the regulatory method: number, title, category (1–6) and scope."""

    numero: str = Field(pattern=r"^[1-6]\.[1-5]$", description="ex. 1.4")
    titre: str = Field(min_length=1)
    categorie: int = Field(ge=1, le=6)
    scope: Scope
    verifie: bool = True

    @model_validator(mode="after")
    def _consistent(self) -> Post:
        if int(self.numero[0]) != self.categorie:
            raise ValueError(f"poste {self.numero} : catégorie {self.categorie} au lieu de {self.numero[0]}")
        if self.scope != scope_of(self.categorie):
            raise ValueError(f"poste {self.numero} : scope {self.scope} au lieu de "
                             f"{scope_of(self.categorie)}")
        return self


def scope_of(categorie: int) -> Scope:
    """The GHG Protocol scope of a category: 1 → « 1 », 2 → « 2 », 3 to 6 → « 3 »."""
    return "1" if categorie == 1 else "2" if categorie == 2 else "3"


# --- units ---------------------------------------------------------------------------------------
# Only exact, definitional conversions (1 kWh = 3.6 MJ, 1 m³ = 1 000 L, 1 t = 1 000 kg): a short
# explicit table. A units library would not know what matters here — the PCS / PCI basis of a
# fuel's energy, t.km, passager.km — and would have to be wrapped to refuse those conversions.

class _Unit(NamedTuple):
    label: str
    dimension: str
    scale: float
    basis: str  # « PCS », « PCI » or "" (energy of a fuel is always stated on one basis)


_UNITS: dict[str, tuple[str, float]] = {
    "kWh": ("énergie", 1.0), "MWh": ("énergie", 1e3), "GWh": ("énergie", 1e6),
    "MJ": ("énergie", 1 / 3.6), "GJ": ("énergie", 1e3 / 3.6),
    "L": ("volume", 1.0), "m³": ("volume", 1e3),
    "g": ("masse", 1e-3), "kg": ("masse", 1.0), "t": ("masse", 1e3),
    "km": ("distance", 1.0),
    "kg.km": ("transport de marchandises", 1e-3), "t.km": ("transport de marchandises", 1.0),
    "passager.km": ("transport de personnes", 1.0),
    "p": ("nombre de pièces", 1.0),  # a piece, a unit of product (life-cycle assessment)
}
_ALIASES: dict[str, str] = {
    **{name.lower(): name for name in _UNITS},
    "litre": "L", "litres": "L", "m3": "m³", "m^3": "m³", "tonne": "t", "tonnes": "t",
    "tkm": "t.km", "t·km": "t.km", "t-km": "t.km", "tonne.km": "t.km",
    "p.km": "passager.km", "pkm": "passager.km", "passager·km": "passager.km", "voyageur.km": "passager.km",
    "kgkm": "kg.km", "kg·km": "kg.km", "kg-km": "kg.km", "gramme": "g", "grammes": "g",
    "pièce": "p", "pièces": "p", "pce": "p", "u": "p", "unité": "p", "unités": "p",
}


def _parse(unit: str) -> _Unit:
    words = unit.split()
    basis = words.pop().upper() if len(words) > 1 and words[-1].upper() in ("PCS", "PCI") else ""
    name = _ALIASES.get(" ".join(words).lower())
    if name is None:
        raise ValueError(f"unité « {unit.strip()} » inconnue (unités reconnues : {', '.join(_UNITS)}, "
                         "avec « PCS » ou « PCI » pour l'énergie d'un combustible)")
    dimension, scale = _UNITS[name]
    if basis and dimension != "énergie":
        raise ValueError(f"« {unit.strip()} » : PCS et PCI ne qualifient qu'une énergie")
    return _Unit(f"{name} {basis}".strip(), dimension, scale, basis)


def convert(quantity: float, unit: str, to: str) -> float:
    """``quantity`` expressed in ``unit``, converted to ``to`` (e.g. 12 MWh → 12 000 kWh).

    Raises:
        ValueError: In French, if a unit is unknown, the dimensions differ (m³ → kWh), or the
            energy bases differ: kWh PCS and kWh PCI never convert silently.
    """
    src, dst = _parse(unit), _parse(to)
    if src.dimension != dst.dimension:
        hint = (" ; un volume de gaz se convertit en kWh PCS avec le coefficient de conversion de la "
                "facture" if (src.dimension, dst.dimension) == ("volume", "énergie") else "")
        raise ValueError(f"{src.label} ({src.dimension}) ne se convertit pas en {dst.label} "
                         f"({dst.dimension}){hint}")
    if src.basis != dst.basis:
        if src.basis and dst.basis:
            raise ValueError(f"{src.label} et {dst.label} ne se convertissent pas l'un en l'autre : "
                             "PCS (pouvoir calorifique supérieur, base des factures de gaz) et PCI "
                             "(inférieur) diffèrent d'un rapport propre au combustible ; prenez un "
                             "facteur de même base")
        raise ValueError(f"{src.label} et {dst.label} ne se convertissent pas : l'énergie d'un combustible "
                         "se compte en PCS ou en PCI (une facture de gaz est en kWh PCS), celle de "
                         "l'électricité sans base")
    return quantity * src.scale / dst.scale


# --- emissions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Emission:
    """The emissions of one activity line, with the uncertainty of its factor."""

    line: str
    poste: str
    categorie: int
    scope: Scope
    kg_co2e: float
    uncertainty_kg: float
    factor: str


def compute(lines: Sequence[ActivityLine], factors: Mapping[str, EmissionFactor],
            posts: Mapping[str, Post]) -> list[Emission]:
    """The emissions of the lines that can be computed, in order; never raises.

    A line whose factor is unknown, whose unit does not convert to the factor's, or whose post
    is not in ``posts`` is left out: :func:`check_lines` tells why. The poste of a line is its
    own, else its factor's; its uncertainty is the factor's relative uncertainty × emissions.
    """
    out = []
    for ln in lines:
        factor = factors.get(ln.facteur)
        post = posts.get(ln.poste or factor.poste) if factor else None
        if factor is None or post is None:
            continue
        try:
            quantity = convert(ln.quantite, ln.unite, factor.unite)
        except ValueError:
            continue
        kg = quantity * factor.valeur
        out.append(Emission(ln.id, post.numero, post.categorie, post.scope, kg, kg * factor.incertitude,
                            factor.id))
    return out


def check_lines(lines: Sequence[ActivityLine], factors: Mapping[str, EmissionFactor],
                posts: Mapping[str, Post] | None = None) -> list[Issue]:
    """The checks of the activity data, in French.

    Errors: no line, duplicate ids, unknown factor, a unit that does not convert to the factor's,
    a post absent from ``posts`` (when given). Warnings: a post other than the factor's, a zero
    quantity.
    """
    if not lines:
        return [Issue(level="erreur", message="Aucune donnée d'activité : le bilan est vide.")]
    issues: list[Issue] = []
    seen: set[str] = set()
    for ln in lines:
        if ln.id in seen:
            issues.append(Issue(level="erreur", message=f"L'identifiant {ln.id} désigne plusieurs lignes."))
        seen.add(ln.id)
        factor = factors.get(ln.facteur)
        if factor is None:
            close = difflib.get_close_matches(ln.facteur, list(factors), n=1)
            hint = f" (voulez-vous dire « {close[0]} » ?)" if close else ""
            issues.append(Issue(level="erreur", message=f"La ligne {ln.id} cite le facteur « {ln.facteur} », "
                                f"absent de la liste des facteurs{hint}."))
        else:
            try:
                convert(ln.quantite, ln.unite, factor.unite)
            except ValueError as exc:
                issues.append(Issue(level="erreur", message=(
                    f"La ligne {ln.id} est en {ln.unite} mais le facteur « {factor.id} » attend des "
                    f"{factor.unite} — {exc}.")))
            # the same factor serves several posts of a category (freight upstream 3.1, downstream 3.2)
            if ln.poste and ln.poste.split(".")[0] != factor.poste.split(".")[0]:
                issues.append(Issue(level="attention", message=(
                    f"La ligne {ln.id} est au poste {ln.poste} mais le facteur « {factor.id} » relève du "
                    f"poste {factor.poste} : vérifiez le poste.")))
        poste = ln.poste or (factor.poste if factor else "")
        if posts is not None and poste and poste not in posts:
            issues.append(Issue(level="erreur", message=f"La ligne {ln.id} cite le poste {poste}, absent "
                                "de la méthode réglementaire."))
        if ln.quantite == 0:
            issues.append(Issue(level="attention", message=f"La ligne {ln.id} a une quantité nulle : "
                                "complétez-la ou supprimez-la."))
    return issues


@dataclass(frozen=True)
class GhgTotals:
    """The assessment's totals, in t CO₂e; uncertainty = root-sum-square of the lines'."""

    total_t: float
    by_scope_t: dict[str, float]
    by_category_t: dict[int, float]
    by_post_t: dict[str, float]
    uncertainty_t: float

    @property
    def relative_uncertainty(self) -> float:
        """The overall uncertainty as a share of the total (0 for an empty assessment)."""
        return self.uncertainty_t / self.total_t if self.total_t else 0.0


def totals(emissions: Sequence[Emission]) -> GhgTotals:
    """Total, by scope (« 1 », « 2 », « 3 », always present), by category and by post, in t CO₂e."""
    scope: dict[str, float] = {"1": 0.0, "2": 0.0, "3": 0.0}
    category: defaultdict[int, float] = defaultdict(float)
    post: defaultdict[str, float] = defaultdict(float)
    for e in emissions:
        scope[e.scope] += e.kg_co2e / 1000
        category[e.categorie] += e.kg_co2e / 1000
        post[e.poste] += e.kg_co2e / 1000
    return GhgTotals(
        total_t=sum(e.kg_co2e for e in emissions) / 1000, by_scope_t=scope,
        by_category_t=dict(sorted(category.items())), by_post_t=dict(sorted(post.items())),
        uncertainty_t=math.sqrt(sum(e.uncertainty_kg ** 2 for e in emissions)) / 1000)
