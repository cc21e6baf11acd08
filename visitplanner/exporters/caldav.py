"""Publishing a visit's calendars to a CalDAV server: a calendar per scope, events replaced by UID, ETags kept.

The URL given is the **calendar home** (the collection under which an account's calendars
live, e.g. Radicale's `http://host:5232/USER/`, Nextcloud's
`https://host/remote.php/dav/calendars/USER/`). In it the visit gets one calendar,
`<slug>/`, holding every engagement, and each attendee who attends something gets a personal
calendar, `<slug>-attendee-<id>/`, holding theirs; missing calendars are made (MKCALENDAR).
Each event is its own resource, `<engagement uuid>.ics` (as CalDAV stores them), as a PUBLISH
export writes it: public notes only, cancelled engagements kept and marked STATUS:CANCELLED
(with a higher SEQUENCE), like the `.ics` export. Deleted engagements, and engagements a
person no longer attends, are removed from the server.

Nothing is overwritten that someone else changed: every copy put is remembered (`PublishedCopy`:
URL, ETag, digest), a new event is put with `If-None-Match: *`, an update or removal with
`If-Match: <the remembered ETag>`, and a copy whose ETag on the server is no longer the one
remembered (or that is gone) is reported as a conflict and left alone; `overwrite` replaces
them instead. An unchanged event (same digest) is not sent again.

The password is never stored in the database: it comes from `VISITPLANNER_CALDAV_PASSWORD` or
from the system keyring (`keyring`), where `remember_password` puts it.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final
from urllib.parse import quote, unquote, urljoin, urlsplit
from xml.etree import ElementTree

from sqlalchemy.orm import Session

from visitplanner.domain.caldav import CopyChange, PublishAction, PublishedCopy, PublishReport, PublishRow
from visitplanner.domain.errors import StorageError, UserError
from visitplanner.domain.work import Cancelled, Progress, WorkCancelled
from visitplanner.exporters.ical import engagement_uid, export_calendars
from visitplanner.store.models import Attendance, Attendee, Engagement, Visit
from visitplanner.store.queries import attendees_of

#: The environment variable that gives the password (before the keyring is asked).
PASSWORD_VARIABLE: Final = "VISITPLANNER_CALDAV_PASSWORD"
#: The keyring's service name; the entry's user name is "<user>@<scheme://host:port>".
KEYRING_SERVICE: Final = "VisitPlanner CalDAV"
#: Seconds to wait for the server on each request.
TIMEOUT: Final = 30
_DAV = "{DAV:}"
_CALDAV = "{urn:ietf:params:xml:ns:caldav}"
_PROPFIND = (
    '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop>'
    "<D:resourcetype/><D:getetag/></D:prop></D:propfind>"
)
_DTSTAMP = re.compile(rb"^DTSTAMP[;:][^\r\n]*\r?\n", re.MULTILINE)


# --- credentials ---------------------------------------------------------------------------------


def check_url(url: str) -> str:
    """The calendar home URL, checked (http or https, a host) and ending with "/"."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(f"url: {url!r} is not an http:// or https:// address of a CalDAV calendar home", field="url")
    if parts.username or parts.password:
        raise UserError("url: give the user name with --user, and never a password in the address", field="url")
    return text if text.endswith("/") else text + "/"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{parts.hostname}:{port}"


def keyring_entry(url: str, user: str) -> tuple[str, str]:
    """The (service, user name) under which the keyring keeps the password of `user` at `url`'s server."""
    return KEYRING_SERVICE, f"{user}@{_origin(url)}"


def stored_password(url: str, user: str) -> str | None:
    """The password: `VISITPLANNER_CALDAV_PASSWORD` if set, else the keyring's entry, else None
    (also when there is no usable keyring on this system)."""
    given = os.environ.get(PASSWORD_VARIABLE)
    if given:
        return given
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(*keyring_entry(url, user))
    except (KeyringError, RuntimeError):  # no backend (a server without a desktop): as if not stored
        return None


def remember_password(url: str, user: str, password: str) -> None:
    """Keep the password in the system keyring (never in the database)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(*keyring_entry(url, user), password)
    except (KeyringError, RuntimeError) as exc:
        raise UserError(
            f"password: this system has no keyring to keep it in ({exc}); set {PASSWORD_VARIABLE} instead",
            field="password",
        ) from exc


def require_password(url: str, user: str) -> str:
    """`stored_password`, or a `UserError` saying where to put it."""
    found = stored_password(url, user)
    if found is None:
        raise UserError(
            f"password: no password for {user!r} at {_origin(url)}: set {PASSWORD_VARIABLE}, or publish once "
            "from the app (File → Publish to CalDAV…), which keeps it in the system keyring",
            field="password",
        )
    return found


# --- what is published ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One calendar to publish.

    Attributes:
        name: the collection's name under the calendar home ("busan-liverpool").
        title: its display name.
        events: by UID, the event's bytes (a PUBLISH object of its own, with its VTIMEZONEs).
        titles: by UID, the event's title (for the report).
    """

    name: str
    title: str
    events: Mapping[str, bytes]
    titles: Mapping[str, str] = field(default_factory=dict)


