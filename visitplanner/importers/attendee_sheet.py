"""A delegation list read from a sheet: which column holds what (English and Korean headers), and
each row as the person and attendee values it gives, with errors naming row and column."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import NamedTuple

from visitplanner.domain.enums import NameOrder, Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.limits import SHORT_TEXT, check_text, refused_character
from visitplanner.domain.name_parsing import is_hangul, is_native_script, split_korean, split_name, take_leading
from visitplanner.domain.names import PersonName, romanised_of
from visitplanner.domain.values import OrganisationData, PersonData
from visitplanner.domain.work import Cancelled, WorkCancelled, collection_paused
from visitplanner.importers.sheet import Sheet, column_letter, serial_as_date


class Target(StrEnum):
    """What a column of the sheet holds: a field of a person or of their attendance, or nothing."""

    IGNORE = "ignore"
    FULL_NAME = "full_name"
    NATIVE_NAME = "native_name"
    ROMANISED_NAME = "romanised_name"
    FAMILY_NAME = "family_name"
    GIVEN_NAMES = "given_names"
    HONORIFIC = "honorific"
    FORM_OF_ADDRESS = "form_of_address"
    TITLE = "title"
    ORGANISATION = "organisation"
    EMAIL = "email"
    PHONE = "phone"
    LANGUAGES = "languages"
    DIETARY = "dietary"
    ACCESS_NEEDS = "access_needs"
    BIOGRAPHY = "biography"
    NOTES = "notes"
    SIDE = "side"
    ROLE = "role"
    PRECEDENCE = "precedence"
    ARRIVAL = "arrival"
    DEPARTURE = "departure"

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " ").capitalize())


_LABELS = {
    Target.IGNORE: "(not imported)",
    Target.FULL_NAME: "Full name (either script)",
    Target.NATIVE_NAME: "Name in native script",
    Target.ROMANISED_NAME: "Romanised name",
    Target.ACCESS_NEEDS: "Access needs",
    Target.EMAIL: "E-mail",
}

#: How many rows are parsed (or matched) between two questions whether the work was cancelled.
CHECK_EVERY = 500
#: Targets that are the person's name: a row needs at least one of them.
NAME_TARGETS = frozenset(
    {Target.FULL_NAME, Target.NATIVE_NAME, Target.ROMANISED_NAME, Target.FAMILY_NAME, Target.GIVEN_NAMES}
)
#: Targets copied into the person's field of the same name.
PERSON_TEXT = (
    Target.HONORIFIC,
    Target.FORM_OF_ADDRESS,
    Target.TITLE,
    Target.EMAIL,
    Target.PHONE,
    Target.LANGUAGES,
    Target.DIETARY,
    Target.ACCESS_NEEDS,
    Target.BIOGRAPHY,
    Target.NOTES,
)
#: The same with each field's name (an enum's `.value` is a Python-level lookup; rows are thousands).
_PERSON_TEXT = tuple((target, target.value) for target in PERSON_TEXT)

# Headers people write, normalised by `header_key`, and what they hold.
_ALIASES: dict[Target, tuple[str, ...]] = {
    Target.FULL_NAME: ("성명", "이름", "성함", "name", "fullname", "participant", "attendee", "delegate", "person"),
    Target.NATIVE_NAME: (
        "한글성명",
        "한글명",
        "한글이름",
        "국문성명",
        "국문명",
        "이름한글",
        "성명한글",
        "성명국문",
        "이름국문",
        "koreanname",
        "nativename",
        "namekorean",
        "nameinkorean",
        "namenative",
        "nativescript",
    ),
    Target.ROMANISED_NAME: (
        "영문성명",
        "영문명",
        "영문이름",
        "이름영문",
        "성명영문",
        "영문",
        "englishname",
        "nameenglish",
        "nameinenglish",
        "romanisedname",
        "romanizedname",
        "namelatin",
        "passportname",
        "latinname",
    ),
    Target.FAMILY_NAME: ("성", "familyname", "surname", "lastname", "영문성", "성영문", "family"),
    Target.GIVEN_NAMES: ("givenname", "givennames", "firstname", "forename", "forenames", "영문이름명", "이름영문명"),
    Target.HONORIFIC: ("호칭", "경칭", "honorific", "salutation", "prefix", "courtesytitle"),
    Target.FORM_OF_ADDRESS: ("formofaddress", "style", "address as"),
    Target.TITLE: ("직위", "직책", "직급", "직함", "직위직책", "title", "position", "jobtitle", "post", "rank"),
    Target.ORGANISATION: (
        "소속",
        "기관",
        "기관명",
        "소속기관",
        "소속기관명",
        "단체",
        "회사",
        "부서",
        "organisation",
        "organization",
        "company",
        "affiliation",
        "institution",
        "agency",
        "ministry",
    ),
    Target.EMAIL: ("이메일", "전자우편", "메일", "이메일주소", "email", "emailaddress", "mail"),
    Target.PHONE: (
        "전화",
        "전화번호",
        "연락처",
        "휴대폰",
        "휴대전화",
        "핸드폰",
        "휴대폰번호",
        "phone",
        "mobile",
        "tel",
        "telephone",
        "phonenumber",
        "mobilephone",
        "cell",
    ),
    Target.LANGUAGES: ("언어", "사용언어", "구사언어", "languages", "language", "languagesspoken"),
    Target.DIETARY: (
        "식이",
        "식단",
        "알레르기",
        "알러지",
        "식이제한",
        "식사",
        "음식",
        "식이요법",
        "식이알레르기",
        "dietary",
        "diet",
        "dietaryrequirements",
        "allergies",
        "allergy",
        "food",
        "meal",
        "dietaryneeds",
    ),
    Target.ACCESS_NEEDS: ("접근성", "장애", "이동", "보조", "accessneeds", "access", "mobility", "accessibility"),
    Target.BIOGRAPHY: ("약력", "이력", "경력", "biography", "bio", "cv", "profile"),
    Target.NOTES: ("비고", "메모", "참고", "참고사항", "특이사항", "notes", "note", "remarks", "comments", "comment"),
    Target.SIDE: ("구분", "측", "소속구분", "side", "party"),
    Target.ROLE: ("역할", "임무", "role", "function"),
    Target.PRECEDENCE: ("의전서열", "서열", "순번", "순서", "번호", "precedence", "order", "no", "number", "seq"),
    Target.ARRIVAL: ("도착", "도착일시", "도착편", "입국", "arrival", "arrives", "arrivaldetails", "inbound"),
    Target.DEPARTURE: ("출발", "출발일시", "출발편", "출국", "departure", "departs", "departuredetails", "outbound"),
    Target.IGNORE: ("성별", "gender", "sex", "생년월일", "dateofbirth", "dob", "여권번호", "passport", "passportno"),
}
_STRIP = re.compile(r"[\s()\[\]{}_\-./:·*#'\"]+")


def header_key(header: str) -> str:
    """A header reduced for recognition: "이름 (영문)" -> "이름영문", "E-mail Address" -> "emailaddress"."""
    return _STRIP.sub("", unicodedata.normalize("NFKC", header).casefold())


_BY_KEY = {header_key(alias): target for target, aliases in _ALIASES.items() for alias in aliases}


def recognise(headers: Sequence[str]) -> tuple[Target, ...]:
    """The target of each header as far as it is recognised (unknown headers are not imported;
    a target is given to its first column only; "이름" beside "성" is the given name)."""
    found = [_BY_KEY.get(header_key(h), Target.IGNORE) for h in headers]
    keys = [header_key(h) for h in headers]
    if Target.FAMILY_NAME in found:
        for i, key in enumerate(keys):
            if key in ("이름", "name") and found[i] is Target.FULL_NAME:
                found[i] = Target.GIVEN_NAMES
    seen: set[Target] = set()
    for i, target in enumerate(found):
        if target is not Target.IGNORE:
            if target in seen:
                found[i] = Target.IGNORE
            seen.add(target)
    return tuple(found)


def mapping_key(headers: Sequence[str]) -> str:
    """An identifier of a set of headers, to remember the officer's mapping for the next such file."""
    joined = "\x1f".join(header_key(h) for h in headers)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:24]


