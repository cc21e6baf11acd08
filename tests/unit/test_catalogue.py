"""The document-text catalogues: every key in every language, every key used, Korean dates and names."""

from __future__ import annotations

import ast
import string
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import visitplanner
from visitplanner.domain.catalogue import CATALOGUES, VOCABULARIES, words
from visitplanner.domain.enums import NameOrder
from visitplanner.domain.errors import UserError
from visitplanner.domain.formatting import (
    date_range,
    date_time,
    long_date,
    place,
    short_date,
    time_span,
    wall_clock,
    zone_over,
)
from visitplanner.domain.languages import DocumentLanguage, document_language, language_of_code, usual_language
from visitplanner.domain.names import PersonName

PACKAGE = Path(visitplanner.__file__).parent
ENGLISH_KEYS = set(CATALOGUES[DocumentLanguage.EN].TEXT)


def _fields(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", list(DocumentLanguage))
def test_every_language_has_every_key_with_the_same_fields(language: DocumentLanguage) -> None:
    text = CATALOGUES[language].TEXT
    assert set(text) == ENGLISH_KEYS, (
        f"{language.label}: missing {ENGLISH_KEYS - set(text)}, extra {set(text) - ENGLISH_KEYS}"
    )
    english = CATALOGUES[DocumentLanguage.EN].TEXT
    for key, value in text.items():
        assert value.strip(), f"{language.label}: {key} is empty"
        assert _fields(value) == _fields(english[key]), f"{language.label}: {key} has other fields"


def test_the_korean_catalogue_is_korean() -> None:
    """Every Korean entry with words holds Hangul and no Latin letter (no English text left where
    Korean belongs); an entry of fields and punctuation only ("{direction} ({mode}): {name}") passes."""
    korean = CATALOGUES[DocumentLanguage.KO].TEXT
    english_left = []
    for key, value in korean.items():
        text = string.Formatter().vformat(value, (), _Blank())
        if any(ch.isascii() and ch.isalpha() for ch in text) or (
            any(ch.isalpha() for ch in text) and not any("\uac00" <= ch <= "\ud7a3" for ch in text)
        ):
            english_left.append(key)
    assert english_left == []


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def _catalogue_sources() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "catalogue" not in p.parts]


def test_every_key_is_used_and_every_key_used_exists() -> None:
    """A key is used when its text appears as a string literal outside the catalogues (keys of
    the closed vocabularies are built from the member: each vocabulary's keys are exactly its
    members); a key asked for by `w("...")`, `words("...")` or `self.words("...")` must exist."""
    literals: set[str] = set()
    asked: set[str] = set()
    for path in _catalogue_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if name in {"w", "words"} and isinstance(node.args[0].value, str) and "." in node.args[0].value:
                    asked.add(node.args[0].value)
    vocabulary_keys = {key for key in ENGLISH_KEYS if any(key.startswith(prefix) for prefix in VOCABULARIES)}
    for prefix, vocabulary in VOCABULARIES.items():
        assert {k for k in vocabulary_keys if k.startswith(prefix)} == {f"{prefix}{m.value}" for m in vocabulary}
    unused = sorted(ENGLISH_KEYS - vocabulary_keys - literals)
    assert unused == []
    assert sorted(asked - ENGLISH_KEYS) == []


def test_a_key_no_catalogue_has_fails_loudly() -> None:
    with pytest.raises(KeyError):
        words("ko")("no.such.key")


def test_korean_dates_and_times() -> None:
    day = date(2027, 5, 11)
    assert long_date(day, "ko") == "2027년 5월 11일 (화)"
    assert short_date(day, "ko") == "5월 11일 (화)"
    assert long_date(day) == "Tuesday 11 May 2027"  # English unchanged
    assert date_range(day, day, "ko") == "2027년 5월 11일"
    assert date_range(day, date(2027, 5, 12), "ko") == "2027년 5월 11일–12일"
    assert date_range(date(2027, 4, 30), date(2027, 5, 2), "ko") == "2027년 4월 30일 – 5월 2일"
    assert date_range(date(2027, 12, 30), date(2028, 1, 2), "ko") == "2027년 12월 30일 – 2028년 1월 2일"
    assert date_time(datetime(2026, 12, 5, 9, 30), "ko") == "2026년 12월 5일 09:30"


