"""The provider's reference for a person (Teilnehmenden-Kennung) is never stored: only a keyed
hash (HMAC-SHA-256 with a secret key and the project) to recognise the person in later imports,
and a short pseudonym derived from it for display. Without the key, the hash cannot be turned back
into the reference, even for short references.

The key comes from the setting ZIELWERK_PARTICIPANT_KEY (environment variable of the same name);
without it, a key is derived from SECRET_KEY. Changing the key makes earlier references
unrecognisable: later files would create the people again. Keep it with the backups.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def _key() -> bytes:
    configured = getattr(settings, "ZIELWERK_PARTICIPANT_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"zielwerk-participants", hashlib.sha256).digest()


def normalise(reference: str) -> str:
    """Whitespace at the ends does not count; case does (a provider's references are exact)."""
    return reference.strip()


def reference_hash(project_id: int, reference: str, *, key: bytes | None = None) -> str:
    message = f"{project_id}:{normalise(reference)}".encode()
    return hmac.new(key or _key(), message, hashlib.sha256).hexdigest()


def pseudonym(hash_hex: str) -> str:
    """'TN-' and the first ten hex digits, upper case: unique enough within a project and short
    enough to read out on the phone."""
    return "TN-" + hash_hex[:10].upper()