def remembered_targets(stored: str | None, headers: Sequence[str]) -> tuple[Target, ...] | None:
    """A remembered mapping ("full_name,ignore,email") for `headers`, or None when there is none
    or it no longer fits (another number of columns, a field this version does not know)."""
    if not stored:
        return None
    try:
        targets = tuple(Target(v) for v in stored.split(","))
    except ValueError:
        return None
    return targets if len(targets) == len(headers) else None


def parse_target(text: str) -> Target:
    """A target from its value or label ("email", "E-mail", "native_name"), or a `UserError`."""
    wanted = text.strip().casefold().replace(" ", "_").replace("-", "")
    for target in Target:
        if wanted in (target.value, target.label.casefold().replace(" ", "_").replace("-", "")):
            return target
    raise UserError(f"--map: {text!r} is not a field; the fields are {', '.join(t.value for t in Target)}", field="map")


def apply_overrides(headers: Sequence[str], targets: Sequence[Target], overrides: Sequence[str]) -> tuple[Target, ...]:
    """`targets` with COLUMN=FIELD overrides applied (COLUMN is a header as written, or a column letter)."""
    result = list(targets)
    for item in overrides:
        column, sep, field = item.partition("=")
        if not sep:
            raise UserError(f"--map: {item!r} must be COLUMN=FIELD (e.g. 성명=full_name)", field="map")
        column = column.strip()
        index = next((i for i, h in enumerate(headers) if h == column), None)
        if index is None:
            index = next((i for i, h in enumerate(headers) if header_key(h) == header_key(column)), None)
        if index is None:
            index = next((i for i in range(len(headers)) if column_letter(i) == column.upper()), None)
        if index is None:
            raise UserError(
                f"--map: the sheet has no column {column!r} (its columns: {', '.join(headers)})", field="map"
            )
        result[index] = parse_target(field)
    return tuple(result)


