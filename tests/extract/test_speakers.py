"""Speakers of quotations (issue 13): one table per class of attribution error, each with its own
invented sentences; every row names the quote and the speaker it must get."""

from __future__ import annotations

import pytest

from storyline.extract.quotes import extract_quotes
from storyline.model import Quote
from storyline.resolve import NameIndex


@pytest.fixture(scope="module")
def speaker_of(nlp, article_factory):
    def run(text: str, quote: str) -> str | None:
        doc = nlp(text)
        found: list[Quote] = list(extract_quotes(doc, article_factory(text), names=NameIndex.from_doc(doc)))
        hits = [q for q in found if q.kind in ("direct", "partial") and q.text.startswith(quote)]
        assert hits, f"{quote!r} not found; got {[q.text for q in found]}"
        return hits[0].speaker

    return run


# Quotes opened with two straight single marks, as one newspaper writes them: the attribution before
# the quote counts as it does for a curly mark.
DOUBLED_MARKS = [
    ("At the hearing, Carla Mendes said, ''We will not close the clinic.'' The room fell silent.",
     "We will not close the clinic.", "Carla Mendes"),
    ("Asked about the budget, Tobias Lind replied: ''Nothing is decided yet.''",
     "Nothing is decided yet.", "Tobias Lind"),
    ("Rhea Okafor said the league had ''no plans to move the final'' this year.",
     "no plans to move the final", "Rhea Okafor"),
    # a short quote in '' is a double quote, not a single-quoted label; the verb before the marks
    # introduces it as it does a curly one
    ("Coach Lars Ebbe shouted ''Sit down'' at the bench.", "Sit down", "Lars Ebbe"),
    ("Lena Hart said the new schedule was ''a mess.''", "a mess.", "Lena Hart"),
    # a bare imperative the parse takes as the verb's complement still licenses the quote; only a
    # to-infinitive does not ("agreed to return the “We”")
    ("The warden kept the line moving, alternately shouting “Move on” and “Keep left.”", "Keep left.",
     "warden"),
]


@pytest.mark.parametrize(("text", "quote", "speaker"), DOUBLED_MARKS)
def test_doubled_single_marks(speaker_of, text: str, quote: str, speaker: str) -> None:
    assert speaker_of(text, quote) == speaker


# The reporting verb is the object of a preposition ("by saying", "before insisting"): the speaker is
# the subject of the verb the preposition hangs on.
PREPOSITION_CUES = [
    ("Mayor Dana Whitby answered the critics by saying “Never again.” The crowd cheered.",
     "Never again.", "Dana Whitby"),
    ("Senator Lea Brandt praised the deal, before insisting it was a “fair bargain for both sides.”",
     "fair bargain for both sides.", "Lea Brandt"),
]


@pytest.mark.parametrize(("text", "quote", "speaker"), PREPOSITION_CUES)
def test_preposition_cues(speaker_of, text: str, quote: str, speaker: str) -> None:
    assert speaker_of(text, quote) == speaker


# A partial quote inside a reported clause belongs to the speaker of the reporting verb framing the
# clause, whether the clause's own subject names no one ("the aim", "a voice") or someone ("her opponent
# Ed Pryce had called the plan “…”": the marks hold what Nora Vance told the reporter, as PolNeAR credits
# it; session 11 changed this from the inner name, train speaker_acc +13 on this rule).
FRAMED_PARTIALS = [
    ("In a jab at her rival Tom Becker, Laura Finch said the aim was not to “build a bigger wall” but "
     "to “open more doors.”", "build a bigger wall", "Laura Finch"),
    ("Pastor Ann Reyes said the town had lost a voice that said “kindness is stronger than any fear.”",
     "kindness is stronger than any fear.", "Ann Reyes"),
    ("Karl Ostrow argued that a registry would stop fraud, saying it is “all about good management.”",
     "all about good management.", "Karl Ostrow"),
    ("Nora Vance said her opponent Ed Pryce had called the plan “a reckless gamble with pensions.”",
     "a reckless gamble with pensions.", "Nora Vance"),
    # a thing as the clause's subject does not speak; the one reporting the clause does, named or not
    ("An auditor at the bank said the files that were taken suggested the thieves wanted “trade "
     "secrets.”", "trade secrets.", "auditor at the bank"),
    ("Nora Vance said the union's statement showed its members were “tired of waiting.”",
     "tired of waiting.", "Nora Vance"),
    # words a named person's own speech noun frames are that person's, whoever reports them
    ("Ann Ward kept her emails. In a statement Tuesday, watchdog chief Tom Ruiz called Ward's assertion of a "
     "“claim of right” over her emails “significant and disturbing.”", "claim of right", "Ann Ward"),
    ("Ann Ward kept her emails. In a statement Tuesday, watchdog chief Tom Ruiz called Ward's assertion of a "
     "“claim of right” over her emails “significant and disturbing.”", "significant and disturbing", "Tom Ruiz"),
]


@pytest.mark.parametrize(("text", "quote", "speaker"), FRAMED_PARTIALS)
def test_framed_partial_quotes(speaker_of, text: str, quote: str, speaker: str) -> None:
    assert speaker_of(text, quote) == speaker


# A colon introduction that ends with the author's name (the digest style "Topic - Name: “…”"); an
# organisation only after a dash or "from", and no name at all leaves the quote unattributed.
COLON_NAMES = [
    ("Turnout surprised nobody. Early voting stayed low - Dana Whitlock: “Turnout in the first week "
     "was the weakest in a decade.”", "Turnout in the first week", "Dana Whitlock"),
    ("The result does not surprise the Democratic pollster Ian Moss: “Late deciders broke for the "
     "incumbent as usual.”", "Late deciders broke", "Ian Moss"),
    ("The report listed three causes: “Rain, cost and distance.”", "Rain, cost and distance.", None),
    # a dash credit wins over a reporting verb earlier in the digest heading; an untagged name counts
    ("Pollsters agree - Tamsin Okoye: “One lesson was simple: keep calling voters as late as you can.”",
     "One lesson was simple", "Tamsin Okoye"),
    ("Turnout fell again - Gallup: “Fewer adults said they would vote than in any year we measured.”",
     "Fewer adults said they would vote", "Gallup"),
    ("Trump said of Clinton: “She is not up to the job.”", "She is not up to the job.", "Trump"),
    # the owner of the words in a colon introduction speaks; the next sentence does not attribute
    ("Her aide Ana Bell wrote to the senator in May. Senator Reyes's reply was: “Is the bakery on Main "
     "Street open late?” The bakery sells bread.", "Is the bakery on Main Street", "Reyes"),
    # a name the introduction addresses or talks about is not the speaker
    ("Senator Ana Ruiz delivered a blunt message to Tom Ward: “Stop attacking your rivals and get on "
     "message.”", "Stop attacking your rivals", "Ana Ruiz"),
    ("Mayor Lena Ekdahl had harsh words for Piet Vos: “He has never run anything bigger than a shop.”",
     "He has never run anything", "Lena Ekdahl"),
]


