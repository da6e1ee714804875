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


# Quote marks typed without a space become tokens of their own, so the name before them stays a name:
# curly marks anywhere, a straight one after a colon (a transcript label); times and words keep theirs.
GLUED_MARKS = [
    ("Rep. Ann Lee (D-Ore.):\"We will not", [":", "\"", "We"]),
    ("Former mayor Ann Lee:\"It was", ["Lee", ":", "\"", "It"]),
    ("she said,“Not now", ["said", ",", "“", "Not"]),
    ("on taxes,\"Ann Ward said", [",", "\"", "Ann", "Ward"]),
    ("at 10:30 \"sharp\"", ["10:30"]),
    ("the Lee's \"plan\"", ["Lee", "'s"]),
]


@pytest.mark.parametrize(("text", "tokens"), GLUED_MARKS)
def test_glued_quote_marks_split(nlp, text: str, tokens: list[str]) -> None:
    words = [t.text for t in nlp.tokenizer(text)]
    assert any(words[i : i + len(tokens)] == tokens for i in range(len(words))), words