def check_mapping(headers: Sequence[str], targets: Sequence[Target]) -> None:
    """Refuse a mapping without a name column or with two columns for one field."""
    if len(targets) != len(headers):
        raise UserError("mapping: one field per column is needed")
    first: dict[Target, str] = {}
    for header, target in zip(headers, targets, strict=True):
        if target is Target.IGNORE:
            continue
        if target in first:
            raise UserError(
                f"mapping: the columns '{first[target]}' and '{header}' are both mapped to {target.label.lower()}",
                field="mapping",
            )
        first[target] = header
    if not NAME_TARGETS & first.keys():
        raise UserError(
            "mapping: no column holds the names (map one to full name, native name, romanised name or family name)",
            field="mapping",
        )


# -- rows ---------------------------------------------------------------------------------------


class ImportedAttendee(NamedTuple):
    """One row of the sheet as the values it gives (a named tuple: a list makes thousands).

    Attributes:
        row: its row number in the file.
        person: the person's fields (`organisation_id` unset: see `organisation`).
        given: the person fields the row gives (the others are left as they are on an update).
        organisation: the organisation's name as written ("" when none).
        side, role, precedence: from their columns, None when the sheet has none.
        arrival, departure: travel details ("" when none).
        columns: which column each person field came from (for errors found later).
    """

    row: int
    person: PersonData
    given: frozenset[str]
    organisation: str = ""
    side: Side | None = None
    role: Role | None = None
    precedence: int | None = None
    arrival: str = ""
    departure: str = ""
    columns: Mapping[str, str] | None = None

    @property
    def name(self) -> PersonName:
        return self.person.name


_SIDE_WORDS: dict[Side, tuple[str, ...]] = {
    Side.VISITING: (
        "visiting",
        "visitor",
        "visitors",
        "delegation",
        "guest",
        "guests",
        "방문",
        "방문단",
        "대표단",
        "방문측",
    ),
    Side.HOST: ("host", "hosts", "hosting", "주최", "주최측", "초청", "초청측", "호스트"),
    Side.STAFF: ("staff", "support", "지원", "지원단", "수행", "실무", "스태프"),
}
_ROLE_WORDS: dict[Role, tuple[str, ...]] = {
    Role.PRINCIPAL: ("principal", "head", "headofdelegation", "단장", "대표", "수석대표", "단장대표"),
    Role.DELEGATE: ("delegate", "member", "단원", "대표단원", "일행", "수행원", "delegationmember"),
    Role.HOST: ("host", "주최자", "호스트"),
    Role.INTERPRETER: ("interpreter", "translator", "통역", "통역사", "통역관"),
    Role.DRIVER: ("driver", "운전", "운전기사", "기사"),
    Role.PHOTOGRAPHER: ("photographer", "camera", "사진", "사진사", "촬영", "촬영기사"),
    Role.SECURITY: ("security", "protection", "경호", "경호원", "보안"),
    Role.LIAISON: ("liaison", "protocol", "연락관", "의전", "의전관", "담당"),
    Role.OTHER: ("other", "기타"),
}


def _vocabulary(words: Mapping[Side, tuple[str, ...]] | Mapping[Role, tuple[str, ...]]) -> dict[str, object]:
    table: dict[str, object] = {}
    for member, spellings in words.items():
        table[header_key(member.value)] = member
        table[header_key(member.label)] = member
        for spelling in spellings:
            table[header_key(spelling)] = member
    return table


_SIDES = _vocabulary(_SIDE_WORDS)
_ROLES = _vocabulary(_ROLE_WORDS)


def parse_side(text: str) -> Side:
    found = _SIDES.get(header_key(text))
    if not isinstance(found, Side):
        raise ValueError(f"{text!r} is not a side (visiting, host or staff; 방문, 주최, 지원)")
    return found