@pytest.mark.parametrize(("text", "quote", "speaker"), COLON_NAMES)
def test_name_before_colon(speaker_of, text: str, quote: str, speaker: str | None) -> None:
    assert speaker_of(text, quote) == speaker


# The reporting verb modifies the object of another verb ("posted a message reading", "emailed
# supporters saying"): the one who posted or emailed speaks, not the message or its readers.
SENDERS = [
    ("Governor Ellen Park posted a message on Twitter reading “Thank you, Nebraska” soon after the "
     "polls closed.", "Thank you, Nebraska", "Ellen Park"),
    ("It was unclear what Jonas Weir would do next. Weir emailed supporters saying: “The fight goes on.”",
     "The fight goes on.", "Jonas Weir"),
]


@pytest.mark.parametrize(("text", "quote", "speaker"), SENDERS)
def test_sender_speaks(speaker_of, text: str, quote: str, speaker: str) -> None:
    assert speaker_of(text, quote) == speaker


# An attribution after the quote that the parser joined to the quoted sentence ("“…,” Name, 58, told
# AFP" with "told" a conjunct of the quote's verb): the name between the closing mark and the verb
# speaks. The parse is built by hand, since the small model gives it only in some contexts.
INVERTED = [
    # words, index of the reporting verb, expected subject (None: no quote mark between, or no name)
    ("“ We were wrong , ” Ramos , 58 , told AFP .", 10, "Ramos"),
    ("“ We were wrong , ” Dora Kim told AFP .", 8, "Dora Kim"),
    ("“ We were wrong ” and his aides told AFP .", 8, None),
    ("We were wrong , Ramos told AFP .", 5, None),
]


@pytest.mark.parametrize(("words", "verb", "expected"), INVERTED)
def test_inverted_subject(nlp, words: str, verb: int, expected: str | None) -> None:
    from spacy.tokens import Doc

    from storyline.extract.quotes import _inverted_subject

    toks = words.split()
    heads = [toks.index("were")] * len(toks)
    deps = ["dep"] * len(toks)
    deps[toks.index("were")], deps[verb] = "ROOT", "conj"
    pos = ["PROPN" if t[:1].isupper() and t not in ("We", "AFP") else "PUNCT" if not t[:1].isalnum()
           else "VERB" if i in (verb, toks.index("were")) else "X" for i, t in enumerate(toks)]
    doc = Doc(nlp.vocab, words=toks, heads=heads, deps=deps, pos=pos)
    found = _inverted_subject(doc[verb])
    assert (found.text if found is not None else None) == expected


# A medium (statement, filing, message) does not speak: its named issuer does, when the sentence names
# one ("filed by", "from"); a title phrase closed by a name is that person; a name set off by a
# comma-delimited aside ("Col. Ann Ward, a military spokeswoman in Kabul, said") speaks.
ISSUERS_AND_TITLES = [
    ("“The evidence does not support a charge,” according to a court document filed by state attorney "
     "Dave Morrison.", "The evidence does not support", "Dave Morrison"),
    ("“We regret the delay,” said a statement from the Harbor Authority.", "We regret the delay,",
     "Harbor Authority"),
    ("Network Vice President for news and talk Dana Cole called the program “the best show on the air.”",
     "the best show on the air.", "Dana Cole"),
    ("In a call with reporters on Dec. 4, Col. Ann Ward, a military spokeswoman in Kabul, said, “A raid is "
     "a raid. There is no way around that.”", "A raid is a raid.", "Ann Ward"),
    # the participle "adding" inherits the framing speaker, not the reported clause's subject
    ("Rhee said the process of writing the platform could be “messy,” adding, “Democracy is messy.”",
     "Democracy is messy.", "Rhee"),
    # a name modifying the medium issued it
    ("A 2014 Senate Armed Services Committee report found “no sign that any order to stand down was "
     "given.”", "no sign that any order", "Senate Armed Services Committee"),
    ("The Nolan ad hits the mayor for taking “far more money from developers than from all of the city.”",
     "far more money from developers", "Nolan"),
    # a figure or tally carries numbers, not words of its own: its issuer speaks
    ("The figure, released by the Coast Guard on Friday, includes “everyone pulled from the water.”",
     "everyone pulled from the water", "Coast Guard"),
    # no issuer named: a thing is never the speaker
    ("“Delays are expected on the northern line,” the statement said.", "Delays are expected", None),
    ("The annual report warned: “Reserves will not last the decade.”", "Reserves will not last", None),
    # a clause whose subject names no one, credited by "according to" in the same sentence
    ("Nora Vell, an aide, recalled the trip. The trip in May 2014 became “the best week of the term,” "
     "according to Ms. Vell.", "the best week of the term,", "Nora Vell"),
    ("According to the harbour master, the storm was “the worst in forty years” for the fleet.",
     "the worst in forty years", "harbour master"),
]


@pytest.mark.parametrize(("text", "quote", "speaker"), ISSUERS_AND_TITLES)
def test_issuers_titles_and_asides(speaker_of, text: str, quote: str, speaker: str | None) -> None:
    assert speaker_of(text, quote) == speaker


# Manner-of-speaking verbs attribute the quote next to them, before or after it.
MANNER = [
    ("The crowd cheered. “This is wonderful!” beamed Tom Harley of Dayton, Ohio, who came from the back.",
     "This is wonderful!", "Tom Harley"),
    ("Asked about the rumour, Gwen Ashby retorted: “Nobody in this room believes that.”",
     "Nobody in this room believes that.", "Gwen Ashby"),
]


@pytest.mark.parametrize(("text", "quote", "speaker"), MANNER)
def test_manner_verbs(speaker_of, text: str, quote: str, speaker: str) -> None:
    assert speaker_of(text, quote) == speaker


