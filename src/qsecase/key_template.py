"""Commented templates of answer keys (``key/<exercise>.yaml``), generated from the key models.

``qsecase new-case`` writes one template per chosen exercise. The template is generated from the
exercise's key model (its JSON schema: field names, types, required or optional, descriptions,
constraints, allowed values), so it never drifts from the code. Each value the author writes is the
placeholder « À COMPLÉTER », with a French comment above it; the examples in the comments come from
the answer key of a bundled case for that exercise, trimmed to one or two list elements.

:func:`key_template` with ``filled=True`` writes the example values where the placeholders are: the
tests validate that text against the key model, which proves that a template, once completed, is a
valid key. Module import stays light (no pydantic, no registry until a template is asked for).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from dataclasses import dataclass
from typing import Any

import yaml

__all__ = ["PLACEHOLDER", "KeyExample", "field_hint", "key_example", "key_template"]

PLACEHOLDER = "À COMPLÉTER"
"""The value a template leaves to write; ``qsecase check-case`` lists each one left."""

_WIDTH = 100
_SCALAR_LIST_EXAMPLE = 2
"""Elements kept from an example list of plain values (synonyms, fact ids…)."""
_SHOWN = 110
"""Longest example written in a comment (longer ones are cut with « … »)."""

_GLOSSARY = {
    "libelle": "formulation de référence de l'élément attendu : courte (1 à 4 mots), telle qu'un "
               "stagiaire l'écrirait",
    "synonymes": "autres formulations acceptées pour le même élément, courtes elles aussi ; chaque "
                 "mot significatif d'une formulation doit figurer dans la réponse du stagiaire",
    "faits": "identifiants des faits du corpus qui le prouvent, sans crochets (ex. E3, NC-2026-014)",
    "responsables": "fonctions ou noms acceptés comme responsables d'actions, en plus des rôles de "
                    "case.yaml",
    "date_analyse": "date de référence de la correction (échéances, retards) ; absente : la date_cas "
                    "de case.yaml",
    "exemples": "exemples de formulations attendues, chacun avec ses synonymes",
    "id": "identifiant court, unique dans la liste",
}
"""French wording of recurring field names that a key model leaves without a description."""
_EXPECTED = frozenset({"libelle", "synonymes"})
"""Glossary names that mean « element expected from the trainee » only beside each other."""


@dataclass(frozen=True)
class KeyExample:
    """The answer key of a bundled case, used for the examples of a template."""

    data: dict[str, Any] | None
    """The key as written (only the fields its author used), or None when no bundled case has one."""
    case: str = ""
    """Folder name of the bundled case it comes from."""


def key_example(exercise_id: str) -> KeyExample:
    """The first bundled case's key of ``exercise_id`` that is valid (cases in name order).

    A key being written (invalid for now) is skipped; with none, the template shows no example and
    :func:`key_template` fills with values made from the schema alone.
    """
    from qsecase.errors import QsecaseError
    from qsecase.exercises.registry import get
    from qsecase.io.yamlfile import load_data
    from qsecase.resources import cases_dir

    exercise = get(exercise_id)
    try:
        root = cases_dir()
    except FileNotFoundError:
        return KeyExample(None)
    for path in sorted(root.glob(f"*/key/{exercise_id}.yaml")):
        try:
            data, _ = load_data(path, what="corrigé")
            exercise.key_model.model_validate(data)
        except (QsecaseError, ValueError):
            continue
        return KeyExample(data, path.parent.parent.name)
    return KeyExample(None)


def key_template(exercise_id: str, *, filled: bool = False, example: KeyExample | None = None) -> str:
    """The commented YAML template of the answer key of ``exercise_id``.

    Args:
        exercise_id: A registered exercise (``probleme``, ``audit``…).
        filled: Write the example values instead of « À COMPLÉTER » (same text otherwise).
        example: The key the examples come from (default: :func:`key_example`).

    Returns:
        The text of ``key/<exercise>.yaml``, UTF-8, ending with a newline.

    Raises:
        UnknownExerciseError: ``exercise_id`` is not registered.
    """
    from qsecase.exercises.registry import get

    exercise = get(exercise_id)
    example = key_example(exercise_id) if example is None else example
    schema = exercise.key_model.model_json_schema()
    writer = _Writer(schema.get("$defs", {}), filled=filled)
    lines = _header(exercise.id, exercise.title, exercise.competencies, example.case,
                    exercise.key_model.__name__)
    writer.fields(schema, example.data, indent=0, shown=example.data is not None, top=True)
    return "\n".join(lines + writer.lines) + "\n"


def field_hint(exercise_id: str, loc: tuple[Any, ...]) -> tuple[str, bool]:
    """What the key of ``exercise_id`` expects at ``loc`` (``("pareto", "table")``), in French.

    Returns:
        The wording (« obligatoire · texte — id du tableau… ») and whether the field is optional;
        ``("", False)`` when ``loc`` is not a field of the key model.
    """
    from qsecase.errors import QsecaseError
    from qsecase.exercises.registry import get

    try:
        root = get(exercise_id).key_model.model_json_schema()
    except QsecaseError:
        return "", False
    defs = root.get("$defs", {})
    schema, parent, name, prop = root, root, "", root
    for part in loc:
        if isinstance(part, int):
            schema = _resolve(schema.get("items", {}), defs)[0]
            continue
        if _is_object(schema) and part in schema["properties"]:
            parent, name, prop = schema, part, schema["properties"][part]
            schema = _resolve(prop, defs)[0]
        elif isinstance(schema.get("additionalProperties"), dict):
            schema = _resolve(schema["additionalProperties"], defs)[0]
        else:
            return "", False
    if not name:
        return "", False
    requirement = _requirement(name, schema, parent)
    description = prop.get("description") or _GLOSSARY.get(name, "")
    text = f"{requirement} · {_kind(schema, defs)}" + (f" — {description}" if description else "")
    return text, requirement.startswith("facultatif")


# --------------------------------------------------------------------------- header


def _header(exercise: str, title: str, competencies: tuple[str, ...], case: str,
            model: str) -> list[str]:
    source = (f"tiré du corrigé du cas fourni « {case} » (cases/{case}/key/{exercise}.yaml)" if case
              else "absent : aucun cas fourni n'a encore de corrigé pour cet exercice")
    text = [
        f"key/{exercise}.yaml — corrigé de l'exercice « {exercise} » : {title}",
        f"Compétences évaluées : {', '.join(competencies)}. Document du formateur : jamais montré aux "
        "stagiaires en mode formation.",
        "",
        "Comment remplir ce modèle",
        f"- Remplacez chaque « {PLACEHOLDER} » par la valeur de votre cas. Le commentaire au-dessus de "
        "chaque champ dit s'il est obligatoire, ce qu'il attend (type, valeurs permises, nombre "
        f"minimal d'éléments) et donne un exemple, {source}.",
        "- Une liste s'écrit entre crochets, [a, b], ou un élément par ligne commençant par « - ». Pour "
        "ajouter un élément à une liste de blocs, recopiez tout le bloc qui commence par « - ».",
        "- Un champ facultatif peut être supprimé. Une ligne en commentaire « # champ: … » montre un "
        "champ facultatif : retirez le « # » pour l'utiliser.",
        "- Libellés et synonymes : formulations courtes (1 à 4 mots) telles qu'un stagiaire les écrit ; "
        "la correction ignore majuscules, accents, pluriels et petites fautes de frappe.",
        "- Faits : identifiants du corpus, sans crochets (E3, NC-2026-014).",
        "- Mettez entre guillemets un texte qui contient « : » ou « # », ou qui commence par un "
        "caractère spécial ([, {, *, &, !, %, @).",
        "- Puis vérifiez : qsecase check-case <dossier du cas>. Documents du corpus attendus par cet "
        "exercice : docs/format-cas.md, § 5 bis ; pas à pas : docs/guide-auteur.md.",
        f"(Modèle généré par qsecase à partir du format exact du corrigé, {model}.)",
    ]
    lines: list[str] = []
    for paragraph in text:
        indent = "  " if paragraph.startswith("- ") else ""
        wrapped = textwrap.wrap(paragraph, _WIDTH - 2, subsequent_indent=indent,
                                break_on_hyphens=False) or [""]
        lines += [f"# {line}".rstrip() for line in wrapped]
    return lines


# --------------------------------------------------------------------------- schema


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Follow ``$ref`` and ``T | None`` down to the schema of the value; True if it may be null.

    The description of a ``$defs`` entry is a class docstring (for developers): it is dropped,
    only the description of the field itself is kept.
    """
    node = {k: v for k, v in node.items() if k != "description"}
    nullable = False
    while True:
        if "$ref" in node:
            target = dict(defs[node["$ref"].rsplit("/", 1)[-1]])
            target.pop("description", None)
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
            continue
        alternatives = node.get("anyOf")
        if alternatives:
            real = [a for a in alternatives if a.get("type") != "null"]
            nullable = nullable or len(real) < len(alternatives)
            if len(real) == 1:
                node = {**real[0], **{k: v for k, v in node.items() if k != "anyOf"}}
                continue
            node = {**node, "anyOf": real}
        return node, nullable


