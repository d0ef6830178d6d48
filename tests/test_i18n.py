"""The translation layer and its catalogue: French is the reference, English comes from ``en.po``."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys

import pytest

from qsecase import i18n
from qsecase.errors import QsecaseError
from qsecase.i18n import Msg, translate, translate_plural, translator, use_lang
from qsecase.i18n.extract import COVERED, coverage, extract, po_path

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@pytest.fixture(scope="module")
def messages() -> list[i18n.extract.Message]:
    problems: list[str] = []
    found = extract(problems)
    assert not problems, problems
    return found


@pytest.fixture(scope="module")
def po() -> object:
    from babel.messages.pofile import read_po

    with po_path("en").open("rb") as stream:
        return read_po(stream, locale="en")


# --- translate -------------------------------------------------------------------------------


def test_french_is_returned_unchanged_and_formatted_like_str_format() -> None:
    assert translate("Note sur 20", "fr") == "Note sur 20"
    assert translate("{n} salariés", "fr", n=12) == "12 salariés"
    assert translate("{accolades} gardées telles quelles", "fr") == "{accolades} gardées telles quelles"


def test_english_comes_from_the_catalogue() -> None:
    assert translate("Note sur 20", "en") == "Mark out of 20"
    assert translate("{n} salariés", "en", n=12) == "12 employees"
    assert translate("acquis", "en") == "achieved"
    assert translate("à vérifier", "en") == "to be reviewed"


def test_a_missing_entry_falls_back_to_french_and_is_counted() -> None:
    i18n.reset_missing()
    text = "Phrase qu'aucun catalogue ne traduit : {x}."
    assert translate(text, "en", x=1) == "Phrase qu'aucun catalogue ne traduit : 1."
    translate(text, "en", x=2)
    assert i18n.missing("en")[text] == 2
    assert translate("Note sur 20", "en") and "Note sur 20" not in i18n.missing("en")
    i18n.reset_missing()
    assert not i18n.missing("en")


def test_msg_is_a_french_string_that_can_still_be_translated() -> None:
    note = Msg("Éléments pertinents trouvés : {elements}.", elements="E3 ; E7")
    assert note == "Éléments pertinents trouvés : E3 ; E7." and isinstance(note, str)
    assert translate(note, "fr") == "Éléments pertinents trouvés : E3 ; E7."
    assert translate(note, "en") == "Relevant elements found: E3 ; E7."
    nested = Msg("Mode : {mode}", mode=Msg("autoformation"))
    assert translate(nested, "en") == "Mode: self-study"
    counted = Msg("{n} élément attendu non trouvé.", "{n} éléments attendus non trouvés.", n=3)
    assert counted == "3 éléments attendus non trouvés."
    assert translate(counted, "en") == "3 expected elements not found."
    for msg in (note, counted):
        again = pickle.loads(pickle.dumps(msg))
        assert again == msg and (again.msgid, again.plural, again.values) == (
            msg.msgid, msg.plural, msg.values)


def test_plural_rules_of_each_language() -> None:
    singular, plural = "{n} item à vérifier", "{n} items à vérifier"
    assert [translate_plural(singular, plural, n, "fr") for n in (0, 1, 2)] == [
        "0 item à vérifier", "1 item à vérifier", "2 items à vérifier"]
    assert [translate_plural(singular, plural, n, "en") for n in (0, 1, 2)] == [
        "0 items to be reviewed", "1 item to be reviewed", "2 items to be reviewed"]
    _ = translator("en")
    assert _.plural("{n} élément attendu non trouvé.", "{n} éléments attendus non trouvés.",
                    3) == "3 expected elements not found."


def test_use_lang_sets_the_language_of_a_block_and_restores_it() -> None:
    assert i18n.current_lang() == "fr"
    with use_lang("en"):
        assert translator()("Statut") == "Status"
        with use_lang("fr"):
            assert translator()("Statut") == "Statut"
        assert i18n.current_lang() == "en"
    assert i18n.current_lang() == "fr"
    with pytest.raises(QsecaseError, match="langue inconnue « de » — langues possibles : fr, en"):
        use_lang("de").__enter__()


def test_numbers_follow_the_language_and_french_matches_the_views() -> None:
    from qsecase.views.palette import fr_mark, fr_number

    for value in (0, 1, 6.25, 12.5, 13.333, 19.999, 20, 1234.5, 1_000_000):
        assert i18n.number(value, "fr", 1) == fr_number(value, 1)
        assert i18n.number(value, "fr", 2) == fr_number(value, 2)
        assert i18n.mark(value, "fr") == fr_mark(value)
    assert i18n.number(1234.5, "en") == "1,234.5" and i18n.mark(6.25, "en") == "6.25"
    assert i18n.mark(12, "en") == "12" and i18n.mark(12.5, "en") == "12.5"
    assert i18n.join(["a", "b"], "fr") == "a ; b" and i18n.join(["a", "b"], "en") == "a; b"


def test_french_never_loads_babel() -> None:
    code = ("import sys, qsecase.i18n as t; t.translate('Statut', 'fr'); "
            "t.translate_plural('{n} a', '{n} b', 2, 'fr'); print('babel' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- the catalogue ---------------------------------------------------------------------------


def test_every_text_of_the_covered_scopes_has_an_english_translation(
        messages: list[i18n.extract.Message]) -> None:
    cov = coverage("en", messages)
    missing = {scope: cov.untranslated.get(scope, []) + cov.fuzzy.get(scope, [])
               for scope in COVERED}
    assert not any(missing.values()), (
        "textes sans traduction anglaise (python -m qsecase.i18n.extract missing) : "
        f"{ {s: m[:5] for s, m in missing.items() if m} }")
    assert cov.total["grilles"] >= 500 and cov.total["statuts"] == 4
    assert cov.total["rapports"] >= 80 and cov.total["carnet"] >= 100


def test_every_rubric_text_of_every_exercise_is_extracted(
        messages: list[i18n.extract.Message]) -> None:
    from qsecase.exercises.registry import exercises
    from qsecase.grading.rubric import load_rubric

    keys = {m.key for m in messages if m.scope == "grilles"}
    for exercise in exercises():
        for item in load_rubric(exercise.id).items:
            texts = [item.label, item.feedback.acquis, item.feedback.partiel,
                     item.feedback.non_acquis, item.feedback.a_verifier]
            assert set(texts) <= keys, (exercise.id, item.id)
            assert not item.indice or item.indice in keys


def test_extraction_reads_text_tables_calls_and_templates(
        messages: list[i18n.extract.Message]) -> None:
    by_key = {m.key: m for m in messages}
    assert by_key["✔ Enregistré à {time}"].scope == "carnet"  # TEXTS of widgets/common.py
    assert by_key["Vérifier ma réponse"].scope == "carnet"
    assert by_key["Rapport de correction de la cohorte"].scope == "rapports"  # _("…") call
    assert by_key["Aller au contenu"].scope == "rapports"  # template
    plural = by_key["{n} item reste à vérifier par le formateur : la note peut encore changer."]
    assert isinstance(plural.id, tuple) and "python-brace-format" in plural.flags
    assert by_key["Analyser les non-conformités (causes racines)"].scope == "carnet"
    assert by_key["Choix des outils"].scope == "carnet"  # a step title


def test_translations_keep_the_placeholders_and_are_never_fuzzy(po: object) -> None:
    checked = 0
    for entry in po:  # type: ignore[attr-defined]
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple | list) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple | list) else (entry.string,)
        for source, target in zip(ids, strings, strict=False):
            if target:
                assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(target)), (
                    source, target)
                checked += 1
        assert not entry.fuzzy, entry.id
    assert checked > 800


def test_qse_vocabulary_is_translated_consistently() -> None:
    """ISO and French QSE terms keep one English rendering across the catalogue."""
    catalogue = i18n.catalogue("en").messages
    pairs = [(r"\bnon-conformit", "nonconformit"), (r"\bAMDEC\b", "FMEA"),
             (r"\barbres? des causes\b", "cause tree"), (r"\bactions? correctives?\b", "corrective"),
             (r"\bEPI\b", "PPE"), (r"\bRSE\b", "CSR"),
             (r"\bACV\b", "LCA"), (r"\bRPS\b(?!-DU)", "psychosocial")]
    for french, english in pairs:
        sources = [k for k in catalogue if re.search(french, k, re.IGNORECASE)]
        assert sources, french
        for source in sources:
            assert english.lower() in catalogue[source].lower(), (source, catalogue[source])
    assert all("DUERP" in catalogue[k] for k in catalogue if "DUERP" in k)