# Parses that lose the speaker: a surname tagged as an adverb after the verb, a name followed by a
# party tag or an aside before the verb, a participle the parse hung inside the quotation, a subject
# the parse began inside the quote, a glued closing mark, a sentence-initial "Adding".
LOST_SUBJECTS = [
    ("The mayor spoke first.\n\n“Nobody wants the bridge closed,” said Ostby, adding that repairs would "
     "take a month.", "Nobody wants the bridge closed", "Ostby"),
    ("But Sen. Martha Quill (D-Ore.), noting the size of the crowd, said, “We have never seen this many "
     "people at a town hall.”", "We have never seen this many", "Martha Quill"),
    ("In a note to the committee, her chief of staff, Dario Venn, said: “The senator will vote no. She "
     "has made up her mind.”", "The senator will vote no.", "Dario Venn"),
    ("Drummer Kato Brill shared the news online last week, writing “Feels good to play for a cause. "
     "This is a band with heart.”", "Feels good to play for a cause.", "Kato Brill"),
    ("“That was a fine speech you gave, Madam Chair,” Representative Lyle Okoro, Democrat of Ohio, told "
     "her as the hall emptied.", "That was a fine speech you gave", "Lyle Okoro"),
    ("“I think it has been the hardest winter we remember,”Ingrid Sol said. “The roads were shut.”",
     "I think it has been the hardest winter", "Ingrid Sol"),
    ("Marr told a radio station that Bo Ward “had a wild plan for the depot that was reckless,” adding, "
     "“He lost all of the farm vote … he lost everybody who moved here.”", "He lost all of the farm vote",
     "Marr"),
    ("Later in the broadcast, Wes Harlan said the audit “was not good.” Adding, “What they did is never "
     "the worst part. It is how they handle it.”", "What they did is never", "Wes Harlan"),
]



# The sentence after a quote that ended a sentence reports something new: its verb is not this quote's
# attribution; nor is a verb ending a subordinate clause before the quote.
NEW_SENTENCES = [
    ("“It is a sad day for the town,” Rosa Imre told reporters. “This is what comes of shouting at "
     "each other.” Gov. Piet Dross said he would call for calm.", "This is what comes of", "Rosa Imre"),
    ("“We are farmers,” Ms. Edda Odum said. “We are not smugglers.” Mr. Tove Abel said: “The raid was "
     "the work of the police.”", "We are not smugglers.", "Edda Odum"),
    ("Hal Cortez said it was naive to think that if the city pulls out, “the river will look after "
     "itself.”", "the river will look after itself.", "Hal Cortez"),
    ("After the coach criticized the referee, the captain Nora Pell shot back, “We lost because we "
     "played badly, not because of him.”", "We lost because we played badly", "Nora Pell"),
    # a sentence after a question whose verb takes an object is a sentence of its own, not an attribution
    ("“We will finish the bridge,” said Ana Bell. “Who doubts it now?” The shop sells fresh bread "
     "on Friday.", "Who doubts it now?", "Ana Bell"),
    # an unattributed quote after a sentence whose reporting verb introduces someone new is theirs,
    # not the last speaker's
    ("“Funding is the whole problem,” said Ugo Brandt, a trustee.\n\nThe museum's curator, Lina Sorel, "
     "agreed. “We cannot open the new wing without it.”", "We cannot open the new wing", "Lina Sorel"),
    ("“The bridge must close,” said Omar Fell.\n\nAda Birk, a councillor, tweeted a warning. “Closing it "
     "would cut the town in half.”", "Closing it would cut", "Ada Birk"),
]



# A pronoun in a clause reported by a named person is that person, however the parse hangs the clause,
# and so is a partial quote whose clause has no person as subject; a quotation printed twice (a pull
# quote) takes the speaker of its attributed copy.
# a quotation dash and a name closing the paragraph credit the quote before them (readers' comments,
# epigraphs); a dash signing off a paragraph whose quote has its own attribution changes nothing
DASH_CREDITS = [
    ("We asked readers what they thought of the debate.\n\n“He never answered the question on rents. "
     "I felt let down.” ― Maria Okafor\n\n“She looked ready for the job.”― Tom O. Brandt.",
     "He never answered the question", "Maria Okafor"),
    ("We asked readers what they thought of the debate.\n\n“He never answered the question on rents.” "
     "― Maria Okafor\n\n“She looked ready for the job.”— Tom O. Brandt, a teacher in Leeds.",
     "She looked ready for the job.", "Tom O. Brandt"),
    # a credit line of its own after a quote that ends its paragraph (the fact-check layout)
    ("Here are claims from the debate, checked.\n\n“Almost all new income goes to the top 1 percent.”\n\n"
     "- Dana Reyes.\n\nThe figure is out of date.", "Almost all new income", "Dana Reyes"),
    ("The mayor lost the vote on Monday.\n\nVera Lind said her party was “still the largest in the "
     "council.”--Sam Hollis.", "still the largest in the council.", "Vera Lind"),
]


# "according to X" credits a partial quote of its sentence to X, whoever the clause's subject is, unless
# it sits inside what a named speaker reports
ACCORDING_TO_PARTIALS = [
    ("The two owners grew “very tense” after the interview, according to a producer at the station.",
     "very tense", "producer at the station"),
    ("Mayor Vera Lind called the plan “long overdue,” according to Harbor Weekly.", "long overdue",
     "Harbor Weekly"),
    ("Ana Ruiz, a party official, said on Friday that according to its own count, the party had won most "
     "seats but “the count is not over.”", "the count is not over.", "Ana Ruiz"),
]


REPORTED_PRONOUNS_AND_REPEATS = [
    # he/she after a speaker described by a singular role, with no named person before: the description
    ("“The water came in through the floor,” said a nurse at the clinic.\n\n“We moved every bed "
     "upstairs,” she added.", "We moved every bed", "nurse at the clinic"),
    ("The flood started a row, with Senator Ada Marsh telling reporters on Friday she viewed the agency as "
     "“wholly unprepared” for the storm.", "wholly unprepared", "Ada Marsh"),
    ("The mayor backed the plan, but the tenants who wrote to her on Friday say they are “tired of empty "
     "promises from the council.”", "tired of empty promises", "tenants"),
    ("Candidate Noor Vale is releasing a new radio ad that urges voters in the valley to “pick the "
     "future.”", "pick the future.", "Noor Vale"),
    ("Mr. Pratt hit back on Sunday after the Green front-runner had said on Friday that he was ''becoming "
     "the IRS' best friend.''", "becoming the IRS' best friend.", "Green front-runner"),
    ("The league, Coach Ivo Renk said, called the ruling “a disgrace to the sport.”",
     "a disgrace to the sport.", "Ivo Renk"),
    ("“We cannot wait another year for the new school.”\n\nThe council met on Monday.\n\n“We cannot wait "
     "another year for the new school,” Ilse Brandt said in a statement.",
     "We cannot wait another year for the new school.", "Ilse Brandt"),
]


@pytest.mark.parametrize(("text", "quote", "speaker"), LOST_SUBJECTS + NEW_SENTENCES + DASH_CREDITS +
                         ACCORDING_TO_PARTIALS + REPORTED_PRONOUNS_AND_REPEATS)
def test_lost_subjects_new_reports_pronouns_and_repeats(speaker_of, text: str, quote: str, speaker: str) -> None:
    assert speaker_of(text, quote) == speaker


