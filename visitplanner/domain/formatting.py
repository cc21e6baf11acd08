"""How times, dates and places are written for officers, in the GUI, the CLI and every export."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo


def hm(value: datetime, tz: tzinfo) -> str:
    return value.astimezone(tz).strftime("%H:%M")


def span(first: str, last: str, spaced: bool = False) -> str:
    """ "09:00–10:30", "Mon–Fri": every range is written with the en dash; `spaced` when the ends
    are dates of several words ("30 April – 2 May 2027")."""
    return f"{first} – {last}" if spaced else f"{first}–{last}"


def clock_span(opens: time, closes: time) -> str:
    """ "08:00–18:00", for wall-clock times without a day (opening hours)."""
    return span(f"{opens:%H:%M}", f"{closes:%H:%M}")


def place(venue: str, room: str = "", lang: str = "en") -> str:
    """ "Room, Venue", or the venue alone; in Korean the larger place first ("리버풀 시청 회의실")."""
    if lang == "ko":
        return " ".join(p for p in (venue, room) if p)
    return ", ".join(p for p in (room, venue) if p)


def guests(count: int, label: str = "") -> str:
    """Unnamed guests as every document writes them: "+3 guests (spouses)", "+1 guest"; "" for none."""
    if count <= 0:
        return ""
    what = f"+{count} guest{'s' if count != 1 else ''}"
    label = " ".join(label.split())
    return f"{what} ({label})" if label else what


def guest_name(label: str = "", ordinal: int = 1, companion: str = "") -> str:
    """An unnamed guest as a seat, a place card or a list writes them: "Guest of Mayor Park
    (spouse)" for one who accompanies someone; else the label and the guest's number among those
    so labelled, "Press 1"; "Guest 2" without a label."""
    label = " ".join(label.split())
    if companion:
        return f"Guest of {companion}" + (f" ({label})" if label else "")
    if label:
        return f"{label[:1].upper()}{label[1:]} {ordinal}"
    return f"Guest {ordinal}"


def route(origin: str, destination: str) -> str:
    """ "Origin → Destination": where a transfer goes."""
    return f"{origin} → {destination}"


def time_span(start: datetime, end: datetime, tz: tzinfo, reference_day: date | None = None, lang: str = "en") -> str:
    """ "09:00–10:30" in `tz` (24-hour, in every language); a day other than `reference_day` is
    named ("Wed 01:00–02:30"; Korean: "익일 01:00–02:30" for the next day, "전일" the day before,
    else "(수)"), and the zone's abbreviation is added when the clocks change inside the span or a
    time falls in the hour that repeats ("01:30 BST–01:45 BST", then "01:30 GMT–01:45 GMT")."""
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    first, last = f"{local_start:%H:%M}", f"{local_end:%H:%M}"
    # clocks change inside, or a time in the hour that repeats when they go back: name the zones
    if local_start.utcoffset() != local_end.utcoffset() or _repeated(local_start) or _repeated(local_end):
        first, last = f"{first} {local_start:%Z}", f"{last} {local_end:%Z}"
    text = span(first, last)
    if local_end.date() != local_start.date():
        text = span(first, f"{_day_name(local_end.date(), local_start.date(), lang)} {last}")
    if reference_day is not None and local_start.date() != reference_day:
        text = f"{_day_name(local_start.date(), reference_day, lang)} {text}"
    return text


#: Korean weekdays, Monday first, as written after a date: "5월 11일 (화)".
KO_WEEKDAYS = "월화수목금토일"


def _day_name(day: date, reference: date, lang: str) -> str:
    """How a day other than `reference` is named before a time: "Wed"; "익일", "전일" or "(수)"."""
    if lang == "ko":
        if day == reference + timedelta(days=1):
            return "익일"
        if day == reference - timedelta(days=1):
            return "전일"
        return f"({KO_WEEKDAYS[day.weekday()]})"
    return f"{day:%a}"


def _repeated(local: datetime) -> bool:
    """Whether the wall time of `local` occurs twice that day (clocks going back)."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def short_date(day: date, lang: str = "en") -> str:
    """ "Tue 11 May"; Korean "5월 11일 (화)"."""
    if lang == "ko":
        return f"{day.month}월 {day.day}일 ({KO_WEEKDAYS[day.weekday()]})"
    return f"{day:%a} {day.day} {day:%b}"


