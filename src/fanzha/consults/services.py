"""Every write to consultations: judge the text, store the consultation, raise an alert when the risk is high.

A consultation is judged by the detection engine on its first MAX_CHARS characters; that much is
stored, with the original length, so the red-flag offsets point into the stored text. A high-risk
verdict with a phone number becomes an alert (source "consultation", external id "consult-<id>") for
the community officer, through the alerts intake service, which routes and notifies as for any alert.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.accounts.models import User
from fanzha.alerts.models import Alert, Level
from fanzha.alerts.services import AlertIntake, alert_intake
from fanzha.consults.models import Channel, Consultation
from fanzha.core.audit import log_action
from fanzha.core.phones import normalize_phone
from fanzha.detection.classifier import ALERT_SCORE, MAX_CHARS, Verdict, becomes_alert, classify, is_blank
from fanzha.detection.normalize import clean_surrogates
from fanzha.places.models import Village

# A verdict this sure of fraud reaches the community police at once (when we can call the person back).
HIGH_RISK_SCORE: float = getattr(settings, "CONSULT_HIGH_RISK_SCORE", ALERT_SCORE)
# Public page: at most this many consultations per window from one address and for one phone number.
THROTTLE_PER_IP: int = getattr(settings, "CONSULT_THROTTLE_PER_IP", 10)
THROTTLE_PER_PHONE: int = getattr(settings, "CONSULT_THROTTLE_PER_PHONE", 5)
THROTTLE_WINDOW_SECONDS: int = getattr(settings, "CONSULT_THROTTLE_WINDOW_SECONDS", 600)
DAY = 24 * 3600
ALERT_DESCRIPTION_CHARS = 1000


class ConsultationInputError(ValueError):
    """Bad input, naming the field the caller must fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


