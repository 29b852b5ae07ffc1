from pathlib import Path

from django.utils import translation

from zielwerk.grants import workflows

DOCS = Path(__file__).resolve().parents[3] / "docs" / "grants-workflows.md"


def test_docs_show_the_current_state_machines():
    with translation.override("de"):
        expected = workflows.docs_markdown()
    assert DOCS.read_text(encoding="utf-8") == expected, (
        "docs/grants-workflows.md ist veraltet: manage.py grants_workflow_docs ausführen"
    )


def test_every_transition_targets_a_status_of_its_workflow():
    for workflow in workflows.WORKFLOWS:
        statuses = {workflow.initial} | {t.target for t in workflow.transitions}
        for transition in workflow.transitions:
            assert transition.source in statuses, (workflow.key, transition.name)
        names = [t.name for t in workflow.transitions]
        assert len(names) == len(set(names)), workflow.key
