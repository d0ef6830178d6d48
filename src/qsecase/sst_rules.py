"""The SST follow-up rules shipped with qsecase (``qsecase/data/sst_rules.yaml``).

Example:
    >>> from qsecase.sst_rules import load_sst_rules
    >>> load_sst_rules()["sst"].periodicite_mois
    24
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml

from qsecase.errors import QsecaseError
from qsecase.methods.sst_register import Rule, load_rules

__all__ = ["RULES_RESOURCE", "load_sst_rules"]

RULES_RESOURCE = "data/sst_rules.yaml"
"""Path of the catalogue inside the ``qsecase`` package."""


@cache
def _catalogue() -> dict[str, Rule]:
    name = f"qsecase/{RULES_RESOURCE}"
    resource = files("qsecase").joinpath(RULES_RESOURCE)
    try:
        text = resource.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QsecaseError(f"{name} : catalogue des règles SST illisible ({exc}) — réinstallez "
                           "qsecase") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise QsecaseError(f"{name} : YAML invalide ({' '.join(str(exc).split())}) — corrigez le "
                           "fichier ou réinstallez qsecase") from exc
    return load_rules(data, source=name)


def load_sst_rules() -> dict[str, Rule]:
    """The rule catalogue by id (read and validated once, then cached).

    Returns:
        A new dict on each call; the rules themselves are shared, do not modify them.

    Raises:
        QsecaseError: If the shipped file is missing, not valid YAML or holds an invalid rule
            (then an :class:`~qsecase.errors.InputError` naming the rule and the field).
    """
    return dict(_catalogue())
