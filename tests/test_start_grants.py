"""The start page lists what waits in the grant procedure, per role."""

from __future__ import annotations

from zielwerk.grants.choices import ApplicationStatus


def _text(client_for, username: str) -> str:
    response = client_for(username).get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_region_sees_the_open_reclaim_with_interest(demo_with_grants, client_for):
    html = _text(client_for, "wiesbaden")
    assert "Rückforderung 2024 für Wiesbaden erstatten" in html
    # 12.400,00 € reclaimed + 5 % p. a. for 372 days (23.09.2024 → 30.09.2025) = 631,89 €
    assert "13.031,89 Euro" in html
    assert "Rückforderung" not in _text(client_for, "frankfurt")


def test_authority_sees_a_submitted_application(demo, client_for):
    from zielwerk.grants.tests.factories import make_application

    make_application(ApplicationStatus.SUBMITTED)
    html = _text(client_for, "rp-kassel")
    assert "Antrag Wiesbaden 2024 prüfen" in html
    assert "/zuwendung/2024/wiesbaden/antrag/" in html
    assert "Antrag Wiesbaden 2024 prüfen" not in _text(client_for, "ministerium")


def test_provider_sees_its_own_projects_only(demo_with_grants, client_for):
    html = _text(client_for, "traeger-wiesbaden")
    assert "WI-2024-FIB" in html and "WI-2024-HIB" in html
    assert "24 erfasst" in html  # the demo records 24 invented participants in FIB
    assert "WI-2024-DIK" not in html  # run by the other provider


def test_navigation_offers_the_grant_procedure_to_who_may_see_it(demo, client_for):
    assert ">Zuwendung<" in _text(client_for, "wiesbaden")
    assert ">Zuwendung<" in _text(client_for, "rp-kassel")
    assert ">Zuwendung<" not in _text(client_for, "traeger-wiesbaden")
