"""What every steering page shares: who may enter (providers 403 with the reason), the region and
year from the URL (404 outside the person's scope), and putting a service's ValidationError on a
form with the KERN error summary."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear

from . import selectors
from .permissions import can_view_steering


class SteeringMixin(LoginRequiredMixin):
    """Any steering page: signed in, with a part in steering; then `setup_objects` finds what the
    page is about (404 outside the scope) before the handler runs."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            can_view_steering(request.user).enforce()
            self.setup_objects()
        return super().dispatch(request, *args, **kwargs)

    def setup_objects(self) -> None:
        pass


class RegionYearMixin(SteeringMixin):
    """Pages of one region and programme year (`year` and `region` in the URL)."""

    programme_year: ProgrammeYear
    region: Region

    def setup_objects(self) -> None:
        self.programme_year = selectors.programme_year_get(self.kwargs["year"])
        self.region = selectors.region_get(self.request.user, self.kwargs["region"])

    def base_context(self) -> dict[str, Any]:
        return {
            "programme_year": self.programme_year,
            "year": self.programme_year.year,
            "region": self.region,
        }


def add_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError on the form: by field where the form has it."""
    if hasattr(exc, "error_dict"):
        for field, field_messages in exc.message_dict.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def error_summary(forms, *, non_form_errors=(), prefix_rows: bool = False) -> list[dict]:
    """The KERN error summary: every message, linked to its field where it has one."""
    errors = [{"id": "", "text": str(message)} for message in non_form_errors]
    for number, form in enumerate(forms, start=1):
        if form is None:
            continue
        lead = _("Zeile %(number)s – ") % {"number": number} if prefix_rows else ""
        for message in form.non_field_errors():
            errors.append({"id": "", "text": f"{lead}{message}"})
        for name, field_errors in form.errors.items():
            if name == "__all__":
                continue
            field = form[name]
            for message in field_errors:
                errors.append({"id": field.auto_id, "text": f"{lead}{field.label}: {message}"})
    return errors
