"""The JSON API under /api/v1/: django-ninja, session auth for the browser, bearer tokens for
machines. Each app contributes a router from its own api.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import APIKeyCookie, HttpBearer

from zielwerk.accounts.api import router as accounts_router
from zielwerk.accounts.services import api_token_authenticate
from zielwerk.grants.api_applications import router as applications_router
from zielwerk.grants.api_decisions import router as decisions_router
from zielwerk.grants.api_payments import router as payments_router
from zielwerk.grants.api_proof import router as proof_router
from zielwerk.organisations.api import router as organisations_router
from zielwerk.participants.api_indicators import router as indicators_router
from zielwerk.participants.api_records import router as participants_router
from zielwerk.programmes.api import router as programmes_router
from zielwerk.projects.api import router as projects_router
from zielwerk.steering.api import router as steering_router


class BearerTokenAuth(HttpBearer):
    openapi_description = "API-Token aus `manage.py api_token USERNAME`"

    def authenticate(self, request, token: str):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser session; CSRF is checked for unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


api = NinjaAPI(
    title="Zielwerk API",
    version="1",
    description="Programmdaten des hessischen Ausbildungs- und Qualifizierungsbudgets (AQB).",
    urls_namespace="api",
    auth=[BearerTokenAuth(), SessionAuth()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", accounts_router)
api.add_router("/", organisations_router)
api.add_router("/", programmes_router)
api.add_router("/", projects_router)
api.add_router("/", applications_router)
api.add_router("/", decisions_router)
api.add_router("/", payments_router)
api.add_router("/", proof_router)
api.add_router("/", participants_router)
api.add_router("/", steering_router)
api.add_router("/", indicators_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    """A refused write answers 403 with the German reason of the Verdict."""
    return api.create_response(
        request, {"detail": str(exc) or _("Keine Berechtigung.")}, status=403
    )


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    """A service's ValidationError answers 422 with every message, by field where it has one."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    detail = [
        {"field": field, "message": message}
        for field, messages in errors.items()
        for message in messages
    ]
    return api.create_response(request, {"detail": detail}, status=422)
