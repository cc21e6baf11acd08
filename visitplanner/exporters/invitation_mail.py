"""An invitation as an e-mail message (.eml) a mail client opens as a ready invitation: text in the
recipient's language with the programme summary, and the calendar as `text/calendar; method=…`."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from typing import TYPE_CHECKING

from visitplanner.domain.formatting import long_date, time_span, zone_label
from visitplanner.domain.invitations import MessageKind, SentMethod
from visitplanner.domain.timerange import zone

if TYPE_CHECKING:
    from visitplanner.exporters.invitations import InvitationStatus, PendingItem, RecipientStatus

_KO_DAYS = "월화수목금토일"

#: The words of a message, per language: English and Korean.
_TEXT = {
    "en": {
        "subject": {
            SentMethod.REQUEST: "Invitation: {visit}",
            "update": "Updated invitation: {visit}",
            SentMethod.CANCEL: "Cancelled: {visit}",
        },
        "greeting": "Dear {name},",
        SentMethod.REQUEST: "You are invited to the following engagements of {visit}. Open the attached "
        "invitation to add them to your calendar, and reply to accept or decline each one.",
        SentMethod.CANCEL: "The following engagements of {visit} are cancelled for you. Open the attached "
        "cancellation to remove them from your calendar.",
        "times": "Times are {zone} time.",
        "new": "new",
        "update": "changed",
        "cancelled": "cancelled",
        "removed": "you are no longer expected",
        "closing": "With best regards,",
    },
    "ko": {
        "subject": {
            SentMethod.REQUEST: "[초대] {visit}",
            "update": "[일정 변경] {visit}",
            SentMethod.CANCEL: "[취소] {visit}",
        },
        "greeting": "{name} 님께,",
        SentMethod.REQUEST: "{visit}의 다음 일정에 초대합니다. 첨부된 초대장을 열어 일정을 캘린더에 "
        "추가하시고, 일정별로 참석 여부를 회신해 주시기 바랍니다.",
        SentMethod.CANCEL: "{visit}의 다음 일정이 취소되었습니다. 첨부된 취소 안내를 열면 캘린더에서 "
        "일정이 삭제됩니다.",
        "times": "시간은 {zone} 현지 시간 기준입니다.",
        "new": "신규",
        "update": "변경",
        "cancelled": "취소",
        "removed": "참석 대상에서 제외",
        "closing": "감사합니다.",
    },
}


def _when(item: PendingItem, zone_name: str, language: str) -> str:
    tz = zone(zone_name)
    day = item.start_at.astimezone(tz).date()
    times = time_span(item.start_at, item.end_at, tz, day)
    if language == "ko":
        return f"{day.year}년 {day.month}월 {day.day}일 ({_KO_DAYS[day.weekday()]}) {times}"
    return f"{long_date(day)}, {times}"


def summary_lines(
    status: InvitationStatus, items: Sequence[PendingItem], method: SentMethod, language: str
) -> list[str]:
    """The programme summary: one line per engagement (when, what, where), with what changed."""
    words = _TEXT[language]
    lines: list[str] = []
    for item in sorted(items, key=lambda i: i.start_at):
        event = status.invitations.event(item.message.uid)
        where = event.location if event is not None and method is SentMethod.REQUEST else ""
        if item.kind is MessageKind.UPDATE:
            note = f" [{words['update']}]"
        elif item.kind is MessageKind.CANCELLATION:
            note = f" [{words['cancelled'] if item.message.whole_event else words['removed']}]"
        else:
            note = ""
        lines.append(f"- {_when(item, status.local_time_zone, language)}: {item.title}{note}")
        if where:
            lines.append(f"  {where}")
    return lines


def invitation_email(
    status: InvitationStatus,
    recipient: RecipientStatus,
    items: Sequence[PendingItem],
    method: SentMethod,
    calendar: bytes,
    *,
    now: datetime,
) -> bytes:
    """The message carrying `calendar` (METHOD:REQUEST or CANCEL) to `recipient`.

    multipart/mixed: a multipart/alternative of the plain text (in the recipient's language) and
    the calendar as `text/calendar; method=REQUEST|CANCEL; charset=utf-8` (what Outlook and
    Thunderbird show as an invitation with Accept / Decline), and the same calendar attached as
    `invite.ics` for clients that only import files. The From is the organiser.
    """
    organiser = status.invitations.organiser
    assert organiser is not None
    language = recipient.language if recipient.language in _TEXT else "en"
    words = _TEXT[language]
    visit = status.visit_title
    key: SentMethod | str = method
    if method is SentMethod.REQUEST and all(i.kind is MessageKind.UPDATE for i in items):
        key = "update"
    subjects = words["subject"]
    assert isinstance(subjects, dict)
    body = [
        str(words["greeting"]).format(name=recipient.name or recipient.email),
        "",
        str(words[method]).format(visit=visit),
        "",
        *summary_lines(status, items, method, language),
        "",
        str(words["times"]).format(zone=zone_label(status.local_time_zone, language)),
        "",
        str(words["closing"]),
        organiser.name or organiser.email,
        "",
    ]
    message = EmailMessage(policy=SMTP)
    message["Subject"] = str(subjects[key]).format(visit=visit)
    message["From"] = formataddr((organiser.name, organiser.email))
    message["To"] = formataddr((recipient.name, recipient.email))
    message["Date"] = format_datetime(now)
    # unique per message, yet the same bytes for the same data and `now`
    digest = hashlib.sha256(calendar + recipient.address.encode("utf-8")).hexdigest()[:32]
    message["Message-ID"] = f"<{digest}@{organiser.email.rpartition('@')[2] or 'visitplanner'}>"
    message.set_content("\n".join(body), charset="utf-8")
    ical_method = "REQUEST" if method is SentMethod.REQUEST else "CANCEL"
    message.add_alternative(
        calendar.decode("utf-8"), subtype="calendar", charset="utf-8", params={"method": ical_method}
    )
    message.make_mixed()
    message.add_attachment(
        calendar,
        maintype="application",
        subtype="ics",
        filename="invite.ics" if method is SentMethod.REQUEST else "cancel.ics",
    )
    message["Content-Language"] = language  # after the parts: set_content and make_mixed move Content-*
    return message.as_bytes()