def _is_object(schema: dict[str, Any]) -> bool:
    return "properties" in schema


@dataclass(frozen=True)
class _Shape:
    """What a field holds, for the template: one value, a block of fields, a list or a dict of them."""

    kind: str  # "const" | "leaf" | "object" | "list" (of objects) | "dict" (of objects or lists of them)
    schema: dict[str, Any]
    inner: dict[str, Any] | None = None  # the element or value schema of a list or dict


def _shape(schema: dict[str, Any], defs: dict[str, Any]) -> _Shape:
    if "const" in schema:
        return _Shape("const", schema)
    if _is_object(schema):
        return _Shape("object", schema)
    if schema.get("type") == "array":
        items, _ = _resolve(schema.get("items", {}), defs)
        return _Shape("list", schema, items) if _is_object(items) else _Shape("leaf", schema)
    if schema.get("type") == "object" and isinstance(schema.get("additionalProperties"), dict):
        value, _ = _resolve(schema["additionalProperties"], defs)
        structured = _is_object(value) or (
            value.get("type") == "array" and _is_object(_resolve(value.get("items", {}), defs)[0]))
        return _Shape("dict", schema, value) if structured else _Shape("leaf", schema)
    return _Shape("leaf", schema)


# --------------------------------------------------------------------------- French wording


