"""The office's limits the checks apply, declared once as data: name, label, unit, range, default.

They are the office's data (kept in the database, one set for every officer who shares it), not
a visit's: `CheckOptions` is what the checks engine reads; this module says what each limit
means, which values it accepts, and how it is written as text (the store keeps text, the command
line takes ``NAME=VALUE``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from visitplanner.domain.errors import UserError
from visitplanner.domain.findings import DEFAULT_OPTIONS, CheckOptions
from visitplanner.domain.limits import LINE
from visitplanner.domain.values import CURRENCY, NO_MINOR_UNITS, money, parse_amount

__all__ = [
    "LIMITS",
    "MOST_MINUTES",
    "MOST_RANK",
    "MOST_THRESHOLD",
    "Limit",
    "in_declaration_currency",
    "limit_named",
    "options_from_text",
    "options_to_text",
    "parse_limit",
    "parse_rates",
    "rates_text",
    "text_of",
    "validate_options",
    "with_limits",
]

#: The longest a limit in minutes may be: a week.
MOST_MINUTES = 7 * 24 * 60
#: The largest greeter rank (precedence ranks are small whole numbers).
MOST_RANK = 999
#: The largest declaration threshold, in minor units.
MOST_THRESHOLD = 10**9
#: The most exchange rates the office keeps, and the largest rate.
MOST_RATES = 12
MOST_RATE = Decimal(10**6)


@dataclass(frozen=True, slots=True)
class Limit:
    """One of the office's limits.

    Attributes:
        name: the `CheckOptions` field it sets (and its name in the database and on the command line).
        label: what it is, for people.
        unit: "minutes", "rank", "amount" (in the declaration currency) or "currency".
        lowest, highest: the accepted range of a whole-number limit (minor units for the amount).
        help: one sentence on what the checks do with it.
    """

    name: str
    label: str
    unit: str
    lowest: int
    highest: int
    help: str

    @property
    def default(self) -> int | str:
        """The default as `text_of` writes it for rates, else the option's own default."""
        return text_of(self, DEFAULT_OPTIONS) if self.unit == "rates" else getattr(DEFAULT_OPTIONS, self.name)


LIMITS: tuple[Limit, ...] = (
    Limit(
        "travel_buffer_minutes",
        "Travel buffer",
        "minutes",
        0,
        MOST_MINUTES,
        "added to every recorded travel time between venues",
    ),
    Limit(
        "simultaneous_solo_minutes",
        "Simultaneous, alone",
        "minutes",
        0,
        MOST_MINUTES,
        "longest simultaneous interpretation one interpreter gives alone (AIIC: a team of two beyond about 40 min)",
    ),
    Limit(
        "interpreting_daily_minutes",
        "Interpreting alone a day",
        "minutes",
        0,
        MOST_MINUTES,
        "most an interpreter works alone in one local day without relief (AIIC: about 6 h of consecutive)",
    ),
    Limit(
        "arrival_margin_minutes",
        "Arrival margin",
        "minutes",
        0,
        MOST_MINUTES,
        "from landing to the first engagement: immigration, baggage",
    ),
    Limit(
        "departure_margin_minutes",
        "Departure margin",
        "minutes",
        0,
        MOST_MINUTES,
        "from the last engagement to take-off (check-in, security), on top of the journey to the airport",
    ),
    Limit(
        "pickup_wait_minutes",
        "Pick-up wait",
        "minutes",
        0,
        MOST_MINUTES,
        "how long after the arrival margin a pick-up may still leave",
    ),
    Limit(
        "greeter_precedence",
        "Greeter rank",
        "rank",
        1,
        MOST_RANK,
        "the lowest host precedence rank suitable to meet a visiting principal on arrival",
    ),
    Limit(
        "declaration_threshold",
        "Gift declaration over",
        "amount",
        0,
        MOST_THRESHOLD,
        "a gift received valued above this (in the declaration currency) must be declared",
    ),
    Limit(
        "declaration_currency",
        "Declaration currency",
        "currency",
        0,
        0,
        "ISO 4217 code of the threshold",
    ),
    Limit(
        "declaration_rates",
        "Exchange rates",
        "rates",
        0,
        MOST_RATES,
        "what one unit of another currency is worth in the declaration currency (KRW=0.00058, EUR=0.86), "
        "so gifts valued in it are compared with the threshold; a currency with no rate is not compared",
    ),
)