def parse_role(text: str) -> Role:
    found = _ROLES.get(header_key(text))
    if not isinstance(found, Role):
        raise ValueError(f"{text!r} is not a role ({', '.join(r.value for r in Role)})")
    return found


def _precedence(text: str) -> int:
    cleaned = text.strip().rstrip(".")
    if not cleaned.isdigit() or not 0 < int(cleaned) < 2**31:
        raise ValueError(f"{text!r} is not a precedence (a whole number from 1)")
    return int(cleaned)


def _located(row: int, header: str | None, message: str) -> UserError:
    where = f"row {row}, column '{header}'" if header is not None else f"row {row}"
    return UserError(f"{where}: {message}", field=header)


def parse_rows(
    sheet: Sheet, targets: Sequence[Target], *, cancelled: Cancelled | None = None
) -> tuple[ImportedAttendee, ...]:
    """Every data row of `sheet` as values, or the first error naming its row and column
    (`WorkCancelled` once `cancelled()` says so: it is asked every `CHECK_EVERY` rows)."""
    check_mapping(sheet.headers, targets)
    where: dict[Target, int] = {t: i for i, t in enumerate(targets) if t is not Target.IGNORE}
    header: dict[Target, str] = {t: sheet.headers[i] for t, i in where.items()}
    found: list[ImportedAttendee] = []
    organisations: dict[str, str | None] = {}  # name -> why it is refused (None: fine); a list repeats them
    columns = tuple(where.items())
    texts = tuple((target, name, header[target]) for target, name in _PERSON_TEXT if target in header)
    with collection_paused():  # thousands of rows' values, all living to the end
        for count, (number, cells) in enumerate(zip(sheet.row_numbers, sheet.rows, strict=True), start=1):
            if cancelled is not None and count % CHECK_EVERY == 0 and cancelled():
                raise WorkCancelled
            values = {t: cells[i].strip() for t, i in columns}
            if not any(values.values()):
                continue  # the row holds nothing this import reads (e.g. only an ignored column)
            found.append(_row(number, values, header, organisations, texts))
    return tuple(found)


def _organisation_problem(name: str) -> str | None:
    try:
        OrganisationData(name).validate()
    except UserError as exc:
        return exc.message.split(": ", 1)[-1]
    return None


