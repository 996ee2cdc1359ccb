"""Upgrading a database where officers kept a WeCom robot on their user: each robot becomes a channel
before the old field is dropped, so no configured robot is lost on the way."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0002_field_labels"), ("notify", "0001_initial")]
AFTER = [("accounts", "0003_drop_unused_wecom_webhook"), ("notify", "0002_user_wecom_robots_become_channels")]

# A flush after the test must not re-create content types under new ids (see test_intake_concurrency.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_robots_on_users_become_their_channels():
    old = migrate(BEFORE)
    User = old.get_model("accounts", "User")
    User.objects.create(username="officer_robot", wecom_webhook="https://robot.example.invalid/hook?key=1")
    User.objects.create(username="officer_none", wecom_webhook="")
    try:
        new = migrate(AFTER)
        Channel = new.get_model("notify", "Channel")
        channels = list(Channel.objects.values_list("user__username", "kind", "target", "name"))
        assert channels == [("officer_robot", "wecom", "https://robot.example.invalid/hook?key=1", "企业微信机器人")]
        assert "wecom_webhook" not in {f.name for f in new.get_model("accounts", "User")._meta.get_fields()}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
