"""Read a data file shipped inside qsecase (scales, factors, catalogues): once, safely, validated.

A broken shipped file is a defect of the installation, reported in French with the file, the field
and what to do (:class:`~qsecase.errors.ShippedDataError`).
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any, Protocol, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from qsecase.errors import ShippedDataError
from qsecase.io.yamlfile import pydantic_problems

__all__ = ["load_shipped", "parse_shipped", "validate_shipped"]

_M = TypeVar("_M", bound=BaseModel)


class Readable(Protocol):
    def read_text(self, encoding: str | None = ...) -> str: ...


def parse_shipped(source: Readable, name: str) -> Any:
    """The YAML of ``source`` (safe loader: no object is ever built from a tag)."""
    try:
        return yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ShippedDataError(name, [f"fichier illisible ({exc})"]) from exc
    except yaml.YAMLError as exc:
        raise ShippedDataError(name, [f"YAML invalide ({' '.join(str(exc).split())})"]) from exc


def validate_shipped(model: type[_M], raw: Any, name: str) -> _M:
    """``raw`` validated as ``model``; up to five problems named by field, in French."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = [f"champ « {p.field or 'racine'} » : {p.message}"
                    for p in pydantic_problems(exc, name, {})[:5]]
        raise ShippedDataError(name, problems) from exc


def load_shipped(resource: str, model: type[_M]) -> _M:
    """The shipped file ``qsecase/<resource>`` read and validated as ``model``.

    Raises:
        ShippedDataError: The file is missing, not UTF-8, not YAML or invalid.
    """
    name = f"qsecase/{resource}"
    return validate_shipped(model, parse_shipped(files("qsecase").joinpath(resource), name), name)
