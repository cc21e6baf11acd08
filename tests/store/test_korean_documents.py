"""Korean documents: the Mayor of Busan's itinerary, the programme (Korean and bilingual) and name
cards, read back from the PDF (pypdf, and pdftotext where installed), on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.fixtures_db import at
from visitplanner.cli import main
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.values import AttendeeData
from visitplanner.exporters.itinerary import build_itinerary, itinerary_language
from visitplanner.exporters.programme import build_programme
from visitplanner.exporters.sheets import build_sheets
from visitplanner.services import attendees
from visitplanner.services.demo import build_demo
from visitplanner.store.models import Attendee, Person

NOW = at(8)


@dataclass(frozen=True)
class Pdf:
    """A PDF read back: its text (pypdf), its document language and outline titles."""

    data: bytes
    text: str
    lang: str
    outline: list[str]

    @classmethod
    def of(cls, data: bytes) -> Pdf:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        lang = str(reader.trailer["/Root"].get("/Lang", ""))
        outline = [item.title for item in reader.outline if not isinstance(item, list)]
        return cls(data, text, lang, outline)

    @property
    def flat(self) -> str:
        return " ".join(self.text.split())


@dataclass(frozen=True)
class Demo:
    visit_id: int
    mayor_id: int
    rotheram_id: int


@pytest.fixture
def demo(session: Session) -> Iterator[Demo]:
    visit_id = build_demo(session).created_id(Entity.VISIT)

    def attendee(family: str) -> int:
        return int(
            session.scalars(
                select(Attendee.id).join(Person).where(Attendee.visit_id == visit_id, Person.family_name == family)
            ).one()
        )

    yield Demo(visit_id, attendee("Park"), attendee("Rotheram"))


#: Labels of the English itinerary that must not be left in a Korean one.
ENGLISH_LABELS = ("PERSONAL ITINERARY", "Your journey", "Where", "With", "Notes", "Day 1", "Page 1 of", "Prepared")


def test_the_mayors_itinerary_is_in_korean_by_his_document_language(session: Session, demo: Demo) -> None:
    assert itinerary_language(session, demo.mayor_id).value == "ko"
    warnings: list[str] = []
    pdf = Pdf.of(build_itinerary(session, demo.visit_id, demo.mayor_id, now=NOW, warn=warnings.append))
    assert warnings == []  # every character has a glyph: no tofu
    assert "\x00" not in pdf.text and "\ufffd" not in pdf.text
    assert pdf.lang == "ko-KR"
    flat = pdf.flat
    for label in (
        "개인 일정표",
        "방문 기간",
        "시간대",
        "교통편",
        "연락관",
        "장소",
        "참석자",
        "참고 사항",
        "역할",
        "복장",
    ):
        assert label in flat, label
    assert "1일차: 2027년 5월 11일 (화)" in flat and "2일차: 2027년 5월 12일 (수)" in flat
    assert "2027년 5월 11일–12일" in flat  # the visit's dates, with the en dash
    assert "런던: BST (UTC+1); 서울: KST (UTC+9)" in flat
    assert "박형준 시장" in flat and "Mayor Park Heong-Joon" in flat  # Hangul first, romanised after
    assert "부산광역시" in flat
    assert re.search(r"서울\s*23:15–익일\s*00:00", flat)  # the MOU signing in Seoul time
    assert "15:15–16:00" in flat
    # places by their Korean names, the English name after them
    assert "리버풀 시티리전 광역연합청 (맨 아일랜드 1번지) 아트리움" in flat
    assert "Atrium, No 1 Mann Island (Combined Authority)" in flat
    assert "서명자" in flat  # his part at the MOU signing
    assert "작성: 2027년 5월 11일 09:00" in flat and "1 / " in flat
    assert "도착 항공편: KE 9021 (Korean Air)" in flat and "영접: Helen Marsh 교수" in flat
    assert "도착 일정 항공편 KE 9021 08:15 MAN T2 도착" in flat  # the day's own arrival
    assert "출발 일정 항공편 KE 9022 18:00 MAN T2 출발" in flat
    for english in ENGLISH_LABELS:
        assert english not in pdf.text, english
    assert pdf.outline[:2] == ["1일차: 2027년 5월 11일 (화)", "2일차: 2027년 5월 12일 (수)"]


def test_the_mayors_itinerary_in_english_on_request(session: Session, demo: Demo) -> None:
    pdf = Pdf.of(build_itinerary(session, demo.visit_id, demo.mayor_id, now=NOW, language="en"))
    assert pdf.lang == "en-GB"
    assert "Day 1: Tuesday 11 May 2027" in pdf.flat and "Where" in pdf.text and "개인 일정표" not in pdf.text


def test_an_english_readers_itinerary_stays_english_and_a_choice_overrides(session: Session, demo: Demo) -> None:
    assert itinerary_language(session, demo.rotheram_id).value == "en"
    assert "PERSONAL ITINERARY" in Pdf.of(build_itinerary(session, demo.visit_id, demo.rotheram_id, now=NOW)).text
    data = attendees.attendee_data(session.get(Attendee, demo.rotheram_id))  # type: ignore[arg-type]
    attendees.update_attendee(
        session,
        demo.rotheram_id,
        AttendeeData(data.person_id, data.side, data.role, data.precedence, data.arrival, data.departure, "ko"),
    )
    pdf = Pdf.of(build_itinerary(session, demo.visit_id, demo.rotheram_id, now=NOW))
    assert "개인 일정표" in pdf.text and "Steve Rotheram 시장" in pdf.flat  # a British name: romanised, title after
    with pytest.raises(UserError, match="lang: documents cannot be written in 'fr'"):
        build_itinerary(session, demo.visit_id, demo.rotheram_id, now=NOW, language="fr")


def test_a_korean_programme_and_a_bilingual_one(session: Session, demo: Demo) -> None:
    korean = Pdf.of(build_programme(session, demo.visit_id, now=NOW, language="ko"))
    assert korean.lang == "ko-KR"
    for text in (
        "방문 일정",
        "1일차: 2027년 5월 11일 (화)",
        "런던 시각",
        "서울 시각",
        "일정",
        "장소",
        "디지털 혁신 시설",
    ):
        assert text in korean.flat, text
    assert "Day 1" not in korean.text and "Engagement" not in korean.text
    both = Pdf.of(build_programme(session, demo.visit_id, now=NOW, language="ko", bilingual=True))
    for text in (
        "Programme · 방문 일정",
        "Day 1: Tuesday 11 May 2027 · 1일차: 2027년 5월 11일 (화)",
        "Engagement · Place",
        "일정 · 장소",
        "Immersive Lab, Digital Innovation Facility",
        "디지털 혁신 시설 몰입형 실험실",
        "Tour · ",
        "시찰 · ",
        "Page 1 of 2 · 1 / 2쪽",  # the page furniture in both languages too
        "Prepared 11 May 2027 09:00 · 작성: 2027년 5월 11일 09:00",
    ):
        assert text in both.flat, text
    assert Pdf.of(build_programme(session, demo.visit_id, now=NOW, bilingual=True)).flat == both.flat


def test_the_public_programme_in_korean_shows_only_public_engagements(session: Session, demo: Demo) -> None:
    public = Pdf.of(build_programme(session, demo.visit_id, now=NOW, language="ko", edition="Public"))
    delegation = Pdf.of(build_programme(session, demo.visit_id, now=NOW, language="ko"))
    assert "MOU signing ceremony" in public.flat
    assert "Transfer" not in public.text and "이동" not in public.text  # no movements
    assert "Transfer" in delegation.text and "OFFICIAL" in delegation.text and "OFFICIAL" not in public.text


def test_korean_name_cards(session: Session, demo: Demo) -> None:
    pdf = Pdf.of(build_sheets(session, demo.visit_id, "namecards", now=NOW, language="ko"))
    assert pdf.lang == "ko-KR"
    for text in ("박형준 시장", "Mayor Park Heong-Joon", "부산광역시", "Helen Marsh 교수", "리버풀 대학교", "접는 선"):
        assert text in pdf.flat, text
    assert "박형준 시장" in pdf.outline
    with pytest.raises(UserError, match="lang: only name cards"):
        build_sheets(session, demo.visit_id, "drivers", now=NOW, language="ko")


def test_a_person_without_a_native_name_and_an_honorific_korean_has_no_word_for(
    session: Session, demo: Demo, create_attendee: object
) -> None:
    from visitplanner.domain.values import PersonData
    from visitplanner.services import people

    person = people.create_person(
        session, PersonData("Smith", "John", honorific="Sir", title="Lord Lieutenant", languages="en")
    ).created_id(Entity.PERSON)
    attendees.add_attendee(session, demo.visit_id, AttendeeData(person, Side.HOST, Role.HOST))
    pdf = Pdf.of(build_sheets(session, demo.visit_id, "namecards", now=NOW, language="ko"))
    assert "Sir John Smith" in pdf.flat  # kept as given, never "Sir" before a Korean name


needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")


@needs_pdftotext
def test_the_command_line_writes_korean_documents(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"

    def run(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = main(["--database", f"sqlite:///{db}", *args], out=out, err=err)
        return code, out.getvalue(), err.getvalue()

    assert run("demo")[0] == 0
    code, out, _ = run("attendees", "busan-liverpool")
    mayor = next(line.split()[0] for line in out.splitlines() if "Park Heong-Joon" in line)
    itinerary = tmp_path / "mayor.pdf"
    code, out, err = run("export", "itinerary", "busan-liverpool", "--attendee", mayor, "-o", str(itinerary))
    assert code == 0, err
    assert "in Korean (한국어)" in out
    text = subprocess.run(["pdftotext", "-layout", str(itinerary), "-"], capture_output=True, text=True).stdout
    assert "개인 일정표" in text and "1일차: 2027년 5월 11일 (화)" in text and "PERSONAL ITINERARY" not in text
    english = tmp_path / "mayor-en.pdf"
    code, out, err = run(
        "export", "itinerary", "busan-liverpool", "--attendee", mayor, "--lang", "en", "-o", str(english)
    )
    assert code == 0 and "in English" in out
    programme = tmp_path / "programme.pdf"
    code, out, err = run("export", "programme", "busan-liverpool", "--bilingual", "-o", str(programme))
    assert code == 0, err
    assert "in English and Korean (한국어)" in out
    text = subprocess.run(["pdftotext", str(programme), "-"], capture_output=True, text=True).stdout
    assert "Day 1: Tuesday 11 May 2027" in text and "1일차: 2027년 5월 11일 (화)" in text
    cards = tmp_path / "cards.pdf"
    code, out, err = run("export", "sheets", "busan-liverpool", "--kind", "namecards", "--lang", "ko", "-o", str(cards))
    assert code == 0, err
    code, out, err = run(
        "export", "sheets", "busan-liverpool", "--kind", "drivers", "--lang", "ko", "-o", str(tmp_path / "d.pdf")
    )
    assert code == 1 and "only name cards" in err and not (tmp_path / "d.pdf").exists()
    with pytest.raises(SystemExit) as stopped:  # not a choice: a mistyped command line
        run("export", "programme", "busan-liverpool", "--lang", "jp", "-o", str(tmp_path / "p.pdf"))
    assert stopped.value.code == 2
