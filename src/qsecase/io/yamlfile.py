"""Read YAML and JSON files users write, safely, with French errors that point at the line.

Only plain data is built (``yaml.SafeLoader``): a tag such as ``!!python/object`` is refused, never
executed. Files that are too large, binary or not UTF-8 are refused with the fix to apply.
"""

from __future__ import annotations

import json
import re
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


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    """A date such as ``2026-02-30`` matches the YAML date pattern but does not exist."""
    try:
        return loader.construct_yaml_timestamp(node)  # type: ignore[no-untyped-call]
    except (ValueError, OverflowError):
        raise yaml.constructor.ConstructorError(
            None, None, f"date impossible « {node.value} »", node.start_mark
        ) from None


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping  # type: ignore[arg-type]
)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)  # type: ignore[arg-type]


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
            raise error.at(path, f"JSON invalide : {_fr_json(exc.msg)}", line=exc.lineno,
                           fix="corrigez la syntaxe (virgule, guillemet ou accolade)") from None
        except RecursionError:
            raise error.at(path, f"JSON invalide : {_TOO_DEEP}") from None
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or "syntaxe invalide"
        if "could not determine a constructor" in str(reason) or "python/" in str(reason):
            reason = "balise YAML non autorisée (seules des données simples sont acceptées)"
        fix = ("écrivez chaque valeur en entier" if "alias" in str(reason) else
               "retirez la balise « !! »" if "balise" in str(reason) else
               "écrivez une date qui existe (AAAA-MM-JJ)" if "date impossible" in str(reason) else
               "vérifiez l'indentation, les deux-points et les guillemets")
        raise error.at(path, f"YAML invalide : {_fr_yaml(reason)}",
                       line=mark.line + 1 if mark else None, fix=fix) from None
    except RecursionError:
        raise error.at(path, f"YAML invalide : {_TOO_DEEP}") from None
    except yaml.YAMLError:
        raise error.at(path, "YAML invalide : syntaxe invalide",
                       fix="vérifiez l'indentation, les deux-points et les guillemets") from None
    return _strip_lines(data, lines), lines


_YAML_FR = {
    "mapping values are not allowed here": "deux-points inattendu (valeur contenant « : » sans guillemets ?)",
    "found character '\\t' that cannot start any token": "tabulation interdite, indentez avec des espaces",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé ?)",
    "expected <block end>, but found '-'": "élément de liste mal indenté",
    "found undefined alias": "alias YAML non défini",
}


_TOO_DEEP = "imbrication trop profonde (listes ou dictionnaires imbriqués à l'excès)"
_YAML_TOKENS = {"<stream end>": "la fin du fichier", "<block end>": "la fin du bloc",
                "<block mapping start>": "un début de dictionnaire", "<scalar>": "une valeur",
                "',' or '}'": "« , » ou « } »", "',' or ']'": "« , » ou « ] »",
                "a comment or a line break": "un commentaire ou une fin de ligne",
                "<document start>": "un début de document", "'<document start>'": "un début de document",
                "'<stream end>'": "la fin du fichier", "'<block end>'": "la fin du bloc",
                "'<scalar>'": "une valeur", "'<block mapping start>'": "un début de dictionnaire"}
_EXPECTED = re.compile(r"^expected (.+?),? but (?:found|got) (.+)$", re.DOTALL)


def _fr_yaml(reason: str) -> str:
    """French wording of a PyYAML reason; an untranslated one becomes « syntaxe invalide »."""
    for en, fr in _YAML_FR.items():
        if reason.startswith(en):
            return fr
    expected = _EXPECTED.match(reason)
    if expected:
        wanted, got = (_YAML_TOKENS.get(g.strip(), g.strip()) for g in expected.groups())
        if re.fullmatch(r"'.{1,3}'", got):
            got = f"« {got[1:-1]} »"
        if wanted in _YAML_TOKENS.values() and (got in _YAML_TOKENS.values() or "«" in got):
            return f"attendu {wanted}, trouvé {got} (structure non fermée ?)"
        return "structure mal formée (crochet, accolade ou indentation)"
    if re.search(r"[àâçéèêëîïôûù«]", reason):  # already French (ours)
        return reason
    return "syntaxe invalide"


def _fr_json(reason: str) -> str:
    return {"Expecting value": "valeur attendue",
            "Expecting ',' delimiter": "virgule attendue",
            "Expecting ':' delimiter": "deux-points attendu",
            "Expecting property name enclosed in double quotes": "nom de clé entre guillemets attendu",
            "Unterminated string starting at": "chaîne non fermée",
            "Extra data": "données en trop après la fin",
            "Invalid control character at": "caractère de contrôle dans une chaîne"}.get(
                reason, "syntaxe invalide")


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


class _Dumper(yaml.SafeDumper):
    """SafeDumper that quotes the Unicode line breaks it would otherwise write bare."""


def _represent_str(dumper: _Dumper, value: str) -> yaml.ScalarNode:
    # NEL, LS and PS (text pasted from Word or a PDF) are line breaks for a YAML reader: written
    # plain they come back as a space; double quotes escape them (\N, \L, \P).
    style = '"' if any(char in value for char in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """YAML text for data qsecase writes: block style, UTF-8 kept readable, keys in given order."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)
