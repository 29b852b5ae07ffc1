import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The feedback rate limit counts in the cache; every test starts without submissions."""
    cache.clear()
    yield
    cache.clear()
