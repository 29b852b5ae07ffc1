"""Fixtures shared by every test: the demo data and logged-in clients per demo role."""

from __future__ import annotations

import pytest
from django.test import Client

DEMO_USERNAMES = [
    "admin",
    "ministerium",
    "rp-kassel",
    "wiesbaden",
    "frankfurt",
    "traeger-wiesbaden",
]


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tasks run at once in tests unless a test selects another backend; a fast password hash
    keeps the demo seeding (six accounts) from dominating the run time; uploads stay in memory.
    Two-factor authentication is off unless a test switches it on (tests/security/test_auth.py):
    the clients below sign in with force_login, which never passes the code step."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    settings.ZIELWERK_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def demo(db):
    """The demo data set without its grant procedure: the grant tests put Wiesbaden 2024 into the
    state they need (zielwerk/grants/tests/factories.py or the services)."""
    from zielwerk.demo.data import seed

    seed(grants=False)


@pytest.fixture
def demo_with_grants(db):
    """The full demo data set, as `manage.py seed_demo` creates it (Wiesbaden 2024 from the plans
    to the reclaim decision)."""
    from zielwerk.demo.data import seed

    seed()


@pytest.fixture
def users(demo):
    from zielwerk.accounts.models import User

    return {user.username: user for user in User.objects.filter(username__in=DEMO_USERNAMES)}


@pytest.fixture
def client_for(users):
    """client_for("wiesbaden") -> a Client logged in as that demo user."""

    def make(username: str | None) -> Client:
        client = Client()
        if username is not None:
            client.force_login(users[username])
        return client

    return make
