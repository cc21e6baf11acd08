"""Split a name written in one cell into family and given names, with leading titles taken off."""

from __future__ import annotations

import re
from typing import NamedTuple

from visitplanner.domain.enums import NameOrder

#: Korean family names of two syllables. Four-syllable names starting with one are always
#: split after it; three-syllable names only for those that are never a one-syllable family
#: name followed by a given name (선우진 is more often 선 우진 than 선우 진).
TWO_SYLLABLE_FAMILY_NAMES = frozenset(
    {"남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방", "어금", "망절", "강전", "소봉", "장곡", "탁정"}
)
_UNAMBIGUOUS_TWO_SYLLABLE = frozenset({"남궁", "황보", "제갈", "독고", "사공", "서문", "동방", "망절"})

#: How common Korean family names are romanised (lower case), to tell the order of a romanised name.
KOREAN_FAMILY_ROMANISATIONS: dict[str, frozenset[str]] = {
    k: frozenset(v.split())
    for k, v in {
        "김": "kim gim",
        "이": "lee yi rhee ri i rhie",
        "박": "park pak bak",
        "최": "choi choe chey",
        "정": "jung jeong chung joung",
        "강": "kang gang",
        "조": "cho jo",
        "윤": "yoon yun",
        "장": "jang chang",
        "임": "lim im rim",
        "한": "han",
        "오": "oh o",
        "서": "seo suh",
        "신": "shin sin",
        "권": "kwon gwon",
        "황": "hwang",
        "안": "ahn an",
        "송": "song",
        "류": "ryu yoo yu ryoo",
        "유": "yoo yu",
        "전": "jeon jun chun",
        "홍": "hong",
        "고": "ko go koh",
        "문": "moon mun",
        "양": "yang",
        "손": "son sohn",
        "배": "bae",
        "백": "baek paik",
        "허": "heo hur",
        "남": "nam",
        "노": "noh roh no",
        "하": "ha",
        "곽": "kwak",
        "성": "sung seong",
        "차": "cha",
        "주": "joo ju chu",
        "우": "woo u",
        "구": "koo gu ku",
        "민": "min",
        "진": "jin",
        "나": "na ra",
        "지": "ji jee",
        "엄": "eom um",
        "변": "byun byeon",
        "채": "chae",
        "원": "won",
        "방": "bang",
        "천": "chun cheon",
        "공": "kong gong",
        "현": "hyun hyeon",
        "함": "ham",
        "염": "yeom",
        "여": "yeo",
        "추": "choo chu",
        "도": "do doh",
        "소": "so",
        "석": "seok suk",
        "선": "sun seon",
        "설": "seol sul",
        "마": "ma",
        "길": "gil kil",
        "위": "wi wee",
        "표": "pyo",
        "명": "myung myeong",
        "기": "ki gi",
        "반": "ban bahn",
        "왕": "wang",
        "금": "keum geum",
        "옥": "ok",
        "육": "yuk",
        "인": "in",
        "맹": "maeng",
        "제": "je",
        "모": "mo",
        "탁": "tak",
        "남궁": "namgung namkoong",
        "황보": "hwangbo",
        "제갈": "jegal",
        "선우": "sunwoo seonu",
        "독고": "dokgo",
        "사공": "sagong",
    }.items()
}

#: Forms of address that may lead a name (longest first), as written on an invitation.
FORMS_OF_ADDRESS = (
    "His Excellency",
    "Her Excellency",
    "Their Excellencies",
    "The Right Honourable",
    "The Rt Hon",
    "The Rt. Hon.",
    "Rt Hon",
    "The Honourable",
    "The Hon",
    "H.E.",
    "HE",
)
#: Honorifics and academic or professional titles that may lead a name.
HONORIFICS = (
    "Professor",
    "Prof.",
    "Prof",
    "Dr.",
    "Dr",
    "Mr.",
    "Mr",
    "Mrs.",
    "Mrs",
    "Ms.",
    "Ms",
    "Miss",
    "Mx",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Rev.",
    "Rev",
    "Cllr",
    "Councillor",
    "Mayor",
    "Ambassador",
    "Minister",
    "Senator",
)
#: Korean courtesy endings that may follow a name in a list (박형준 님); they are dropped.
_KOREAN_SUFFIXES = ("님", "씨", "귀하")
_HANGUL_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")


class ParsedName(NamedTuple):
    """A name split into its parts (a named tuple: an import makes one per row).

    Attributes:
        family_name, given_names: the parts, in the script they were written in.
        order: the order the name was written in.
        honorific: a leading honorific or title ("Dr", "Professor").
        form_of_address: a leading form of address ("His Excellency").
        written: the name as written, without the leading title.
    """

    family_name: str
    given_names: str
    order: NameOrder
    honorific: str = ""
    form_of_address: str = ""
    written: str = ""


def is_hangul(text: str) -> bool:
    return bool(_HANGUL_SYLLABLE.search(text))


#: The scripts of `usual_name_order` (Hangul, Han, kana) as one character class.
_NATIVE_SCRIPT = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def is_native_script(text: str) -> bool:
    """Whether `text` is written in a family-name-first script (Hangul, Han, kana), as
    `usual_name_order` decides, with one regular-expression search."""
    return _NATIVE_SCRIPT.search(text) is not None


