"""Line patterns that name a kind of scrape noise outright, whatever the site.

Each pattern is an opening, a shape or a cue that article prose does not take: a credit ("Photo: Name/Agency"),
a byline, a rights notice, a skip link, a share bar, a timestamp on a line of its own, a photo caption that
ends in its credit, an image file name or hash, an app promotion, a chatbot's leftover instruction. Lines
no pattern names are judged by the line classifier (``classifier.py``) from general features instead.

Kinds:

- ``credit``: an image or graphic credit ("Photo: Name/Agency", "Name Name/OUTLET");
- ``byline``: "By Name and Name";
- ``edited_by``: "Edited by: Name", "Reporting by ...", "Additional reporting by ...";
- ``boilerplate``: "Read more: ...", "Sign up for our newsletter", "© 2025 Outlet", "Advertisement";
- ``navigation``: skip links, "Back to top", menus of section names, share bars, log-in prompts;
- ``contact``: "Contact us", "Email the author at ...", "Got a tip?";
- ``promo``: "Download our app", "Listen to this article", "Watch: ...";
- ``timestamp``: a date or time alone on its line ("Published 10:32 GMT", "3 hours ago", "5 min read");
- ``caption``: a photo caption ("In this photo ...", "... (Photo: Name/Agency)");
- ``image_ref``: an image file name, URL or hash left where the image was;
- ``ai_prompt``: an instruction to or answer opener of a text generator left in the scrape;
- ``foreign_fragment``: a line of HTML markup in a plain-text article (a paragraph of another page).
"""

from __future__ import annotations

import re

#: Credit, byline and boilerplate lines are short; a longer line matching the same opening words is prose.
SHORT_LINE_WORDS = 20
#: A credit alone is a few words ("Photo: Jane Roe/Agency"); a longer line that matches is a caption
#: ending in its credit, when a caption cue says so.
CREDIT_MAX_WORDS = 8
#: Boilerplate prompts are terse: longer than this and ending like a sentence, it is prose.
BOILERPLATE_MAX_SENTENCE_WORDS = 12
#: A photo caption is one or two sentences; a longer line that happens to end in a credit is prose that
#: cites a picture agency, and is left to the classifier.
CAPTION_MAX_WORDS = 60

_NAME = r"[A-Z][\w.'’\-]*"
_NAMES = rf"{_NAME}(?:\s+(?:van|von|de|da|del|der|bin|al|el|le|la)?\s*{_NAME}){{0,3}}"
#: Picture agencies and wires whose name closes a credit ("Name/AFP", "via Getty Images").
PICTURE_AGENCIES = r"(?-i:" + (
    r"AP|AFP|Reuters|EPA(?:-EFE)?|Getty Images|Getty|Shutterstock|Alamy|AAP|PA(?: Images| Wire| Media)?|Xinhua|"
    r"Anadolu(?: Agency)?|Yonhap|Kyodo|dpa|picture[- ]alliance|Sipa(?: USA)?|Bloomberg|NurPhoto|ZUMA(?: Press)?|"
    r"SOPA Images|LightRocket|UPI|TASS|Sputnik|KCNA|Imago|Abaca|Polaris|Redux|Corbis|iStock|Pool|Handout"
) + ")"  # case-sensitive: "(ePA)" in a sentence is an abbreviation, "(EPA)" after a caption a credit

