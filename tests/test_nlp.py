"""The loaded spaCy pipeline: storyline's own additions to it."""

from __future__ import annotations

import pytest

# A paragraph break after sentence punctuation always starts a sentence, so a paragraph ending in an
# abbreviation ("Del.") does not run on into the next one; a line break after a word (a hard-wrapped
# line, a list item) is left to the parser.
PARAGRAPHS = [
    ("“We have the money,” says Lena Marsh of Dover, Del.\n\nThat help comes at a price.", "That", True),
    ("The vote is set for Jan.\nFive members will be absent.", "Five", True),
    ("Lena Marsh said the vote\nwould be held on Monday.", "would", False),
]


@pytest.mark.parametrize(("text", "word", "starts"), PARAGRAPHS)
def test_paragraph_breaks_start_sentences(nlp, text: str, word: str, starts: bool) -> None:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == word)
    assert bool(tok.is_sent_start) is starts
