"""An officer's WeCom robot used to be a field on the user, which nothing sent to: it becomes a channel."""

from django.db import migrations


def robots_to_channels(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Channel = apps.get_model("notify", "Channel")
    for user in User.objects.exclude(wecom_webhook="").only("pk", "wecom_webhook"):
        Channel.objects.get_or_create(
            user_id=user.pk, kind="wecom", target=user.wecom_webhook, defaults={"name": "企业微信机器人"}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0001_initial"),
        ("accounts", "0002_field_labels"),
    ]

    operations = [migrations.RunPython(robots_to_channels, migrations.RunPython.noop)]