SENTENCE_END = re.compile(r"[.!?;:,\"”’')\]]\s*$")
SCALE_BAR = re.compile(
    r"^\s*\d[\d,.]*\s*(?:miles?|mi|km|kilomet(?:er|re)s?|met(?:er|re)s?|m|ft|feet|yards?|nautical miles)\s*$",
    re.IGNORECASE,
)
GRAPHIC_NOTE = re.compile(r"^\s*(?:notes?|sources?|data|graphic|map|chart)\s*:\s*\S", re.IGNORECASE)
# "Andrew Barnett/WSJ", "Jane Doe / Reuters", "Photo: Jane Doe/AP", "AP Photo/Jane Doe"
CREDIT = re.compile(
    rf"^\s*(?:(?:photo|image|picture|graphic|map|video|illustration|photograph|footage)s?"
    rf"(?:\s+credits?)?\s*[:©]\s*.+|{_NAMES}\s*/\s*[\w&.' \-]{{2,40}}|(?:AP|AFP|EPA|Reuters)\s+(?:Photo|Images?)\b.*"
    rf"|.*\b(?:Getty Images|Shutterstock|Alamy|picture[- ]alliance)\b.*|credits?\s*:\s*{_NAMES}.*"
    rf"|(?:image|photo)\s+(?:source|copyright|caption)\b.*)\s*$",
    re.IGNORECASE,
)
BYLINE = re.compile(rf"^\s*By\s+{_NAMES}(?:\s*(?:,|and|&)\s*{_NAMES})*(?:\s*[,|]\s*[\w .]+)?\s*$")
EDITED_BY = re.compile(
    r"^\s*(?:edited|editing|reporting|additional reporting|written|compiled|produced|translated|"
    r"fact[- ]checked|writing)\s+by\s*:?\s*\S",
    re.IGNORECASE,
)
BOILERPLATE = re.compile(
    r"^\s*(?:read more|read also|also read|see also|related(?: articles?| stories| coverage| topics)?\s*:|"
    r"more from|sign up|subscribe|follow us|click here|share this|share on|advertisement|sponsored|"
    r"copyright|©|\(c\)\s*\d{4}|all rights reserved|this article (?:was|has been)|story continues|"
    r"we use cookies|accept cookies|newsletter|recommended(?: for you| stories)?\s*:|most (?:read|popular)\b|"
    r"more (?:on|about) this (?:story|topic)\b|you (?:may|might) also (?:like|be interested)\b|further reading\b|"
    r"related (?:content|links|reading|topics)\b|top stories\b|trending(?: now)?\s*:?$)",
    re.IGNORECASE,
)
#: Openings that are boilerplate however the line goes on: a sign-up prompt or a rights notice is never
#: article prose, even when written as a full sentence.
STRONG_BOILERPLATE = re.compile(
    r"^\s*(?:sign up (?:for|to) our\b|subscribe (?:to|for) our\b|©|\(c\)\s*\d{4}|copyright\s+(?:©\s*)?\d{4}|"
    r"all rights reserved|this (?:material|content) may not be (?:published|reproduced)|"
    r"story continues (?:below|after)|scroll (?:down )?to continue|continue reading (?:below|the main story))",
    re.IGNORECASE,
)
NAVIGATION = re.compile(
    r"^\W*(?:skip to (?:main |the )?(?:content|navigation|search|footer|article|menu)|jump to (?:content|"
    r"navigation|comments)|back to top|go to (?:top|homepage|home page)|toggle (?:navigation|menu|search)|"
    r"open (?:menu|navigation|side ?bar)|close (?:menu|navigation)|main menu|search(?: for)?:?|menu|home|"
    r"(?:log|sign) ?in(?: to your account)?|(?:log|sign) ?out|register|create (?:an |a free )?account|"
    r"my account|already (?:a subscriber|have an account)\b.*|not a subscriber\b.*|"
    r"(?:share|tweet|email|print|copy link|copy url|save|comment)(?: (?:this|the) (?:article|story|page))?|"
    r"show (?:more|less|comments)|load more|view (?:all|more|gallery|comments)|next (?:article|story|page)|"
    r"previous (?:article|story|page)|(?:facebook|twitter|x|linkedin|whatsapp|reddit|telegram|email|pinterest|"
    r"messenger|flipboard)(?:\s*[,|/·•]?\s*(?:facebook|twitter|x|linkedin|whatsapp|reddit|telegram|email|"
    r"pinterest|messenger|flipboard|copy link|print))+)\W*$",
    re.IGNORECASE,
)
CONTACT = re.compile(
    r"^\W*(?:contact(?: us| the (?:author|writer|reporters?|newsroom))?\b|e-?mail (?:us|the (?:author|writer|"
    r"reporters?))\b|write to (?:us|the (?:author|writer|reporters?)|[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3} at)\b|"
    r"(?:got|have) a (?:news )?tip\b|send us (?:a|your) (?:tip|story|news)\b|(?:tips?|newsroom|press) ?(?:line)?:"
    r"|reach (?:the (?:author|writer|reporters?)|[A-Z]\w+ [A-Z]\w+) at\b|follow (?:the author|[A-Z]\w+ [A-Z]\w+) "
    r"on\b|corrections? (?:and|&) clarifications\b|to report an error\b)",
    re.IGNORECASE,
)
PROMO = re.compile(
    r"^\W*(?:download (?:the|our) [\w' -]{0,30}app\b|get (?:the|our) [\w' -]{0,30}app\b|open in (?:the )?app\b|"
    r"(?:available|now) on (?:the )?(?:app store|google play)\b|listen to (?:this )?(?:article|story)\b|"
    r"(?:watch|listen|video|audio|podcast|live)\s*[:|]|watch (?:now|live|the video)\b|"
    r"\d+\s*(?:min(?:ute)?s?|sec(?:ond)?s?)\s+(?:read|listen|watch)\b|"
    r"(?:support|fund) (?:our|independent|quality) (?:journalism|reporting)\b|become a (?:member|subscriber|"
    r"patron|supporter)\b|(?:donate|give) (?:now|today)\b|gift this article\b|unlock (?:this|unlimited)\b|"
    r"turn on (?:desktop )?notifications\b|enable notifications\b|add .{1,30} as a preferred source\b)",
    re.IGNORECASE,
)
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?"
_CLOCK = r"(?:\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?|\d{1,2}(?:\.\d{2})?\s*[ap]\.?\s?m\.?)"
_ZONE = r"(?-i:\(?(?:[A-Z]{2,5}|UTC|GMT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?)"
_DAY = (rf"(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
        rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:T[\d:.]+(?:Z|[+-]\d{{2}}:?\d{{2}})?)?|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|"
        rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?)")
