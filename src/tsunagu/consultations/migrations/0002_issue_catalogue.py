from django.db import migrations


def load_catalogue(apps, schema_editor):
    from tsunagu.consultations.catalogue import catalogue_ensure

    catalogue_ensure(apps.get_model("consultations", "IssueCategory"))


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
