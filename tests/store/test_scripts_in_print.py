"""Names in seventeen scripts print in every PDF: each in an embedded font that has its glyphs, complex
scripts shaped, right-to-left names in drawing order, and a warning for what no font can draw."""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from sqlalchemy.orm import Session

from tests.fixtures_db import at
from visitplanner.cli import main
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import EngagementKind, Role, Side
from visitplanner.domain.values import AttendeeData, PersonData, VehicleData
from visitplanner.exporters.briefing import build_briefing_pack
from visitplanner.exporters.itinerary import build_itinerary
from visitplanner.exporters.sheets import build_sheets
from visitplanner.resources import resource_path
from visitplanner.services import attendees, people, vehicles
from visitplanner.services.demo import SLUG
from visitplanner.store.database import open_database
from visitplanner.store.queries import find_visit

NOW = at(8)


@dataclass(frozen=True)
class Script:
    """A name in one script, the bundled font family that must draw it, and how it is laid out."""

    name: str
    native: str
    family: str
    shaped: bool = False
    rtl: bool = False

    @property
    def fonts(self) -> tuple[str, ...]:
        """The family's faces as pdffonts names them (bold on name cards and in tables)."""
        if self.family == "NanumGothic":
            return ("NanumGothic", "NanumGothicBold")
        if self.family == "DroidSansFallback":
            return ("DroidSansFallback",)
        return (f"{self.family}-Regular", f"{self.family}-Bold")


SCRIPTS = {
    "latin": Script("Łukasiewicz", "Zoë Ångström-Łukasiewicz", "NotoSans"),
    "greek": Script("Mitsotakis", "Κυριάκος Μητσοτάκης", "NotoSans"),
    "cyrillic": Script("Zelensky", "Владимир Зеленский", "NotoSans"),
    "hangul": Script("Park", "박형준", "NanumGothic"),
    "japanese": Script("Tanaka", "田中 さくら", "DroidSansFallback"),
    "simplified": Script("Xi", "习近平", "DroidSansFallback"),
    "traditional": Script("Lai", "賴清德", "DroidSansFallback"),
    "thai": Script("Jaidee", "สมชาย ใจดี", "NotoSansThai", shaped=True),
    "devanagari": Script("Modi", "नरेन्द्र मोदी", "NotoSansDevanagari", shaped=True),
    "tamil": Script("Stalin", "மு. க. ஸ்டாலின்", "NotoSansTamil", shaped=True),
    "bengali": Script("Hasina", "শেখ হাসিনা", "NotoSansBengali", shaped=True),
    "arabic": Script("Salman", "محمد بن سلمان", "NotoSansArabic", shaped=True, rtl=True),
    "hebrew": Script("Netanyahu", "בנימין נתניהו", "NotoSansHebrew", shaped=True, rtl=True),
    "amharic": Script("Ahmed", "ዐቢይ አሕመድ", "NotoSansEthiopic"),
    "georgian": Script("Kobakhidze", "ირაკლი კობახიძე", "NotoSansGeorgian"),
    "armenian": Script("Pashinyan", "Նիկոլ Փաշինյան", "NotoSansArmenian"),
    "mongolian": Script("Batbayar", "Өлзийсайхан Батбаяр", "NotoSans"),
}
FONT_FILES = {"DroidSansFallback": "DroidSansFallbackFull"}
_PRIVATE = re.compile("[\ue000-\uf8ff\u202a-\u202e\u200e\u200f]")

needs_poppler = pytest.mark.skipif(
    shutil.which("pdffonts") is None or shutil.which("pdftotext") is None,
    reason="pdffonts and pdftotext (poppler-utils) are not installed",
)


@functools.cache
def _font(name: str) -> tuple[TTFont, dict[int, int]]:
    """A bundled font (by its PDF name) and its glyph id -> the lowest code point drawn with it."""
    font = TTFont(resource_path("fonts", f"{FONT_FILES.get(name, name)}.ttf"))
    back: dict[int, int] = {}
    for code, glyph in font.getBestCmap().items():
        gid = font.getGlyphID(glyph)
        back[gid] = min(back.get(gid, code), code)
    return font, back