def digest(data: bytes) -> str:
    """SHA-256 of an event object without its DTSTAMP (which changes on every export)."""
    return hashlib.sha256(_DTSTAMP.sub(b"", data)).hexdigest()


def publication_targets(session: Session, visit_id: int, *, now: datetime, people: bool = True) -> list[Target]:
    """The visit's calendar and, with `people`, a personal calendar for each attendee attending
    anything, as PUBLISH objects of one event each (public notes only)."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise UserError(f"visit: there is no visit with id {visit_id}", field="visit")
    titles = {
        engagement_uid(uuid): title
        for uuid, title in session.execute(
            Engagement.__table__.select()
            .with_only_columns(Engagement.uuid, Engagement.title)
            .where(Engagement.visit_id == visit_id)
        ).all()
    }

    def events(**scope: Any) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for item in export_calendars(session, visit_id, now=now, per_event=True, **scope):
            (uid,) = item.uids
            found[uid] = item.data
        return found

    targets = [Target(visit.slug, visit.title, events(), titles)]
    if people:
        attending = set(
            session.scalars(
                Attendance.__table__.select()
                .with_only_columns(Attendance.attendee_id)
                .join(Engagement, Engagement.id == Attendance.engagement_id)
                .where(Engagement.visit_id == visit_id)
            ).all()
        )
        attendee: Attendee
        for attendee in attendees_of(session, visit_id):
            if attendee.id in attending:
                targets.append(
                    Target(
                        f"{visit.slug}-attendee-{attendee.id}",
                        f"{visit.title}: {attendee.person.name.display}",
                        events(scope=attendee.id),
                        titles,
                    )
                )
    return targets


# --- talking to the server -----------------------------------------------------------------------


class _Server:
    """A CalDAV account reached through the `caldav` library's client (its authentication and
    HTTP session), with the few requests publishing needs; every failure becomes a clear error."""

    def __init__(self, home: str, user: str, password: str, timeout: int) -> None:
        from caldav.davclient import DAVClient

        self.home = home
        self.user = user
        self.origin = _origin(home)
        self.client = DAVClient(url=home, username=user, password=password, timeout=timeout, enable_rfc6764=False)

    def close(self) -> None:
        self.client.close()

    def request(self, url: str, method: str, body: str = "", headers: Mapping[str, str] | None = None) -> Any:
        from caldav.lib import error

        try:
            return self.client.request(url, method, body, dict(headers or {}))
        except error.AuthorizationError as exc:
            raise UserError(
                f"password: the CalDAV server at {self.origin} refused the user {self.user!r} with this password "
                f"(HTTP {exc.status or 401}): check the user name and password",
                field="password",
            ) from exc
        except error.DAVError as exc:
            raise StorageError(f"the CalDAV server at {self.origin} failed: {exc.reason}") from exc
        except Exception as exc:  # niquests' connection errors, timeouts, TLS failures
            if _is_network_error(exc):
                raise StorageError(
                    f"the CalDAV server at {self.origin} cannot be reached ({_cause(exc)}): check that it is running "
                    "and that the address is right"
                ) from exc
            raise

    def listing(self, collection: str) -> dict[str, str] | None:
        """The ETag of every resource in the calendar by its path; None when it does not exist."""
        response = self.request(collection, "PROPFIND", _PROPFIND, {"Depth": "1", "Content-Type": "application/xml"})
        if response.status == 404:
            return None
        self.check(response, "PROPFIND", collection, (207,))
        found: dict[str, str] = {}
        own = _path(collection)
        is_calendar = False
        for item in ElementTree.fromstring(response.raw.encode("utf-8")).iter(f"{_DAV}response"):
            href = item.findtext(f"{_DAV}href") or ""
            path = _path(urljoin(collection, href))
            if path == own:
                is_calendar = item.find(f".//{_DAV}resourcetype/{_CALDAV}calendar") is not None
                continue
            etag = item.findtext(f".//{_DAV}getetag")
            if etag:
                found[path] = etag.strip()
        if not is_calendar:
            raise UserError(
                f"url: {collection} exists on the server but is not a calendar: give the calendar home "
                "(the collection the account's calendars are in), not a calendar or another folder",
                field="url",
            )
        return found

    def make_calendar(self, collection: str, title: str) -> None:
        from xml.sax.saxutils import escape

        body = (
            '<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" '
            'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>'
            f"{escape(title)}</D:displayname></D:prop></D:set></C:mkcalendar>"
        )
        response = self.request(collection, "MKCALENDAR", body, {"Content-Type": "application/xml; charset=utf-8"})
        if response.status in (403, 404, 405, 409):
            raise UserError(
                f"url: the server cannot make the calendar {collection} (HTTP {response.status}): give the calendar "
                f"home of {self.user!r}, where their calendars are (e.g. https://server/dav/calendars/{self.user}/)",
                field="url",
            )
        self.check(response, "MKCALENDAR", collection, (200, 201))

    def put(self, href: str, data: bytes, condition: Mapping[str, str]) -> tuple[int, str]:
        """PUT the event; (status, new ETag or "") — 412 when the condition failed."""
        response = self.request(
            href, "PUT", data.decode("utf-8"), {"Content-Type": "text/calendar; charset=utf-8", **condition}
        )
        if response.status == 412:
            return 412, ""
        self.check(response, "PUT", href, (200, 201, 204))
        etag = response.headers.get("ETag") or ""
        if not etag:  # some servers answer without it: ask
            fetched = self.request(href, "GET")
            self.check(fetched, "GET", href, (200,))
            etag = fetched.headers.get("ETag") or ""
        return response.status, etag.strip()

    def delete(self, href: str, etag: str | None) -> int:
        """DELETE the event (only if its ETag is still `etag`, unless None); the status."""
        response = self.request(href, "DELETE", "", {"If-Match": etag} if etag else {})
        if response.status in (404, 412):
            return int(response.status)
        self.check(response, "DELETE", href, (200, 204))
        return int(response.status)

    def check(self, response: Any, method: str, url: str, ok: tuple[int, ...]) -> None:
        if response.status in ok:
            return
        detail = (response.reason or "").strip()
        raise StorageError(
            f"the CalDAV server at {self.origin} answered {method} {_path(url)} with HTTP {response.status}"
            + (f" {detail}" if detail else "")
        )


def _is_network_error(exc: BaseException) -> bool:
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & {"ConnectionError", "Timeout", "SSLError", "ConnectTimeout", "ReadTimeout"}) or isinstance(
        exc, OSError
    )


def _cause(exc: BaseException) -> str:
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    text = str(exc).strip() or type(exc).__name__
    if "refused" in text.casefold():
        return "connection refused"
    return text if len(text) < 200 else text[:199] + "…"


def _path(url: str) -> str:
    return unquote(urlsplit(url).path)


def _same(a: str, b: str) -> bool:
    return a.removeprefix("W/").strip() == b.removeprefix("W/").strip()


# --- publishing ----------------------------------------------------------------------------------


@dataclass
class _Run:
    server: _Server
    overwrite: bool
    changes: list[CopyChange] = field(default_factory=list)
    rows: list[PublishRow] = field(default_factory=list)
    progress: Progress | None = None
    cancelled: Cancelled | None = None
    done: int = 0
    total: int = 0

    def step(self) -> None:
        self.done += 1
        if self.cancelled is not None and self.cancelled():
            raise WorkCancelled("publishing was cancelled: what was already on the server is kept and recorded")
        if self.progress is not None:
            self.progress(self.done, self.total)

    def conflict(self, title: str, uid: str, name: str, reason: str) -> None:
        self.rows.append(PublishRow(title, uid, name, PublishAction.CONFLICT, reason))


def _publish_calendar(
    run: _Run, home: str, target: Target, records: Mapping[str, PublishedCopy], gone: bool = False
) -> None:
    collection = urljoin(home, quote(target.name, safe="") + "/")
    listing = run.server.listing(collection)
    if listing is None:
        if gone:  # a calendar no longer published, and no longer on the server: nothing to remove
            run.changes.extend(CopyChange(copy, removed=True) for copy in records.values())
            return
        run.server.make_calendar(collection, target.title)
        listing = {}
    server = run.server
    for uid, data in target.events.items():
        name = target.titles.get(uid, "")
        new_digest = digest(data)
        copy = records.get(uid)
        href = copy.href if copy is not None else urljoin(collection, quote(uid.split("@")[0], safe="") + ".ics")
        on_server = listing.get(_path(href))
        if copy is None:
            condition = {"If-None-Match": "*"}
            if on_server is not None:
                if not run.overwrite:
                    run.conflict(
                        target.title,
                        uid,
                        name,
                        "the server already has this event, not published from here: publish with overwrite to "
                        "replace it",
                    )
                    run.step()
                    continue
                condition = {"If-Match": on_server}
            status, etag = server.put(href, data, condition)
            if status == 412:
                run.conflict(target.title, uid, name, "the server's copy changed while publishing: publish again")
            else:
                run.changes.append(CopyChange(PublishedCopy(collection, uid, href, etag, new_digest)))
                run.rows.append(
                    PublishRow(target.title, uid, name, PublishAction.UPDATED if on_server else PublishAction.CREATED)
                )
            run.step()
            continue
        changed_there = on_server is None or not _same(on_server, copy.etag)
        if changed_there and not run.overwrite:
            what = "was removed on the server" if on_server is None else "was changed on the server by someone else"
            reason = f"the event {what}; it was left as it is (publish with overwrite to replace it)"
            run.conflict(target.title, uid, name, reason)
            run.step()
            continue
        if not changed_there and copy.digest == new_digest:
            run.rows.append(PublishRow(target.title, uid, name, PublishAction.UNCHANGED))
            run.step()
            continue
        condition = {"If-Match": on_server} if on_server is not None else {}
        status, etag = server.put(href, data, condition)
        if status == 412:
            run.conflict(target.title, uid, name, "the server's copy changed while publishing: publish again")
        else:
            run.changes.append(CopyChange(PublishedCopy(collection, uid, href, etag, new_digest)))
            run.rows.append(PublishRow(target.title, uid, name, PublishAction.UPDATED))
        run.step()
    for uid, copy in records.items():
        if uid in target.events:
            continue
        name = target.titles.get(uid, "")
        on_server = listing.get(_path(copy.href))
        if on_server is None:  # already gone: nothing to remove, forget it
            run.changes.append(CopyChange(copy, removed=True))
            run.rows.append(PublishRow(target.title, uid, name, PublishAction.REMOVED))
        elif not _same(on_server, copy.etag) and not run.overwrite:
            run.conflict(
                target.title,
                uid,
                name,
                "the event is no longer in the plan but was changed on the server by someone else: it was left "
                "(publish with overwrite to remove it)",
            )
        else:
            status = server.delete(copy.href, on_server)
            if status == 412:
                run.conflict(target.title, uid, name, "the server's copy changed while publishing: publish again")
            else:
                run.changes.append(CopyChange(copy, removed=True))
                run.rows.append(PublishRow(target.title, uid, name, PublishAction.REMOVED))
        run.step()


def publish(
    targets: Sequence[Target],
    records: Sequence[PublishedCopy],
    *,
    url: str,
    user: str,
    password: str,
    record: Callable[[list[CopyChange]], None],
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    timeout: int = TIMEOUT,
) -> PublishReport:
    """Publish `targets` under the calendar home `url`, given the copies published before
    (`records`), and report what happened to each event.

    `record` is called once with every copy put or removed, so the caller keeps them: at the
    end, or when publishing stops midway (the server unreachable, a refusal, a cancel), with
    what was done until then (which is on the server) before the error is raised. Calendars
    published before but no longer among the targets (an attendee gone) have their events removed.
    """
    home = check_url(url)
    server = _Server(home, user, password, timeout)
    run = _Run(server, overwrite, progress=progress, cancelled=cancelled)
    by_calendar: dict[str, dict[str, PublishedCopy]] = {}
    for copy in records:
        by_calendar.setdefault(copy.calendar, {})[copy.uid] = copy
    wanted = {urljoin(home, quote(t.name, safe="") + "/") for t in targets}
    run.total = sum(len(t.events) for t in targets) + sum(
        len(copies) for calendar, copies in by_calendar.items() if calendar not in wanted
    )
    calendars: list[str] = []
    try:
        for target in targets:
            collection = urljoin(home, quote(target.name, safe="") + "/")
            calendars.append(collection)
            copies = by_calendar.get(collection, {})
            run.total += sum(1 for uid in copies if uid not in target.events)
            _publish_calendar(run, home, target, copies)
        for calendar, copies in by_calendar.items():
            if calendar in wanted or not calendar.startswith(home):
                continue
            name = unquote(calendar[len(home) :].strip("/"))
            _publish_calendar(run, home, Target(name, name, {}), copies, gone=True)
    finally:
        try:
            if run.changes:
                record(list(run.changes))
        finally:
            server.close()
    return PublishReport(tuple(run.rows), tuple(calendars))