def _row(
    number: int,
    values: Mapping[Target, str],
    header: Mapping[Target, str],
    organisations: dict[str, str | None],
    texts: Sequence[tuple[Target, str, str]],
) -> ImportedAttendee:
    """One row's values (`organisations`: the names checked so far, and why each is refused;
    `texts`: the person's text fields the sheet has, with their headers)."""
    col = header.get
    columns: dict[str, str] = {}
    # names: the native and romanised forms as written, split into family and given names
    full = values.get(Target.FULL_NAME, "")
    native = values.get(Target.NATIVE_NAME, "")
    romanised = values.get(Target.ROMANISED_NAME, "")
    family = values.get(Target.FAMILY_NAME, "")
    given_names = values.get(Target.GIVEN_NAMES, "")
    native_col = col(Target.NATIVE_NAME)
    romanised_col = col(Target.ROMANISED_NAME)
    if refused_character(full + native + romanised + family + given_names) is not None:  # one search, usually
        for target, cell in (
            (Target.FULL_NAME, full),
            (Target.NATIVE_NAME, native),
            (Target.ROMANISED_NAME, romanised),
            (Target.FAMILY_NAME, family),
            (Target.GIVEN_NAMES, given_names),
        ):
            # a character no name may hold, named where it is in the cell (not in the part split off)
            try:
                check_text(cell, "name", len(cell))
            except UserError as exc:
                raise _located(number, col(target), exc.message.split(": ", 1)[-1]) from exc
    if full:
        if is_native_script(full) and not native:
            native, native_col = full, col(Target.FULL_NAME)
        elif not is_native_script(full) and not romanised:
            romanised, romanised_col = full, col(Target.FULL_NAME)
    form = honorific = ""
    if native:
        native_form, native_honorific, native = take_leading(native)
        form, honorific = native_form or form, native_honorific or honorific
    if romanised:
        roman_form, roman_honorific, romanised = take_leading(romanised)
        form, honorific = roman_form or form, roman_honorific or honorific
    parts_col = col(Target.FAMILY_NAME) or col(Target.GIVEN_NAMES)
    if (family or given_names) and is_native_script(family + given_names) and not native:
        native, native_col = family + given_names, parts_col  # 성 and 이름 in Hangul
        family = given_names = ""
    order = NameOrder.GIVEN_FIRST
    family_col = parts_col
    if family or given_names:
        order = NameOrder.FAMILY_FIRST if is_native_script(native) else NameOrder.GIVEN_FIRST
        if romanised and given_names:  # the romanised form beside the parts shows their order
            written = " ".join(romanised.split()).casefold()
            if written == f"{family} {given_names}".strip().casefold():
                order = NameOrder.FAMILY_FIRST
            elif written == f"{given_names} {family}".strip().casefold():
                order = NameOrder.GIVEN_FIRST
        if not family:
            raise _located(number, col(Target.FAMILY_NAME) or parts_col, "the given name has no family name beside it")
    elif romanised:
        parsed = split_name(romanised, native)
        family, given_names, order, family_col = parsed.family_name, parsed.given_names, parsed.order, romanised_col
    elif native:
        family, given_names = split_korean(native) if is_hangul(native) else _split_native(native)
        order, family_col = NameOrder.FAMILY_FIRST, native_col
    else:
        names = ", ".join(header[t] for t in NAME_TARGETS if t in header)
        raise _located(number, None, f"has no name (the name columns {names} are empty)")
    if native and not romanised and not (family_col and family_col != native_col):
        order = NameOrder.FAMILY_FIRST if is_native_script(native) else order
    composed = romanised_of(family, given_names, order)
    fields: dict[str, object] = {
        "family_name": family,
        "given_names": given_names,
        "native_name": native,
        "romanised_name": romanised if romanised and romanised != composed else "",
        "name_order": order,
    }
    given = {"family_name", "given_names", "name_order"}
    if native:
        given.add("native_name")
    if romanised or family_col != native_col:
        given.add("romanised_name")
    if family_col:
        columns["family_name"] = columns["given_names"] = family_col
    if native_col:
        columns["native_name"] = native_col
    if romanised_col:
        columns["romanised_name"] = romanised_col
    if honorific:
        fields["honorific"], columns["honorific"] = honorific, romanised_col or native_col or ""
        given.add("honorific")
    if form:
        fields["form_of_address"], columns["form_of_address"] = form, romanised_col or native_col or ""
        given.add("form_of_address")
    for target, name, heading in texts:
        cell = values[target]
        if cell:
            fields[name] = cell
            columns[name] = heading
            given.add(name)
    person = PersonData(**fields)  # type: ignore[arg-type]
    try:
        person.validate()
    except UserError as exc:
        field = exc.field or ""
        reason = exc.message.split(": ", 1)[1] if exc.message.startswith(f"{field}: ") else exc.message
        raise _located(number, columns.get(field) or None, reason) from exc
    organisation = values.get(Target.ORGANISATION, "")
    if organisation:
        if organisation not in organisations:
            organisations[organisation] = _organisation_problem(organisation)
        problem = organisations[organisation]
        if problem is not None:
            raise _located(number, col(Target.ORGANISATION), problem)
    side = role = precedence = None
    text = values.get(Target.SIDE)
    if text:
        try:
            side = parse_side(text)
        except ValueError as exc:
            raise _located(number, col(Target.SIDE), str(exc)) from exc
    text = values.get(Target.ROLE)
    if text:
        try:
            role = parse_role(text)
        except ValueError as exc:
            raise _located(number, col(Target.ROLE), str(exc)) from exc
    text = values.get(Target.PRECEDENCE)
    if text:
        try:
            precedence = _precedence(text)
        except ValueError as exc:
            raise _located(number, col(Target.PRECEDENCE), str(exc)) from exc
    # a date cell that lost its format gives Excel's serial number: read it as the date it is
    arrival = serial_as_date(values.get(Target.ARRIVAL, ""))
    departure = serial_as_date(values.get(Target.DEPARTURE, ""))
    for target, text in ((Target.ARRIVAL, arrival), (Target.DEPARTURE, departure)):
        if text:
            try:
                SHORT_TEXT.check(text, target.value)
            except UserError as exc:
                raise _located(number, col(target), exc.message.split(": ", 1)[-1]) from exc
    return ImportedAttendee(
        number,
        person,
        frozenset(given),
        organisation,
        side,
        role,
        precedence,
        arrival,
        departure,
        columns,
    )


def _split_native(text: str) -> tuple[str, str]:
    """Han or kana: split at a space, family first (a name without one is all family name)."""
    parts = text.split(" ", 1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def with_defaults(row: ImportedAttendee, side: Side, role: Role) -> ImportedAttendee:
    """`row` with the import's side and role where its own columns gave none."""
    return row._replace(side=row.side or side, role=row.role or role)