# The parse hangs the attribution somewhere else: a paragraph ending in an abbreviation runs on into the
# next one; a relative clause after the name takes the name as its subject; a lead-in before a colon has
# no reporting verb while the words after the quote do; "tweeted" read as a participle of the phrase
# before it; a quote holding its clause's main verb, attributed after it or by a parenthetical "he said";
# a speaker's name after modifiers ("said retired judge …"); a preposition parsed as the subject ("Of
# Ward, Lee, who …, said").
MISPARSED_ATTRIBUTIONS = [
    ("“Campaigns are having a hard time raising cash. The groups have the cash. They do not have a choice” "
     "but to lead the ad war, says Lena Marsh, a consultant with Brick Media in Dover, Del.\n\nThat outside "
     "help comes at a steep price and buys fewer ads.", "Campaigns are having", "Lena Marsh"),
    ("But it may have an effect that has so far been ignored: ''While the board remains unlikely to act, we "
     "believe the bashing from both sides will lead to new limits for small banks,'' Ivo Grant, an analyst "
     "at Tern Capital & Trading, wrote in a note to clients.", "While the board remains", "Ivo Grant"),
    ("The council met.\n\n\"Will the mayor ever answer the question? If not he should step down!\" the "
     "leading candidate, Rhea Coyle, tweeted Sunday after the vote.",
     "Will the mayor ever answer the question?", "Rhea Coyle"),
    ("The rally “was the first time I walked away with the idea that maybe it’s not as simple as, ‘He’s the "
     "boss,’” Ostrov said in phone interview. “I am starting to wonder.”", "was the first time I walked",
     "Ostrov"),
    ("The allure of simplicity itself, Ms. Ines Varga argued, is largely a myth.\n\n''Most of the complexity "
     "in the code derives from efforts to accurately measure'' income, she said, rather than from "
     "deductions for things like gifts.", "Most of the complexity", "Ines Varga"),
    ("Nobody asked him twice.\n\n“He is a fine mayor,” Paul Dern said of Mills. Of Carson, Levine, who has "
     "given money to the Green Party, said, “He is out of his depth. I think he is a decent man.”",
     "He is out of his depth.", "Levine"),
    # a quotation set as a section heading takes the speaker of its attributed copy, not the last speaker's
    ("Tomas Reed spoke for the union.\n\n“Pay is only half of it,” Reed said.\n\n'We are hiring new nurses!'"
     "\n\nIt is hard to staff a ward in winter. Ask any manager.\n\n\"We are hiring new nurses!\" said Alma "
     "Voss, the head of the Western Association of Rural Hospitals and Clinics.", "We are hiring new nurses!",
     "Alma Voss"),
    # a reporting verb in a "when"/"if" clause before a comma-introduced quote is not its attribution
    ("Rosa Dale and Ines Ortiz spoke in Ohio.\n\nMrs. Dale said that when Ms. Ortiz railed against the banks "
     "and corporate greed from her seat in the Senate, ''she is speaking for all of us.''",
     "she is speaking for all of us.", "Rosa Dale"),
    # the one who asks or calls on someone speaks, not the one asked ("calling on Congress to force banks
    # to pay “…”"), unless what the one asked does is itself a report
    ("\"The merger will leave savers holding the bag,\" candidate Ada Quist said in a statement, calling on "
     "Congress to act and force large banks to pay \"their fair share\" of taxes.", "their fair share",
     "Ada Quist"),
    # guards: the usual forms of the same attributions
    ("Tempers rose.\n\n\"What's shaping up is a battle for the ages,\" said Omar Dunn, a Lee confidant who "
     "heads the pro-Lee super PAC Correct the Count.", "What's shaping up", "Omar Dunn"),
    ("She had not.\n\n\"I'm not going to say it is a mistake, so forget about it,\" said retired "
     "neurosurgeon Amos Kell, asked about his claims that he had received an offer from the academy.",
     "I'm not going to say", "Amos Kell"),
    ("The group plans a march, the local paper reports.\n\n“They have to choose between rent and food, so "
     "they are not worried about which party runs the council or the state house,” Fight for $20 organizing "
     "director Mara Quist told Radio 4 in Leeds.", "They have to choose between rent", "Mara Quist"),
    ("At one point, Cruz coached Lee to \"breathe, breathe.\" That prompted Rubio to make a joke about yoga "
     "and call Lee \"very flexible,\" a nod to his changing views.", "very flexible", "Rubio"),
    ("The weekly paper ran a story on Monday. This prompted the tabloid to do a cover saying \"Don't be a "
     "Bum, Hal!\"", "Don't be a Bum", "tabloid"),
    ("Some in the crowd booed, and when Kemp thanked the city and said it was good to be home, a man yelled "
     "“Stay there!”", "Stay there!", "man"),
    ("Any decision to charge someone would involve Attorney General Nora Lind, who told Congress when asked "
     "last month about the case: \"That matter is being handled by career agents.\"",
     "That matter is being handled", "Nora Lind"),
]


@pytest.mark.parametrize(("text", "quote", "speaker"), MISPARSED_ATTRIBUTIONS)
def test_misparsed_attributions(speaker_of, text: str, quote: str, speaker: str) -> None:
    assert speaker_of(text, quote) == speaker