_BY_NAME = {limit.name: limit for limit in LIMITS}
assert set(_BY_NAME) == {f.name for f in fields(CheckOptions)}, "every option is an office limit"


def limit_named(name: str) -> Limit:
    """The limit called `name`; a `UserError` listing the names for anything else."""
    limit = _BY_NAME.get(name.strip())
    if limit is None:
        raise UserError(f"{name.strip()!r} is not an office limit; the limits are: {', '.join(_BY_NAME)}", field=name)
    return limit


def validate_options(options: CheckOptions) -> None:
    """Raise a `UserError` naming the first limit out of its range (or a currency that is no code)."""
    for limit in LIMITS:
        value = getattr(options, limit.name)
        if limit.unit == "rates":
            _validate_rates(value, options.declaration_currency)
        elif limit.unit == "currency":
            if not isinstance(value, str) or not CURRENCY.match(value):
                raise UserError(
                    f"{limit.name}: {value!r} is not a three-letter currency code like GBP or KRW", field=limit.name
                )
        elif isinstance(value, bool) or not isinstance(value, int) or not limit.lowest <= value <= limit.highest:
            raise UserError(f"{limit.name}: {value!r} is not {_range_text(limit, options)}", field=limit.name)


def _validate_rates(rates: object, currency: str) -> None:
    field = "declaration_rates"
    if not isinstance(rates, tuple) or not all(isinstance(r, tuple) and len(r) == 2 for r in rates):
        raise UserError(f"{field}: not a list of rates", field=field)
    if len(rates) > MOST_RATES:
        raise UserError(f"{field}: at most {MOST_RATES} currencies", field=field)
    seen: set[str] = set()
    for code, rate in rates:
        if not isinstance(code, str) or not CURRENCY.match(code):
            raise UserError(f"{field}: {code!r} is not a three-letter currency code like KRW", field=field)
        if code == currency:
            raise UserError(f"{field}: {code} is the declaration currency itself", field=field)
        if code in seen:
            raise UserError(f"{field}: {code} has two rates", field=field)
        seen.add(code)
        number = _rate(rate)
        if number is None or not 0 < number <= MOST_RATE or _plain(number) != rate:
            raise UserError(
                f"{field}: {rate!r} for {code} is not a rate like 0.00058 (what one {code} is worth in {currency})",
                field=field,
            )
    if len(rates_text(rates)) > LINE:
        raise UserError(f"{field}: at most {LINE} characters in all", field=field)


def _rate(text: object) -> Decimal | None:
    """A rate as written ("0.00058"), or None for anything else (no exponents, no signs)."""
    if not isinstance(text, str) or not text or not all(c.isascii() and (c.isdigit() or c == ".") for c in text):
        return None
    if len(text) > 20:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_rates(text: str, currency: str) -> tuple[tuple[str, str], ...]:
    """ "KRW=0.00058, eur 0.86" -> (("EUR", "0.86"), ("KRW", "0.00058")) (by code); "" -> ().
    Raises a `UserError` naming `declaration_rates` and the part at fault."""
    field = "declaration_rates"
    rates: list[tuple[str, str]] = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        code, _, rate = part.replace("=", " ").partition(" ")
        code, rate = code.strip().upper(), rate.strip()
        number = _rate(rate)
        if not CURRENCY.match(code) or number is None:
            raise UserError(f"{field}: {part!r} is not a rate like KRW=0.00058", field=field)
        rates.append((code, _plain(number)))
    result = tuple(sorted(rates))
    _validate_rates(result, currency)
    return result


def _plain(number: Decimal) -> str:
    """A rate written plainly and without trailing zeros: 0.000580 -> "0.00058", 2.0 -> "2"."""
    text = format(number.normalize(), "f")
    return text


def rates_text(rates: tuple[tuple[str, str], ...]) -> str:
    """ "EUR=0.86, KRW=0.00058" (what `parse_rates` reads back), "" for none."""
    return ", ".join(f"{code}={rate}" for code, rate in rates)


def in_declaration_currency(value: int, currency: str, options: CheckOptions) -> int | None:
    """`value` (minor units of `currency`) in minor units of the declaration currency, rounded to
    the nearest; None when the office has no rate for `currency`."""
    if currency == options.declaration_currency:
        return value
    rate = dict(options.declaration_rates).get(currency)
    if rate is None:
        return None
    places_from = 0 if currency in NO_MINOR_UNITS else 2
    places_to = 0 if options.declaration_currency in NO_MINOR_UNITS else 2
    converted = Decimal(value) * Decimal(rate) * Decimal(10) ** (places_to - places_from)
    return int(converted.to_integral_value(rounding=ROUND_HALF_UP))