def _leading(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"({alternatives})(?![^\W_])[ ,]*", re.IGNORECASE)


_FORM = _leading(FORMS_OF_ADDRESS)
_HONORIFIC = _leading(HONORIFICS)


#: Every character a title can begin with, as the patterns' IGNORECASE matching sees it (the
#: long s "ſ" matches "s"): a name beginning with none of them is never searched for titles.
_INITIALS = frozenset(c for word in FORMS_OF_ADDRESS + HONORIFICS for c in (word[0].lower(), word[0].upper())) | {
    "\u017f"
}


def take_leading(text: str) -> tuple[str, str, str]:
    """(form of address, honorific, rest) of a name with its leading titles taken off (runs of
    white space written as one space)."""
    rest = " ".join(text.split())  # str.split's white space is re's \s
    if rest[:1] not in _INITIALS:  # most names (every Hangul one): no title can lead them
        return "", "", rest
    form = honorific = ""
    match = _FORM.match(rest)
    if match is not None and match.end() < len(rest):  # the whole cell one word: a name, not a title
        form, rest = match.group(1), rest[match.end() :]
    match = _HONORIFIC.match(rest)
    if match is not None and match.end() < len(rest):
        honorific, rest = match.group(1), rest[match.end() :]
    return form, honorific, rest


def split_korean(name: str) -> tuple[str, str]:
    """(family, given) of a Korean name in Hangul, family name first ("박형준" -> "박", "형준")."""
    compact = " ".join(name.split())
    if compact.endswith(_KOREAN_SUFFIXES):  # one test in C for the usual name without one
        for suffix in _KOREAN_SUFFIXES:
            if compact.endswith(suffix) and len(compact.replace(" ", "")) > len(suffix) + 1:
                compact = compact[: -len(suffix)].rstrip()
    if " " in compact:  # the writer marked the split
        family, given = compact.split(" ", 1)
        return family, given.replace(" ", "")
    prefix = compact[:2]
    if prefix in TWO_SYLLABLE_FAMILY_NAMES and (
        len(compact) >= 4 or (len(compact) == 3 and prefix in _UNAMBIGUOUS_TWO_SYLLABLE)
    ):
        return prefix, compact[2:]
    return compact[:1], compact[1:]


def split_name(text: str, native: str = "") -> ParsedName:
    """Split a full name written in one cell.

    Hangul is family name first (two-syllable family names such as 남궁 recognised); Han and
    kana names split at a space, family first. A romanised name is family name first when it
    says so ("PARK Heong-Joon", "Park, Heong-Joon") or when `native` (the same person's name in
    Hangul) shows which word is the family name; otherwise the last word is the family name.
    """
    form, honorific, rest = take_leading(text)
    if not rest:
        return ParsedName("", "", NameOrder.GIVEN_FIRST, honorific, form, rest)
    if is_hangul(rest):
        family, given = split_korean(rest)
        return ParsedName(family, given, NameOrder.FAMILY_FIRST, honorific, form, rest)
    if is_native_script(rest):
        parts = rest.split(" ", 1)
        return ParsedName(parts[0], parts[1] if len(parts) > 1 else "", NameOrder.FAMILY_FIRST, honorific, form, rest)
    if "," in rest:  # "Family, Given"
        family, given = (p.strip() for p in rest.split(",", 1))
        return ParsedName(family, given, _romanised_order(native), honorific, form, rest)
    words = rest.split(" ")
    if len(words) == 1:
        return ParsedName(rest, "", _romanised_order(native), honorific, form, rest)
    capitals = [i for i, w in enumerate(words) if _is_capitalised_family(w)]
    if len(capitals) == 1 and len(words) > 1:  # "PARK Heong-Joon", "Heong-Joon PARK"
        i = capitals[0]
        family = words[i]
        given = " ".join(words[:i] + words[i + 1 :])
        order = NameOrder.FAMILY_FIRST if i == 0 else NameOrder.GIVEN_FIRST
        return ParsedName(family.title(), given, order, honorific, form, rest)
    if native and is_hangul(native):
        family_native, _ = split_korean(native)
        spellings = KOREAN_FAMILY_ROMANISATIONS.get(family_native, frozenset())
        if words[-1].casefold() in spellings and words[0].casefold() not in spellings:
            return ParsedName(words[-1], " ".join(words[:-1]), NameOrder.GIVEN_FIRST, honorific, form, rest)
        return ParsedName(words[0], " ".join(words[1:]), NameOrder.FAMILY_FIRST, honorific, form, rest)
    if native and is_native_script(native):
        return ParsedName(words[0], " ".join(words[1:]), NameOrder.FAMILY_FIRST, honorific, form, rest)
    return ParsedName(words[-1], " ".join(words[:-1]), NameOrder.GIVEN_FIRST, honorific, form, rest)


def _romanised_order(native: str) -> NameOrder:
    return NameOrder.FAMILY_FIRST if native and is_native_script(native) else NameOrder.GIVEN_FIRST


def _is_capitalised_family(word: str) -> bool:
    """An all-capitals word of two letters or more ("PARK"): how many lists mark the family name."""
    if word.isascii() and not word.isupper():  # the usual word, decided in C ("Park": a small letter)
        return False
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)