_STAMP_WORD = (r"(?:(?:first )?(?:published|updated|last updated|posted|modified|created|dated|released)"
               r"(?:\s+(?:on|at))?\s*:?\s*)")
_STAMP_SEP = r"\s*(?:,|at|on|[-–—|•·]|\s)\s*"
#: A date, time or both alone on a line, optionally after "Published" / "Updated" / "Posted" and with a
#: time zone: page furniture around the headline, never article prose. A bare clock time ("1:15 p.m.")
#: is left alone: live blogs head their entries with one.
TIMESTAMP = re.compile(
    rf"^\W*{_STAMP_WORD}?(?:{_DAY}(?:{_STAMP_SEP}{_CLOCK})?|{_CLOCK}{_STAMP_SEP}{_DAY})\s*{_ZONE}?\W*$"
    rf"|^\W*{_STAMP_WORD}(?:{_CLOCK}|{_WEEKDAY})\s*{_ZONE}?\W*$"
    rf"|^\W*{_CLOCK}\s*{_ZONE}\W*$"
    rf"|^\W*(?:(?:published|updated|posted)\s+)?(?:\d+|an?|one)\s+(?:sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|"
    rf"days?|weeks?|months?)\s+ago\W*$|^\W*(?:just now|yesterday|today)\W*$",
    re.IGNORECASE,
)
#: Cues that a line is a photo caption even when it reads like a sentence: a closing credit in
#: parentheses or after a dash, "In this photo", "FILE PHOTO", "Image caption", "pictured".
#: The wire convention for a file photo's caption, whatever its length: "FILE - In this March 3 photo, ...",
#: "FILE – This undated image posted on ... shows ..." (upper-case FILE and a dash open the line).
FILE_CAPTION = re.compile(r"^FILE\s*[-–—]\s+\S")
CAPTION_CUE = re.compile(
    rf"^\W*(?:in this (?:file )?(?:photo|image|picture|handout|video (?:grab|still)|screen ?(?:grab|shot))\b|"
    rf"file (?:photo|picture)\b|image (?:caption|copyright|source)\b|(?:photo|picture) (?:caption|credit)\b|"
    rf"pictured\s*:|above\s*:|top\s*:|main (?:photo|image)\s*:)"
    rf"|\((?:photo|photos|image|picture|credit|video|file|foto)\b[^)]*\)\s*$"
    rf"|\((?:{PICTURE_AGENCIES})(?:\s+(?:photo|images?|pool|file|handout))?(?:\s*/[^)]*)?\)\s*$"
    rf"|[-–—|]\s*(?:photo|image|picture|credit)s?\s*(?:by|:)\s*[^.]{{2,60}}$"
    rf"|\b(?:via|courtesy(?: of)?|credit:?)\s+(?:{PICTURE_AGENCIES})\)?\s*$"
    rf"|\b{_NAMES}\s*/\s*(?:{PICTURE_AGENCIES})(?:\s+via\s+(?:{PICTURE_AGENCIES}))?\)?\s*$",
    re.IGNORECASE,
)
IMAGE_REF = re.compile(
    r"^\s*(?:\S*\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?:\?\S*)?|https?://\S+|"
    r"[0-9a-f]{16,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9+/_-]{32,}={0,2})\s*$",
    re.IGNORECASE,
)
AI_PROMPT = re.compile(
    r"^\W*(?:(?:please )?(?:re-?write|paraphrase|summari[sz]e|rephrase|reword|spin) (?:this|the following|the "
    r"(?:above|below)|it)\b|as an ai(?: language model)?\b|i(?:'m| am) (?:sorry|unable),? (?:but )?(?:i|as an ai)\b|"
    r"(?:sure|certainly|of course)[!,.]? here(?:'s| is| are) (?:the|a|your) (?:rewritten|revised|paraphrased|"
    r"summar|article|version|text)|here(?:'s| is) (?:the|a|your) (?:rewritten|revised|paraphrased|reworded|"
    r"unique|seo)\b|(?:write|generate|create) an? (?:seo|unique|engaging|news)[\w -]{0,30} (?:article|version|"
    r"post)\b|(?:do not|don't) (?:mention|include) (?:that|the) (?:source|original)\b|"
    r"(?:title|headline|meta description|keywords?)\s*:\s*$)",
    re.IGNORECASE,
)
MARKUP_LINE = re.compile(r"^\s*<([a-zA-Z][\w-]*)\b[^>]*>.*</\1\s*>\s*$|^\s*</?(?:p|div|span|a|h[1-6]|li|br)\b[^>]*>")


