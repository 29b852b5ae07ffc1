"""The JSON API under /api/v1/: django-ninja, session auth for the browser, bearer tokens for
machines. Each app contributes a router from its own api.py."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from zielwerk.accounts.api import router as accounts_router
from zielwerk.accounts.services import api_token_authenticate
from zielwerk.core.api_errors import MessageOut, ValidationErrorOut
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


def _json_response(description: str, schema: type[Schema]) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema.model_json_schema()}},
    }


class ZielwerkAPI(NinjaAPI):
    """Adds the answers every operation can give to the OpenAPI document, so that clients (and
    the schemathesis tests in tests/security/test_api_schema.py) find each status documented:
    401 without valid credentials, 400 when a body is not JSON, 422 when a parameter or body
    does not fit its schema."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation["responses"]
                if operation.get("security"):
                    responses.setdefault(
                        401, _json_response(_("Nicht angemeldet oder Token ungültig"), MessageOut)
                    )
                if operation.get("requestBody"):
                    responses.setdefault(
                        400, _json_response(_("Anfragekörper ist kein JSON"), MessageOut)
                    )
                if operation.get("parameters") or operation.get("requestBody"):
                    responses.setdefault(
                        422, _json_response(_("Anfrage nicht lesbar"), ValidationErrorOut)
                    )
        return schema


api = ZielwerkAPI(
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


@api.exception_handler(Http404)
def not_found(request, exc):
    """404 with the German message the code gives (ninja's default says only "Not Found")."""
    return api.create_response(request, {"detail": str(exc) or _("Nicht gefunden.")}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc):
    """ninja raises HttpError(400) only for a body that is not JSON; its text is English."""
    not_json = exc.status_code == 400
    detail = _("Der Anfragekörper ist kein lesbares JSON.") if not_json else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


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
