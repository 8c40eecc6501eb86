"""The shared chrome (base.html) is translated to English: no string of it is left out."""

import re
from pathlib import Path

from django.utils import translation

SRC = Path(__file__).resolve().parents[2]
BASE = SRC / "templates" / "base.html"
PO = SRC / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_string_of_the_shared_chrome_has_an_english_translation():
    strings = set(re.findall(r"{% translate [\"']([^\"']+)[\"'] %}", BASE.read_text("utf-8")))
    po = PO.read_text("utf-8")
    translated = dict(re.findall(r'msgid "(.+)"\nmsgstr "(.*)"', po))
    assert strings, "no translatable strings found: the scan is broken"
    assert {s for s in strings if not translated.get(s)} == set()
    # and the compiled catalogue the app loads has them too
    with translation.override("en"):
        assert {s for s in strings if translation.gettext(s) == s} == set()
