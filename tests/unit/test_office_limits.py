"""The office's limits declared once: their ranges, NAME=VALUE as typed, text as stored."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from visitplanner.domain.errors import UserError
from visitplanner.domain.findings import DEFAULT_OPTIONS, CheckOptions
from visitplanner.domain.office import (
    LIMITS,
    MOST_MINUTES,
    in_declaration_currency,
    limit_named,
    options_from_text,
    options_to_text,
    parse_rates,
    rates_text,
    validate_options,
    with_limits,
)


def test_every_option_is_declared_once_with_its_default() -> None:
    assert [limit.name for limit in LIMITS] == [f.name for f in fields(CheckOptions)]
    assert {limit.name: limit.default for limit in LIMITS} == {
        "travel_buffer_minutes": 10,
        "simultaneous_solo_minutes": 40,
        "interpreting_daily_minutes": 360,
        "arrival_margin_minutes": 45,
        "departure_margin_minutes": 90,
        "pickup_wait_minutes": 60,
        "greeter_precedence": 3,
        "declaration_threshold": 14000,
        "declaration_currency": "GBP",
        "declaration_rates": "",
    }


def test_assignments_are_read_in_their_units_and_validated() -> None:
    changed = with_limits(
        DEFAULT_OPTIONS,
        ["interpreting_daily_minutes=300", " greeter_precedence = 2", "declaration_threshold=1,250.5"],
    )
    assert changed == replace(
        DEFAULT_OPTIONS, interpreting_daily_minutes=300, greeter_precedence=2, declaration_threshold=125050
    )
    # the currency is applied first, so a threshold given with it is read in it (no minor units for KRW)
    korean = with_limits(DEFAULT_OPTIONS, ["declaration_threshold=200,000", "declaration_currency=krw"])
    assert korean.declaration_currency == "KRW" and korean.declaration_threshold == 200000


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("foo=1", "'foo' is not an office limit; the limits are: travel_buffer_minutes"),
        ("travel_buffer_minutes", "write NAME=VALUE"),
        ("=5", "write NAME=VALUE"),
        ("travel_buffer_minutes=abc", "travel_buffer_minutes: 'abc' is not a whole number of minutes"),
        ("travel_buffer_minutes=-5", "travel_buffer_minutes: '-5' is not a whole number of minutes"),
        ("travel_buffer_minutes=١٠", "is not a whole number of minutes"),  # Arabic-Indic digits
        (f"pickup_wait_minutes={MOST_MINUTES + 1}", f"is not a whole number of minutes from 0 to {MOST_MINUTES}"),
        ("greeter_precedence=0", "greeter_precedence: 0 is not a precedence rank from 1 to 999"),
        ("declaration_threshold=12.345", "declaration_threshold: '12.345' is not an amount in GBP"),
        ("declaration_threshold=", "declaration_threshold: give an amount in GBP"),
        ("declaration_threshold=20000000", "declaration_threshold: 2000000000 is not an amount from 0 to GBP"),
        ("declaration_currency=£", "declaration_currency: '£' is not a three-letter currency code"),
    ],
)
def test_bad_assignments_are_refused_naming_the_limit(assignment: str, message: str) -> None:
    with pytest.raises(UserError, match=None) as caught:
        with_limits(DEFAULT_OPTIONS, ["interpreting_daily_minutes=300", assignment])
    assert message in str(caught.value)


def test_validation_names_the_limit_out_of_range() -> None:
    validate_options(DEFAULT_OPTIONS)
    for name, bad in [("arrival_margin_minutes", -1), ("greeter_precedence", 0), ("declaration_currency", "gbp")]:
        with pytest.raises(UserError) as caught:
            validate_options(replace(DEFAULT_OPTIONS, **{name: bad}))
        assert caught.value.field == name and str(caught.value).startswith(f"{name}: ")
    with pytest.raises(UserError):
        limit_named("Travel buffer")


def test_stored_text_reads_back_and_bad_stored_values_take_their_defaults() -> None:
    options = replace(DEFAULT_OPTIONS, pickup_wait_minutes=30, declaration_currency="EUR")
    assert options_from_text(options_to_text(options)) == options
    assert options_from_text({}) == DEFAULT_OPTIONS
    tampered = {"pickup_wait_minutes": "lots", "greeter_precedence": "0", "declaration_currency": "euro", "x": "1"}
    assert options_from_text(tampered) == DEFAULT_OPTIONS


def test_rates_are_read_as_typed_kept_exact_and_refused_by_name() -> None:
    rates = parse_rates(" krw 0.000580; EUR=0.86,, JPY=0.0052 ", "GBP")
    assert rates == (("EUR", "0.86"), ("JPY", "0.0052"), ("KRW", "0.00058"))
    assert rates_text(rates) == "EUR=0.86, JPY=0.0052, KRW=0.00058"
    assert parse_rates(rates_text(rates), "GBP") == rates and parse_rates("", "GBP") == ()
    assert parse_rates("KRW=0.0000001", "GBP") == (("KRW", "0.0000001"),)  # never written as 1E-7
    options = with_limits(DEFAULT_OPTIONS, ["declaration_rates=KRW=0.00058, EUR=0.86"])
    assert options.declaration_rates == (("EUR", "0.86"), ("KRW", "0.00058"))
    assert options_from_text(options_to_text(options)) == options
    for text, message in [
        ("KRW=-1", "'KRW=-1' is not a rate like KRW=0.00058"),
        ("KRW=1e-5", "is not a rate like"),
        ("KRW=0", "'0' for KRW is not a rate like 0.00058"),
        ("KRW", "'KRW' is not a rate like"),
        ("pounds=1.2", "'pounds=1.2' is not a rate"),
        ("GBP=1", "GBP is the declaration currency itself"),
        ("KRW=0.0005, KRW=0.0006", "KRW has two rates"),
        (", ".join(f"{chr(65 + i) * 3}=1" for i in range(13)), "at most 12 currencies"),
    ]:
        with pytest.raises(UserError) as caught:
            with_limits(DEFAULT_OPTIONS, [f"declaration_rates={text}"])
        assert caught.value.field == "declaration_rates" and message in str(caught.value), text
    with pytest.raises(UserError, match="KRW is the declaration currency itself"):
        with_limits(options, ["declaration_currency=KRW"])  # the rates say what KRW is worth in GBP
    assert options_from_text({"declaration_rates": "KRW=lots"}).declaration_rates == ()  # tampered: none


@pytest.mark.parametrize(
    ("value", "currency", "declaration", "rates", "expected"),
    [
        (450_000, "KRW", "GBP", (("KRW", "0.00058"),), 26_100),  # KRW 450,000 is about GBP 261.00
        (30_000, "GBP", "KRW", (("GBP", "1720.5"),), 516_150),  # GBP 300.00 is KRW 516,150
        (12_345, "EUR", "USD", (("EUR", "1.085"),), 13_394),  # EUR 123.45 is USD 133.94 (rounded)
        (100, "GBP", "GBP", (), 100),
        (100, "EUR", "GBP", (("KRW", "0.00058"),), None),  # no rate for EUR: not compared
    ],
)
def test_values_are_converted_into_the_declaration_currency(
    value: int, currency: str, declaration: str, rates: tuple[tuple[str, str], ...], expected: int | None
) -> None:
    options = replace(DEFAULT_OPTIONS, declaration_currency=declaration, declaration_rates=rates)
    assert in_declaration_currency(value, currency, options) == expected