def shaped_word(font_name: str, word: str) -> str:
    """`word` shaped by HarfBuzz in `font_name`, glyphs in drawing order, each written as the
    character the font maps to it (ligatures and contextual forms with no code point left out)."""
    _ttfont, back = _font(font_name)
    face = hb.Face(resource_path("fonts", f"{FONT_FILES.get(font_name, font_name)}.ttf").read_bytes())
    buffer = hb.Buffer()
    buffer.add_str(word)
    buffer.guess_segment_properties()
    hb.shape(hb.Font(face), buffer, {"kern": True, "liga": True, "dlig": True})
    return "".join(chr(back[g.codepoint]) for g in buffer.glyph_infos if g.codepoint in back)


def expected_raw(script: Script, font: str) -> str:
    """How `pdftotext -raw` reads the name back: words in drawing order, each right-to-left word
    turned back into reading order."""
    words = script.native.split()
    if script.rtl:
        return " ".join(shaped_word(font, w)[::-1] for w in reversed(words))
    return " ".join(shaped_word(font, w) for w in words)


def squash(text: str) -> str:
    return "".join(text.split())


@dataclass(frozen=True)
class Printed:
    data: bytes
    fonts: list[str]  # embedded fonts, subset prefix removed
    raw: str  # pdftotext -raw, private-use glyphs and bidi marks removed
    text: str  # pypdf


def printed(data: bytes, tmp_path: Path, name: str) -> Printed:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    for row in rows:
        assert row.split()[-5] == "yes", row  # the "emb" column: every font embedded
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return Printed(data, [row.split()[0].split("+")[-1] for row in rows], _PRIVATE.sub("", raw), text)


@pytest.fixture
def world(
    session: Session,
    create_visit: Callable[..., int],
    create_venue: Callable[..., int],
    create_engagement: Callable[..., int],
) -> dict[str, Any]:
    """A visit with one attendee per script (all at a dinner, each with a dietary requirement)."""
    visit = create_visit()
    ids: dict[str, int] = {}
    for key, script in SCRIPTS.items():
        person = people.create_person(
            session, PersonData(script.name, "Given", native_name=script.native, dietary=f"No {key}")
        ).created_id(Entity.PERSON)
        ids[key] = attendees.add_attendee(
            session, visit, AttendeeData(person, Side.VISITING, Role.DELEGATE)
        ).created_id(Entity.ATTENDEE)
    create_engagement(visit, "Dinner", kind=EngagementKind.MEAL, attendee_ids=tuple(ids.values()))
    # one car, driven by the Thai delegate, takes everyone from the hotel to the hall
    car = vehicles.create_vehicle(session, visit, VehicleData("Car", 30, ids["thai"])).created_id(Entity.VEHICLE)
    hotel, hall = create_venue(), create_venue()
    create_engagement(
        visit,
        "Transfer",
        at(12),
        kind=EngagementKind.TRANSFER,
        attendee_ids=tuple(ids.values()),
        origin_venue_id=hotel,
        venue_id=hall,
        vehicle_id=car,
    )
    return {"visit": visit, "attendees": ids}


def documents(session: Session, world: dict[str, Any], warn: Callable[[str], None]) -> dict[str, bytes]:
    visit = world["visit"]
    return {
        "briefing": build_briefing_pack(session, visit, now=NOW, warn=warn),
        "namecards": build_sheets(session, visit, "namecards", now=NOW, warn=warn),
        "catering": build_sheets(session, visit, "catering", now=NOW, restricted=True, warn=warn),
        "drivers": build_sheets(session, visit, "drivers", now=NOW, warn=warn),
        "itinerary": build_itinerary(session, visit, world["attendees"]["arabic"], now=NOW, warn=warn),
    }