def text_of(limit: Limit, options: CheckOptions) -> str:
    """A limit's value as the database keeps it and the command line takes it."""
    value = getattr(options, limit.name)
    return rates_text(value) if limit.unit == "rates" else str(value)


def _range_text(limit: Limit, options: CheckOptions) -> str:
    if limit.unit == "amount":
        currency = options.declaration_currency if CURRENCY.match(str(options.declaration_currency)) else "GBP"
        return f"an amount from 0 to {money(limit.highest, currency)}"
    if limit.unit == "rank":
        return f"a precedence rank from {limit.lowest} to {limit.highest}"
    return f"a whole number of {limit.unit} from {limit.lowest} to {limit.highest}"


def options_to_text(options: CheckOptions) -> dict[str, str]:
    """Each limit as the text the database keeps (whole numbers in minor units; the currency code)."""
    return {limit.name: text_of(limit, options) for limit in LIMITS}


def options_from_text(stored: Mapping[str, str]) -> CheckOptions:
    """The options from what the database keeps: a limit not stored, or stored out of range
    (written by hand, or by a later version), takes its default."""
    values: dict[str, int | str] = {}
    for limit in LIMITS:
        text = stored.get(limit.name)
        if text is None:
            continue
        if limit.unit == "currency":
            if CURRENCY.match(text):
                values[limit.name] = text
            continue
        if limit.unit == "rates":
            continue  # read below, once the currency is known
        try:
            number = int(text)
        except ValueError:
            continue
        if limit.lowest <= number <= limit.highest:
            values[limit.name] = number
    options = replace(DEFAULT_OPTIONS, **values)  # type: ignore[arg-type]
    try:
        rates = parse_rates(stored.get("declaration_rates", ""), options.declaration_currency)
    except UserError:
        rates = ()
    return replace(options, declaration_rates=rates)


def parse_limit(limit: Limit, text: str, currency: str) -> int | str | tuple[tuple[str, str], ...]:
    """A limit's value typed by a person: minutes or a rank as a whole number, the threshold as an
    amount in `currency` ("140", "140.00", "200,000"), the currency as a code (any case), the rates
    as ``KRW=0.00058, EUR=0.86`` ("" for none)."""
    cleaned = text.strip()
    if limit.unit == "rates":
        return parse_rates(cleaned, currency)
    if limit.unit == "currency":
        code = cleaned.upper()
        if not CURRENCY.match(code):
            raise UserError(
                f"{limit.name}: {cleaned!r} is not a three-letter currency code like GBP or KRW", field=limit.name
            )
        return code
    if limit.unit == "amount":
        amount = parse_amount(cleaned, currency, field=limit.name)
        if amount is None:
            raise UserError(f"{limit.name}: give an amount in {currency}", field=limit.name)
        return amount
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 9:
        what = "a precedence rank" if limit.unit == "rank" else f"a whole number of {limit.unit}"
        raise UserError(f"{limit.name}: {cleaned!r} is not {what}", field=limit.name)
    return int(cleaned)


def with_limits(options: CheckOptions, assignments: Iterable[str]) -> CheckOptions:
    """`options` with each ``NAME=VALUE`` of `assignments` applied (the currency first, so that a
    threshold given with it is read in it); the result is validated. Raises a `UserError` naming
    the assignment at fault."""
    parsed: list[tuple[Limit, str]] = []
    for assignment in assignments:
        name, equals, text = assignment.partition("=")
        if not equals or not name.strip():
            raise UserError(f"{assignment!r}: write NAME=VALUE, e.g. interpreting_daily_minutes=300")
        parsed.append((limit_named(name), text))
    parsed.sort(key=lambda pair: pair[0].unit != "currency")
    values: dict[str, int | str | tuple[tuple[str, str], ...]] = {}
    for limit, text in parsed:
        currency = str(values.get("declaration_currency", options.declaration_currency))
        values[limit.name] = parse_limit(limit, text, currency)
    result = replace(options, **values)  # type: ignore[arg-type]
    validate_options(result)
    return result