def long_date(day: date, lang: str = "en") -> str:
    """ "Tuesday 11 May 2027"; Korean "2027년 5월 11일 (화)"."""
    if lang == "ko":
        return f"{day.year}년 {short_date(day, lang)}"
    return f"{day:%A} {day.day} {day:%B %Y}"


def date_time(local: datetime, lang: str = "en") -> str:
    """A wall-clock moment with its date: "5 December 2026 09:30"; Korean "2026년 12월 5일 09:30"."""
    if lang == "ko":
        return f"{local.year}년 {local.month}월 {local.day}일 {local:%H:%M}"
    return f"{local.day} {local:%B %Y %H:%M}"


def date_range(first: date, last: date, lang: str = "en") -> str:
    """ "11–12 May 2027", "30 April – 2 May 2027", "30 December 2027 – 2 January 2028"; Korean
    "2027년 5월 11일–12일", "2027년 4월 30일 – 5월 2일", "2027년 12월 30일 – 2028년 1월 2일"."""
    if lang == "ko":
        return _korean_date_range(first, last)
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{span(str(first.day), str(last.day))} {last:%B %Y}"
    if first.year == last.year:
        return span(f"{first.day} {first:%B}", f"{last.day} {last:%B %Y}", spaced=True)
    return span(f"{first.day} {first:%B %Y}", f"{last.day} {last:%B %Y}", spaced=True)


def _korean_date_range(first: date, last: date) -> str:
    if first == last:
        return f"{first.year}년 {first.month}월 {first.day}일"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year}년 {first.month}월 {span(f'{first.day}일', f'{last.day}일')}"
    if first.year == last.year:
        return span(f"{first.year}년 {first.month}월 {first.day}일", f"{last.month}월 {last.day}일", spaced=True)
    return span(
        f"{first.year}년 {first.month}월 {first.day}일", f"{last.year}년 {last.month}월 {last.day}일", spaced=True
    )


def zone_label(name: str, lang: str = "en") -> str:
    """ "Europe/London" -> "London" (Korean: "런던", from the Korean catalogue's zone names; a zone
    it does not name keeps its IANA city)."""
    if lang == "ko":
        from visitplanner.domain.catalogue.ko import ZONE_NAMES

        if name in ZONE_NAMES:
            return ZONE_NAMES[name]
    return name.rsplit("/", 1)[-1].replace("_", " ")


