"""Golden test: Wiesbaden 2024, rendered from the demo data, says word for word what the signed
agreement (the seed document) says."""

import difflib
import re
from pathlib import Path

import pytest

from zielwerk.agreements.document import build_document
from zielwerk.agreements.models import Agreement
from zielwerk.agreements.rendering.markdown import render_markdown

# The repository's copy of shared/seed/000_00b0ff0e415465c7.txt, so a clone alone can run this;
# importing/tests/test_parser.py checks the copy against shared/ wherever shared/ is present.
SEED = (
    Path(__file__).resolve().parents[1] / "importing" / "tests" / "documents" / "wiesbaden_2024.txt"
)


def words(markdown: str) -> list[str]:
    """Drop Markdown heading and emphasis marks, then split on any white space."""
    text = re.sub(r"^\s*#+\s*", "", markdown, flags=re.MULTILINE)
    text = text.replace("**", "").replace("__", "")
    return text.split()


@pytest.mark.django_db
def test_wiesbaden_2024_reproduces_the_seed(demo):
    if not SEED.exists():
        pytest.fail(f"Seed document missing: {SEED}")
    agreement = Agreement.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    rendered = render_markdown(build_document(agreement.current))
    expected = words(SEED.read_text(encoding="utf-8"))
    actual = words(rendered)
    if actual != expected:
        diff = "\n".join(
            difflib.unified_diff(expected, actual, "seed", "rendered", lineterm="", n=3)
        )
        pytest.fail(f"Rendered agreement differs from the seed:\n{diff[:4000]}")