# Attributions whose speaker sits outside the usual subject slot: the agent of a passive report, a
# subject after the verb that the parse took for its object, a name set off by commas after the verb, the
# first verb of a list the parse broke up, a paragraph that announces the quote below it, a transcript
# label with its party and state. Guards keep the forms that must not change.
DISPLACED_SPEAKERS = [
    ("The governor was asked by host Dana Reyes, who backs him, \"Will you sign the bill this week or wait "
     "until the fall?\"", "Will you sign", "Dana Reyes"),
    ("The plan was described by Ann Ward as \"a slow retreat from every promise we made.\"", "a slow retreat",
     "Ann Ward"),
    ("The Ledger said the mayor had been shaken. \"Collapse!\" blared the front page of The Daily Courier.",
     "Collapse", "front page of The Daily Courier"),
    ("Then came the line of the night: \"It is time we had a teacher in charge,\" exhorted the mayor's "
     "introducer, actor Sam Ortiz.", "It is time", "Sam Ortiz"),
    ("Any ''honest'' reading of the mayor's plan, said Ann Ward, a planner at the Rivera Institute in Boston, "
     "would see it as a retreat.", "honest", "Ann Ward"),
    ("Lee backs \"modest raises,\" rejects \"blanket pay cuts\" and recalled the hiring freeze: \"It hurt "
     "morale across the agency and we lost good people.\"", "It hurt", "Lee"),
    ("\"The plan is a disgrace,\" Ortiz said.\n\nOrtiz continued his sharp remarks.\n\n\"The plan fails every "
     "family in the valley and nobody in the capital cares.\"", "The plan fails", "Ortiz"),
    ("\"Lee needs a plan for rural voters,\" Sam Ortiz, the analyst who founded votecount.org tweeted on "
     "Monday. \"They draw more from her side now.\"", "Lee needs", "Sam Ortiz"),
    ("Lee's figure came under fire at the hearing.\n\nRep. Dana Reyes (D-Ore.):\"I have not heard anyone "
     "other than you use that number. Who gave it to you?\"\n\nFormer commissioner Ann Lee:\"We got it from "
     "the agency and its review of the files.\"\n\nThe exchange lasted an hour.", "I have not", "Dana Reyes"),
    ("Lee's figure came under fire at the hearing.\n\nRep. Dana Reyes (D-Ore.):\"I have not heard anyone "
     "other than you use that number. Who gave it to you?\"\n\nFormer commissioner Ann Lee:\"We got it from "
     "the agency and its review of the files.\"\n\nThe exchange lasted an hour.", "We got it", "Ann Lee"),
    # a relative clause on the quote's last word is no attribution; the quote keeps its speaker
    ("\"We can win the north,\" said Pat Lowe, an adviser to the campaign. \"We have good chances all the way "
     "to the coast,\" which votes in June.", "We have good", "Pat Lowe"),
    # a caption, sign or headline carries words; whoever made it speaks, and a bare sign has no speaker
    ("Ward posted a photo of the podium and added a caption which reads, \"Lee's staff met here during the "
     "break, against the rules.\"", "Lee's staff", "Ward"),
    ("The sign read, \"Closed until further notice because of the strike.\"", "Closed until", None),
    # a partial quote ending in "?" or "!" holds its sentence's verb; the attribution after it names the speaker
    ("Ward \"firmly backs the banks as a way out of the slump. Does that work?\" former Lee adviser Ann Ortiz "
     "asked on Twitter.", "firmly backs", "Ann Ortiz"),
    # an attribution runs on past a short quoted label ("wearing “Vote Ward” buttons")
    ("Not everyone was pleased.\n\n“We have had better fairs than this one,” county farmer Al Beck, wearing a "
     "straw hat and “Vote Ward” buttons, said quietly as the band played.", "We have had better", "Al Beck"),
    # "was quick to add" leads in; "went so far as to say" keeps its subject
    ("\"The fee is open to talks,\" Ward said.\n\nWard was quick to add that the talks would not include "
     "dropping the fee.\n\n\"Dropping it? Not on the table.\"\n\n\"Could it be lowered?\" Lee asked.",
     "Dropping it?", "Ward"),
    ("The Daily Ledger columnist Ann Ward went so far as to say: ''The league as we know it is over.''",
     "The league as we know", "Ann Ward"),
    # who sees a sign did not write it
    ("Channel 9 is reporting that a couple saw a county road sign at an exit in Dover (about 40 miles south "
     "of the city), which read, “Dover loves Ann Ward. Vote Ward.”", "Dover loves", None),
    # a partial quote under a clause that a named person reports is that person's words; an attribution
    # after a comma-closed partial quote reports the whole sentence
    ("Rep. Ann Ward said Tom Lee told members to be \"closely aligned.\"", "closely aligned", "Ann Ward"),
    ("Nothing the mayor said \"will calm people's fears,\" the Ohio senator said after the speech.", "will calm",
     "Ohio senator"),
    # a share of respondents answers a poll: the poll's maker speaks, else the poll as described
    ("In a national Gallup poll released Monday, 31% of farmers said they were \"very worried\" about prices.",
     "very worried", "Gallup"),
    ("Some 55 percent of voters said they do not believe Lee \"cares about people like me,\" according to a "
     "Marist poll conducted in March.", "cares about", "Marist poll"),
    # a relative pronoun that is the object of the reporting verb is not its subject
    ("Much of Ward's anger was aimed at Ortiz, who Ward on Monday called \"a reckless and cynical man.\"",
     "a reckless", "Ward"),
    # a noun of speech (PolNeAR train's cue nouns) framing a partial quote gives it its named owner
    ("Gov. Ann Ward blamed the press for making an issue out of Tom Lee's claim that Mayor Ortiz \"founded the "
     "gang,\" saying they were nitpicking.", "founded the gang", "Tom Lee"),
    ("It was Mr. Lee's lyrical rejection of ''a politics of fear'' 12 years ago that made him famous.",
     "a politics of fear", "Lee"),
    # the agent of a passive question frames the clause asked about; protesters shout, not the incident
    ("Lee was asked by host Ann Ward whether his plan for child credits, which the Tax Office estimates would "
     "cost $2 billion a year, would risk \"adding another costly program to a strained budget.\"",
     "adding another", "Ann Ward"),
    ("The first incident came during a speech at the college, when Lee supporters interrupted her speech, "
     "shouting \"she wins, we lose!\"", "she wins", "Lee supporters"),
    # a closing mark glued to the next word, or left out before the attribution
    ("The group was founded last year.\n\n\"This new ad raises hard questions about whether voters can trust "
     "him on taxes,\"Ann Ward, who chairs the group, said in a statement. \"More and more, he looks like the "
     "politician voters fear.\"\n\nThe ad will air on Friday.", "This new ad", "Ann Ward"),
    ("Families often missed the paperwork.\n\n\"There was little advice for adoptive parents back then about "
     "naturalizing their children, said Ward, whose group backs the bills in the House.\n\nSome have won a "
     "reprieve.", "There was little advice", "Ward"),
    # a tagger's "person" in an apposition with no name in it ("a pro-Lee super PAC") leaves the named
    # subject; a body or role before a colon speaks itself
    ("Priorities Ohio, a pro-Lee super PAC, emailed a link to the video with one sentence: \"This is not OK.\"",
     "This is not OK", "Priorities Ohio"),
    ("The committee, in a note on the email affair, worded it even more carefully: \"Lee's practice was to "
     "write to officials on their official accounts.\"", "Lee's practice", "committee"),
    # guards
    ("The process was simple: \"You sign, you wait, you get paid.\"", "You sign", None),
    ("The mayor's speech ended early when Lee supporters walked out, but the mayor went on, shouting \"we "
     "will not be silenced!\"", "we will not", "mayor"),
    ("Ann Ward called Tom Lee's plan \"a reckless gamble.\"", "a reckless gamble", "Ann Ward"),
    ("In 2009, under what Mr. Ward called ''the old business model,'' the Lake Park Golf Club charged members "
     "$9,000 a year.", "the old business model", "Ward"),
    ("Ann Ward, who has run 12 polls for the party, said the plan was \"a step back.\"", "a step back",
     "Ann Ward"),
    ("The judge watched a clip that Judge Ann Moss called \"distasteful,\" in which Lee vowed to fight.",
     "distasteful", "Ann Moss"),
    ("After Ann Ward said that weaker pupils might do better at \"less demanding colleges,\" Tom Lee said: \"I "
     "do not like what she said.\"", "less demanding", "Ann Ward"),
    ("While Ann Ward said that the \"stakes are too high\" for a delay, Tom Lee said the vote could wait.",
     "stakes are", "Ann Ward"),
    ("The paper put his wealth at $2 billion, which Lee called \"a disgrace,\" blaming the publisher Ann Ward.",
     "a disgrace", "Lee"),
    ("Lee was quoted by the Courier as saying \"we will never sell the farm to a developer.\"",
     "we will never", "Lee"),
    ("The row had begun after Lee, asked about the port, had said, ''I think the union is asking for plenty "
     "also.''", "I think the union", "Lee"),
    ("Lee, later claiming - wrongly - that Ward wanted to close 40 schools, said he would reopen them, schools "
     "he says are \"mostly empty\" and badly run.", "mostly empty", "Lee"),
    ("\"Is the mayor ever going to answer? If not he should resign!\" the leading candidate, Rhea Coyle, "
     "tweeted Sunday after a fire at the depot.", "Is the mayor", "Rhea Coyle"),
]