def utc_offset(offset: timedelta | None) -> str:
    """ "UTC+1", "UTC+5:30", "UTC−3" (a true minus), "UTC+0"."""
    minutes = int((offset or timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_over(name: str, first: date, last: date, lang: str = "en") -> str:
    """A zone over the days `first`..`last`, naming every change of the clocks between them:
    "London: BST (UTC+1) until Sun 25 Oct, then GMT (UTC+0)"; "Seoul: KST (UTC+9)" without one;
    Korean "런던: BST (UTC+1), 10월 25일 (일)부터 GMT (UTC+0)".
    The day named is the first day on the new time (the change happens in its small hours)."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(name)

    def at_noon(day: date) -> tuple[str, str]:
        noon = datetime.combine(day, time(12), tzinfo=tz)
        return (noon.tzname() or "", utc_offset(noon.utcoffset()))

    current = at_noon(first)
    text = f"{zone_label(name, lang)}: {current[0]} ({current[1]})"
    day = first
    while day < last:
        day += timedelta(days=1)
        now = at_noon(day)
        if now != current:
            if lang == "ko":
                text += f", {short_date(day, lang)}부터 {now[0]} ({now[1]})"
            else:
                text += f" until {day:%a} {day.day} {day:%b}, then {now[0]} ({now[1]})"
            current = now
    return text


def display_width(text: str) -> int:
    """Terminal columns `text` takes: wide (Hangul, CJK) characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def fit(text: str, width: int) -> str:
    """`text` cut with an ellipsis to `width` columns, then padded to exactly `width`."""
    text = " ".join(text.split())
    if display_width(text) > width:
        while text and display_width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - display_width(text))


#: Characters a terminal would obey rather than show: controls (C0, DEL, C1), unpaired
#: surrogates, explicit bidi embeddings, overrides and isolates (they reorder what follows) and
#: the Unicode line and paragraph separators.
_HOSTILE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_HOSTILE_KEEPING_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def printable(text: str, *, multiline: bool = False) -> str:
    """`text` safe to print to a terminal: control characters (ESC, CR, NUL, DEL, C1), bidi
    overrides and isolates, line separators and unpaired surrogates are written as escapes
    ("\\u202e", "\\u001b"); newlines and tabs are kept when `multiline`. The escapes are JSON
    escapes too, so JSON text stays JSON with the same meaning."""
    pattern = _HOSTILE_KEEPING_LINES if multiline else _HOSTILE
    return pattern.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def leg_end(place_name: str, terminal: str) -> str:
    """ "Manchester Airport (MAN) T2": a journey's end with its terminal or platform."""
    return " ".join(p for p in (place_name.strip(), terminal.strip()) if p)


def wall_clock(instant: datetime, zone_name: str, lang: str = "en") -> str:
    """ "Tue 11 May 08:15 London": an instant in its own zone, named ("Tue 11 May 01:45 Seoul");
    Korean "5월 11일 (화) 01:45 서울"."""
    from zoneinfo import ZoneInfo

    local = instant.astimezone(ZoneInfo(zone_name))
    if lang == "ko":
        return f"{short_date(local.date(), lang)} {local:%H:%M} {zone_label(zone_name, lang)}"
    return f"{local:%a %d %b %H:%M} {zone_label(zone_name)}"


def event_when(start: datetime, end: datetime, all_day: bool, tz: tzinfo) -> str:
    """A calendar event's time: "Tue 11 May 09:00–10:00" in the visit's zone; whole days as "Tue 11 May, all day"."""
    first, last = start.astimezone(tz), end.astimezone(tz)
    if all_day:
        days = (last.date() - first.date()).days
        return f"{first:%a %d %b}, all day" if days <= 1 else f"{first:%a %d %b}, {days} days"
    if first.date() == last.date() or last == first:
        return f"{first:%a %d %b} {span(f'{first:%H:%M}', f'{last:%H:%M}')}"
    return span(f"{first:%d %b %H:%M}", f"{last:%d %b %H:%M}")


_PLACE_CODE = re.compile(r"\(([A-Z0-9]{3,4})\)\s*$")


def short_place(place_name: str) -> str:
    """ "MAN" for "Manchester Airport (MAN)" (the IATA or station code in brackets at the end),
    else the name as it is."""
    found = _PLACE_CODE.search(place_name.strip())
    return found.group(1) if found else place_name.strip()


def movement_text(
    name: str,
    mode: str,
    arriving: bool,
    instant: datetime,
    zone_name: str,
    visit_zone: str,
    place_name: str = "",
    terminal: str = "",
    *,
    symbol: bool = True,
    lang: str = "en",
) -> str:
    """An arrival or departure as the timeline's marker and the documents write it: "✈ KE 9021
    lands 08:15 MAN T2", "Train 1S42 departs 17:05 Liverpool Lime Street"; Korean (`mode` then
    the Korean catalogue's, "항공편"): "항공편 KE 9021 08:15 MAN T2 도착".

    `name` is the journey's name (`values.leg_name`), `mode` its mode's label ("Flight", "Train").
    The time is in the zone of the journey's local end: named when that is not the visit's zone
    ("08:15 Paris"), or by its abbreviation in the hour that repeats when clocks go back
    ("01:30 GMT"). `symbol` False writes "Flight KE 9021" for "✈ KE 9021" (a PDF's fonts may
    lack the glyph)."""
    from zoneinfo import ZoneInfo

    local = instant.astimezone(ZoneInfo(zone_name))
    if zone_name != visit_zone:
        at = f"{local:%H:%M} {zone_label(zone_name, lang)}"
    elif _repeated(local):
        at = f"{local:%H:%M} {local:%Z}"
    else:
        at = f"{local:%H:%M}"
    if lang == "ko":
        where = leg_end(short_place(place_name), terminal)
        return " ".join(p for p in (mode, name, at, where, "도착" if arriving else "출발") if p)
    flight = mode == "Flight"
    landed, left = ("lands", "takes off") if flight else ("arrives", "departs")
    verb = landed if arriving else left
    if name.startswith("the "):  # "the car from Manchester": the mode is in the name
        what = name[0].upper() + name[1:]
    else:
        what = f"✈ {name}" if flight and symbol else f"{mode} {name}"
    return " ".join(p for p in (what, verb, at, leg_end(short_place(place_name), terminal)) if p)
