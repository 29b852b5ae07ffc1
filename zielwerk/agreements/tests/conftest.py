import pytest

from zielwerk.agreements.models import Agreement


@pytest.fixture
def frankfurt(demo) -> Agreement:
    """The Frankfurt 2024 draft of the demo (invented content)."""
    return Agreement.objects.get(region__slug="frankfurt", programme_year__year=2024)


@pytest.fixture
def wiesbaden(demo) -> Agreement:
    """Wiesbaden 2024, signed and published as in the seed."""
    return Agreement.objects.get(region__slug="wiesbaden", programme_year__year=2024)
