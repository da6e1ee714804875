from __future__ import annotations

import pytest

from storyline.model import Article, Extraction, Mention, Place
from storyline.resolve_across import acronym, canonical_names, fold, merge_entities


def ex(outlet: str, mentions: list[tuple[str, str]] = (), places: list[tuple[str, str, str]] = ()) -> Extraction:
    text = " ".join(n for n, _ in mentions) + " " + " ".join(t for t, _, _ in places)
    art = Article(id=outlet, source=f"{outlet}.txt", raw=text, text=text, outlet=outlet)
    ms, pos = [], 0
    for name, label in mentions:
        ms.append(Mention(art.id, pos, pos + len(name), name, label, name))
        pos += len(name) + 1
    ps = []
    for surface, canonical, gid in places:
        start = text.index(surface, pos)
        ps.append(Place(art.id, start, start + len(surface), surface, canonical, "city", 50.4, 30.5, "UA", gid))
    return Extraction(article=art, mentions=tuple(ms), places=tuple(ps))


def names(entities) -> set[tuple[str, str]]:
    return {(e.name, e.label) for e in entities}


@pytest.mark.parametrize(
    ("articles", "expected"),
    [
        # a surname used alone in another article joins the one full name that carries it
        ([[("Kim Jong Un", "PERSON")], [("Kim", "PERSON")]], {("Kim Jong Un", "PERSON")}),
        ([[("Vladimir Putin", "PERSON")], [("Putin", "PERSON")]], {("Vladimir Putin", "PERSON")}),
        # spellings of one name
        ([[("Kim Jong Un", "PERSON")], [("Kim Jong-un", "PERSON")]], {("Kim Jong Un", "PERSON")}),
        # two people sharing a surname are not merged, and the bare surname stays apart
        (
            [[("Vasile Rusu", "PERSON")], [("Natalia Rusu", "PERSON"), ("Rusu", "PERSON")]],
            {("Vasile Rusu", "PERSON"), ("Natalia Rusu", "PERSON"), ("Rusu", "PERSON")},
        ),
        # transliterations of one name, with and without the given name
        (
            [[("Volodymyr Zelensky", "PERSON")], [("Volodymyr Zelenskyy", "PERSON")], [("Zelenskiy", "PERSON")],
             [("Volodymyr Zelensky", "PERSON")]],
            {("Volodymyr Zelensky", "PERSON")},
        ),
        # close but distinct names, and short words, stay apart
        (
            [[("Dan Jonson", "PERSON")], [("Dan Johnston", "PERSON")], [("Ana Lee", "PERSON")],
             [("Ana Leo", "PERSON")]],
            {("Dan Jonson", "PERSON"), ("Dan Johnston", "PERSON"), ("Ana Lee", "PERSON"), ("Ana Leo", "PERSON")},
        ),
        # an organisation and its acronym
        (
            [[("International Atomic Energy Agency", "ORG")], [("IAEA", "ORG")]],
            {("International Atomic Energy Agency", "ORG")},
        ),
        # an acronym that fits no organisation of the story stays itself
        ([[("NATO", "ORG")], [("European Union", "ORG")]], {("NATO", "ORG"), ("European Union", "ORG")}),
    ],
)
def test_people_and_organisations_merge(articles: list, expected: set) -> None:
    extractions = [ex(f"o{i}", m) for i, m in enumerate(articles)]
    assert names(merge_entities(extractions, outlet_of=lambda a: a.outlet or "")) == expected


def test_places_merge_by_gazetteer_id_and_count_outlets() -> None:
    a = ex("Herald", places=[("Kyiv", "Kyiv", "geonames:703448")])
    b = ex("Courier", places=[("Kiev", "Kyiv", "geonames:703448")])
    [kyiv] = merge_entities([a, b], outlet_of=lambda x: x.outlet or "")
    assert (kyiv.name, kyiv.aliases, kyiv.mentions) == ("Kyiv", ("Kiev",), 2)
    assert dict(kyiv.outlets) == {"Herald": 1, "Courier": 1}


@pytest.mark.parametrize(
    ("name", "folded", "initials"),
    [
        ("Kim Jong-un", "kim jong un", "KJU"),
        ("the Institute for the Study of War", "institute for the study of war", "ISW"),
        ("Fălciu", "falciu", ""),
    ],
)
def test_fold_and_acronym(name: str, folded: str, initials: str) -> None:
    assert fold(name) == folded and acronym(name) == initials


def test_canonical_names_give_each_merged_person_one_name() -> None:
    entities = merge_entities(
        [ex("A", [("Volodymyr Zelensky", "PERSON"), ("Vasile Rusu", "PERSON")]),
         ex("B", [("Volodymyr Zelenskyy", "PERSON"), ("Natalia Rusu", "PERSON"), ("Rusu", "PERSON")]),
         ex("C", [("Zelenskiy", "PERSON"), ("IAEA", "ORG"), ("International Atomic Energy Agency", "ORG")],
            [("Kiev", "Kyiv", "geonames:703448")])],
        outlet_of=lambda a: a.outlet or "",
    )
    canonical = canonical_names(entities)
    [zelensky] = [e.name for e in entities if "Volodymyr" in e.name]  # the spelling the merge chose
    assert {canonical(n) for n in ("Volodymyr Zelensky", "Volodymyr Zelenskyy", "zelenskiy")} == {zelensky}
    assert canonical("IAEA") == "International Atomic Energy Agency"
    assert canonical("Rusu") == "Rusu"  # two people of the story share it: no one's name is given
    assert canonical("Kiev") == "Kiev"  # places are not speakers
    assert canonical("Ana Lee") == "Ana Lee" and canonical("") == ""
    assert canonical("Yonhap") == "Yonhap News Agency"  # an agency under its outlet-table name
