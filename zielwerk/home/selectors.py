"""What a person should see first: to-dos and facts for each of their roles."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zielwerk.accounts.choices import Role
from zielwerk.accounts.permissions import is_admin
from zielwerk.agreements import selectors as agreement_selectors
from zielwerk.agreements.choices import AgreementStatus
from zielwerk.core.formats import format_date
from zielwerk.home import grant_todos, steering_todos, survey_todos
from zielwerk.organisations.models import Organisation, Region
from zielwerk.programmes.models import Participation, ProgrammeYear


@dataclass(frozen=True)
class Todo:
    title: str
    detail: str
    url: str
    done: bool = False


@dataclass
class StartPage:
    headline: str
    todos: list[Todo] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    programme_years: list[ProgrammeYear] = field(default_factory=list)
    current_year: ProgrammeYear | None = None


def current_programme_year() -> ProgrammeYear | None:
    today = timezone.localdate()
    years = ProgrammeYear.objects.select_related("programme").order_by("-year")
    return years.filter(year__lte=today.year).first() or years.first()


def _year_todos(programme_year: ProgrammeYear) -> list[Todo]:
    url = programme_year.get_absolute_url()
    todos = [
        Todo(
            _("Haushaltsmittel %(year)s erfassen") % {"year": programme_year.year},
            _("Der Gesamtbetrag des Programmjahres ist noch nicht eingetragen.")
            if programme_year.budget_total is None
            else _("Gesamtbetrag eingetragen."),
            url,
            done=programme_year.budget_total is not None,
        ),
        Todo(
            _("Zielvereinbarungsgespräche %(year)s") % {"year": programme_year.year},
            _("Gespräche mit allen Gebietskörperschaften bis %(date)s.")
            % {"date": format_date(programme_year.talks_until)},
            url,
        ),
    ]
    return todos


def _agreement_todos_for_ministry(current: ProgrammeYear | None) -> list[Todo]:
    """One line per year that has unfinished agreements (and always the current year)."""
    counts = agreement_selectors.status_counts_by_year()
    years = set(counts) | ({current.year} if current else set())
    todos = []
    for year in sorted(years, reverse=True):
        by_status: Counter = counts.get(year, Counter())
        unfinished = sum(
            n for status, n in by_status.items() if status != AgreementStatus.PUBLISHED
        )
        if current is not None and year != current.year and not unfinished:
            continue
        detail = ", ".join(
            f"{label}: {by_status[status]}"
            for status, label in AgreementStatus.choices
            if by_status.get(status)
        )
        todos.append(
            Todo(
                _("Zielvereinbarungen %(year)s") % {"year": year},
                detail or _("Noch keine Zielvereinbarung angelegt."),
                f"{reverse('agreements:agreement_list')}?jahr={year}",
                done=bool(by_status) and not unfinished,
            )
        )
    return todos


_REGION_AGREEMENT_DETAIL = {
    AgreementStatus.DRAFT: gettext_lazy(
        "Fassung %(number)s: das Ministerium bereitet den Entwurf vor."
    ),
    AgreementStatus.NEGOTIATION: gettext_lazy(
        "Fassung %(number)s: Sie können kommentieren, Änderungen speichern und Fassungen "
        "vergleichen."
    ),
    AgreementStatus.AGREED: gettext_lazy(
        "Fassung %(number)s ist abgestimmt; es fehlen die Unterschriften."
    ),
}


def _agreement_todos_for_region(regions: list[Region]) -> list[Todo]:
    todos = []
    for agreement in agreement_selectors.agreement_list_for_regions(regions):
        status = AgreementStatus(agreement.current_status)
        todos.append(
            Todo(
                _("Zielvereinbarung %(year)s für %(region)s: %(status)s")
                % {
                    "year": agreement.programme_year.year,
                    "region": agreement.region.name,
                    "status": status.label,
                },
                str(_REGION_AGREEMENT_DETAIL.get(status, _("Fassung %(number)s.")))
                % {"number": agreement.current_number},
                agreement.get_absolute_url(),
                done=status in (AgreementStatus.SIGNED, AgreementStatus.PUBLISHED),
            )
        )
    return todos


def start_page_for(user) -> StartPage:
    current = current_programme_year()
    page = StartPage(
        headline=_("Willkommen in Zielwerk"),
        current_year=current,
        programme_years=list(ProgrammeYear.objects.select_related("programme").order_by("-year")),
    )
    own_regions = list(
        Region.objects.filter(administration_id__in=user.organisation_ids).select_related(
            "district"
        )
    )
    provider_regions = list(
        Region.objects.filter(
            providers__in=Organisation.objects.filter(pk__in=user.organisation_ids)
        ).distinct()
    )
    if is_admin(user):
        missing_ags = Region.objects.filter(ags="")
        for region in missing_ags:
            page.todos.append(
                Todo(
                    _("Kreisschlüssel für %(region)s eintragen") % {"region": region.name},
                    _("Der amtliche Schlüssel fehlt noch in den Referenzdaten."),
                    reverse("admin:organisations_region_change", args=[region.pk]),
                )
            )
        page.todos.append(
            Todo(
                _("Protokoll prüfen"),
                _("Alle Änderungen mit Begründung."),
                reverse("home:audit_list"),
            )
        )
    if user.has_role(Role.MINISTRY_STAFF) and current:
        page.headline = _("Ministerium: Steuerung des AQB")
        page.todos.extend(_year_todos(current))
    if user.has_role(Role.MINISTRY_STAFF):
        page.todos.extend(_agreement_todos_for_ministry(current))
    if user.has_role(Role.AUTHORITY_STAFF) and current:
        page.headline = _("Bewilligungsbehörde: Antragsverfahren")
        page.todos.append(
            Todo(
                _("Antragsfrist %(year)s: %(date)s")
                % {"year": current.year, "date": format_date(current.application_deadline)},
                _(
                    "Anträge der Gebietskörperschaften gehen bis zu diesem Tag ein; "
                    "Maßnahmen dürfen ab %(date)s beginnen."
                )
                % {"date": format_date(current.earliest_start)},
                current.get_absolute_url(),
            )
        )
    if user.has_role(Role.AUTHORITY_STAFF):
        page.todos.extend(Todo(*todo) for todo in grant_todos.authority_todos(user, current))
    if user.has_role(Role.REGION_COORDINATOR):
        page.headline = _("Ihre Gebietskörperschaft im AQB")
        page.regions = own_regions
        for region in own_regions:
            taking_part = (
                current is not None
                and Participation.objects.filter(programme_year=current, region=region).exists()
            )
            if current is not None:
                page.todos.append(
                    Todo(
                        _("Zielvereinbarung %(year)s für %(region)s abstimmen")
                        % {"year": current.year, "region": region.name},
                        _(
                            "%(region)s erhält das AQB %(year)s. Gespräche bis %(talks_until)s, "
                            "Antrag bis %(deadline)s."
                        )
                        % {
                            "region": region.name,
                            "year": current.year,
                            "talks_until": format_date(current.talks_until),
                            "deadline": format_date(current.application_deadline),
                        }
                        if taking_part
                        else _("%(region)s ist im Programmjahr %(year)s nicht eingetragen.")
                        % {"region": region.name, "year": current.year},
                        current.get_absolute_url(),
                    )
                )
        page.todos.extend(_agreement_todos_for_region(own_regions))
        page.todos.extend(Todo(*todo) for todo in survey_todos.survey_todos(user, own_regions))
        page.todos.extend(
            Todo(*todo) for todo in grant_todos.region_todos(user, own_regions, current)
        )
    if user.has_role(Role.PROVIDER_STAFF):
        page.headline = _("Träger: Ihre Projekte im AQB")
        page.regions = provider_regions
        for region in provider_regions:
            page.todos.append(
                Todo(
                    _("Projekte für %(region)s") % {"region": region.name},
                    _("Die Projekte, die Sie für %(region)s durchführen.")
                    % {"region": region.name},
                    reverse("organisations:organisation_detail", args=[region.administration.slug])
                    if region.administration
                    else reverse("organisations:region_list"),
                )
            )
        page.todos.extend(Todo(*todo) for todo in grant_todos.provider_todos(user))
    # Due and overdue tasks from the autumn meetings come first (one query).
    page.todos[:0] = [Todo(*todo) for todo in steering_todos.task_todos(user)]
    return page
