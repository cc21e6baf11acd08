"""The fixed text of printed documents in English: key -> text with `str.format` fields."""

from __future__ import annotations

from typing import Final

TEXT: Final[dict[str, str]] = {
    # -- every page
    "page.number": "Page {number} of {pages}",
    "doc.prepared": "Prepared {when}",
    "day.heading": "Day {number}: {date}",
    # -- the engagement block
    "block.where": "Where",
    "block.from": "From",
    "block.to": "To",
    "block.venue_time": "Venue time",
    "block.vehicle": "Vehicle",
    "block.driver": "Driver",
    "block.dress": "Dress",
    "block.notes": "Notes",
    "block.no_venue": "No venue",
    "status.cancelled": "CANCELLED",
    "status.tentative": "(tentative)",
    # -- the personal itinerary
    "itinerary.cover": "PERSONAL ITINERARY",
    "itinerary.header": "Personal itinerary · {name}",
    "itinerary.title": "Personal itinerary: {name}",
    "itinerary.visit": "Visit",
    "itinerary.dates": "Dates",
    "itinerary.times": "Times",
    "itinerary.journey": "Your journey",
    "itinerary.arrival": "Your arrival",
    "itinerary.departure": "Your departure",
    "itinerary.liaison": "Liaison",
    "itinerary.your_part": "Your part",
    "itinerary.with": "With",
    "itinerary.nothing_today": "Nothing scheduled for you.",
    "itinerary.not_assigned": "You are not yet assigned to any engagement of this visit.",
    # -- journeys (flights, trains)
    "journey.line": "{direction} by {mode}: {name}",
    "journey.met": "met by {name}",
    "journey.seen_off": "seen off by {name}",
    # -- arrivals and departures of the day
    "movements.arrival": "arrival",
    "movements.arrivals": "arrivals",
    "movements.departure": "departure",
    "movements.departures": "departures",
    "movements.both": "{first} and {second}",
    "movements.own": "your {what}",
    # -- the programme
    "programme.cover": "PROGRAMME",
    "programme.title": "Programme: {visit}",
    "programme.header": "Programme",
    "programme.home_time": "{zone} time",
    "programme.engagement": "Engagement",
    "programme.place": "Place",
    "programme.dates": "Dates",
    "programme.times": "Times",
    "programme.nothing": "Nothing scheduled.",
    # -- name cards
    "namecards.title": "{visit}: name cards",
    "namecards.subject": "Name cards, {dates}",
    "namecards.none": "No attendees need a name card.",
    "namecards.fold": "fold",
    # -- closed vocabularies
    "kind.meeting": "Meeting",
    "kind.tour": "Tour",
    "kind.ceremony": "Ceremony",
    "kind.meal": "Meal",
    "kind.transfer": "Transfer",
    "kind.briefing": "Briefing",
    "kind.press": "Press",
    "kind.reception": "Reception",
    "kind.free_time": "Free time",
    "kind.other": "Other",
    "part.participant": "participant",
    "part.signatory": "signatory",
    "part.speaker": "speaker",
    "part.presenter": "presenter",
    "part.chair": "chair",
    "part.witness": "witness",
    "part.guide": "guide",
    "part.interpreter": "interpreter",
    "part.driver": "driver",
    "part.passenger": "passenger",
    "part.support": "support",
    "side.visiting": "Delegation",
    "side.host": "Hosts",
    "side.staff": "Support",
    "direction.arrival": "Arrival",
    "direction.departure": "Departure",
    "mode.flight": "flight",
    "mode.train": "train",
    "mode.car": "car",
    "mode.other": "other",
}

#: Honorifics as written before a name in this language (none: English writes them as given).
HONORIFICS: Final[dict[str, str]] = {}

#: Names of time zones' cities (none: the IANA name's city, "Europe/London" -> "London").
ZONE_NAMES: Final[dict[str, str]] = {}
