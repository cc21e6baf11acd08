"""The usual name order of a script: family name first for Korean, Chinese and Japanese names."""

from __future__ import annotations

import pytest

from visitplanner.domain.enums import NameOrder
from visitplanner.domain.names import usual_name_order


@pytest.mark.parametrize("name", ["박형준", "習近平", "やまだ たろう", "ヤマダ", "Park 형준"])
def test_east_asian_scripts_put_the_family_name_first(name: str) -> None:
    assert usual_name_order(name) is NameOrder.FAMILY_FIRST


@pytest.mark.parametrize("name", ["", "Helen Marsh", "Ангела Меркель", "محمد"])
def test_other_scripts_leave_the_choice_to_the_officer(name: str) -> None:
    assert usual_name_order(name) is None
