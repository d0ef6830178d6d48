"""Translations of what users read: French is the source language, the others come from catalogues.

Every user-facing string is written once, in French, where it is used (a ``TEXTS`` table, a
``_("…")`` call, a template, a rubric); that French text is the *msgid*. The catalogue
``qsecase/data/i18n/<lang>.po`` (gettext PO, read with Babel) maps each msgid to its translation.
French is returned unchanged and never reads a catalogue; in another language a msgid the
catalogue lacks (or marks fuzzy) falls back to French and is counted in :func:`missing`.

Placeholders are ``str.format`` fields (``"{n} copies"``); a translation keeps the same fields.
A sentence built at run time is translatable when it is built with :class:`Msg` (a French ``str``
that remembers its template and values). ``python -m qsecase.i18n.extract`` lists every msgid of
the sources and updates the catalogues (see ``docs/traduction.md``).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

__all__ = ["LANGS", "N_", "SOURCE_LANG", "Catalogue", "Msg", "Translator", "catalogue",
           "check_lang", "current_lang", "join", "mark", "missing", "number", "reset_missing",
           "translate", "translate_plural", "translator", "use_lang"]

SOURCE_LANG = "fr"
"""The language the code, templates and rubrics are written in (the msgids)."""
LANGS: tuple[str, ...] = ("fr", "en")
"""The languages a notebook, a grade and a report can be produced in."""

_LIST_SEPARATORS = {"fr": " ; ", "en": "; "}
_NUMBER_SEPARATORS = {"fr": ("\u202f", ","), "en": (",", ".")}  # thousands, decimal
_PLURAL_RULES: dict[str, Callable[[int], int]] = {
    "fr": lambda n: int(n > 1),  # « 0 élément », « 1 élément », « 2 éléments »
    "en": lambda n: int(n != 1),
}

_current: contextvars.ContextVar[str] = contextvars.ContextVar("qsecase_lang", default=SOURCE_LANG)
_missing: dict[str, Counter[str]] = {}


def N_(text: str) -> str:
    """Mark ``text`` for the catalogue without translating it (module-level constants)."""
    return text


class Msg(str):
    """A French sentence built from a template and values, that can still be translated.

    ``Msg("{n} actions sans responsable", n=3)`` *is* the string « 3 actions sans
    responsable » everywhere a ``str`` is expected; :func:`translate` translates its template and
    formats it again with the same values (themselves translated when they are ``Msg``). With a
    plural template, ``Msg("{n} action", "{n} actions", n=3)``, the form follows ``n``.
    """

    msgid: str
    plural: str | None
    values: dict[str, Any]

    def __new__(cls, template: str, plural: str | None = None, /, **values: Any) -> Msg:
        if plural is None:
            text = template.format(**values) if values else template
        else:
            text = translate_plural(template, plural, values["n"], SOURCE_LANG, **_without_n(values))
        obj = super().__new__(cls, text)
        obj.msgid, obj.plural, obj.values = template, plural, values
        return obj

    def __reduce__(self) -> tuple[Any, ...]:  # pickled across processes as what it is
        return (_rebuild_msg, (self.msgid, self.plural, self.values))


def _without_n(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k != "n"}


def _rebuild_msg(template: str, plural: str | None, values: dict[str, Any]) -> Msg:
    return Msg(template, plural, **values)


@dataclass(frozen=True)
class Catalogue:
    """The usable translations of one language (fuzzy and empty entries left out)."""

    lang: str
    messages: Mapping[str, str] = field(default_factory=dict)
    plurals: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    plural_index: Callable[[int], int] = _PLURAL_RULES["en"]


def check_lang(lang: str) -> str:
    """``lang`` if qsecase speaks it, else a French :class:`~qsecase.errors.QsecaseError`."""
    if lang not in LANGS:
        from qsecase.errors import QsecaseError

        raise QsecaseError(f"langue inconnue « {lang} » — langues possibles : {', '.join(LANGS)}")
    return lang


@functools.cache
def catalogue(lang: str) -> Catalogue:
    """The catalogue ``data/i18n/<lang>.po`` (empty for French or a language without one)."""
    source = resources.files("qsecase") / "data" / "i18n" / f"{lang}.po"
    if lang == SOURCE_LANG or not source.is_file():
        return Catalogue(lang, plural_index=_PLURAL_RULES.get(lang, _PLURAL_RULES["en"]))
    import gettext

    from babel.messages.pofile import read_po

    with source.open("rb") as stream:
        po = read_po(stream, locale=lang)
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for entry in po:
        if not entry.id or entry.fuzzy:
            continue
        if isinstance(entry.id, tuple | list):
            forms = tuple(entry.string or ())
            if forms and all(forms):
                plurals[entry.id[0]] = forms
        elif isinstance(entry.string, str) and entry.string:
            messages[entry.id] = entry.string
    rule = _PLURAL_RULES.get(lang) or gettext.c2py(po.plural_expr)
    return Catalogue(lang, messages, plurals, rule)


def _fallback(text: str, lang: str) -> str:
    _missing.setdefault(lang, Counter())[text] += 1
    return text


def _lookup(text: str, lang: str) -> str:
    if lang == SOURCE_LANG:
        return text
    found = catalogue(lang).messages.get(text)
    return _fallback(text, lang) if found is None else found


def _values(values: Mapping[str, Any], lang: str) -> dict[str, Any]:
    return {k: translate(v, lang) if isinstance(v, Msg) else v for k, v in values.items()}


def translate(text: str, lang: str = SOURCE_LANG, /, **values: Any) -> str:
    """``text`` (a French msgid) in ``lang``, formatted with ``values``.

    French comes back unchanged (formatted when ``values`` are given, as ``str.format`` would);
    a :class:`Msg` is translated through its template. A msgid missing from the catalogue falls
    back to French and is counted (see :func:`missing`).
    """
    if isinstance(text, Msg) and not values:
        if lang == SOURCE_LANG:
            return str(text)
        if text.plural is not None:
            return translate_plural(text.msgid, text.plural, text.values["n"], lang,
                                    **_without_n(text.values))
        msg = text
        text, values = msg.msgid, msg.values
    template = _lookup(str(text), lang)
    return template.format(**_values(values, lang)) if values else template


def translate_plural(singular: str, plural: str, n: int, lang: str = SOURCE_LANG, /,
                     **values: Any) -> str:
    """The form of ``singular``/``plural`` (French msgids) for ``n`` in ``lang``, formatted with
    ``n`` and ``values``. French: singular for 0 and 1, as French grammar wants."""
    values = {"n": n, **values}
    if lang == SOURCE_LANG:
        template = singular if _PLURAL_RULES["fr"](n) == 0 else plural
    else:
        cat = catalogue(lang)
        forms = cat.plurals.get(singular)
        if forms is None:
            template = _fallback(singular if _PLURAL_RULES["fr"](n) == 0 else plural, lang)
        else:
            template = forms[min(cat.plural_index(n), len(forms) - 1)]
    return template.format(**_values(values, lang))


@dataclass(frozen=True)
class Translator:
    """``_ = translator(lang)`` then ``_("Note sur 20")`` or ``_.plural("{n} copie", "{n} copies",
    n)``: the names the catalogue extractor looks for in the sources."""

    lang: str = SOURCE_LANG

    def __call__(self, text: str, /, **values: Any) -> str:
        return translate(text, self.lang, **values)

    def plural(self, singular: str, plural: str, n: int, /, **values: Any) -> str:
        return translate_plural(singular, plural, n, self.lang, **values)

    def template(self, text: str) -> str:
        """The translated template, not formatted (for a caller that formats it itself)."""
        return _lookup(text, self.lang)


def translator(lang: str | None = None) -> Translator:
    """A :class:`Translator` for ``lang`` (default: the current language, see :func:`use_lang`)."""
    return Translator(lang or current_lang())


def current_lang() -> str:
    """The language set by the innermost :func:`use_lang` (French outside any)."""
    return _current.get()


@contextlib.contextmanager
def use_lang(lang: str) -> Iterator[str]:
    """Within the block, functions called without a language use ``lang`` (like Django's
    ``translation.override``): the grading of a session runs in the session's language."""
    token = _current.set(check_lang(lang))
    try:
        yield lang
    finally:
        _current.reset(token)


def missing(lang: str = "en") -> Counter[str]:
    """How many times each msgid fell back to French in ``lang`` since the last reset."""
    return Counter(_missing.get(lang, Counter()))


def reset_missing() -> None:
    """Forget the fallbacks counted so far."""
    _missing.clear()


def join(items: Iterable[str], lang: str = SOURCE_LANG) -> str:
    """Items as a list in a sentence: « a ; b » in French, "a; b" in English."""
    return _LIST_SEPARATORS.get(lang, "; ").join(items)


def number(value: float, lang: str = SOURCE_LANG, decimals: int = 1) -> str:
    """A number with the language's separators: « 1 234,5 » in French, "1,234.5" in English."""
    thousands, point = _NUMBER_SEPARATORS.get(lang, _NUMBER_SEPARATORS["en"])
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", point).replace("\0", thousands)


def mark(value: float, lang: str = SOURCE_LANG) -> str:
    """A mark out of 20 to the hundredth, without trailing zeros: « 6,25 », "6.25", « 12 »."""
    text = number(round(value, 2), lang, 2)
    point = _NUMBER_SEPARATORS.get(lang, _NUMBER_SEPARATORS["en"])[1]
    return text.rstrip("0").rstrip(point) if point in text else text
