"""Demo consultations for `fanzha demo`: a few hundred "is this a scam?" questions over fourteen months,
judged by the real classifier, a few of them the origin of a demo alert.

Written in bulk, not through `consultation_record`: the questions are dated in the past (the service
stamps "now"), a high-risk one would raise a brand-new alert and notify officers, and each would write
an audit entry. The texts come from the project's own corpus (the classifier's training texts, made up:
no real person's messages); the verdicts are the classifier's, computed in one batch.
"""

from __future__ import annotations

import csv
import random
from datetime import timedelta

from django.utils import timezone

from fanzha.alerts.models import Alert
from fanzha.consults.models import Channel, Consultation
from fanzha.consults.services import is_high_risk
from fanzha.detection.classifier import MAX_CHARS, classify
from fanzha.detection.corpus.generate import CORPUS_CSV
from fanzha.places.models import County, Village

COUNT = 320
HISTORY_DAYS = 425
CHANNELS = [(Channel.WEB, 45), (Channel.PHONE, 30), (Channel.WALK_IN, 15), (Channel.WECHAT, 10)]
# Most people ask about something that is indeed a scam; a third about something harmless.
FRAUD_SHARE = 0.65
LINKED = 8


def _texts(rng: random.Random, count: int) -> list[str]:
    fraud: list[str] = []
    normal: list[str] = []
    with open(CORPUS_CSV, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            (normal if row["label"] == "normal" else fraud).append(row["text"])
    wanted_fraud = int(count * FRAUD_SHARE)
    return rng.sample(fraud, wanted_fraud) + rng.sample(normal, count - wanted_fraud)


def load_demo(*, county: County, rng: random.Random) -> str:
    villages = list(Village.objects.filter(township__county=county).order_by("id").values_list("id", "township_id"))
    if not villages:
        return "没有村（社区），未生成咨询"
    now = timezone.now()
    texts = _texts(rng, COUNT)
    rng.shuffle(texts)
    verdicts = classify(texts)
    consultations: list[Consultation] = []
    for text, verdict in zip(texts, verdicts, strict=True):
        channel = rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]
        # Web questions often come without a village; those asked in person always have one.
        village_id, township_id = rng.choice(villages) if channel != Channel.WEB or rng.random() < 0.5 else (None, None)
        consultations.append(
            Consultation(
                channel=channel,
                text=text[:MAX_CHARS],
                text_length=len(text),
                phone=f"+86139{rng.randint(0, 99_999_999):08d}" if channel != Channel.WEB or rng.random() < 0.3 else "",
                village_id=village_id,
                township_id=township_id,
                fraud_type=verdict.fraud_type,
                is_fraud=verdict.is_fraud,
                score=round(verdict.score, 4),
                high_risk=is_high_risk(verdict),
                red_flags=[
                    {"phrase": f.phrase, "start": f.start, "end": f.end, "why": f.why} for f in verdict.red_flags
                ],
                advice=list(verdict.advice),
                external_id=f"DEMO-CONSULT-{len(consultations) + 1:04d}",
            )
        )
    consultations = Consultation.objects.bulk_create(consultations, batch_size=500)
    for consultation in consultations:
        consultation.created_at = now - timedelta(days=HISTORY_DAYS * rng.random() ** 1.2, minutes=rng.randint(0, 600))

    # A few high-risk questions became demo alerts: the alert arrived a few minutes after the question.
    alerts = list(Alert.objects.filter(township__county=county, status="closed").order_by("id")[:400])
    risky = [c for c in consultations if c.high_risk and c.village_id]
    linked = 0
    for consultation, alert in zip(risky[:LINKED], rng.sample(alerts, min(LINKED, len(alerts))), strict=False):
        consultation.alert_id = alert.pk
        consultation.created_at = alert.received_at - timedelta(minutes=rng.randint(3, 30))
        consultation.village_id, consultation.township_id = alert.village_id, alert.township_id
        consultation.phone = alert.victim_phone
        linked += 1
    Consultation.objects.bulk_update(
        consultations, ["created_at", "alert_id", "village_id", "township_id", "phone"], batch_size=500
    )
    judged_fraud = sum(1 for c in consultations if c.is_fraud)
    return f"{len(consultations)} 条咨询（识别为诈骗 {judged_fraud} 条，{linked} 条转为预警）"
