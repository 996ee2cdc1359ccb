from django.db import migrations

# level: (first contact, face-to-face or None, minutes before a chief's escalation goes on to the centre)
DEFAULTS = {
    "high": (5, 30, 10),
    "medium": (30, 24 * 60, 60),
    "low": (24 * 60, None, 4 * 60),
}


def add_default_deadlines(apps, schema_editor):
    DeadlinePolicy = apps.get_model("alerts", "DeadlinePolicy")
    for level, (contact, visit, centre_after) in DEFAULTS.items():
        DeadlinePolicy.objects.get_or_create(
            level=level,
            defaults={"contact_minutes": contact, "visit_minutes": visit, "centre_after_minutes": centre_after},
        )


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]
    operations = [migrations.RunPython(add_default_deadlines, migrations.RunPython.noop)]
