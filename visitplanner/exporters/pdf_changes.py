"""Changes since the previous issue: two plan snapshots compared, field by field, for one edition."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from visitplanner.domain.formatting import place, route, time_span
from visitplanner.exporters.pdf_plan import FieldAccess
from visitplanner.store.models import BriefingIssue

Snapshot = Mapping[str, Any]
STATUS_WORDS = {"tentative": "tentative", "confirmed": "confirmed", "cancelled": "cancelled"}


@dataclass(frozen=True)
class PlanChange:
    """One line of the changes section.

    Attributes:
        what: "Added", "Cancelled", "Moved", "Venue changed", "Reassigned", ...
        title: the engagement (or participant) it concerns.
        before: how it was ("" for something new).
        after: how it is now ("" for something removed).
        order: sort key (the engagement's start, then the kind of change).
        day: the engagement's day as it is now (or was, if removed), e.g. "Tue 11 May"; "" for people.
    """

    what: str
    title: str
    before: str
    after: str
    order: tuple[str, int, str]
    day: str = ""


def _when(item: Mapping[str, Any], tz: ZoneInfo) -> str:
    start, end = datetime.fromisoformat(item["start"]), datetime.fromisoformat(item["end"])
    local = start.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b} {time_span(start, end, tz, local.date())}"


def _place(item: Mapping[str, Any], show_origin: bool) -> str:
    text = place(item.get("venue") or "no venue", item.get("room") or "")
    return route(item["origin"], text) if show_origin and item.get("origin") else text


def _names(attendances: Mapping[str, str], keys: list[str], names: Mapping[str, str]) -> str:
    return "; ".join(f"{names.get(k, 'a removed attendee')} ({attendances[k]})" for k in keys)


def compare_plans(old: Snapshot, new: Snapshot, access: FieldAccess, tz: ZoneInfo) -> list[PlanChange]:
    """What changed from `old` to `new`, limited to the fields `access` may show, in time order."""
    sources = BriefingIssue.SNAPSHOT_SOURCES

    def shown(name: str) -> bool:
        return access.allows_source(sources[name])

    old_items: Mapping[str, Mapping[str, Any]] = old.get("engagements", {})
    new_items: Mapping[str, Mapping[str, Any]] = new.get("engagements", {})
    names = {**old.get("attendees", {}), **new.get("attendees", {})}
    changes: list[PlanChange] = []

    def add(what: str, item: Mapping[str, Any], before: str, after: str, rank: int) -> None:
        local = datetime.fromisoformat(item["start"]).astimezone(tz)
        changes.append(
            PlanChange(
                what,
                item["title"],
                before,
                after,
                (item["start"], rank, item["title"]),
                f"{local:%a} {local.day} {local:%b}",
            )
        )

    for uid, item in new_items.items():
        was = old_items.get(uid)
        if was is None:
            status = "" if item["status"] == "confirmed" else f" ({STATUS_WORDS.get(item['status'], '')})"
            add("Added", item, "", f"{_when(item, tz)}, {_place(item, shown('origin'))}{status}", 0)
            continue
        if shown("status") and was["status"] != item["status"]:
            what = {"cancelled": "Cancelled", "confirmed": "Confirmed", "tentative": "Now tentative"}.get(
                item["status"], "Status changed"
            )
            if was["status"] == "cancelled":
                what = "Reinstated"
            add(
                what,
                item,
                STATUS_WORDS.get(was["status"], was["status"]),
                STATUS_WORDS.get(item["status"], item["status"]),
                1,
            )
        if shown("title") and was["title"] != item["title"]:
            add("Renamed", item, was["title"], item["title"], 2)
        if shown("start") and (was["start"], was["end"]) != (item["start"], item["end"]):
            add("Moved", item, _when(was, tz), _when(item, tz), 3)
        place_fields = [f for f in ("venue", "room", "origin") if shown(f)]
        if any(was.get(f) != item.get(f) for f in place_fields):
            add("Venue changed", item, _place(was, shown("origin")), _place(item, shown("origin")), 4)
        if shown("vehicle") and was.get("vehicle") != item.get("vehicle"):
            add("Vehicle changed", item, was.get("vehicle") or "none", item.get("vehicle") or "none", 5)
        if shown("attendances"):
            before, after = was.get("attendances", {}), item.get("attendances", {})
            changed = sorted(
                {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)},
                key=lambda k: names.get(k, ""),
            )
            if changed:
                add(
                    "Reassigned",
                    item,
                    _names(before, [k for k in changed if k in before], names),
                    _names(after, [k for k in changed if k in after], names),
                    6,
                )
    for uid, was in old_items.items():
        if uid not in new_items:
            add("Removed", was, f"{_when(was, tz)}, {_place(was, shown('origin'))}", "", 7)
    changes.sort(key=lambda c: c.order)

    old_people, new_people = old.get("attendees", {}), new.get("attendees", {})
    for key in sorted(new_people.keys() - old_people.keys(), key=lambda k: new_people[k]):
        changes.append(PlanChange("Participant added", new_people[key], "", "joins the visit", ("~", 0, "")))
    for key in sorted(old_people.keys() - new_people.keys(), key=lambda k: old_people[k]):
        changes.append(PlanChange("Participant removed", old_people[key], "attended", "", ("~", 1, "")))
    return changes
