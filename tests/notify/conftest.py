"""A real HTTP receiver on 127.0.0.1 standing in for the chat robots and the SMS gateway, and channels."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from fanzha.notify.models import Channel


@dataclass
class Received:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class Receiver:
    """Answers each path as told: "ok" (200, errcode 0), "500", "sleep" (answers after 2 s),
    "errcode" (200 with a robot's error), or a callable(Received) → (status, answer)."""

    url: str
    received: list[Received] = field(default_factory=list)
    behaviour: dict[str, Any] = field(default_factory=dict)

    def on(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            got = Received(
                path=parts.path,
                query={k: v[0] for k, v in parse_qs(parts.query).items()},
                headers={k.lower(): v for k, v in self.headers.items()},
                body=json.loads(raw or b"{}"),
            )
            state.received.append(got)
            how = state.behaviour.get(parts.path, "ok")
            if callable(how):
                status, answer = how(got)
            elif how == "sleep":
                time.sleep(2)
                status, answer = 200, {"errcode": 0}
            elif how == "500":
                status, answer = 500, {"error": "internal"}
            elif how == "errcode":
                status, answer = 200, {"errcode": 93000, "errmsg": "invalid webhook url"}
            else:
                status, answer = 200, {"errcode": 0, "errmsg": "ok"}
            data = json.dumps(answer).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the sender gave up waiting
                pass

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on: connecting is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(autouse=True)
def _fast_notify(settings: Any) -> None:
    settings.NOTIFY_TIMEOUT = 0.3
    settings.NOTIFY_MAX_ATTEMPTS = 6
    settings.NOTIFY_RETRY_BASE_SECONDS = 10
    settings.NOTIFY_STALE_SECONDS = 300
    settings.SITE_URL = "https://fanzha.example"


@pytest.fixture
def channel() -> Any:
    def _channel(kind: str = "wecom", target: str = "", **fields: Any) -> Channel:
        fields.setdefault("owner_key", "" if fields.get("user") else "village:1")
        return Channel.objects.create(name=fields.pop("name", f"{kind}-{target}"), kind=kind, target=target, **fields)

    return _channel
