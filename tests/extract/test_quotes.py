"""Quotes and speakers: one table per class of quotation, each with negative rows."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.extract.embedded_quotes import EmbeddedQuoteModel, embedded_quote_model
from storyline.extract.quotes import extract_quotes
from storyline.model import Quote
from storyline.resolve import NameIndex


@pytest.fixture(scope="module")
def quotes_of(nlp, article_factory):
    def run(text: str) -> list[Quote]:
        article = article_factory(text)
        doc = nlp(text)
        found = list(extract_quotes(doc, article, names=NameIndex.from_doc(doc)))
        for q in found:  # the record's contract, checked on every row
            assert q.text == text[q.start : q.end]
            assert q.text == q.text.strip() and q.text[:1] not in "\"“‘'"
            if q.speaker_start is not None:
                assert 0 <= q.speaker_start < q.speaker_end <= len(text)
        return found

    return run


def _check(found: list[Quote], expected: list[tuple[str, str, str | None]], absent: list[str],
           kinds: tuple[str, ...] = ("direct", "partial")) -> None:
    """Every expected (kind, text, speaker) is found; no quote of ``kinds`` contains an absent text."""
    got = {(q.kind, q.text, q.speaker) for q in found}
    for row in expected:
        assert row in got, f"missing {row}; got {sorted(got, key=str)}"
    texts = {q.text for q in found if q.kind in kinds}
    for text in absent:
        assert not any(text in t for t in texts), f"{text!r} should not be a quote; got {sorted(texts)}"


DIRECT = [
    # attribution after the quote, verb-subject inversion, appositive
    ('"We will rebuild the bridge," said Maria Gonzalez, the mayor of the town.',
     [("direct", "We will rebuild the bridge,", "Maria Gonzalez")], []),
    # split quote: two quotes, one speaker
    ('"The water is rising," Carl Jensen said, "and the dykes will not hold."',
     [("direct", "The water is rising,", "Carl Jensen"),
      ("direct", "and the dykes will not hold.", "Carl Jensen")],
     []),
    # a second quote after the attribution sentence keeps the speaker
    ("“Exports fell sharply,” Noor Haddad said. “We expect a weak winter.”",
     [("direct", "Exports fell sharply,", "Noor Haddad"),
      ("direct", "We expect a weak winter.", "Noor Haddad")],
     []),
    # short quotes are quotes
    ('Asked about the prize, Olga Petrenko said: "Thank you."',
     [("direct", "Thank you.", "Olga Petrenko")], []),
    # introduced by a colon without a reporting verb: the clause subject, then its possessive pronoun
    ("Back then, the young Pavel Orlov would have given a clear answer: “Never.” His reason: “Why would I?”",
     [("direct", "Never.", "Pavel Orlov"), ("direct", "Why would I?", "Pavel Orlov")], []),
    # British single quotes, with an apostrophe inside the quote
    ("‘We won’t back down,’ said Ana Silva, the prime minister.",
     [("direct", "We won’t back down,", "Ana Silva")], []),
    # negatives: apostrophes, possessive plurals and a quoted heading are not quotes
    ("The troops’ deployment doesn’t matter to AEI’s analysts.", [], ["deployment", "matter"]),
    ('Floods in the north\n\n"Bandit formations"\n\nThe river rose overnight.', [], ["Bandit formations"]),
]


@pytest.mark.parametrize(("text", "expected", "absent"), DIRECT)
def test_direct_quotes(quotes_of, text, expected, absent):
    _check(quotes_of(text), expected, absent)


SPEAKERS = [
    # surname resolved to the full name given earlier
    ("Andrei Volkov, a historian, studies the war.\n\n“It will last years,” Volkov said.",
     [("direct", "It will last years,", "Andrei Volkov")], []),
    # family-name-first names: the family name alone resolves too
    ("Park Ji-hoon fled in 2019.\n\n“I was hungry,” Park said.",
     [("direct", "I was hungry,", "Park Ji-hoon")], []),
    # a pronoun goes to the most recent speaker (here named in inverted indirect speech)
    ("Prices will fall next year, says Dan Ford, a professor at Yale University.\n\n"
     "“Shoppers are already seeing it,” he told reporters.",
     [("direct", "Shoppers are already seeing it,", "Dan Ford")], []),
    # "she" skips a man, using the article's own pronouns and kinship words
    ("Peter Brandt opened the meeting, and he spoke for an hour. His wife, Anna Brandt-Kowalski, a doctor, "
     "spoke after him.\n\n“We need more nurses,” she said.",
     [("direct", "We need more nurses,", "Anna Brandt-Kowalski")], []),
    # an unattributed quote paragraph continues the previous paragraph's speaker
    ("“We are ready,” Ahmed Khan said.\n\n“Our pilots have trained for months.”",
     [("direct", "Our pilots have trained for months.", "Ahmed Khan")], []),
    # a quote left open at the end of a paragraph continues into the next one
    ('"The harvest was poor," said John Miller. "We lost half the wheat.\n\n"Next year will be better."',
     [("direct", "We lost half the wheat.", "John Miller"),
      ("direct", "Next year will be better.", "John Miller")],
     []),
    # groups keep their phrase
    ("“The strike is over,” the Kremlin said.", [("direct", "The strike is over,", "Kremlin")], []),
    ("“The strike is over,” Ukrainian officials said.",
     [("direct", "The strike is over,", "Ukrainian officials")], []),
    # a person modifying a common noun is not the speaker ("Twitter users", "Biden aides")
    ("Ben Ruiz left early.\n\n“It was a disaster,” Ruiz aides said.",
     [("direct", "It was a disaster,", "Ruiz aides")], []),
    # no continuation across a paragraph that quotes no one
    ("“We are ready,” Ahmed Khan said.\n\nThe bridge opened in 1990.\n\n“It was never repaired.”",
     [("direct", "It was never repaired.", None)], []),
]


@pytest.mark.parametrize(("text", "expected", "absent"), SPEAKERS)
def test_speakers(quotes_of, text, expected, absent):
    _check(quotes_of(text), expected, absent)


# Class 1: a quote over several paragraphs is attributed at its end; the paragraphs left open take that
# speaker, not the last one named before them.
MULTI_PARAGRAPH = [
    ("The mill closed in May, according to the council.\n\n"
     "“I worked there for thirty years and never missed a shift. My father worked there before me.\n\n"
     "“Now there is nothing left for the young people,” Petra Novak said.",
     [("direct", "I worked there for thirty years and never missed a shift. My father worked there before me.",
       "Petra Novak"),
      ("direct", "Now there is nothing left for the young people,", "Petra Novak")],
     []),
    # three paragraphs, the middle one left open too
    ("Officials said the dam was safe.\n\n“The first floor went under in an hour.\n\n"
     "“Then the roof. We sat there until the boats came.\n\n“Nobody came for two days,” Karl Weber said.",
     [("direct", "The first floor went under in an hour.", "Karl Weber"),
      ("direct", "Then the roof. We sat there until the boats came.", "Karl Weber")],
     []),
    # negative: a quote left open after its own attribution keeps that speaker
    ("“The harvest was poor,” Karl Weber said. “We lost half the wheat.\n\n“Next year will be better,” Anna Roth said.",
     [("direct", "We lost half the wheat.", "Karl Weber"), ("direct", "Next year will be better,", "Anna Roth")],
     []),
    # negative: an open quote whose continuation has no attribution continues the earlier speaker
    ("“We are ready,” Ahmed Khan said. “The pilots have trained.\n\n“They will fly at dawn.”",
     [("direct", "The pilots have trained.", "Ahmed Khan"), ("direct", "They will fly at dawn.", "Ahmed Khan")],
     []),
]


@pytest.mark.parametrize(("text", "expected", "absent"), MULTI_PARAGRAPH)
def test_multi_paragraph_quotes_take_the_closing_attribution(quotes_of, text, expected, absent):
    _check(quotes_of(text), expected, absent)


# Class 3: "he"/"she" goes to the most recent person who was a subject or a speaker, also when the
# parser misses the subject behind an appositive; gender filters only when known.
PRONOUNS = [
    ("“The strike goes on,” Tomas Berg said.\n\nFor the families of the lower town, the money is still a promise. "
     "Lidia Moraru, a schoolteacher, spent Wednesday morning shovelling mud out of her kitchen.\n\n"
     "“The water came through the floor first,” she said, “and then through the windows.”",
     [("direct", "The water came through the floor first,", "Lidia Moraru"),
      ("direct", "and then through the windows.", "Lidia Moraru")],
     []),
    ("“The ferry will not sail,” said Tomas Berg, the union organiser.\n\nIn Portree, Skye’s main town, Ewan Ross, "
     "who runs a bakery on the quay, said flour would run out by Monday. “We’ll cope. We always do,” he said.",
     [("direct", "We’ll cope. We always do,", "Ewan Ross")], []),
    # "she" skips a man named after her (first-name lexicon: Marta is a woman's name, Tomas a man's)
    ("“It was cold,” Marta Kowal said. Tomas Berg, a driver, waited outside with the engine running.\n\n"
     "“We had no blankets,” she said.",
     [("direct", "We had no blankets,", "Marta Kowal")], []),
    # negative: an object is not a subject; the last speaker keeps the pronoun
    ("“We will appeal,” said Jonas Brandt. The court had fined Peter Olsen on Monday.\n\n“It is unfair,” he said.",
     [("direct", "It is unfair,", "Jonas Brandt")], []),
]


@pytest.mark.parametrize(("text", "expected", "absent"), PRONOUNS)
def test_pronouns_follow_the_newest_subject(quotes_of, text, expected, absent):
    _check(quotes_of(text), expected, absent)


# Class 4: two people share a surname; the bare surname goes to the most recently named of them, also
# when the tagger labelled their full names as organisations.
SHARED_SURNAME = [
    ("Mayor Vasile Lupu said the bridge was safe. “It will hold,” Lupu said.\n\n"
     "Natalia Lupu, a paramedic who leads the volunteer group River Rescue in Orhei, said her teams had taken 60 "
     "people out of flooded houses.\n\n“We had one boat for the whole town,” said Lupu, who is not related to the "
     "mayor.",
     [("direct", "It will hold,", "Vasile Lupu"), ("direct", "We had one boat for the whole town,", "Natalia Lupu")],
     []),
    # the full name left untagged or mislabelled: "Lupu said" still gets it
    ("ORHEI — Vasile Lupu has run Orhei’s town hall since 2015, but nothing prepared him for the call.\n\n"
     "“We will rebuild the lower town,” Lupu said on Wednesday.",
     [("direct", "We will rebuild the lower town,", "Vasile Lupu")], []),
    # negative: with no full name before it, a shared surname stays as written
    ("“It will hold,” Lupu said.\n\nIon Lupu and Elena Lupu run the ferry.",
     [("direct", "It will hold,", "Lupu")], []),
]


@pytest.mark.parametrize(("text", "expected", "absent"), SHARED_SURNAME)
def test_shared_surnames_go_to_the_latest_full_name(quotes_of, text, expected, absent):
    _check(quotes_of(text), expected, absent)


# Class 5: groups and organisations. "The service", "the minister", "the company" go back to the entity
# introduced with that noun; other descriptions and group phrases stay readable.
GROUPS = [
    ("Rivers rose overnight, according to the Regional Water Service.\n\nThe dam held through the night, the "
     "service said.",
     [("indirect", "The dam held through the night", "Regional Water Service")], []),
    ("Health Minister Ana Pop visited the ward on Monday.\n\nThe minister said the hospital would reopen next week.",
     [("indirect", "the hospital would reopen next week", "Ana Pop")], []),
    ("Prosecutors raided Nordvik Energi, the company that ran the plant, on Monday. The company said it would "
     "cooperate with the inquiry.",
     [("indirect", "it would cooperate with the inquiry", "Nordvik Energi")], []),
    # whole organisation names, without a trailing appositive; the antecedent of "who"
    ("The Baltic Ferry Workers Union said the strike would continue.\n\nOfficials in Tartu, the second city, said "
     "the roads were closed.",
     [("indirect", "the strike would continue", "Baltic Ferry Workers Union"),
      ("indirect", "the roads were closed", "Officials in Tartu")], []),
    ("Five people died in the fire, according to doctors at the city hospital, who said the injured were stable.",
     [("indirect", "the injured were stable", "doctors at the city hospital")], []),
    # negatives: a description whose other words do not fit stays as written
    ("Rivers rose overnight, according to the Regional Water Service.\n\nThe river will fall by Friday, the state "
     "hydrological service said.",
     [("indirect", "The river will fall by Friday", "state hydrological service")], []),
    ("“The strike is over,” the town hall said.", [("direct", "The strike is over,", "town hall")], []),
    # a dateline the parse took for the subject is not the source: the words after its dash are
    ("BORDER REGION, Norland — Soldiers near the river said the new units attacked in large groups.",
     [("indirect", "the new units attacked in large groups", "Soldiers near the river")], []),
    # "US" heading a subject is the country, not the pronoun "us"
    ("US Trade Representative Lena Marsh said on Monday that the tariffs would stay.",
     [("indirect", "the tariffs would stay", "Lena Marsh")], []),
    ("US officials said the convoy had crossed the border.",
     [("indirect", "the convoy had crossed the border", "US officials")], []),
]


@pytest.mark.parametrize(("text", "expected", "absent"), GROUPS)
def test_group_speakers(quotes_of, text, expected, absent):
    _check(quotes_of(text), expected, absent, kinds=("indirect",))


PARTIAL = [
    ("Professor Lina Berg believes the talks will be “long and painful.”",
     [("partial", "long and painful.", "Lina Berg")], []),
    ("Omar Haddad said the ceasefire was a “historic step” for the region.",
     [("partial", "historic step", "Omar Haddad")], []),
    # scare quotes, titles and one-word labels are not speech
    ("Returning as 'heroes'\n\nThe soldiers came home in May.", [], ["heroes"]),
    ("The so-called “experts” argued for hours about the budget.", [], ["experts"]),
    ("The film “The Long Road Home” opened on Friday, critics said.", [], ["The Long Road Home"]),
    ("He agreed to return the money he made from the use of “Zenith.”", [], ["Zenith"]),
]


@pytest.mark.parametrize(("text", "expected", "absent"), PARTIAL)
def test_partial_quotes(quotes_of, text, expected, absent):
    _check(quotes_of(text), expected, absent)


# "As X puts it, …": a sentence credit, like "according to X": the words quoted in the clause are X's,
# not those of the clause's subject
AS_X_PUTS_IT = [
    ("As the columnist Rhea Dunn puts it, the mayor is offering voters “a deal they cannot turn down.”",
     [("partial", "a deal they cannot turn down.", "Rhea Dunn")], []),
    ("As Tomas Berger noted, the council has become “a club for the comfortable.”",
     [("partial", "a club for the comfortable.", "Tomas Berger")], []),
    ("The minister, as Lea Marsh wrote, treats the budget as “a wish list.”",
     [("partial", "a wish list.", "Lea Marsh")], []),
    # the credit also counts when the parse gives the quote no attribution of its own
    ("She is describing the benefits of a mixed bench, while Mills is arguing that a judge cannot do his "
     "job because of his roots. As House Speaker Ana Ruiz (D-Ore.) has pointed out, that's basically the "
     "“textbook definition” of bias.", [("partial", "textbook definition", "Ana Ruiz")], []),
    # a whole sentence in the marks after the credit is a direct quote
    ("The plan stalled. As The Herald's Dana Milo puts it, “Senate leaders are unmoved, and the activists "
     "are uninspired.”", [("direct", "Senate leaders are unmoved, and the activists are uninspired.",
                          "Dana Milo")], []),
    # a comparison is no credit: the clause's own speaker keeps the quote
    ("Ana Ruiz said the flood was as bad as she feared, calling it “a disaster for the valley.”",
     [("partial", "a disaster for the valley.", "Ana Ruiz")], []),
]


# a thing the parse offers from outside the subject position ("in an address that spoke to …") never
# speaks: the person the sentence is about does, or nobody
_WORRY = "worry, the doubt, the stress and, yes, the fury"
THING_OUTSIDE_SUBJECT = [
    (f"In an address that spoke to the ''{_WORRY}'' over rents in which landlords have prospered while wages "
     "have stalled, Mrs. Kane made many of the points her rivals make.", [("partial", _WORRY, "Kane")], []),
    (f"In a chapter that spoke to the ''{_WORRY}'' over rents in which landlords have prospered while wages "
     "have stalled, the book makes its case.", [("partial", _WORRY, None)], []),
    ("Through a video that praised the “steady hands” of the crews, the governor, Ana Brandt, thanked the "
     "rescuers.", [("partial", "steady hands", "Ana Brandt")], []),
]


@pytest.mark.parametrize(("text", "expected", "absent"), AS_X_PUTS_IT + THING_OUTSIDE_SUBJECT)
def test_sentence_credits_and_things_that_do_not_speak(quotes_of, text, expected, absent):
    _check(quotes_of(text), expected, absent)


ONE_WORD_PARTIAL = [
    # one quoted word under a reporting verb is speech (issue 13)
    ("Mayor Ruth Olsen called the proposal “reckless.”", [("partial", "reckless.", "Ruth Olsen")], []),
    ("Governor Tim Hale said the inquiry was “ongoing” and declined to comment further.",
     [("partial", "ongoing", "Tim Hale")], []),
    # negatives: no reporting verb governs the word
    ("The “reform” passed the chamber late on Friday.", [], ["reform"]),
    ("Visitors queued for hours outside the “palace” of the former dictator.", [], ["palace"]),
    # a naming verb the parse did not link to the word closing its sentence (parsed as an apposition)
    ("Ann Ward, who ran the mayor's race in 2012, called Lee's remarks and actions on Sunday \"childish.\"",
     [("partial", "childish.", "Ann Ward")], []),
]


@pytest.mark.parametrize(("text", "expected", "absent"), ONE_WORD_PARTIAL)
def test_one_word_partial_quotes(quotes_of, text, expected, absent):
    _check(quotes_of(text), expected, absent)


TITLES = [
    # titles of shows, books and films under a reporting verb are not speech (issue 13)
    ("Senator Ana Ruiz said on “Face the Nation” that she would run again.", [], ["Face the Nation"]),
    ("Dale Brook wrote in “The Art of the Harvest” that farming had changed.", [], ["The Art of the Harvest"]),
    ("The minister told “Morning Report” the budget was balanced.", [], ["Morning Report"]),
    # a quoted clause in sentence case stays a quote
    ("Senator Ana Ruiz said the vote was “a turning point for the state.”",
     [("partial", "a turning point for the state.", "Ana Ruiz")], []),
    # the context marks a work, whatever verb governs it: a possessive, a work noun before, after or
    # above it, a subtitle, a maker "of", a performance, a naming participle, a subject
    ("Governor Lena Park told the network's “Sunday Desk” that taxes would fall.", [], ["Sunday Desk"]),
    ("Dale Brook praised the film “River of Salt” at the festival.", [], ["River of Salt"]),
    ("Nora Vale cited the “Clean Streets” report in her remarks.", [], ["Clean Streets"]),
    ("Mayor Ed Stone recalled reading “Harbors: A Life at Sea,” a memoir by a sailor.", [],
     ["Harbors: A Life at Sea"]),
    ("As the author of “Quiet Fields,” Rita Moss said she knew the valley well.", [], ["Quiet Fields"]),
    ("The band performed “Long Road Home” before the senator spoke.", [], ["Long Road Home"]),
    ("Fans shared a podcast called “Night Owls” all week, Mayor Ed Stone said.", [], ["Night Owls"]),
    ("As “The Morning Ledger” reported, the mayor Ed Stone resigned.", [], ["The Morning Ledger"]),
    ("Congregants passed around his memoir, “Gifted Hearts,” at the service.", [], ["Gifted Hearts"]),
    # a title a comma or colon sets beside a work ends the sentence as if it were a quote (issue 13)
    ("The mill closed in 1998, Mr. Hale said in his 2014 book, “A Quiet Harbor.”", [], ["A Quiet Harbor."]),
    ("The offer was cold, she wrote in her memoir, “Hard Turns,” and she said no.", [], ["Hard Turns,"]),
    ("He told the story in his latest album: “Songs From the Yard.”", [], ["Songs From the Yard."]),
    # not a work: the words of an address stay the speaker's
    ("Mayor Ed Stone told the crowd in his speech, “We Will Not Quit.”",
     [("direct", "We Will Not Quit.", "Ed Stone")], []),
]

TITLE_CASED_SPEECH = [
    # a title-cased quote that names no work is someone's words when a reporting verb governs it:
    # nicknames, slogans, ratings (issue 13)
    ("Senator Ana Ruiz mocked her rival as “Lazy Larry” at the rally.",
     [("partial", "Lazy Larry", "Ana Ruiz")], []),
    ("Governor Lena Park proclaimed “Jobs Before Politics” to the crowd.",
     [("partial", "Jobs Before Politics", "Lena Park")], []),
    ("Mayor Ed Stone called the new stadium deal “A Total Giveaway.”",
     [("partial", "A Total Giveaway.", "Ed Stone")], []),
    # without a reporting verb it stays out
    ("Supporters waved “Jobs Before Politics” banners outside the hall.", [], ["Jobs Before Politics"]),
]


@pytest.mark.parametrize(("text", "expected", "absent"), TITLE_CASED_SPEECH)
def test_title_cased_speech_under_a_reporting_verb(quotes_of, text, expected, absent):
    _check(quotes_of(text), expected, absent)


@pytest.mark.parametrize(("text", "expected", "absent"), TITLES)
def test_titles_are_not_quotes(quotes_of, text, expected, absent):
    _check(quotes_of(text), expected, absent)


TRANSCRIPTS = [
    # a quoted transcript: each paragraph opens with a mark and a speaker's label in capitals; the label
    # is the speaker and is not part of the quote; a turn over two paragraphs keeps its speaker
    ("Senator Rita Marlowe spoke to a radio host about the budget.\n\n"
     "\"HOST: Senator, will the budget pass this week?\n\n"
     "\"MARLOWE: I think it will pass. We have the votes.\n\n"
     "\"The other side knows it, too.\n\n"
     "\"HOST: And if it does not?\n\n"
     "\"MARLOWE: Then we keep working.\"",
     [("direct", "Senator, will the budget pass this week?", "Host"),
      ("direct", "I think it will pass. We have the votes.", "Rita Marlowe"),
      ("direct", "The other side knows it, too.", "Rita Marlowe"),
      ("direct", "Then we keep working.", "Rita Marlowe")],
     "Host"),
    # one capitalised label that names no one is a kicker, not a speaker
    ("The council met on Monday.\n\n\"UPDATE: The vote was moved to Friday.\n\n"
     "\"The clerk gave no reason.\"", [], "Update"),
]


@pytest.mark.parametrize(("text", "expected", "label_speaker"), TRANSCRIPTS)
def test_quoted_transcripts_take_speakers_from_their_labels(quotes_of, text, expected, label_speaker):
    found = quotes_of(text)
    _check(found, expected, [])  # the expected texts start after the label
    if not expected:
        assert all(q.speaker != label_speaker for q in found), [(q.text, q.speaker) for q in found]


NO_NAME_SPEAKERS = [
    # a figure or a run of punctuation is never a speaker's name (issue 13: speakers are people or bodies)
    ("Voters were asked about the plan.\n\nJust shy of half, 49%, say the new levy is an improvement.",
     [("indirect", "the new levy is an improvement", None)]),
    # a guard: a name stays
    ("Mayor Ed Stone said the new levy is an improvement.",
     [("indirect", "the new levy is an improvement", "Ed Stone")]),
]


@pytest.mark.parametrize(("text", "expected"), NO_NAME_SPEAKERS)
def test_speakers_hold_a_word(quotes_of, text, expected):
    _check(quotes_of(text), expected, [])


LEXICON_FROM_CUES = [
    # reporting verbs outside the hand-made lexicons, from PolNeAR train cues (issue 13)
    ("Senator Mia Grant lamented the “slow death of the town’s factories.”",
     [("partial", "slow death of the town’s factories.", "Mia Grant")], []),
    ("Ola Berg praised their “quiet courage.”", [("partial", "quiet courage.", "Ola Berg")], []),
    # negative: no cue verb governs a short quote
    ("Workers repaired the “old mill” on Monday.", [], ["old mill"]),
]


@pytest.mark.parametrize(("text", "expected", "absent"), LEXICON_FROM_CUES)
def test_cue_verbs_from_the_corpus_license_quotes(quotes_of, text, expected, absent):
    _check(quotes_of(text), expected, absent)


ANY_VERB_ATTRIBUTION = [
    # "“…,” X <verb>": the form attributes the quote, whatever the verb (issue 13)
    ("“Get out of my office,” Kim Novak barked.", [("direct", "Get out of my office,", "Kim Novak")], []),
    ("“Not today, not ever,” snapped Lena Fox.", [("direct", "Not today, not ever,", "Lena Fox")], []),
    # negative: a quoted label opening a sentence, its verb not an attribution
    ("“Lakeside Heights” homes sold quickly last spring.", [], ["Lakeside Heights"]),
]


@pytest.mark.parametrize(("text", "expected", "absent"), ANY_VERB_ATTRIBUTION)
def test_any_verb_attributes_a_comma_closed_quote(quotes_of, text, expected, absent):
    _check(quotes_of(text), expected, absent)


LONG_UNLICENSED = [
    # an embedded quote is speech under any verb when the learned decision says so
    # (extract/embedded_quotes.py, trained on PolNeAR train): long ones, and short ones that hang on a verb
    ("Mayor Rita Sol thanked the volunteers for “keeping every shelter open through the storm.”",
     [("partial", "keeping every shelter open through the storm.", "Rita Sol")], []),
    ("Mayor Rita Sol pressed for a “fair deal for every tenant” during the budget talks.",
     [("partial", "fair deal for every tenant", "Rita Sol")], []),
    ("Senator Lou Penn joked that the committee had become a “circus.”",
     [("partial", "circus.", "Lou Penn")], []),
    # the writer's distance ("so-called"), not anyone's words
    ("Analysts expect the so-called “peace dividend” to shrink next year.", [], ["peace dividend"]),
    # negatives: a short scare quote used as a label, and a long title
    ("Work on the “green belt” park resumed on Tuesday.", [], ["green belt"]),
    ("Viewers watched “The Return of the Long Winter Nights” on Sunday.", [],
     ["The Return of the Long Winter Nights"]),
]


@pytest.mark.parametrize(("text", "expected", "absent"), LONG_UNLICENSED)
def test_long_embedded_quotes_need_no_reporting_verb(quotes_of, text, expected, absent):
    _check(quotes_of(text), expected, absent)


MISTYPED_MARKS = [
    # a closing mark typed as an opening one, and ’’ for a closing double mark (issue 13)
    ("The group set up a page called “Leave If He Wins“ that explains the move to voters.", [],
     ["that explains"]),
    ("Governor Ian Moss called the plan “absurd’’ and left the room.", [("partial", "absurd", "Ian Moss")],
     ["and left the room"]),
    # a source credit after a stray mark is not a quote
    ("The race was close, officials said.  [Reuters.]”", [], ["[Reuters.]"]),
    # a quote nested in a '' quote stays inside it, also when its closing mark runs into the outer
    # one ('''), and the outer quote keeps its speaker
    ("Ms. Ekker spoke last.\n\n''All I told them was: 'We stay until the job is done.''' Ms. Ekker said "
     "after the vote.",
     [("direct", "All I told them was: 'We stay until the job is done.'", "Ekker")], []),
    ("''We said 'no' twice,'' Ivan Sels said.", [("direct", "We said 'no' twice,", "Ivan Sels")], []),
    # a quote whose sentence ends inside a nested quote still ends a sentence: it is not a heading
    ("“It was a shock,” said Ana Lutz, 44. “I kept arguing, saying, ‘Yes I am; I was born here.’”",
     [("direct", "I kept arguing, saying, ‘Yes I am; I was born here.’", "Ana Lutz")], []),
    ('"It was a shock," said Ana Lutz. "I kept saying, \'I was born here.\'"',
     [("direct", "I kept saying, 'I was born here.'", "Ana Lutz")], []),
    # marks after or before a no-break space, as web pages type them, open and close quotes
    ('Ann Ward spoke at length.\n"The roads are a mess," she said.\u00a0"First of all, we need money. Then we '
     'need crews."\u00a0The council voted later.',
     [("direct", "First of all, we need money. Then we need crews.", "Ann Ward")], []),
]


# a quoted clause that ends in a comma is speech even when the parse finds no attribution after it;
# a title, a listed headline or a search term ending in a comma is not
COMMA_CLAUSES = [
    ("Signs went up all over town. “Anyone but the mayor will do,” was another.",
     [("direct", "Anyone but the mayor will do,", None)], []),
    ("The channel has revived old shows.\n\n“Island Patrol Five,” the police drama, returns next year.",
     [], ["Island Patrol Five"]),
    ("NOW OPEN—“Pop-up gallery takes over an empty bank,” by Ann Lee: http://x.co/1.", [],
     ["Pop-up gallery"]),
    ("“A small bakery closes after forty years,” by Ann Lee, in the Harbor Weekly.", [], ["A small bakery"]),
]


@pytest.mark.parametrize(("text", "expected", "absent"), MISTYPED_MARKS + COMMA_CLAUSES)
def test_mistyped_marks_and_comma_clauses(quotes_of, text, expected, absent):
    _check(quotes_of(text), expected, absent)


INDIRECT = [
    ("Ukrainian officials said on Tuesday that the bridge had been destroyed.",
     [("indirect", "the bridge had been destroyed", "Ukrainian officials")], []),
    ("The economy will shrink next year, says Dan Ford, a professor at Yale University.",
     [("indirect", "The economy will shrink next year", "Dan Ford")], []),
    ("The plant will close in May, according to Sarah Lee, a union leader.",
     [("indirect", "The plant will close in May", "Sarah Lee")], []),
    ("“It was a long night,” Mira Sand told the BBC, adding that the shelters were full.",
     [("direct", "It was a long night,", "Mira Sand"),
      ("indirect", "the shelters were full", "Mira Sand")], []),
    # a question stays a question; what someone fears is theirs too (PolNeAR annotates both)
    ("The panel asked whether the vaccine was safe.",
     [("indirect", "whether the vaccine was safe", "panel")], []),
    ("Worried that prices would rise, farmers stored their grain.",
     [("indirect", "prices would rise", "farmers")], ["farmers stored their grain"]),
    # not reports: a negated verb of saying (reporting the clause would invert it), a quotation already
    # counted as direct, a sentence without a cue
    ("Tom Hale did not say the deal was dead.", [], ["the deal was dead"]),
    ("“The deal is dead,” Tom Hale said.", [], []),
    ("The river rose two metres overnight and flooded the lower town.", [], []),
]


@pytest.mark.parametrize(("text", "expected", "absent"), INDIRECT)
def test_indirect_speech(quotes_of, text, expected, absent):
    found = quotes_of(text)
    _check(found, expected, absent, kinds=("indirect",))
    if not expected:
        assert not [q for q in found if q.kind == "indirect"]


def test_cue_and_attribution_span(quotes_of):
    text = "“The shelters are full,” Andrei Lankov, a professor at Kookmin University, told DW."
    (quote,) = quotes_of(text)
    assert quote.cue == "told DW"
    assert text[quote.speaker_start : quote.speaker_end] == "Andrei Lankov"


def test_pronoun_without_antecedent_has_no_speaker(quotes_of):
    (quote,) = quotes_of("“We will wait,” she said.")
    assert quote.speaker is None and quote.kind == "direct"


_PIECES = ["He said", "“", "”", '"', "‘", "’", "'", ",", ".", ":", "\n\n", "Smith", "told DW", "the troops’",
           "doesn’t", "that", "we will win", "Ana Silva", "believes", "(", "—", " "]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_never_raises_and_spans_hold_on_any_mark_soup(nlp, article_factory, pieces):
    text = " ".join(pieces)
    doc = nlp(text)
    for q in extract_quotes(doc, article_factory(text), names=NameIndex.from_doc(doc)):
        assert q.text == text[q.start : q.end] and q.text.strip() == q.text and q.text
        assert q.kind in ("direct", "partial", "indirect")


def test_embedded_quote_model_is_packaged_and_a_changed_feature_list_is_refused(tmp_path):
    model = embedded_quote_model()
    assert 0 < model.threshold < 1
    bad = tmp_path / "model.json"
    bad.write_text('{"features": ["words"], "threshold": 0.5, "trees": {}}')
    with pytest.raises(ValueError, match="train_embedded_quote_model"):
        EmbeddedQuoteModel.load(bad)