def test_korean_time_ranges_are_24_hour_with_the_en_dash_and_name_other_days() -> None:
    seoul, london = ZoneInfo("Asia/Seoul"), ZoneInfo("Europe/London")
    start, end = datetime(2027, 5, 11, 14, 15, tzinfo=UTC), datetime(2027, 5, 11, 15, 0, tzinfo=UTC)
    assert time_span(start, end, london, date(2027, 5, 11), "ko") == "15:15–16:00"
    assert time_span(start, end, seoul, date(2027, 5, 11), "ko") == "23:15–익일 00:00"
    assert time_span(start, end, seoul, date(2027, 5, 11)) == "23:15–Wed 00:00"
    late = datetime(2027, 5, 11, 15, 30, tzinfo=UTC)
    assert time_span(late, late.replace(hour=16), seoul, date(2027, 5, 11), "ko") == "익일 00:30–01:30"
    assert time_span(start, end, ZoneInfo("America/New_York"), date(2027, 5, 12), "ko") == "전일 10:15–11:00"
    assert time_span(start, end, seoul, date(2027, 5, 9), "ko") == "(화) 23:15–익일 00:00"
    assert wall_clock(datetime(2027, 5, 10, 16, 45, tzinfo=UTC), "Asia/Seoul", "ko") == "5월 11일 (화) 01:45 서울"
    assert wall_clock(datetime(2027, 5, 10, 16, 45, tzinfo=UTC), "America/Argentina/Salta", "ko").endswith(" Salta")


def test_a_change_of_the_clocks_in_korean() -> None:
    assert (
        zone_over("Europe/London", date(2027, 10, 29), date(2027, 11, 2), "ko")
        == "런던: BST (UTC+1), 10월 31일 (일)부터 GMT (UTC+0)"
    )
    assert zone_over("Asia/Seoul", date(2027, 10, 29), date(2027, 11, 2), "ko") == "서울: KST (UTC+9)"


def test_korean_places_put_the_larger_place_first() -> None:
    assert place("리버풀 시청", "회의실", "ko") == "리버풀 시청 회의실"
    assert place("Town Hall", "Council Chamber") == "Council Chamber, Town Hall"


MAYOR = PersonName("Park", "Heong-Joon", "박형준", "", NameOrder.FAMILY_FIRST, "Mayor")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (MAYOR, ("박형준 시장", "Park Heong-Joon")),
        (PersonName("Kim", "Min-seo", "김민서", "", NameOrder.FAMILY_FIRST, "Ms"), ("김민서", "Kim Min-seo")),
        (PersonName("Marsh", "Helen", honorific="Professor"), ("Helen Marsh 교수", "")),
        (PersonName("Rotheram", "Steve", honorific="Mayor"), ("Steve Rotheram 시장", "")),
        (PersonName("Smith", "John", honorific="Sir"), ("Sir John Smith", "")),  # no Korean word: as given
        (
            PersonName("Lee", "Ji-hoon", "이지훈", "", NameOrder.FAMILY_FIRST, "The Rt Hon"),
            ("이지훈", "The Rt Hon Lee Ji-hoon"),
        ),
        (PersonName("Okafor", "Sam"), ("Sam Okafor", "")),
    ],
)
def test_names_for_a_korean_reader_put_hangul_first_and_honorifics_after(
    name: PersonName, expected: tuple[str, str]
) -> None:
    assert name.native_first(words("ko").honorific(name.honorific)) == expected


def test_the_document_language_follows_the_choice_then_the_languages() -> None:
    assert usual_language("ko, en") is DocumentLanguage.KO
    assert usual_language("en, ko") is DocumentLanguage.EN
    assert usual_language("fr, ko-KR") is DocumentLanguage.KO
    assert usual_language("cy") is DocumentLanguage.EN
    assert usual_language("") is DocumentLanguage.EN
    assert document_language("en", "ko") is DocumentLanguage.EN
    assert document_language("", "ko") is DocumentLanguage.KO
    with pytest.raises(UserError, match="choose en \\(English\\), ko \\(Korean"):
        language_of_code("jp")
    assert words("ko").pdf_tag == "ko-KR"
    assert words().zone("Europe/London") == "London"
    assert words("ko").zone("Europe/London") == "런던"
