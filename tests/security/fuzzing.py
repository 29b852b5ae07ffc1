"""How hard the fuzz tests try: a short, reproducible run in `make test`, a long one in
`make test-security` (ZIELWERK_FUZZ=deep). Decorate a hypothesis test with `@FUZZ`."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,  # the machine is shared; time limits belong in bench/, not in tests
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    "database": None,  # no .hypothesis directory in the checkout
}

PROFILES = {
    # CI: the same examples every run (derandomize), few enough to keep both database passes short.
    "ci": settings(max_examples=25, derandomize=True, **_COMMON),
    # make test-security: many more, randomised; a failure prints the example to reproduce it.
    "deep": settings(max_examples=500, **_COMMON),
}

FUZZ = PROFILES[os.environ.get("ZIELWERK_FUZZ", "ci")]