def line_kind(text: str, *, markup: bool) -> str | None:
    """The noise kind a pattern names for one line, or None when no pattern applies.

    Args:
        text: the line, stripped.
        markup: the source was HTML, so a line of markup is not a stray fragment of another page.
    """
    if not text:
        return None
    if not markup and MARKUP_LINE.match(text):
        return "foreign_fragment"
    words = len(text.split())
    if IMAGE_REF.match(text):
        return "image_ref"
    credit = words <= SHORT_LINE_WORDS and CREDIT.match(text) and not SENTENCE_END.search(text.rstrip("."))
    if credit and words <= CREDIT_MAX_WORDS:
        return "credit"
    if FILE_CAPTION.match(text) or (words <= CAPTION_MAX_WORDS and CAPTION_CUE.search(text)):
        return "caption"
    if credit:
        return "credit"
    if AI_PROMPT.match(text) and words <= SHORT_LINE_WORDS * 2:
        return "ai_prompt"
    if words > SHORT_LINE_WORDS:
        return "boilerplate" if STRONG_BOILERPLATE.match(text) else None
    if TIMESTAMP.match(text):
        return "timestamp"
    if EDITED_BY.match(text):
        return "edited_by"
    if BYLINE.match(text):
        return "byline"
    if NAVIGATION.match(text):
        return "navigation"
    if STRONG_BOILERPLATE.match(text) or (
        BOILERPLATE.match(text) and (words <= BOILERPLATE_MAX_SENTENCE_WORDS or not SENTENCE_END.search(text))
    ):
        return "boilerplate"
    if (CONTACT.match(text) or PROMO.match(text)) and (
        words <= BOILERPLATE_MAX_SENTENCE_WORDS or not SENTENCE_END.search(text)
    ):
        return "contact" if CONTACT.match(text) else "promo"
    return None


def is_marker(text: str) -> bool:
    """A graphic marker: scale bar, "Note:"/"Source:" line or credit, which lets a short run be a caption."""
    return bool(SCALE_BAR.match(text) or GRAPHIC_NOTE.match(text) or CREDIT.match(text))
