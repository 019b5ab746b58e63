"""The interface speaks Russian: every string has a translation, and the
compiled catalogues say the same as the sources."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

SOURCES = sorted(
    p
    for p in Path(settings.BASE_DIR).glob("**/locale/ru/LC_MESSAGES/django.po")
    if ".venv" not in p.parts
)


def test_there_are_catalogues():
    assert len(SOURCES) >= 2


@pytest.mark.parametrize(
    "po_path", SOURCES, ids=lambda p: str(p.parent.parent.parent.parent.name)
)
def test_every_string_is_translated(po_path):
    catalogue = polib.pofile(str(po_path))

    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize(
    "po_path", SOURCES, ids=lambda p: str(p.parent.parent.parent.parent.name)
)
def test_the_compiled_catalogue_matches_its_source(po_path):
    source = polib.pofile(str(po_path))
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))

    expected = {
        (e.msgid, e.msgstr) for e in source.translated_entries() if not e.msgid_plural
    }
    actual = {(e.msgid, e.msgstr) for e in compiled if not e.msgid_plural and e.msgid}
    assert expected == actual


def test_no_string_is_translated_two_ways():
    """The same words in two catalogues must read the same, or carry a
    context: Django takes whichever catalogue it finds first."""
    translations = {}
    for po_path in SOURCES:
        for entry in polib.pofile(str(po_path)):
            if entry.msgid_plural or not entry.msgstr:
                continue
            key = (entry.msgctxt, entry.msgid)
            translations.setdefault(key, set()).add(entry.msgstr)

    assert {k: v for k, v in translations.items() if len(v) > 1} == {}
