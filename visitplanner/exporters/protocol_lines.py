"""An engagement's order-of-precedence lines (receiving, photo, signing, speaking) for printed cards."""

from __future__ import annotations

from visitplanner.domain.enums import Side
from visitplanner.domain.protocol_order import LinePerson, lines_text, protocol_lines
from visitplanner.exporters.pdf_plan import EngagementView, Plan


def engagement_lines(plan: Plan, e: EngagementView) -> list[tuple[str, str]]:
    """(label, text) rows of the lines `e` has; none for a cancelled engagement."""
    if e.cancelled:
        return []
    people = [
        LinePerson(a.person.key, a.person.name.romanised, a.person.side, a.person.role, a.person.precedence, a.part)
        for a in e.attendances
    ]
    organisations = {
        side: organisation.name
        for side, organisation in ((Side.VISITING, plan.visit.visiting), (Side.HOST, plan.visit.host))
        if organisation is not None
    }
    return lines_text(protocol_lines(e.kind, people), lambda p: p.name, organisations)
