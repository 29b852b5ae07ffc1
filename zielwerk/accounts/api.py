from __future__ import annotations

from ninja import Router, Schema

router = Router(tags=["Konto"])


class MembershipOut(Schema):
    organisation: str
    organisation_slug: str
    role: str
    role_label: str


class MeOut(Schema):
    username: str
    name: str
    roles: list[str]
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, summary="Das angemeldete Konto und seine Rollen")
def me(request):
    user = request.user
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "roles": sorted(user.roles),
        "memberships": [
            {
                "organisation": m.organisation.name,
                "organisation_slug": m.organisation.slug,
                "role": m.role,
                "role_label": m.get_role_display(),
            }
            for m in user.active_memberships()
        ],
    }