@needs_poppler
def test_every_name_prints_in_every_script(session: Session, world: dict[str, Any], tmp_path: Path) -> None:
    warnings: list[str] = []
    for document, data in documents(session, world, warnings.append).items():
        pdf = printed(data, tmp_path, document)
        glyphs = set().union(*(_font(f)[0].getBestCmap() for f in pdf.fonts if f in _bundled()))
        for key, script in SCRIPTS.items():
            if document == "itinerary" and key != "arabic":
                continue  # one person's itinerary names that person only
            embedded = [f for f in script.fonts if f in pdf.fonts]
            assert embedded, (document, key, pdf.fonts)
            # every character has a glyph in the embedded fonts
            assert all(ord(c) in glyphs for c in script.native if not c.isspace()), (document, key)
            if script.shaped:
                # shaped (joined Arabic, Indic conjuncts, Thai marks), right-to-left names in drawing order
                expected = [expected_raw(script, font) for font in embedded]
                assert any(e in pdf.raw for e in expected), (document, key, expected)
            else:
                assert squash(script.native) in squash(pdf.text), (document, key)  # lines split by run
    assert warnings == []


@functools.cache
def _bundled() -> frozenset[str]:
    return frozenset(
        FONT_FILES.get(p.stem, p.stem) if p.stem not in FONT_FILES.values() else "DroidSansFallback"
        for p in resource_path("fonts").glob("*.ttf")
    )


MELTING = "\U0001fae0"  # 🫠 (Unicode 14): no bundled font, nor DejaVu Sans, draws it


def test_a_character_no_font_has_is_a_warning_naming_the_person_and_field(
    session: Session, create_visit: Callable[..., int]
) -> None:
    visit = create_visit(title=f"Visit {MELTING}")
    person = people.create_person(
        session, PersonData("Kim", "Jiwoo", native_name=f"김지우 {MELTING}", title=f"Envoy{MELTING}")
    ).created_id(Entity.PERSON)
    attendees.add_attendee(session, visit, AttendeeData(person, Side.VISITING, Role.PRINCIPAL))
    warnings: list[str] = []
    build_sheets(session, visit, "namecards", now=NOW, warn=warnings.append)
    assert warnings[:2] == [
        "Jiwoo Kim (김지우 🫠): the native name has characters no font can print (U+1FAE0 🫠)",
        "Jiwoo Kim (김지우 🫠): the title has characters no font can print (U+1FAE0 🫠)",
    ]
    assert len(warnings) == 2  # the cards do not print the visit's title
    warnings.clear()
    build_briefing_pack(session, visit, now=NOW, warn=warnings.append)
    assert any("native name" in w for w in warnings) and any("title" in w for w in warnings)
    assert any(w.startswith(f"“Visit {MELTING}”") for w in warnings), warnings  # not a person's field
    # everything else still prints
    assert "김지우" in PdfReader(io.BytesIO(build_sheets(session, visit, "namecards", now=NOW))).pages[0].extract_text()


def test_the_cli_warns_on_stderr_and_still_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    assert main(["--database", url, "demo"], out=io.StringIO()) == 0
    db = open_database(url)
    try:
        with db.session() as session:
            visit = find_visit(session, SLUG).id
            person = people.create_person(session, PersonData("Doe", "Jo", native_name=MELTING)).created_id(
                Entity.PERSON
            )
            attendees.add_attendee(session, visit, AttendeeData(person, Side.VISITING, Role.DELEGATE))
    finally:
        db.close()
    out = io.StringIO()
    target = tmp_path / "cards.pdf"
    assert (
        main(
            ["--database", url, "export", "sheets", SLUG, "--kind", "namecards", "-o", str(target)],
            out=out,
        )
        == 0
    )
    assert target.exists() and "Wrote the name cards" in out.getvalue()
    err = capsys.readouterr().err
    assert "visitplanner: warning: Jo Doe (🫠): the native name has characters no font can print (U+1FAE0 🫠)" in err


def test_a_venue_known_by_its_name_only_prints(
    session: Session,
    create_visit: Callable[..., int],
    create_venue: Callable[..., int],
    create_engagement: Callable[..., int],
) -> None:
    visit = create_visit()
    create_engagement(visit, "Call", venue_id=create_venue(name="Town hall"))
    text = PdfReader(io.BytesIO(build_briefing_pack(session, visit, now=NOW))).pages
    assert any("Town hall" in page.extract_text() for page in text)
