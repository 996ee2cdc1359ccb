"""A technique the centre publishes shows its red flags in /consult/ and POST /api/v1/classify at once,
and disappears when withdrawn — no retraining, no restart."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from fanzha.detection.classifier import classify
from fanzha.materials import services, techniques
from fanzha.materials.models import Technique
from tests.factories import AlertFactory

# A technique the shipped model and the taxonomy do not know: old phones bought for eggs, their SIM
# cards and accounts then used by fraud gangs. The text reads as everyday news.
OLD_PHONES = "村口来了收旧手机的，一台旧手机换两斤鸡蛋。"
OLD_PHONES_WHY = "旧手机里的手机卡、支付和聊天账号会被诈骗团伙拿去冒用，不要把旧手机卖给上门收购的陌生人"


def _technique(world: Any, **overrides: Any) -> Technique:
    fields: dict[str, Any] = {
        "by": world.user("centre"),
        "name": "旧手机换鸡蛋",
        "fraud_type": "other_fraud",
        "description": "有人走村串户用鸡蛋、脸盆换旧手机，收走的手机卡和账号被用于诈骗。",
        "phrases": ["收旧手机", "旧手机换"],
        "why": OLD_PHONES_WHY,
    }
    fields.update(overrides)
    return services.technique_create(**fields)


def test_a_draft_technique_changes_nothing(world: Any) -> None:
    _technique(world)
    verdict = classify([OLD_PHONES])[0]
    assert not any("旧手机" in f.why for f in verdict.red_flags)


def test_published_technique_flags_the_text_in_the_classify_api(world: Any, api_client: Any) -> None:
    technique = _technique(world)
    services.technique_publish(technique=technique, by=world.user("centre"))
    response = api_client(world.user("grid_a1")).post("/api/v1/classify", {"texts": [OLD_PHONES]})
    assert response.status_code == 200
    verdict = response.json()[0]
    flags = [f for f in verdict["red_flags"] if "旧手机换鸡蛋" in f["why"]]
    assert {OLD_PHONES[f["start"] : f["end"]] for f in flags} == {"收旧手机", "旧手机换"}
    assert all(OLD_PHONES_WHY in f["why"] for f in flags)
    assert verdict["is_fraud"]  # the model alone calls it everyday news


def test_withdrawn_technique_no_longer_flags(world: Any, api_client: Any) -> None:
    technique = _technique(world)
    services.technique_publish(technique=technique, by=world.user("centre"))
    assert any("旧手机" in f.why for f in classify([OLD_PHONES])[0].red_flags)
    services.technique_withdraw(technique=technique, by=world.user("centre"))
    response = api_client(world.user("grid_a1")).post("/api/v1/classify", {"texts": [OLD_PHONES]})
    assert not any("旧手机" in f["why"] for f in response.json()[0]["red_flags"])


def test_a_change_written_by_another_process_is_seen_at_the_next_check(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This process compiled the rules; another one publishes by writing the row. No signal reaches
    this process: it must notice from the database alone (here checking at every classification)."""
    monkeypatch.setattr(techniques, "CHECK_EVERY_SECONDS", 0.0)
    technique = _technique(world)
    assert not any("旧手机" in f.why for f in classify([OLD_PHONES])[0].red_flags)
    Technique.objects.filter(pk=technique.pk).update(
        status=Technique.Status.PUBLISHED, changed_at=timezone.now() + timedelta(seconds=1)
    )
    assert any("旧手机" in f.why for f in classify([OLD_PHONES])[0].red_flags)


def test_the_citizens_page_shows_the_red_flag_and_its_explanation(world: Any, client: Any) -> None:
    technique = _technique(world)
    services.technique_publish(technique=technique, by=world.user("centre"))
    response = client.post("/consult/", {"text": OLD_PHONES})
    page = response.content.decode()
    assert "收旧手机" in page and OLD_PHONES_WHY in page


def test_phrases_with_a_gap_match_across_a_few_characters(world: Any) -> None:
    technique = _technique(world, phrases=["旧手机*鸡蛋"])
    services.technique_publish(technique=technique, by=world.user("centre"))
    flags = [f for f in classify([OLD_PHONES])[0].red_flags if "旧手机换鸡蛋" in f.why]
    assert [OLD_PHONES[f.start : f.end] for f in flags] == ["旧手机的，一台旧手机换两斤鸡蛋"]
    far_apart = "旧手机放在抽屉里好几年了，今天去集市买鸡蛋"
    assert not any("旧手机换鸡蛋" in f.why for f in classify([far_apart])[0].red_flags)


def test_before_publishing_the_centre_sees_how_many_everyday_messages_would_be_flagged(world: Any) -> None:
    narrow = _technique(world)
    broad = _technique(world, name="过宽的短语", phrases=["吃饭"])
    assert narrow.normal_total and narrow.normal_total > 1000
    assert narrow.normal_hits == 0
    assert broad.normal_hits and broad.normal_hits > 10


@pytest.mark.parametrize("phrases", [[], ["   "], ["*"], ["长" * 61]])
def test_unusable_phrases_are_refused(world: Any, phrases: list[str]) -> None:
    with pytest.raises(services.MaterialsError) as refused:
        _technique(world, phrases=phrases)
    assert refused.value.field == "phrases"


def test_the_alert_page_shows_published_techniques_of_its_fraud_type(world: Any, client: Any) -> None:
    alert = AlertFactory(village=world.village_a1, fraud_type="other_fraud")
    technique = _technique(world)
    client.force_login(world.user("officer_a1"))
    assert "旧手机换鸡蛋" not in client.get(f"/alerts/{alert.pk}/").content.decode()
    services.technique_publish(technique=technique, by=world.user("centre"))
    page = client.get(f"/alerts/{alert.pk}/").content.decode()
    assert "旧手机换鸡蛋" in page and OLD_PHONES_WHY in page
    services.technique_withdraw(technique=technique, by=world.user("centre"))
    assert "旧手机换鸡蛋" not in client.get(f"/alerts/{alert.pk}/").content.decode()
