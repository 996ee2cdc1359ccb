"""One sender per channel kind: builds the payload each service documents, sends it, says how it went.

Errors are described in technical terms only (timeout, HTTP 500, errcode 310000): request URLs carry
access tokens and signatures, and messages carry names, so neither goes into an error or a log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from typing import Any
from urllib.parse import quote_plus

import requests
from django.conf import settings
from django.core.mail import get_connection, send_mail

from fanzha.notify.models import Channel

MAX_ERROR = 300


@dataclass(frozen=True)
class Outgoing:
    subject: str
    body: str
    link: str  # absolute, or empty


@dataclass(frozen=True)
class SendResult:
    ok: bool
    http_status: int | None = None
    error: str = ""
    duration_ms: int = 0


def plain_text(message: Outgoing) -> str:
    lines = [message.subject, message.body]
    if message.link:
        lines.append(message.link)
    return "\n".join(line for line in lines if line)


def markdown_text(message: Outgoing) -> str:
    lines = [f"**{message.subject}**", message.body.replace("\n", "\n\n")]
    if message.link:
        lines.append(f"[打开]({message.link})")
    return "\n\n".join(line for line in lines if line)


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's 加签: base64(HMAC-SHA256(key=secret, "timestamp\\nsecret")), URL-encoded."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode())


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu's 签名校验: base64(HMAC-SHA256(key="timestamp\\nsecret", empty message))."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


_local = threading.local()


def _session() -> requests.Session:
    """This thread's HTTP session: connections to a robot's host are kept open and reused, where a
    new session per message opened a new connection (and a TLS handshake) each time. One per thread,
    never shared; cookies are refused, so nothing a service sets travels with the next message."""
    session: requests.Session | None = getattr(_local, "session", None)
    if session is None:
        session = requests.Session()
        session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        _local.session = session
    return session


def _timeout() -> tuple[float, float]:
    seconds = float(settings.NOTIFY_TIMEOUT)
    return (seconds, seconds)


def _post_json(url: str, payload: dict[str, Any], *, headers: dict[str, str] | None = None) -> SendResult:
    """POST JSON; a 2xx whose JSON carries a non-zero errcode/code (what the robots answer) is a failure."""
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        response = _session().post(url, json=payload, headers=headers, timeout=_timeout(), allow_redirects=False)
    except requests.Timeout as exc:
        return SendResult(ok=False, error=f"timeout ({type(exc).__name__})", duration_ms=took())
    except requests.ConnectionError:
        return SendResult(ok=False, error="connection failed (refused or unreachable)", duration_ms=took())
    except requests.RequestException as exc:
        return SendResult(ok=False, error=f"request failed ({type(exc).__name__})", duration_ms=took())
    status = response.status_code
    if not 200 <= status < 300:
        return SendResult(ok=False, http_status=status, error=f"HTTP {status}", duration_ms=took())
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if isinstance(answer, dict):
        code = answer.get("errcode", answer.get("code", answer.get("StatusCode", 0)))
        if code not in (0, "0", None):
            text = str(answer.get("errmsg", answer.get("msg", answer.get("StatusMessage", ""))))
            error = f"errcode {code}: {text}"[:MAX_ERROR]
            return SendResult(ok=False, http_status=status, error=error, duration_ms=took())
    return SendResult(ok=True, http_status=status, duration_ms=took())


def send_wecom(channel: Channel, message: Outgoing) -> SendResult:
    # 企业微信群机器人: markdown (content ≤ 4096 bytes).
    content = markdown_text(message).encode()[:4000].decode(errors="ignore")
    return _post_json(channel.target, {"msgtype": "markdown", "markdown": {"content": content}})


def send_dingtalk(channel: Channel, message: Outgoing) -> SendResult:
    url = channel.target
    if channel.secret:
        timestamp = int(time.time() * 1000)
        joiner = "&" if "?" in url else "?"
        url = f"{url}{joiner}timestamp={timestamp}&sign={dingtalk_sign(channel.secret, timestamp)}"
    payload = {"msgtype": "markdown", "markdown": {"title": message.subject, "text": markdown_text(message)}}
    return _post_json(url, payload)


def send_feishu(channel: Channel, message: Outgoing) -> SendResult:
    payload: dict[str, Any] = {"msg_type": "text", "content": {"text": plain_text(message)}}
    if channel.secret:
        timestamp = int(time.time())
        payload = {"timestamp": str(timestamp), "sign": feishu_sign(channel.secret, timestamp), **payload}
    return _post_json(channel.target, payload)


def send_sms(channel: Channel, message: Outgoing) -> SendResult:
    """The county's SMS gateway: POST {to, text} with a bearer token (both from settings)."""
    url = settings.NOTIFY_SMS_GATEWAY_URL
    if not url:
        return SendResult(ok=False, error="SMS gateway not configured (NOTIFY_SMS_GATEWAY_URL)")
    token = settings.NOTIFY_SMS_GATEWAY_TOKEN
    headers = {"Authorization": f"Bearer {token}"} if token else None
    text = message.subject + "：" + message.body.replace("\n", "；")
    if message.link:
        text += " " + message.link
    return _post_json(url, {"to": channel.target, "text": text}, headers=headers)


def send_email(channel: Channel, message: Outgoing) -> SendResult:
    started = time.monotonic()
    body = message.body + (f"\n\n{message.link}" if message.link else "")
    try:
        connection = get_connection(timeout=float(settings.NOTIFY_TIMEOUT))
        send_mail(message.subject, body, None, [channel.target], fail_silently=False, connection=connection)
    except Exception as exc:  # SMTP errors, refused connections, timeouts: all worth a retry
        return SendResult(
            ok=False, error=f"mail failed ({type(exc).__name__})", duration_ms=int((time.monotonic() - started) * 1000)
        )
    return SendResult(ok=True, duration_ms=int((time.monotonic() - started) * 1000))


SENDERS: dict[str, Callable[[Channel, Outgoing], SendResult]] = {
    Channel.Kind.WECOM: send_wecom,
    Channel.Kind.DINGTALK: send_dingtalk,
    Channel.Kind.FEISHU: send_feishu,
    Channel.Kind.SMS: send_sms,
    Channel.Kind.EMAIL: send_email,
}


def send(channel: Channel, message: Outgoing) -> SendResult:
    return SENDERS[channel.kind](channel, message)