def _number(value: float) -> str:
    return f"{value:g}"


def _bounds(schema: dict[str, Any]) -> str:
    low = (f"≥ {_number(schema['minimum'])}" if "minimum" in schema else
           f"> {_number(schema['exclusiveMinimum'])}" if "exclusiveMinimum" in schema else "")
    high = (f"≤ {_number(schema['maximum'])}" if "maximum" in schema else
            f"< {_number(schema['exclusiveMaximum'])}" if "exclusiveMaximum" in schema else "")
    return f" {low} et {high}" if low and high else f" {low or high}" if low or high else ""


_ID_PATTERN = re.compile(r"^\^\[A-Za-z0-9\]\[A-Za-z0-9_.-\]\{0,(\d+)\}\$$")


def _pattern(pattern: str) -> str:
    id_like = _ID_PATTERN.match(pattern)
    if id_like:
        return (f", identifiant sans espace (lettres, chiffres, « - », « _ » ou « . », "
                f"{int(id_like.group(1)) + 1} caractères au plus)")
    return f", format imposé : {pattern}"


def _kind(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    """French wording of what a value must be (type, allowed values, constraints)."""
    if "const" in schema:
        return f"valeur fixe « {schema['const']} », ne pas modifier"
    if "anyOf" in schema:
        return " ou ".join(_kind(_resolve(alt, defs)[0], defs) for alt in schema["anyOf"])
    if "enum" in schema:
        return "une valeur parmi : " + ", ".join(str(v) for v in schema["enum"])
    kind = schema.get("type")
    if kind == "string":
        if schema.get("format") == "date":
            return "date AAAA-MM-JJ"
        text = "texte"
        if schema.get("minLength", 0) >= 1:
            text += " non vide"
        if "maxLength" in schema:
            text += f" de {schema['maxLength']} caractères au plus"
        return text + (_pattern(schema["pattern"]) if "pattern" in schema else "")
    if kind == "integer":
        return "nombre entier" + _bounds(schema)
    if kind == "number":
        return "nombre, décimales avec un point (ex. 0.05)" + _bounds(schema)
    if kind == "boolean":
        return "true (oui) ou false (non)"
    if kind == "array":
        items, _ = _resolve(schema.get("items", {}), defs)
        count = f" (au moins {schema['minItems']})" if schema.get("minItems", 0) >= 1 else ""
        if _is_object(items):
            return f"liste de blocs{count}"
        return f"liste{count} ; chaque élément : {_kind(items, defs)}"
    if kind == "object":
        if _is_object(schema):
            return "bloc de champs, détaillés ci-dessous"
        keys = schema.get("propertyNames", {}).get("enum")
        text = "dictionnaire « clé: valeur »"
        if keys:
            text += " ; clés possibles : " + ", ".join(keys)
        if schema.get("minProperties", 0) >= 1:
            text += f" (au moins {schema['minProperties']})"
        value = schema.get("additionalProperties")
        if isinstance(value, dict):
            text += " ; chaque valeur : " + _kind(_resolve(value, defs)[0], defs)
        return text
    return "valeur libre"


def _requirement(name: str, schema: dict[str, Any], parent: dict[str, Any]) -> str:
    if "const" in schema:
        return "à laisser tel quel"
    if name in parent.get("required", ()):
        return "obligatoire"
    default = schema.get("default")
    if default in (None, "", [], {}):
        return "facultatif"
    return f"facultatif (par défaut : {_flow(default)})"


def _flow(value: Any) -> str:
    """One line of YAML for a value, as it is written in a key (``[a, b]``, ``"a: b"``, ``12``)."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6,
                          sort_keys=False)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _shown(value: Any) -> str:
    """An example as a comment shows it: a text in double quotes unless it needs none."""
    text = _flow(value)
    if isinstance(value, str) and text[:1] in "'\"":
        text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


# --------------------------------------------------------------------------- examples


def _trim(values: list[Any], schema: dict[str, Any], keep: int) -> list[Any]:
    return values[: max(schema.get("minItems", 0), min(keep, len(values)))]


def _leaf_example(value: Any, schema: dict[str, Any]) -> Any:
    """An example value trimmed for a template: lists cut to two elements (or their minimum)."""
    if isinstance(value, list):
        return _trim(value, schema, _SCALAR_LIST_EXAMPLE)
    if isinstance(value, dict) and len(value) > _SCALAR_LIST_EXAMPLE:
        keep = max(schema.get("minProperties", 0), _SCALAR_LIST_EXAMPLE)
        return dict(list(value.items())[:keep])
    return value


_CANDIDATE_IDS = ("EX1", "EX-1", "ex1", "ex-1", "E1", "1")


def _made_up(schema: dict[str, Any], defs: dict[str, Any]) -> Any:
    """A valid value built from the schema alone (when no bundled key gives an example)."""
    if "const" in schema:
        return schema["const"]
    if schema.get("default") not in (None, "", [], {}):
        return schema["default"]
    if "anyOf" in schema:
        return _made_up(_resolve(schema["anyOf"][0], defs)[0], defs)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "string":
        if schema.get("format") == "date":
            return dt.date.today()
        if "pattern" in schema:
            return next((c for c in _CANDIDATE_IDS if re.search(schema["pattern"], c)), "EX1")
        return "exemple"
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0) + (1 if kind == "integer" else 0.1))
        value = max(low, 1) if "maximum" not in schema else min(max(low, 1), schema["maximum"])
        return int(value) if kind == "integer" else float(value)
    if kind == "boolean":
        return False
    if kind == "array":
        items, _ = _resolve(schema.get("items", {}), defs)
        return [_made_up(items, defs) for _ in range(max(schema.get("minItems", 0), 1))]
    if _is_object(schema):
        return {name: _made_up(_resolve(prop, defs)[0], defs)
                for name, prop in schema["properties"].items() if name in schema.get("required", ())}
    if kind == "object":
        count = max(schema.get("minProperties", 0), 1)
        keys = (schema.get("propertyNames", {}).get("enum")
                or [f"exemple{n}" for n in range(1, count + 1)])
        value = schema.get("additionalProperties")
        value = _resolve(value, defs)[0] if isinstance(value, dict) else {"type": "string"}
        return {key: _made_up(value, defs) for key in keys[:count]}
    return "exemple"


# --------------------------------------------------------------------------- writer


class _Writer:
    """Writes the commented YAML of a key model, field by field."""

    def __init__(self, defs: dict[str, Any], *, filled: bool) -> None:
        self.defs = defs
        self.filled = filled
        self.lines: list[str] = []
        self.explained: set[str] = set()

    def _comment(self, indent: int, text: str, *, first: str = "", rest: str = "  ") -> None:
        width = max(_WIDTH - indent - 2, 40)
        self.lines += [f"{' ' * indent}# {line}" for line in
                       textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest,
                                     break_on_hyphens=False)]

    def fields(self, schema: dict[str, Any], example: dict[str, Any] | None, *, indent: int,
               shown: bool, top: bool = False, comments: bool = True) -> None:
        """The fields of an object schema, in the model's order, with the example's values.

        A field neither required nor in the example is shown as a comment; when that would leave
        the block empty, every field is written (an empty block is not a valid value).
        """
        properties = schema.get("properties", {})
        active = {name for name in properties
                  if name in schema.get("required", ()) or (example is not None and name in example)}
        for name, prop in properties.items():
            value_schema, _ = _resolve(prop, self.defs)
            required = name in active or not active
            present = example is not None and name in example
            if not present and not required:
                if comments:
                    self._describe(name, prop, value_schema, schema, indent, None, top=top)
                    start = len(self.lines)
                    self._value(name, value_schema, _made_up(value_schema, self.defs), indent,
                                shown=False, comments=True)
                    self._comment_out(start)
                continue
            value = example[name] if present and example is not None else _made_up(value_schema,
                                                                                    self.defs)
            if comments:
                self._describe(name, prop, value_schema, schema, indent, value if shown else None,
                               top=top)
            self._value(name, value_schema, value, indent, shown=shown and present,
                        comments=comments)

    def _comment_out(self, start: int) -> None:
        """Turn the value lines written since ``start`` into comments (an optional field shown)."""
        for j in range(start, len(self.lines)):
            line = self.lines[j]
            body = line.lstrip(" ")
            if body and not body.startswith("#"):
                self.lines[j] = f"{line[: len(line) - len(body)]}# {body}"

    def _describe(self, name: str, prop: dict[str, Any], schema: dict[str, Any],
                  parent: dict[str, Any], indent: int, example: Any, *, top: bool) -> None:
        if top:
            self.lines.append("")
        shape = _shape(schema, self.defs)
        self._comment(indent, f"{name} — {_requirement(name, schema, parent)} · "
                              f"{_kind(schema, self.defs)}")
        description = prop.get("description")
        expected = {"libelle", "synonymes"} <= parent.get("properties", {}).keys()
        ids = schema.get("type") == "array" and schema.get("items", {}).get("type") == "string"
        applies = (expected or name not in _EXPECTED) and (ids or name != "faits")
        if not description and name not in self.explained and applies:
            description = _GLOSSARY.get(name)
            self.explained.add(name)
        if description:
            self._comment(indent, description[0].upper() + description[1:], first="  ", rest="  ")
        if shape.kind == "list":
            self._comment(indent, "Recopiez le bloc « - … » pour chaque élément.", first="  ")
        if example is not None and shape.kind == "leaf":
            self._comment(indent, f"Ex. : {_shown(_leaf_example(example, schema))}", first="  ",
                          rest="    ")

    def _value(self, name: str, schema: dict[str, Any], value: Any, indent: int, *, shown: bool,
               comments: bool) -> None:
        pad = " " * indent
        shape = _shape(schema, self.defs)
        if shape.kind == "const":
            self.lines.append(f"{pad}{name}: {_flow(schema['const'])}")
        elif shape.kind == "leaf":
            written = _flow(_leaf_example(value, schema)) if self.filled else PLACEHOLDER
            self.lines.append(f"{pad}{name}: {written}")
        elif shape.kind == "object":
            self.lines.append(f"{pad}{name}:")
            self.fields(schema, value if isinstance(value, dict) else None, indent=indent + 2,
                        shown=shown, comments=comments)
        elif shape.kind == "list":
            self.lines.append(f"{pad}{name}:")
            self._elements(shape, value, indent + 2, shown=shown, comments=comments)
        else:
            self.lines.append(f"{pad}{name}:")
            self._entries(shape, value, indent + 2, shown=shown, comments=comments)

    def _elements(self, shape: _Shape, values: Any, indent: int, *, shown: bool,
                  comments: bool) -> None:
        """Elements of a list of blocks: one (or the list's minimum), each as « - field: … »."""
        element_schema = shape.inner or {}
        if not (isinstance(values, list) and values):
            values = _made_up(shape.schema, self.defs)
        for i, element in enumerate(_trim(values, shape.schema, 1)):
            start = len(self.lines)
            self.fields(element_schema, element if isinstance(element, dict) else None,
                        indent=indent + 2, shown=shown, comments=comments and i == 0)
            self._dash(start, indent)

    def _dash(self, start: int, indent: int) -> None:
        """Turn the first value line written since ``start`` into a « - » list item."""
        inner = " " * (indent + 2)
        for j in range(start, len(self.lines)):
            line = self.lines[j]
            if line.startswith(inner) and not line[indent + 2:].startswith("#"):
                self.lines[j] = " " * indent + "- " + line[indent + 2:]
                return
            if line.startswith(inner + "#"):
                self.lines[j] = " " * indent + line[indent + 2:]

    def _entries(self, shape: _Shape, values: Any, indent: int, *, shown: bool,
                 comments: bool) -> None:
        """Entries of a dict of blocks (``qqoqcp: {quoi: [...]}``): the example's keys."""
        value_schema = shape.inner or {}
        keys = shape.schema.get("propertyNames", {}).get("enum")
        if not isinstance(values, dict) or not values:
            values = _made_up(shape.schema, self.defs)
            shown = False
        ordered = [k for k in keys if k in values] if keys else list(values)[:_SCALAR_LIST_EXAMPLE]
        inner = _shape(value_schema, self.defs)
        for n, key in enumerate(ordered):
            self.lines.append(f"{' ' * indent}{key}:")
            if inner.kind == "list":
                self._elements(inner, values[key], indent + 2, shown=shown,
                               comments=comments and n == 0)
            else:
                self.fields(value_schema, values[key], indent=indent + 2, shown=shown,
                            comments=comments and n == 0)