@pytest.mark.parametrize(("text", "quote", "speaker"), DISPLACED_SPEAKERS)
def test_displaced_speakers(speaker_of, text: str, quote: str, speaker: str | None) -> None:
    assert speaker_of(text, quote) == speaker


# Subjects found further up the parse, or not at all where a thing or a denied report stands in the way
# (session 12). Each row names the error class it guards.
CLIMBED_SUBJECTS = [
    # a "to" infinitive on a thing: a vote does not praise; "she" then finds the person
    ("Ward said on Friday that she phoned Pryce after the vote to praise him for what she called \"a "
     "remarkable race.\"", "a remarkable race", "Ward"),
    # a singular thing as the object before an infinitive is a means, not the one told to speak
    ("Radio host Dan Ortiz used his show on Monday to discuss what he called the \"bold\" choice Lee made.",
     "bold", "Dan Ortiz"),
    # a name parsed as the sentence root: its verbs hang on it
    ("Ann Ward spoke first. Ward, the state's senior senator, repeated claims that Lee reads from cards, "
     "calling him a \"gifted actor\" when he has a script.", "gifted actor", "Ann Ward"),
    # a reporting verb set into the clause as a side clause licenses a partial quote after it
    ("Bound by a long shared border, the two nations, Ward said, now have a \"rare chance\" to grow their "
     "trade.", "rare chance", "Ward"),
    # passive "called … by X" with the "by" parsed under the words
    ("This trait of the movement has been called \"planned vagueness\" by Ann Ward, a professor at Ohio State "
     "University.", "planned vagueness", "Ann Ward"),
    # a denied report ("for not calling") licenses nothing while a report above it does
    ("Ann Ward, speaking on the radio on Monday, called again for Mayor Tom Ruiz to resign for not calling "
     "the depot fire an act of \"gross neglect.\"", "gross neglect", "Ann Ward"),
    # a denied report ("cannot claim") reports nothing: the one who adds it speaks
    ("Lee cannot claim that \"on the record,\" Ann Ward added, saying it should be \"up to the voters to "
     "judge.\"", "on the record", "Ann Ward"),
    # a "when" clause the parse hung on a noun still owns the participle after it
    ("The first clash came during a talk at the Western College of Art in Kent, when Lee fans interrupted her "
     "remarks, chanting \"she wins, we lose!\"", "she wins", "Lee fans"),
    # a subjectless conjunct continues the nearest conjunct with a subject of its own
    ("Before his talk, a group of pastors called for a boycott, and the large civil rights body the Fair "
     "Housing League sharply denounced his words and said it would \"return\" all of his past gifts.",
     "return", "Fair Housing League"),
    # a person's own column, book or essay speaks for its author
    ("Tom Ruiz has a long record on trade. His latest column argues that the deal is \"a gift to the few.\"",
     "a gift to the few", "Tom Ruiz"),
    # an unsigned piece speaks for the publication that printed it
    ("The race has been close. A Sunday editorial in The Valley Courier reads, \"It is time for the mayor to "
     "go.\"", "It is time", "Valley Courier"),
    # guards: parses that already worked stay right
    ("Ward conceded that Lee had touched Pryce but implied that it was Pryce's fault for \"grabbing\" at her.",
     "grabbing", "Ward"),
    ("Tom Ruiz stood at a rally to say he was leaning toward Lee. Ms. Ward, keeping to her polite habits, "
     "answered by first offering ''a few kind words'' about Lee.", "a few kind words", "Ward"),
    ("\"All the way!\" Tom Ruiz shouted from the stage. Ann Ward herself, who was not at the rally, has "
     "softened her attacks on Lee, shifting her focus to beating Pryce and admitting that her \"uprising\" "
     "will almost surely end in defeat.", "uprising", "Ann Ward"),
    ("Lee told the Daily Star that Ward was \"hiding.\" This prompted the tabloid to do a cover saying \"Come "
     "out, Ward!\"", "Come out", "tabloid"),
    ("The city, the mayor said on Monday, faces a \"long winter\" of cuts.", "long winter", "mayor"),
    # a relative clause the parse gave the name to: the name is the subject of the verb after it
    ("Ruiz, meanwhile, who has no such backing, said that fact shows who is \"ready to take on the old guard.\"",
     "ready to take", "Ruiz"),
    # a verb the parse hung on the last noun of a relative clause belongs to the clause's named antecedent
    ("Ann Ward, who served as Tom Lee's chief aide during the 2012 campaign, called Ruiz's statements and "
     "actions on Sunday \"childish.\"", "childish", "Ann Ward"),
    # a subject the parse lost behind a relative clause: the clause's antecedent, not the clause's object
    ("Although there is no such link with Ward's team, a city official who spoke anonymously to discuss "
     "internal plans said Wednesday, \"Certainly there are talks between the mayor and the Ward campaign.\"",
     "Certainly there", "city official"),
    # a participle on a participle with its own subject is that subject's, not the reporting verb's above
    ("I remember Mayor Tom Ruiz going on the radio in 1988, declaring a ''war on potholes'' and telling "
     "residents that ''we need better roads.''", "war on potholes", "Tom Ruiz"),
]


@pytest.mark.parametrize(("text", "quote", "speaker"), CLIMBED_SUBJECTS)
def test_climbed_subjects(speaker_of, text: str, quote: str, speaker: str) -> None:
    assert speaker_of(text, quote) == speaker


