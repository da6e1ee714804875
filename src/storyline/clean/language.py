"""The language of a text and its stop words, for the line classifier's stop-word share.

Stop-word lists are jusText's (100 languages, the lists its own paragraph classifier uses). English is
recognised from its stop words alone, which costs nothing; other texts are identified with py3langid
(langid.py's model, loaded on first use).
"""

from __future__ import annotations

import functools
import re

#: Share of a text's words that are English stop words from which the text is taken as English without
#: running the language identifier: English news prose runs at 0.40-0.50, other Latin-script languages
#: share a few words with English ("a", "in", "die") and stay under 0.15.
ENGLISH_STOPWORD_SHARE = 0.25
#: Characters of the text the identifier reads; a page's language shows in its first few thousand.
LANGID_SAMPLE_CHARS = 20_000

_WORD = re.compile(r"\w+")


@functools.cache
def stoplist(language: str) -> frozenset[str]:
    """jusText's stop words for a language name ("English"), empty when it has none."""
    import justext

    try:
        return frozenset(justext.get_stoplist(language))
    except ValueError:
        return frozenset()


@functools.cache
def _language_names() -> dict[str, str]:
    """ISO 639-1 code -> jusText stop-list name, for the languages jusText has lists for."""
    import justext
    import pycountry

    names = set(justext.get_stoplists())
    found: dict[str, str] = {}
    for lang in pycountry.languages:
        code = getattr(lang, "alpha_2", None)
        name = lang.name.split(" (")[0].split(";")[0]
        if code and name in names:
            found[code] = name
    return found


def identify(text: str) -> str:
    """ISO 639-1 code of the text's language ("en" for empty text)."""
    words = _WORD.findall(text[:LANGID_SAMPLE_CHARS].lower())
    if not words:
        return "en"
    english = stoplist("English")
    if sum(w in english for w in words) >= ENGLISH_STOPWORD_SHARE * len(words):
        return "en"
    import py3langid

    code, _ = py3langid.classify(text[:LANGID_SAMPLE_CHARS])
    return str(code)


def stopwords_for(code: str) -> frozenset[str]:
    """Stop words of the language with this ISO code (empty when jusText has no list for it)."""
    name = "English" if code == "en" else _language_names().get(code)
    return stoplist(name) if name else frozenset()
