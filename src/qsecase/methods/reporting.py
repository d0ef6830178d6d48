"""What the QSE officer passes on to the manager, in normal times and in a crisis; lot traceability
for a product recall (the scope is traced by :mod:`qsecase.methods.traceability`). Pure."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Literal

from pydantic import Field

from qsecase.methods.base import Issue, Model
from qsecase.methods.text import fold
from qsecase.methods.traceability import RecallScope

__all__ = ["CrisisAnswer", "ReportItem", "ReportKind", "check_crisis", "check_report_items"]

ReportKind = Literal["écart", "tendance", "événement", "veille"]


class ReportItem(Model):
    """One piece of information selected for the manager."""

    sujet: str = Field(min_length=1)
    type: ReportKind = "écart"
    sources: list[str] = Field(default_factory=list, description="indicateurs, textes ou faits cités")
    gravite: int = Field(2, ge=1, le=4, description="gravité de l'impact potentiel, 1 faible … 4 critique")
    message: str = ""
    destinataire: str = ""


class CrisisAnswer(Model):
    """The trainee's answer to the crisis scenario (e.g. a recall after a supplier alert)."""

    lot_origine: str = Field("", description="lot en cause (matière ou produit)")
    lots_concernes: list[str] = Field(default_factory=list, description="lots de produits finis")
    clients: list[str] = Field(default_factory=list)
    quantite: float | None = Field(None, ge=0)
    preuves: list[str] = Field(default_factory=list, description="preuves de conformité à rassembler")
    message: str = Field("", description="message au dirigeant")


def _err(message: str) -> Issue:
    return Issue(level="erreur", message=message)


def _warn(message: str) -> Issue:
    return Issue(level="attention", message=message)


def _number(value: float) -> str:
    """French writing of a quantity: 1200.5 → « 1 200,5 »."""
    return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\u202f").replace(".", ",")


def _keys(values: Iterable[str]) -> dict[str, str]:
    """Folded value → value as written."""
    return {fold(v).strip(): v for v in values if v.strip()}


def check_report_items(items: Sequence[ReportItem], facts: Collection[str], indicator_ids: Collection[str],
                       watch_ids: Collection[str]) -> list[Issue]:
    """Checks of the information passed on to the manager.

    Args:
        items: The trainee's items.
        facts: Ids of the corpus facts that can be cited.
        indicator_ids: Ids of the dashboard's indicators.
        watch_ids: Ids of the watch register's texts.

    Returns:
        Errors and warnings, item by item: no source or an unknown one, gravity left at its
        default (not stated), no message, a « tendance » without an indicator among its sources,
        a « veille » item without a text of the watch.
    """
    indicators, watch = _keys(indicator_ids), _keys(watch_ids)
    known = {**_keys(facts), **indicators, **watch}
    issues: list[Issue] = []
    for item in items:
        who = f"Information « {item.sujet} »"
        cited = [fold(s).strip() for s in item.sources]
        if not cited:
            issues.append(_err(f"{who} : citez sa source (indicateur, texte de veille ou fait)."))
        unknown = [s for s, key in zip(item.sources, cited, strict=True) if key not in known]
        if unknown:
            issues.append(_err(f"{who} : source(s) inconnue(s) : {', '.join(unknown)}."))
        if "gravite" not in item.model_fields_set:
            issues.append(_warn(f"{who} : précisez la gravité de l'impact potentiel (1 à 4)."))
        if not item.message:
            issues.append(_err(f"{who} : écrivez le message au dirigeant."))
        if item.type == "tendance" and not any(key in indicators for key in cited):
            issues.append(_err(f"{who} : une tendance s'appuie sur un indicateur ; citez-le."))
        if item.type == "veille" and not any(key in watch for key in cited):
            issues.append(_warn(f"{who} : citez le texte de la veille concerné."))
    return issues


def check_crisis(answer: CrisisAnswer, scope: RecallScope) -> list[Issue]:
    """Checks of the crisis answer against the traced recall ``scope``.

    Returns:
        Errors for a wrong or missing lot in cause, finished lots or clients missing, no evidence,
        no message; warnings for lots or clients outside the scope and a quantity missing or other
        than the total shipped.
    """
    issues: list[Issue] = []
    if not answer.lot_origine:
        issues.append(_err("Indiquez le lot en cause."))
    elif fold(answer.lot_origine).strip() != fold(scope.origin).strip():
        issues.append(_err(f"Le lot en cause est « {scope.origin} », pas « {answer.lot_origine} »."))
    for what, given, expected, around in (("Lot(s) fini(s)", answer.lots_concernes, scope.finished_lots,
                                           (*scope.downstream_lots, scope.origin)),
                                          ("Client(s)", answer.clients, scope.clients, scope.clients)):
        said, wanted, allowed = _keys(given), _keys(expected), _keys(around)
        missing = [v for k, v in wanted.items() if k not in said]
        extra = [v for k, v in said.items() if k not in allowed]
        if missing:
            issues.append(_err(f"{what} oublié(s) dans le rappel : {', '.join(missing)}."))
        if extra:
            issues.append(_warn(f"{what} hors du périmètre tracé : {', '.join(extra)}."))
    if answer.quantite is None:
        issues.append(_warn("Chiffrez la quantité concernée."))
    elif abs(answer.quantite - scope.total) > 0.005 * max(scope.total, 1):
        issues.append(_warn(f"La quantité annoncée ({_number(answer.quantite)}) ne correspond pas à la "
                            f"quantité expédiée tracée ({_number(scope.total)})."))
    if not answer.preuves:
        issues.append(_err("Listez les preuves de conformité à rassembler (enregistrements, analyses…)."))
    if not answer.message:
        issues.append(_err("Écrivez le message au dirigeant."))
    return issues
