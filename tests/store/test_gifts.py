"""The gift register on real databases: the demo's MOU exchange, the checks, undo, the visit file and the exports."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import GiftStatus, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.values import GiftData, money
from visitplanner.exporters.gifts import register_csv, write_gift_register
from visitplanner.exporters.visitfile import dump_visit_document, export_visit_document
from visitplanner.importers.visitfile import parse_visit_document
from visitplanner.services import gifts, snapshots
from visitplanner.services.checks import check_visit
from visitplanner.services.demo import build_demo
from visitplanner.services.visitfile import import_visit
from visitplanner.store.models import Engagement

NOW = datetime(2027, 5, 1, 9, 0, tzinfo=UTC)


def demo(session: Session) -> int:
    return build_demo(session).created_id(Entity.VISIT)


def test_the_register_lists_the_mou_exchange_from_both_sides(session: Session) -> None:
    visit_id = demo(session)
    vase, bird = gifts.read_gifts(session, visit_id)
    assert (vase.giver, vase.recipient, vase.engagement) == (
        "Park Heong-Joon (박형준)",
        "Steve Rotheram",
        "MOU signing ceremony",
    )
    assert (vase.giver_side, vase.recipient_side) == (Side.VISITING, Side.HOST)
    assert (bird.giver_side, bird.recipient_side) == (Side.HOST, Side.VISITING)
    assert (vase.value_text, bird.value_text) == ("KRW 450,000", "GBP 120.00")
    # the vase is valued in won, and the office keeps no rate for it: it cannot be judged yet
    assert [f.code for f in check_visit(session, visit_id) if f.code.startswith("gift-")] == ["gift-not-compared"]


def test_a_gift_received_with_nothing_in_return_and_one_to_declare(session: Session) -> None:
    visit_id = demo(session)
    vase, bird = gifts.read_gifts(session, visit_id)
    gifts.delete_gift(session, bird.id)
    [finding] = [f for f in check_visit(session, visit_id) if f.code == "gift-not-reciprocated"]
    assert "'Celadon vase" in finding.message and "MOU signing ceremony" in finding.message
    assert finding.engagement_ids == (vase.data.engagement_id,)
    gifts.update_gift(session, vase.id, replace(vase.data, value=30_000, currency="GBP", status=GiftStatus.RECEIVED))
    [declare] = [f for f in check_visit(session, visit_id) if f.code == "gift-not-declared"]
    assert "GBP 300.00, over the declaration threshold of GBP 140.00" in declare.message
    gifts.update_gift(session, vase.id, replace(vase.data, value=30_000, currency="GBP", status=GiftStatus.DECLARED))
    assert not [f for f in check_visit(session, visit_id) if f.code == "gift-not-declared"]


def test_bad_gifts_are_refused_by_field(session: Session) -> None:
    visit_id = demo(session)
    vase = gifts.read_gifts(session, visit_id)[0]
    with pytest.raises(UserError, match="giver: choose who gives it"):
        gifts.create_gift(session, visit_id, replace(vase.data, giver_attendee_id=None))
    with pytest.raises(UserError, match="currency: 'gbp' is not a currency code"):
        gifts.create_gift(session, visit_id, replace(vase.data, currency="gbp"))
    with pytest.raises(UserError, match="does not attend this visit"):
        gifts.create_gift(session, visit_id, replace(vase.data, recipient_attendee_id=999_999))
    assert money(None, "GBP") == "" and money(5, "GBP") == "GBP 0.05" and money(1000, "JPY") == "JPY 1,000"


def test_undoing_an_engagement_delete_puts_its_gifts_back_there(session: Session) -> None:
    visit_id = demo(session)
    mou = session.scalars(select(Engagement).where(Engagement.title == "MOU signing ceremony")).one()
    snap = snapshots.snapshot(session, Entity.ENGAGEMENT, mou.id)
    changes = snapshots.delete(session, Entity.ENGAGEMENT, mou.id)
    assert len(changes.ids(Entity.GIFT)) == 2
    assert {g.data.engagement_id for g in gifts.read_gifts(session, visit_id)} == {None}
    restored = snapshots.restore(session, snap).created_id(Entity.ENGAGEMENT)
    assert {g.data.engagement_id for g in gifts.read_gifts(session, visit_id)} == {restored}


def test_a_deleted_gift_and_a_deleted_visit_come_back_with_undo(session: Session) -> None:
    visit_id = demo(session)
    before = [g.data for g in gifts.read_gifts(session, visit_id)]
    snap = snapshots.snapshot(session, Entity.GIFT, gifts.read_gifts(session, visit_id)[0].id)
    snapshots.delete(session, Entity.GIFT, snap.id)
    snapshots.restore(session, snap)
    visit_snap = snapshots.snapshot(session, Entity.VISIT, visit_id)
    snapshots.delete(session, Entity.VISIT, visit_id)
    new_visit = snapshots.restore(session, visit_snap).created_id(Entity.VISIT)
    after = gifts.read_gifts(session, new_visit)
    assert [(g.data.description, g.data.value, g.engagement, g.giver) for g in after] == [
        (d.description, d.value, "MOU signing ceremony", g)
        for d, g in zip(before, [a.giver for a in after], strict=True)
    ]


def test_gifts_travel_in_the_visit_file(session: Session) -> None:
    visit_id = demo(session)
    document = export_visit_document(session, visit_id)
    assert document["version"] >= 6 and len(document["gifts"]) == 2
    vase = next(g for g in document["gifts"] if g["description"].startswith("Celadon"))
    assert vase["giver"].startswith("attendee-") and vase["engagement"] is not None and vase["value"] == 450_000
    copy = import_visit(session, parse_visit_document(dump_visit_document(document)), replace=True).created_id(
        Entity.VISIT
    )
    assert [g.engagement for g in gifts.read_gifts(session, copy)] == ["MOU signing ceremony"] * 2
    broken = json.loads(dump_visit_document(document))
    broken["gifts"][0]["engagement"] = "00000000-0000-4000-8000-000000000000"
    with pytest.raises(UserError, match=r"\$\.gifts\[0\]\.engagement: no engagement with UID"):
        parse_visit_document(json.dumps(broken))


def test_the_register_exports_as_csv_xlsx_and_pdf(session: Session, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    visit_id = demo(session)
    rows = gifts.read_gifts(session, visit_id)
    text = register_csv(rows).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:5] == ["Engagement", "Given by", "Received by", "Gift", "Value"]
    assert table[1][1:3] == ["Park Heong-Joon (박형준)", "Steve Rotheram"] and table[1][4] == "KRW 450,000"
    assert write_gift_register(session, visit_id, tmp_path / "register.xlsx", NOW) == 2
    sheet = load_workbook(tmp_path / "register.xlsx").active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][3] == "Gift" and values[2][1] == "Steve Rotheram" and values[2][4] == "GBP 120.00"
    write_gift_register(session, visit_id, tmp_path / "register.pdf", NOW)
    pdf = "".join(page.extract_text() for page in PdfReader(tmp_path / "register.pdf").pages)
    assert "Gift register" in pdf and "host edition" in pdf and "Liver Bird" in pdf and "GBP 120.00" in pdf
    with pytest.raises(UserError, match="not a register format"):
        write_gift_register(session, visit_id, tmp_path / "register.txt", NOW)


def test_a_formula_in_a_gift_is_written_as_text(session: Session) -> None:
    visit_id = demo(session)
    vase = gifts.read_gifts(session, visit_id)[0]
    gifts.update_gift(session, vase.id, replace(vase.data, description='=HYPERLINK("http://x","y")'))
    rows = gifts.read_gifts(session, visit_id)
    assert "'=HYPERLINK" in register_csv(rows).decode("utf-8-sig")
    assert GiftData("x", 1, recipient_attendee_id=1).currency == "GBP"


def test_a_gift_in_another_currency_is_compared_through_the_offices_rate(session: Session) -> None:
    """The demo's vase is valued in won: with no rate the office's GBP threshold cannot judge it;
    with the office's rate for KRW it is about GBP 261, over GBP 140, and must be declared."""
    from visitplanner.domain.findings import DEFAULT_OPTIONS
    from visitplanner.services.office import set_check_options

    visit_id = demo(session)
    vase, _bird = gifts.read_gifts(session, visit_id)
    gifts.update_gift(session, vase.id, replace(vase.data, status=GiftStatus.RECEIVED))
    assert not [f for f in check_visit(session, visit_id) if f.code == "gift-not-declared"]
    [uncompared] = [f for f in check_visit(session, visit_id) if f.code == "gift-not-compared"]
    assert uncompared.severity.value == "warning"
    assert "is valued at KRW 450,000, but the office keeps no exchange rate for KRW" in uncompared.message
    assert "cannot be compared with the declaration threshold of GBP 140.00" in uncompared.message
    assert "Edit ▸ Office limits… ▸ Exchange rates" in uncompared.message
    assert "declaration_rates=KRW=" in uncompared.message
    set_check_options(session, replace(DEFAULT_OPTIONS, declaration_rates=(("KRW", "0.00058"),)))
    assert not [f for f in check_visit(session, visit_id) if f.code == "gift-not-compared"]
    [declare] = [f for f in check_visit(session, visit_id) if f.code == "gift-not-declared"]
    assert (
        "valued at KRW 450,000 (about GBP 261.00 at the office's rate of 0.00058), "
        "over the declaration threshold of GBP 140.00" in declare.message
    )
    set_check_options(session, replace(DEFAULT_OPTIONS, declaration_rates=(("KRW", "0.0003"),)))  # GBP 135: under
    assert not [f for f in check_visit(session, visit_id) if f.code == "gift-not-declared"]


def test_a_declared_gift_or_one_without_a_value_needs_no_rate(session: Session) -> None:
    """Nothing to compare: a gift already declared, or one with no value."""
    visit_id = demo(session)
    vase, _bird = gifts.read_gifts(session, visit_id)
    assert vase.data.currency == "KRW"
    assert [f for f in check_visit(session, visit_id) if f.code == "gift-not-compared"]
    gifts.update_gift(session, vase.id, replace(vase.data, status=GiftStatus.DECLARED))
    assert not [f for f in check_visit(session, visit_id) if f.code == "gift-not-compared"]
    vase, _bird = gifts.read_gifts(session, visit_id)
    gifts.update_gift(session, vase.id, replace(vase.data, status=GiftStatus.RECEIVED, value=None))
    assert not [f for f in check_visit(session, visit_id) if f.code == "gift-not-compared"]
