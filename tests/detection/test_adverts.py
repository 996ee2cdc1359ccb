"""An advert is not fraud: the verdict says it looks like marketing and gives the usual advice."""

from __future__ import annotations

import pytest

from fanzha.detection import taxonomy
from fanzha.detection.classifier import becomes_alert, classify

# Written for this test, not taken from the corpus.
ADVERTS = (
    "【城南家电城】国庆焕新季，格力空调直降600元，以旧换新再补贴200元，地址：城南大道88号，回TD退订",
    "【中国电信】尊敬的客户，您可办理59元5G融合套餐，含100GB流量和300兆宽带，详询10000，退订回T",
    "【老街酸菜鱼】新店开业三天全场8折，两人套餐128元，订座电话0878-3312345，回N退订",
)
LOAN_SCAM = "不看征信，黑户也能下款，秒批20万，放款前先交998元手续费和验资金，加V信 dk8866 办理"


@pytest.mark.parametrize("text", ADVERTS)
def test_an_advert_is_told_it_looks_like_marketing(text: str) -> None:
    verdict = classify([text])[0]
    assert not verdict.is_fraud and verdict.fraud_type == "normal"
    assert verdict.advert
    assert verdict.advice[0] == "这像是营销广告，不是诈骗话术。"
    assert verdict.advice[-1] == taxonomy.STANDARD_ADVICE
    assert verdict.as_dict()["advert"] is True
    assert not becomes_alert(verdict)


def test_a_loan_scam_is_not_taken_for_an_advert() -> None:
    verdict = classify([LOAN_SCAM])[0]
    assert verdict.is_fraud and verdict.fraud_type == "loan" and not verdict.advert
    assert "这像是营销广告，不是诈骗话术。" not in verdict.advice


def test_a_family_message_is_normal_but_not_an_advert() -> None:
    verdict = classify(["妈，我周六回家，想吃你做的红烧肉。"])[0]
    assert verdict.fraud_type == "normal" and not verdict.advert
    assert verdict.advice == taxonomy.GENERAL_ADVICE
