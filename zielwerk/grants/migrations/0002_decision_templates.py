"""Loads the reference wording of the four kinds of decision (grants/reference.py)."""

from django.db import migrations


def load_templates(apps, schema_editor):
    from zielwerk.grants import reference

    reference.load(apps.get_model("grants", "DecisionTemplate"))


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial")]

    operations = [migrations.RunPython(load_templates, migrations.RunPython.noop)]
