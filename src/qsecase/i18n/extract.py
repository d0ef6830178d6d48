"""Collect every translatable French string of qsecase and keep the catalogues in step with them.

A tool for developers and translators (``python -m qsecase.i18n.extract --help``), never imported
at run time. It reads, without running anything a trainee wrote:

* the rubrics (``data/rubrics/*.yaml``): label, feedback for each status, hint of every item;
* the Python sources: ``TEXTS = {"fr": {…}}`` tables and calls ``_("…")``, ``_.plural("…", "…",
  n)``, ``N_("…")``, ``Msg("…", …)``, ``Msg("…", "…", n=…)``, ``translate("…", …)``,
  ``translate_plural("…", "…", …)``;
* the report templates (``data/templates/*.j2``): calls ``_("…")`` and ``_n("…", "…", n)``;
* data shown as is: exercise titles, the référentiel's short competency titles, the step titles
  of each notebook, the four statuses.

Each message belongs to a *scope*; the scopes of :data:`COVERED` must be fully translated (a test
checks it), the others are translated when a translator gets to them and fall back to French.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["COVERED", "SCOPES", "Message", "coverage", "extract", "main", "po_path",
           "update_catalogue"]

SCOPES: dict[str, str] = {
    "grilles": "grilles d'évaluation : intitulé, retours par statut et indice de chaque item",
    "rapports": "rapport de cohorte, pages de retour, carnet de notes (grading/, templates)",
    "carnet": "habillage des carnets : présentation, enregistrement, autoformation, titres",
    "statuts": "les quatre statuts d'acquisition",
    "formulaires": "formulaires des étapes de chaque exercice (widgets/<exercice>_*.py)",
    "autres": "tout autre message repéré dans les sources",
}
"""Every scope, with what it holds."""
COVERED: tuple[str, ...] = ("grilles", "rapports", "carnet", "statuts")
"""The scopes every catalogue must translate entirely."""

_CHROME = ("qsecase/notebook.py", "qsecase/widgets/common.py", "qsecase/widgets/selfstudy.py",
           "qsecase/widgets/autosave.py", "qsecase/views/tables.py")
_REPORT_TEMPLATES = ("_base.html.j2", "_macros.html.j2", "feedback.html.j2", "index.html.j2")
_CALLS = {"_", "N_", "Msg", "translate"}
_PLURAL_CALLS = {"translate_plural"}
_HEADER = """\
# qsecase: « {lang} » translation of the texts a trainee and a trainer read.
# Source language: French (each msgid is the French text, the reference).
# Update with « python -m qsecase.i18n.extract update --lang {lang} », see docs/traduction.md.
#"""
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}")


