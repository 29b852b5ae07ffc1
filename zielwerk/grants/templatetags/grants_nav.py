"""`{% procedure_nav %}`: the steps of one region's grant procedure of a year as a navigation bar
(projects, application, decisions, payments, proof of use), on every page of that procedure."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy

from zielwerk.grants.permissions import can_view_grants

register = template.Library()

STEPS = (
    ("projects:project_list", gettext_lazy("Projekte")),
    ("grants:application_detail", gettext_lazy("Antrag")),
    ("grants:decision_list", gettext_lazy("Bescheide")),
    ("grants:payment_list", gettext_lazy("Mittelabrufe")),
    ("grants:proof_detail", gettext_lazy("Verwendungsnachweis")),
)


@dataclass(frozen=True)
class Step:
    label: str
    url: str
    current: bool


def _year_and_region(context) -> tuple[int | None, str | None, str]:
    application = context.get("application")
    year = context.get("year") or context.get("programme_year")
    region = context.get("region")
    if application is not None and not isinstance(application, str):
        year = year or application.programme_year
        region = region or application.region
    year_number = getattr(year, "year", year)
    slug = getattr(region, "slug", region)
    name = getattr(region, "name", slug or "")
    return (int(year_number) if year_number else None, slug or None, name)


@register.inclusion_tag("grants/_procedure_nav_steps.html", takes_context=True)
def procedure_nav(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    year, slug, name = _year_and_region(context)
    steps: list[Step] = []
    if year and slug and user is not None and user.is_authenticated:
        names = STEPS if can_view_grants(user) else STEPS[:1]
        for url_name, label in names:
            try:
                url = reverse(url_name, kwargs={"year": year, "region": slug})
            except NoReverseMatch:
                continue
            current = bool(request) and request.path.startswith(url)
            steps.append(Step(str(label), url, current))
    return {"steps": steps, "year": year, "region_name": name}