# Media whose maker the tagger did not label: a possessor the article names as a person elsewhere, a
# "by" object taken for a place, makers only described; a medium with no maker speaks for no one.
UNLABELLED_MAKERS = [
    ("Dana Rivers won the vote in Vermont. Rivers’ fundraising email to his backers notes that council member "
     "Ann Lee, who is running for mayor, “is a lawyer who has fought for cheaper rents.”", "is a lawyer",
     "Dana Rivers"),
    ("''Instead of being fined for the pollution, plants will get paid to stay open,'' noted a report for the "
     "union by the think tank Green Path.", "Instead of being", "Green Path"),
    ("The levy cut waste by a tenth with ''small effects on overall growth,'' according to a study last year by "
     "economists at Leeds University and the University of York.", "small effects",
     "economists at Leeds University and the University of York"),
    ("The levy cut waste by a tenth with ''small effects on overall growth,'' according to a study last year.",
     "small effects", None),
    # a medium owned by a described role speaks for the role, or the person the role names
    ("A Health Department inspector general's report issued this year reported what looked like several "
     "attempts at \"spear phishing\" in the city.", "spear phishing", "Health Department inspector general"),
    ("Mayor Ann Ward spoke on Monday. The mayor's report said the roads were \"a disgrace.\"", "a disgrace",
     "Ann Ward"),
]



# A colon lead-in that names no speaker: an empty "there" subject gives way to an attribution after the
# quote, and in "X had this to say:" the words are the object, not the one told, so X speaks.
COLON_LEADS = [
    ("Then there was the boldest promise of all: \"It's time we had a nurse running this city,\" exhorted "
     "Ruiz's warm-up speaker, actress Lena Marsh.", "It's time", "Lena Marsh"),
    ("Likewise, a study from the Harbor Institute had this to say about the plan: \"Families at the top would "
     "gain far more than those at the bottom.\"", "Families at the top", "Harbor Institute"),
    # guard: a person's own colon lead still speaks
    ("When Ward said the club would sue the city, Lee fired back sharply: \"If they sue us in a court in Leeds, "
     "they will lose,\" pointing to the many fans in the town.", "If they sue", "Lee"),
]



# Passive reports: a participle's agent speaks ("labeled … by"), also when the report is set into the
# clause holding the quote ("– as described by X –").
PASSIVE_REPORTS = [
    ("While the club has often faced criticism for the long inquiry, often labeled as a “witch hunt” by its "
     "rivals, it seems likely Ward is right.", "witch hunt", "its rivals"),
    ("From her failure as mayor to fix the roads, to being “extremely careless” with the budget – as described "
     "by city auditor Ann Ward – the record is poor.", "extremely careless", "Ann Ward"),
    # the one a passive naming verb names did not say the words; no one else is named
    ("Ward was called “a real leader.”", "a real leader", None),
    # guards: a relayed quote's agent is not its speaker; a report above the passive gives the words
    ("Lee was quoted by the Courier as saying the deal was “dead in the water.”", "dead in the water", "Lee"),
    ("Ann Lee said Ward was called “a real leader” at school.", "a real leader", "Ann Lee"),
]



# A first name the tagger read as a word of another class ("Will" a modal, "Bill" a verb) stays part of
# the speaker's name when the entity holds it.
FIRST_NAMES_AS_WORDS = [
    ("Local leaders say the visits were useful. \"He just stopped and said, 'We have got to win Leeds.’\" Will "
     "Ortiz, the chairman for the county, said of the talk he had last week.", "He just stopped", "Will Ortiz"),
    # guard: an ordinary first name
    ("\"We are ready,\" Mark Ruiz said on Monday.", "We are ready", "Mark Ruiz"),
]


