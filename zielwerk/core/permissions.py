"""The permission framework: predicates return a Verdict that says yes or no, and why.

Each app defines `can_<verb>_<entity>(user, obj) -> Verdict` in its `permissions.py`. Services call
them before writing; views call them to decide between showing, hiding (404) and refusing (403).
The name is Verdict, not Decision, because a Decision is a Bescheid in this domain.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    def enforce(self) -> None:
        """Raise PermissionDenied with the reason when not allowed."""
        if not self.allowed:
            raise PermissionDenied(self.reason)


def allow(reason: str = "") -> Verdict:
    return Verdict(True, reason)


def deny(reason: str) -> Verdict:
    return Verdict(False, reason)
