"""Read YAML and JSON files users write, safely, with French errors that point at the line.

Only plain data is built (``yaml.SafeLoader``): a tag such as ``!!python/object`` is refused, never
executed. Files that are too large, binary or not UTF-8 are refused with the fix to apply.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from qsecase.errors import InputError

__all__ = ["MAX_BYTES", "dump_yaml", "line_of", "load_data", "pydantic_problems", "read_text"]

MAX_BYTES = 5_000_000
"""Largest answers, key or case file accepted (5 Mo); a real one is a few kilobytes."""


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of each mapping key (for error messages).

    Aliases (``*name``) are refused: nested aliases expand exponentially (« billion laughs »)
    and hand-written answers or cases never need them.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "les alias YAML (*nom) ne sont pas acceptés", event.start_mark
            )
        return super().compose_node(parent, index)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
        if isinstance(key, (list, dict)):
            raise yaml.constructor.ConstructorError(
                None, None, "une clé ne peut pas être une liste ou un dictionnaire",
                key_node.start_mark,
            )
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None,
                f"la clé « {key} » apparaît deux fois (déjà ligne {seen[key]})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__lines__"] = seen  # stripped by _strip_lines, used by line_of
    return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping  # type: ignore[arg-type]
)


def _strip_lines(data: Any, lines: dict[tuple[Any, ...], int], path: tuple[Any, ...] = ()) -> Any:
    if isinstance(data, dict):
        own = data.pop("__lines__", {})
        for key, line in own.items():
            lines[(*path, key)] = line
        return {k: _strip_lines(v, lines, (*path, k)) for k, v in data.items()}
    if isinstance(data, list):
        return [_strip_lines(v, lines, (*path, i)) for i, v in enumerate(data)]
    return data


def read_text(path: Path, *, what: str = "fichier") -> str:
    """Return the UTF-8 text of ``path`` or raise a located :class:`InputError`."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError.at(path, f"{what} introuvable", fix="vérifiez le chemin") from None
    except OSError as exc:
        raise InputError.at(path, f"{what} illisible ({exc.strerror})") from None
    if size == 0:
        raise InputError.at(path, f"{what} vide", fix="remplissez-le ou supprimez-le")
    if size > MAX_BYTES:
        raise InputError.at(
            path,
            f"{what} trop volumineux ({size / 1e6:.1f} Mo, maximum {MAX_BYTES / 1e6:.0f} Mo)",
            fix="ce fichier ne peut pas être un fichier de réponses ou de cas",
        )
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise InputError.at(path, f"{what} binaire", fix="attendu : un fichier texte YAML ou JSON")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError.at(
            path,
            "encodage non UTF-8 (fichier probablement enregistré en Latin-1 / Windows-1252)",
            line=line,
            fix="réenregistrez-le en UTF-8 (« Enregistrer sous… » → encodage UTF-8)",
        ) from None


def load_data(
    path: Path, *, what: str = "fichier", error: type[InputError] = InputError
) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """Load a YAML (or JSON, by suffix) file as plain data.

    Returns the data and a map from key paths (``("answers", "actions", 0, "type")``) to the line
    where that key is written, for error messages.
    """
    text = read_text(path, what=what)
    lines: dict[tuple[Any, ...], int] = {}
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text), lines
        except json.JSONDecodeError as exc:
            raise error.at(path, f"JSON invalide : {exc.msg}", line=exc.lineno,
                           fix="corrigez la syntaxe (virgule, guillemet ou accolade)") from None
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or "syntaxe invalide"
        if "could not determine a constructor" in str(reason) or "python/" in str(reason):
            reason = "balise YAML non autorisée (seules des données simples sont acceptées)"
        fix = ("écrivez chaque valeur en entier" if "alias" in str(reason) else
               "retirez la balise « !! »" if "balise" in str(reason) else
               "vérifiez l'indentation, les deux-points et les guillemets")
        raise error.at(path, f"YAML invalide : {_fr_yaml(reason)}",
                       line=mark.line + 1 if mark else None, fix=fix) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise error.at(path, f"YAML invalide : {type(exc).__name__}") from None
    return _strip_lines(data, lines), lines


_YAML_FR = {
    "mapping values are not allowed here": "deux-points inattendu (valeur contenant « : » sans guillemets ?)",
    "found character '\\t' that cannot start any token": "tabulation interdite, indentez avec des espaces",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé ?)",
    "expected <block end>, but found '-'": "élément de liste mal indenté",
    "found undefined alias": "alias YAML non défini",
}


def _fr_yaml(reason: str) -> str:
    for en, fr in _YAML_FR.items():
        if reason.startswith(en):
            return fr
    return reason


def line_of(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    """Best line for a pydantic error location: the deepest key path that has a recorded line."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


_PYDANTIC_FR = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu",
    "string_type": "texte attendu",
    "int_parsing": "nombre entier attendu",
    "float_parsing": "nombre attendu",
    "list_type": "liste attendue",
    "dict_type": "dictionnaire (clé: valeur) attendu",
    "model_type": "dictionnaire (clé: valeur) attendu",
    "date_from_datetime_parsing": "date attendue au format AAAA-MM-JJ",
    "date_parsing": "date attendue au format AAAA-MM-JJ",
    "datetime_parsing": "date et heure attendues au format AAAA-MM-JJTHH:MM",
    "datetime_from_date_parsing": "date et heure attendues au format AAAA-MM-JJTHH:MM",
    "bool_parsing": "oui/non attendu (true ou false)",
    "literal_error": "valeur non autorisée",
    "enum": "valeur non autorisée",
    "too_short": "trop peu d'éléments",
    "string_too_long": "texte trop long",
    "too_long": "trop d'éléments",
    "greater_than_equal": "valeur trop petite",
    "less_than_equal": "valeur trop grande",
    "greater_than": "valeur trop petite",
    "less_than": "valeur trop grande",
    "string_pattern_mismatch": "format d'identifiant invalide",
    "string_too_short": "texte vide",
    "int_from_float": "nombre entier attendu",
    "union_tag_invalid": "type non reconnu",
}


def pydantic_problems(
    exc: Any, file: str | Path, lines: dict[tuple[Any, ...], int], prefix: tuple[Any, ...] = ()
) -> list[Any]:
    """Turn a pydantic ``ValidationError`` into located French :class:`Problem` objects."""
    from qsecase.errors import Problem

    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        kind = err["type"]
        message = _PYDANTIC_FR.get(kind, err["msg"])
        if kind in ("literal_error", "enum"):
            expected = err.get("ctx", {}).get("expected", "")
            message += f" (attendu : {expected} ; reçu : {err.get('input')!r})"
        elif kind == "value_error":
            message = str(err.get("ctx", {}).get("error", err["msg"]))
        elif kind not in ("missing", "extra_forbidden"):
            message += f" (reçu : {_short(err.get('input'))})"
        field = _field_name(loc)
        problems.append(
            Problem(str(file), message, line=line_of(lines, prefix + loc), field=field)
        )
    return problems


def _field_name(loc: tuple[Any, ...]) -> str | None:
    """``("actions", 0, "type")`` → ``actions[1].type``: list positions counted from 1, as people do."""
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def dump_yaml(data: Any) -> str:
    """YAML text for data qsecase writes: block style, UTF-8 kept readable, keys in given order."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False,
                          width=100)
