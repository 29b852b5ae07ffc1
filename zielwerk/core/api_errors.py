"""Error bodies of the JSON API as they appear in the OpenAPI document. Every refusal answers
`{"detail": "<German message>"}` (401, 403, 404, 409); a request the API cannot read answers 422
with one entry per problem. Operations declare the refusals they can give with `errors(...)`;
401 and the 422 of request validation are added to every operation by zielwerk/api.py."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class MessageOut(Schema):
    detail: str = Field(..., description="Meldung")


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]] = Field(
        ...,
        description=(
            "Eine Meldung je Problem: bei unlesbaren Parametern `loc` und `msg`, bei fachlichen "
            "Prüfungen `field` und `message`."
        ),
    )


def errors(*codes: int) -> dict[int, Any]:
    """Response declarations for refusals, e.g. `response={200: Out, **errors(403, 404)}`."""
    return {code: ValidationErrorOut if code == 422 else MessageOut for code in codes}
