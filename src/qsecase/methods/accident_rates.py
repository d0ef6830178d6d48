"""Work-accident indicators (Assurance Maladie – Risques professionnels definitions). Pure.

IF = AT avec arrêt × 1 000 / effectif ; TF = AT avec arrêt × 1 000 000 / heures travaillées ;
TG = journées perdues × 1 000 / heures travaillées ; IG = somme des taux d'IP × 1 000 000 / heures.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from qsecase.methods.base import Model

__all__ = ["Indicator", "IndicatorValue"]

Indicator = Literal["TF", "TG", "IF"]


class IndicatorValue(Model):
    """A value the trainee computed for one indicator over one period."""

    periode: str = Field(description="libellé de la période, tel qu'il figure dans le corpus")
    indicateur: Indicator
    valeur: float = Field(ge=0)