class Throttled(Exception):
    """Too many consultations from one address or for one phone number in the window."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clean_text(raw: str) -> str:
    """What can be stored and judged: lone surrogates and NUL (PostgreSQL refuses it) become U+FFFD,
    one for one, so that red-flag offsets still point at what was typed."""
    return clean_surrogates(raw).replace("\x00", "\ufffd")


def phone_of(raw: str) -> str:
    """E.164, or '' for none; ConsultationInputError for a number that cannot be a phone."""
    try:
        return normalize_phone(raw) or ""
    except ValidationError as exc:
        raise ConsultationInputError("phone", str(exc.messages[0])) from None


def ip_hash(ip: str | None) -> str:
    """A keyed hash of the client address: throttling needs to tell addresses apart, not to know them."""
    if not ip:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"consult-ip:{ip}".encode(), hashlib.sha256).hexdigest()


def _hit(key: str, limit: int, *, seconds: int = THROTTLE_WINDOW_SECONDS) -> bool:
    """Count one use in the current window; False once the limit is passed. Works on the DB cache and Redis."""
    cache.add(key, 0, seconds)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        used = 1
    return used <= limit


def throttle_check(*, ip_digest: str, phone: str) -> None:
    """Raise Throttled when this address or this phone number asked too often; counts this request."""
    minutes = max(1, THROTTLE_WINDOW_SECONDS // 60)
    if ip_digest and not _hit(f"consults:throttle:ip:{ip_digest}", THROTTLE_PER_IP):
        raise Throttled(
            _("咨询太频繁：同一网络%(minutes)s分钟内最多咨询%(limit)s次，请稍后再试。急事请直接拨打96110。")
            % {"minutes": minutes, "limit": THROTTLE_PER_IP}
        )
    if phone:
        digest = hashlib.sha256(f"consult-phone:{phone}".encode()).hexdigest()
        if not _hit(f"consults:throttle:phone:{digest}", THROTTLE_PER_PHONE):
            raise Throttled(
                _("这个号码%(minutes)s分钟内已咨询%(limit)s次，请稍后再试。急事请直接拨打96110。")
                % {"minutes": minutes, "limit": THROTTLE_PER_PHONE}
            )


def anonymous_alert_allowed(village: Village | None) -> bool:
    """Count one alert from an anonymous (public page) consultation against today's budgets, per village
    and in all; False once either is spent. Anyone can send the public page a high-risk text with any
    phone number: the per-address limit alone would let many addresses flood the officers."""
    today = timezone.localdate().isoformat()
    if not _hit(f"consults:anon-alerts:{today}", settings.CONSULT_ANONYMOUS_ALERTS_PER_DAY, seconds=DAY):
        return False
    village_key = village.pk if village is not None else "none"
    return _hit(
        f"consults:anon-alerts:{today}:village:{village_key}",
        settings.CONSULT_ANONYMOUS_ALERTS_PER_VILLAGE_PER_DAY,
        seconds=DAY,
    )


def is_high_risk(verdict: Verdict) -> bool:
    """High risk becomes an alert; an advert never does (it is not fraud, whatever words it uses)."""
    return becomes_alert(verdict, HIGH_RISK_SCORE)


@dataclass
class ConsultationIn:
    channel: str
    text: str
    phone: str = ""  # as typed; normalised here
    village: Village | None = None
    external_id: str = ""
    ip: str | None = None


def consultation_record(*, data: ConsultationIn, by: User | None) -> tuple[Consultation, bool]:
    """Judge and store a consultation; raise the alert if the risk is high and there is a phone number.

    Idempotent on `external_id`: the same id again returns the first consultation (and False).
    """
    if data.channel not in Channel.values:
        raise ConsultationInputError("channel", _("未知的咨询渠道"))
    external_id = (data.external_id or "").strip()
    if len(external_id) > 100:
        raise ConsultationInputError("external_id", _("外部编号不能超过100个字符"))
    if external_id:
        existing = Consultation.objects.filter(external_id=external_id).first()
        if existing is not None:
            return existing, False
    text = clean_text(data.text or "")
    if is_blank(text):
        raise ConsultationInputError("text", _("请填写要咨询的内容：粘贴收到的短信、聊天内容，或说说来电经过。"))
    phone = phone_of(data.phone or "")
    verdict = classify([text])[0]
    judged = text[:MAX_CHARS]
    village = data.village
    consultation = Consultation(
        channel=data.channel,
        text=judged,
        text_length=len(text),
        phone=phone,
        village=village,
        township_id=village.township_id if village else None,
        fraud_type=verdict.fraud_type,
        is_fraud=verdict.is_fraud,
        score=round(verdict.score, 4),
        high_risk=is_high_risk(verdict),
        advert=verdict.advert,
        red_flags=[{"phrase": f.phrase, "start": f.start, "end": f.end, "why": f.why} for f in verdict.red_flags],
        advice=list(verdict.advice),
        handled_by=by if by is not None and by.is_authenticated else None,
        external_id=external_id or None,
        ip_hash=ip_hash(data.ip),
    )
    try:
        with transaction.atomic():
            consultation.save(force_insert=True)
            log_action(
                consultation,
                "consultation.recorded",
                by=by,
                data={
                    "channel": consultation.channel,
                    "fraud_type": verdict.fraud_type,
                    "high_risk": consultation.high_risk,
                },
            )
    except IntegrityError:
        if not external_id:
            raise
        existing = Consultation.objects.filter(external_id=external_id).first()
        if existing is None:
            raise
        return existing, False
    if consultation.high_risk and consultation.phone:
        anonymous = by is None or not by.is_authenticated
        if not anonymous or anonymous_alert_allowed(village):
            consultation_raise_alert(consultation=consultation, by=by)
        else:
            log_action(consultation, "consultation.alert_withheld", by=None, data={"reason": "daily_budget"})
    return consultation, True


def _alert_description(consultation: Consultation) -> str:
    lead = _("群众咨询（%(channel)s）识别为%(type)s，可能性%(score)s%%：") % {
        "channel": consultation.get_channel_display(),
        "type": consultation.fraud_type_name,
        "score": round(consultation.score * 100),
    }
    body = consultation.text
    if len(body) > ALERT_DESCRIPTION_CHARS:
        body = body[:ALERT_DESCRIPTION_CHARS] + "…"
    return lead + body


def consultation_raise_alert(*, consultation: Consultation, by: User | None) -> Alert:
    """The alert for a high-risk consultation, created once (external id consult-<id>) and linked."""
    village = consultation.village
    address = f"{village.township.name}{village.name}" if village is not None else ""
    alert, created = alert_intake(
        data=AlertIntake(
            external_id=f"consult-{consultation.pk}",
            # Nobody signed in: the text and the phone number are whatever someone typed on the public page.
            source="consultation" if consultation.handled_by_id else Alert.ANONYMOUS_CONSULTATION,
            level=Level.HIGH,
            fraud_type=consultation.fraud_type,
            victim_phone=consultation.phone,
            address=address,
            description=_alert_description(consultation),
            village_id=village.pk if village is not None else None,
        ),
        by=by,
    )
    if consultation.alert_id != alert.pk:
        consultation.alert = alert
        consultation.save(update_fields=["alert"])
        log_action(consultation, "consultation.alert_raised", by=by, data={"alert": alert.pk, "created": created})
    return alert


def consultation_viewed(*, consultation: Consultation, by: User) -> None:
    """The full record (with the whole phone number) was opened."""
    log_action(consultation, "consultation.viewed", by=by)
