"""The emergency services' number where a visit takes place, by its local time zone."""

from __future__ import annotations

#: Emergency numbers by the visit's local zone (longest matching prefix wins).
EMERGENCY_NUMBERS = {
    "Europe/London": "999 (or 112)",
    "Europe/Dublin": "112 (or 999)",
    "Europe/": "112",
    "Asia/Seoul": "112 (police), 119 (fire and ambulance)",
    "Asia/Tokyo": "110 (police), 119 (fire and ambulance)",
    "America/": "911",
    "Australia/": "000",
}


def emergency_number(local_time_zone: str) -> str:
    """The emergency services' number where the visit takes place (by its zone)."""
    best = max((prefix for prefix in EMERGENCY_NUMBERS if local_time_zone.startswith(prefix)), key=len, default=None)
    return EMERGENCY_NUMBERS[best] if best else "112 (from a mobile phone in most countries)"