# Credits and leads the parse reads badly (session 14): "as X put it," set into a clause; a quote joined
# to a direct quote by "and"; the writer's "and I quote"; a campaign as a speaking body; a naming verb
# whose quote the parse made the root; a name tagged as a verb; a frame the parse found inside the quote;
# a lead sentence whose subject is the quote before; a verb after a plural subject tagged as a noun; a
# medium's owner in a colon lead ("From Ward's post:").
ODD_PARSES = [
    # a digest's heading says whose words follow, however the parse runs it into the paragraph before
    ("The army still holds the valley, according to the ministry, quoted by the Valley Wire.\n\nQuote from Vell: "
     "\"The bridge is still closed.\"", "The bridge is still closed", "Vell"),
    ("Officials met on Monday.\n\nStatement by the Harbour Authority: \"The port will reopen on Friday.\"",
     "The port will reopen", "Harbour Authority"),
    # a lone name the parse made the reporting verb's clause ("… cited by the news agency AFP") is no new
    # report: the verb still attributes the quote before it
    ("\"The office has tracked the fighting, including the capture of two men, and confirmed that the army took "
     "two men on May 9 in the northern hills,\" the Valley Intelligence Office (VIO) said in a statement cited "
     "by the news agency AFP on Sunday.", "The office has tracked", "Valley Intelligence Office"),
    # a time between a speaker and "who" is no antecedent (the real speaker was the date: issue 13)
    ("The plan echoes remarks by Mayor Ivo Tran last week, who said the bridge would \"close for good.\"",
     "close for good", "Ivo Tran"),
    ("The warning matches claims made by Governor Ana Vell on Thursday, who said that the city was \"readying "
     "every bus it has.\"", "readying every bus", "Ana Vell"),
    ("The report quotes Doctors Without Borders staff at dawn on Monday, who said the wards were \"full beyond "
     "belief.\"", "full beyond belief", "Doctors Without Borders staff"),
    ("Back then, as the judge Carla Mendes put it, “apart from a few parking fines there was little to hold "
     "against him.”", "apart from a few", "Carla Mendes"),
    ("The judge least friendly to business is Ann Ruiz, just the kind of liberal many donors fear Mr. Ward would "
     "pick.\n\nAs Arun Mehta, professor of law at Yale and author of ''The Quiet Court,'' put it, ''Senate "
     "Republicans should remember that a deal today may be far better for them than the judge they may get "
     "stuck with.''", "Senate Republicans", "Arun Mehta"),
    ("Governor Ann Ruiz, who owed her win to, as an American adviser put it, an “extreme makeover” that Mr. Lee "
     "ran, fled the capital.", "extreme makeover", "American adviser"),
    ("Ward worked the room, telling the diners, “I’m a cook like you, friends,” and, “Is there anyone here who "
     "doesn’t burn the toast?”", "Is there anyone", "Ward"),
    ("No wonder Lena Ortiz said, and I quote, \"We adore the sleepy voters.\" She is teasing them.", "We adore",
     "Lena Ortiz"),
    ("The Ortiz campaign, in a note on the row, phrased it even more carefully: \"Ortiz's habit was to write to "
     "staff on their work accounts.\"", "Ortiz's habit", "Ortiz campaign"),
    ("Ward’s campaign called AP’s tally a “rush to judgment,” because delegates may change their minds.",
     "rush to judgment", "Ward’s campaign"),
    ("Lee, however, cut in by attacking Ward for using the park for parking. \"Bob wants to be a tough guy "
     "tonight,\" Trump shot back. \"Let me talk.\"", "Bob wants", "Trump"),
    ("When Ruiz accused Lee of being too cozy with the banks, she said \"I stood up to the lenders\" over bad "
     "loans. Ruiz shot back, \"Senator Lee called them out. Oh my goodness, they must be crushed.\"",
     "Senator Lee called", "Ruiz"),
    ("But that only matters if you trust them. \"Meh,\" wrote a Ward fan who runs the account @FansForWard. "
     "\"What does the bank know about it.\"", "What does the bank", "Ward fan"),
    ("Ward has urged his backers to answer critics by calling them biased. One early supporter, Representative "
     "Lena Ruiz, Republican of Ohio, gave the technique a whirl in an interview on Tuesday: ''You can easily "
     "argue that the mayor is a bigot with his policies.''", "You can easily", "Lena Ruiz"),
    ("Ward, for one, was wrong about the mill closing; the mill said the sale was going ahead.\n\nThat only "
     "counts if you trust them over him.\n\n\"Meh,\" wrote a Ward backer who runs the account @WomenForWard. "
     "\"What does the mill know about it . . .\"", "What does the mill", "Ward backer"),
    ("“We want the most faithful choice,” Lance Wallace wrote. “But what we should ask is “who has the calling?”",
     "who has the calling", "Lance Wallace"),
    ("Aides say the former mayor plans to back Ruiz. From Ward's Facebook post: \"For the sake of our city, we "
     "must move past the bitterness.\"", "For the sake", "Ward"),
    ("\"We will not pay,\" the unions state in their letter.", "We will not pay", "unions"),
    ("\"The kingdom is a leading force against terror,\" the Saudis state in the white paper.", "The kingdom",
     "Saudis"),
    # a subject the parse hung on the object before it ("… call you a fool and the Star will accuse you"):
    # the noun phrase right after "and", right before the finite verb, is that verb's subject
    ("If you doubt the agency, the Daily Ledger will call you a fool and the Evening Star will accuse you of "
     "having a \u201cmeltdown.\u201d", "meltdown", "Evening Star"),
    ("The mayor praised the workers and the union leader called the deal \u201ca fair one.\u201d", "a fair one",
     "union leader"),
    # a quote whose verb is no cue ("were"), in the that-clause of a verb a named person heads, is that
    # person's, cue lexicon or not ("confided", "griped")
    ("Mr. Lund confided to her that, as newcomers, the Ruizes were \u201cthe first outsiders on the "
     "street.\u201d", "the first outsiders", "Lund"),
    ("Ana Vell griped that the new rules were \u201ca gift to the landlords.\u201d", "a gift to", "Ana Vell"),
    # a time the parse hangs on the speaker's name is not part of it
    ("Much of the anger was aimed at Baker, whom Ruiz on Wednesday called \u201ca dreadful, spiteful "
     "man.\u201d", "a dreadful, spiteful man", "Ruiz"),
    ("The Lee campaign on Monday called the ad \u201ca cheap smear.\u201d", "a cheap smear", "Lee campaign"),
    # an attribution closing the sentence credits a partial quote no reporting verb governs, however the
    # parse hangs it (here as an apposition of the last noun before it)
    ("Meanwhile, Norland has decided to send \"large-scale troops\" to support Ostria in its war against Vell, "
     "the Harbor Wire news agency reported Friday, citing the spy agency.", "large-scale troops",
     "Harbor Wire news agency"),
    ("Meanwhile, Norland has decided to send \"large-scale troops\" to support Ostria in its war against Vell, "
     "Norland's Harbor Wire news agency reported Friday.", "large-scale troops", "Harbor Wire news agency"),
    # "it said" is the named body that spoke last (within two paragraphs); an "it" that is no speaker's
    # subject ("it was unrealistic to think …") leaves the quote to the one who reports it
    ("The Arlen Coast Guard said on Sunday that it had seen boats.\n\n\"Two boats were seized\" near the port, "
     "it said on Telegram.", "Two boats were seized", "Arlen Coast Guard"),
    ("The Arlen Coast Guard said on Sunday that it had seen boats. Lee said it was unrealistic to think that, if "
     "the guard left, \u201cthe tides will save us.\u201d", "the tides will save us", "Lee"),
    # a title in capitals ("the Police Chief", tagged PROPN) refers back like a lowercase one does
    ("Police Chief Ann Ward visited a school in Leeds on Monday. \"It is not as much fun as my afternoon,\" the "
     "Police Chief said Thursday.", "It is not as much fun", "Ann Ward"),
    ("The daily Harbor Journal has covered the port for years. \"Two boats were seized,\" the Journal said.",
     "Two boats were seized", "Harbor Journal"),
    # guards: an "as" clause that is no credit; a quote joined by "and" to another speaker's is not joined
    ("As costs rose, Lee put it plainly: “we are simply out of money.”", "we are simply", "Lee"),
    ("“We will win,” Lee said, and Ward replied, “Not this year.”", "Not this year", "Ward"),
    ("\"We will not pay,\" the unions state budget shows.", "We will not pay", None),
    ("From the start: \"We will rebuild.\"", "We will rebuild", None),
    ("Lee thanked her staff and volunteers and said the win was \u201ctheirs.\u201d", "theirs", "Lee"),
    ("The head of the agency in Ohio called the ad \u201ca cheap smear.\u201d", "a cheap smear",
     "head of the agency in Ohio"),
    ("The figures show that the Ruizes were \u201cthe first outsiders on the street.\u201d", "the first outsiders",
     "Ruizes"),
]


def test_scare_quotes_joined_by_or_are_not_speech(nlp, article_factory) -> None:
    text = "Clinics vary with whether patients are \"high\" or \"low\" functioning."
    doc = nlp(text)
    found = [q.text for q in extract_quotes(doc, article_factory(text), names=NameIndex.from_doc(doc))
             if q.kind != "indirect"]
    assert "low" not in found


@pytest.mark.parametrize(("text", "quote", "speaker"), UNLABELLED_MAKERS + COLON_LEADS + PASSIVE_REPORTS +
                         FIRST_NAMES_AS_WORDS + ODD_PARSES)
def test_makers_colon_leads_passives_and_first_names(speaker_of, text: str, quote: str, speaker: str | None) -> None:
    assert speaker_of(text, quote) == speaker
