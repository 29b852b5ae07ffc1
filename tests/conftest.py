"""Fixtures for the cross-app tests in tests/ (the root conftest.py has `demo`, `users`,
`client_for`). None of them is autouse, so tests/browser/ is not affected."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings

# As in the root conftest.py, whose autouse fixture is function-scoped and so comes too late here.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _memory_storages() -> dict:
    return {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The demo data, seeded once per test module inside an outer transaction that is rolled back
    when the module ends. Each test still runs in its own savepoint (the `db` fixture), so writes
    made by one test are invisible to the next, and nothing leaks into other modules.

    Use it by overriding `demo` in the module:

        @pytest.fixture
        def demo(demo_module, db): ...
    """
    from zielwerk.demo.data import seed

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            # Files the demo writes (the briefing pack PDF) stay in memory, never in var/media.
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS, STORAGES=_memory_storages()):
                seed()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