@dataclass
class Message:
    """One msgid (or singular/plural pair), where it comes from and what it is."""

    id: str | tuple[str, str]
    scope: str
    locations: list[tuple[str, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.id[0] if isinstance(self.id, tuple) else self.id

    @property
    def flags(self) -> set[str]:
        texts = self.id if isinstance(self.id, tuple) else (self.id,)
        return {"python-brace-format"} if any(_PLACEHOLDER.search(t) for t in texts) else set()


class _Collector:
    def __init__(self) -> None:
        self.messages: dict[str, Message] = {}

    def add(self, msgid: str | tuple[str, str], scope: str, path: str, line: int,
            comment: str = "") -> None:
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        if not key.strip():
            return
        message = self.messages.get(key)
        if message is None:
            message = self.messages[key] = Message(msgid, scope)
        elif _rank(scope) < _rank(message.scope):
            message.scope = scope  # a msgid shared by two scopes counts in the covered one
        if (path, line) not in message.locations:
            message.locations.append((path, line))
        if comment and comment not in message.comments:
            message.comments.append(comment)


def _rank(scope: str) -> int:
    return COVERED.index(scope) if scope in COVERED else len(COVERED)


def _package() -> Path:
    return Path(str(resources.files("qsecase")))


def _rel(path: Path) -> str:
    return path.relative_to(_package().parent).as_posix()


def _python_scope(rel: str) -> str:
    if rel in _CHROME:
        return "carnet"
    if rel == "qsecase/grading/rubric.py":
        return "grilles"
    if rel.startswith("qsecase/grading/"):
        return "rapports"
    if rel.startswith("qsecase/widgets/"):
        return "formulaires"
    return "autres"


def _constant(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _from_python(out: _Collector, path: Path) -> None:
    rel = _rel(path)
    scope = _python_scope(rel)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (
                func.attr if isinstance(func, ast.Attribute) else "")
            args = [_constant(a) for a in node.args[:2]]
            pair = len(args) == 2 and args[0] is not None and args[1] is not None
            plural_call = name in _PLURAL_CALLS or name == "Msg" or (
                name == "plural" and isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name) and func.value.id == "_")
            if plural_call and pair:
                out.add((args[0], args[1]), scope, rel, node.lineno)  # type: ignore[arg-type]
            elif name in _CALLS and args and args[0] is not None:
                out.add(args[0], scope, rel, node.lineno)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if not any(isinstance(t, ast.Name) and t.id == "TEXTS" for t in targets):
                continue
            if not isinstance(node.value, ast.Dict):
                continue
            for lang, table in zip(node.value.keys, node.value.values, strict=True):
                if _constant(lang) != "fr" or not isinstance(table, ast.Dict):
                    continue
                for key, value in zip(table.keys, table.values, strict=True):
                    text = _constant(value)
                    if text is not None:
                        out.add(text, scope, rel, value.lineno, f"TEXTS[{_constant(key)!r}]")


def _from_templates(out: _Collector, folder: Path) -> None:
    import jinja2
    from jinja2 import nodes

    env = jinja2.Environment()
    for path in sorted(folder.glob("*.j2")):
        scope = "rapports" if path.name in _REPORT_TEMPLATES else "autres"
        rel = _rel(path)
        for call in env.parse(path.read_text(encoding="utf-8")).find_all(nodes.Call):
            if not isinstance(call.node, nodes.Name):
                continue
            args = [a.value if isinstance(a, nodes.Const) and isinstance(a.value, str) else None
                    for a in call.args[:2]]
            if call.node.name == "_" and args and args[0] is not None:
                out.add(args[0], scope, rel, call.lineno)
            elif (call.node.name == "_n" and len(args) == 2 and args[0] is not None
                  and args[1] is not None):
                out.add((args[0], args[1]), scope, rel, call.lineno)


def _yaml_nodes(path: Path) -> Any:
    import yaml

    return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)


def _mapping(node: Any) -> dict[str, Any]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _from_rubrics(out: _Collector, folder: Path) -> None:
    import yaml

    for path in sorted(folder.glob("*.yaml")):
        rel = _rel(path)
        top = _mapping(_yaml_nodes(path))
        exercise = getattr(top.get("exercise"), "value", path.stem)
        items = top.get("items")
        for item in items.value if isinstance(items, yaml.SequenceNode) else []:
            fields = _mapping(item)
            item_id = getattr(fields.get("id"), "value", "?")
            places = [("label", fields.get("label"))]
            places += [(f"feedback.{k}", v) for k, v in _mapping(fields.get("feedback")).items()]
            places.append(("indice", fields.get("indice")))
            for name, node in places:
                if isinstance(node, yaml.ScalarNode) and node.value:
                    out.add(node.value, "grilles", rel, node.start_mark.line + 1,
                            f"grille {exercise} › {item_id} › {name}")


def _from_referentiel(out: _Collector, path: Path) -> None:
    import yaml

    rel = _rel(path)
    for bloc in getattr(_mapping(_yaml_nodes(path)).get("blocs"), "value", []):
        for comp in getattr(_mapping(bloc).get("competences"), "value", []):
            fields = _mapping(comp)
            node = fields.get("titre_court")
            if isinstance(node, yaml.ScalarNode):
                code = getattr(fields.get("code"), "value", "?")
                out.add(node.value, "carnet", rel, node.start_mark.line + 1,
                        f"titre court de la compétence {code}")


def _from_registry(out: _Collector, problems: list[str]) -> None:
    """Exercise titles, statuses and step titles, read from the loaded registry and UIs."""
    from qsecase.exercises.registry import exercises
    from qsecase.grading.grade import STATUSES

    registry = "qsecase/exercises/registry.py"
    for status in STATUSES:
        out.add(status, "statuts", "qsecase/grading/grade.py", 0, "statut d'acquisition")
    for exercise in exercises():
        out.add(exercise.title, "carnet", registry, 0, f"titre de l'exercice {exercise.id}")
    for exercise in exercises():
        try:
            from qsecase.widgets.exercise_ui import load_ui

            ui = load_ui(exercise)
        except Exception as exc:  # an exercise being written must not stop the extraction
            problems.append(f"{exercise.id} : titres des étapes illisibles ({exc})")
            continue
        where = exercise.ui.replace(".", "/") + ".py"
        for step in ui.key_steps:
            title = ui.key_titles.get(step)
            if title:
                out.add(title, "carnet", where, 0, f"titre d'étape {exercise.id} › {step}")


def extract(problems: list[str] | None = None) -> list[Message]:
    """Every translatable message of the installed sources, in a stable order.

    Args:
        problems: Receives a French line for each source that could not be read.
    """
    problems = problems if problems is not None else []
    root = _package()
    out = _Collector()
    _from_rubrics(out, root / "data" / "rubrics")
    _from_registry(out, problems)
    _from_referentiel(out, root / "data" / "referentiel.yaml")
    for path in sorted(root.rglob("*.py")):
        if "i18n" in path.relative_to(root).parts:
            continue
        try:
            _from_python(out, path)
        except SyntaxError as exc:
            problems.append(f"{_rel(path)} : {exc}")
    _from_templates(out, root / "data" / "templates")
    return list(out.messages.values())


def po_path(lang: str) -> Path:
    """The catalogue of ``lang`` in the sources (``qsecase/data/i18n/<lang>.po``)."""
    return _package() / "data" / "i18n" / f"{lang}.po"


def _template(messages: Sequence[Message]) -> Any:
    from babel.messages.catalog import Catalog

    from qsecase import __version__

    catalog = Catalog(project="qsecase", version=__version__, charset="utf-8",
                      copyright_holder="Équipe qsecase", fuzzy=False)
    for m in messages:
        where: list[Any] = [(p, n or None) for p, n in m.locations]  # no line: path only
        comments = [f"[{m.scope}]", *m.comments]
        catalog.add(m.id, locations=where, auto_comments=comments, flags=m.flags)
    return catalog


def update_catalogue(lang: str, messages: Sequence[Message] | None = None,
                     path: Path | None = None) -> Path:
    """Create or update ``<lang>.po`` from the sources, keeping every existing translation.

    New msgids come in untranslated (or marked *fuzzy* when Babel finds a close former msgid
    whose translation a translator must check); translated msgids gone from the sources are kept
    at the end of the file as obsolete (``#~``) entries, so that nothing a translator wrote is
    lost (untranslated ones are dropped).
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    from qsecase.io.atomic import atomic_write_bytes

    path = path or po_path(lang)
    messages = extract() if messages is None else messages
    if path.is_file():
        with path.open("rb") as stream:
            po = read_po(stream, locale=lang)
    else:
        from qsecase import __version__

        po = Catalog(locale=lang, project="qsecase", version=__version__, charset="utf-8",
                     copyright_holder="Équipe qsecase", msgid_bugs_address="Équipe qsecase",
                     last_translator="Équipe qsecase", language_team="Équipe qsecase",
                     header_comment=_HEADER.format(lang=lang), fuzzy=False,
                     revision_date=dt.datetime.now(dt.UTC).replace(microsecond=0))
    created = po.creation_date
    po.update(_template(messages), update_header_comment=False)
    po.obsolete = {key: m for key, m in po.obsolete.items()  # keep what a translator wrote
                   if any(m.string if isinstance(m.string, tuple | list) else [m.string])}
    po.creation_date = created
    po.fuzzy = False
    import io

    buffer = io.BytesIO()
    write_po(buffer, po, width=100)
    atomic_write_bytes(path, buffer.getvalue())
    return path


@dataclass
class Coverage:
    """How much of each scope one catalogue translates."""

    lang: str
    total: dict[str, int]
    translated: dict[str, int]
    untranslated: dict[str, list[str]]
    fuzzy: dict[str, list[str]]

    def complete(self, scopes: Iterable[str] = COVERED) -> bool:
        return not any(self.untranslated.get(s) or self.fuzzy.get(s) for s in scopes)


def coverage(lang: str, messages: Sequence[Message] | None = None,
             path: Path | None = None) -> Coverage:
    """Which extracted messages ``<lang>.po`` translates, scope by scope (fuzzy ones do not count;
    a plural is translated when every form is)."""
    from babel.messages.pofile import read_po

    path = path or po_path(lang)
    messages = extract() if messages is None else messages
    entries: dict[str, Any] = {}
    if path.is_file():
        with path.open("rb") as stream:
            for found in read_po(stream, locale=lang):
                if found.id:
                    entries[found.id[0] if isinstance(found.id, tuple | list) else found.id] = found
    result = Coverage(lang, {}, {}, {}, {})
    for m in messages:
        result.total[m.scope] = result.total.get(m.scope, 0) + 1
        entry = entries.get(m.key)
        strings = (entry.string if isinstance(entry.string, tuple | list) else (entry.string,)
                   ) if entry is not None else ()
        if entry is not None and entry.fuzzy:
            result.fuzzy.setdefault(m.scope, []).append(m.key)
        elif strings and all(strings):
            result.translated[m.scope] = result.translated.get(m.scope, 0) + 1
        else:
            result.untranslated.setdefault(m.scope, []).append(m.key)
    return result


def _report(cov: Coverage) -> str:
    lines = [f"Catalogue « {cov.lang} » :"]
    for scope, what in SCOPES.items():
        total = cov.total.get(scope, 0)
        if not total:
            continue
        done = cov.translated.get(scope, 0)
        fuzzy = len(cov.fuzzy.get(scope, []))
        mark = "✔" if done == total else ("✖" if scope in COVERED else "·")
        extra = f", {fuzzy} à revoir (fuzzy)" if fuzzy else ""
        lines.append(f"  {mark} {scope:<12} {done:>5} / {total:<5} traduits{extra} — {what}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m qsecase.i18n.extract [update|check|stats] [--lang en]``."""
    parser = argparse.ArgumentParser(
        prog="python -m qsecase.i18n.extract",
        description="Extraire les textes traduisibles de qsecase et tenir à jour les catalogues.")
    parser.add_argument("action", choices=["update", "check", "stats", "missing"],
                        help="update : mettre à jour <lang>.po ; check : échouer si une portée "
                             "couverte n'est pas traduite ; stats : couverture par portée ; "
                             "missing : lister les textes non traduits des portées couvertes")
    parser.add_argument("--lang", default="en", help="langue du catalogue (défaut : en)")
    args = parser.parse_args(argv)
    problems: list[str] = []
    messages = extract(problems)
    for problem in problems:
        print(f"attention : {problem}", file=sys.stderr)
    if args.action == "update":
        path = update_catalogue(args.lang, messages)
        print(f"{path.name} mis à jour : {len(messages)} messages extraits.")
    cov = coverage(args.lang, messages)
    print(_report(cov))
    if args.action == "missing":
        for scope in COVERED:
            for key in cov.untranslated.get(scope, []) + cov.fuzzy.get(scope, []):
                print(f"[{scope}] {key}")
    return 0 if args.action in ("update", "stats") or cov.complete() else 1


if __name__ == "__main__":
    raise SystemExit(main())
