"""Messages to the same robot reuse the sender thread's connection (no new TCP or TLS handshake each
time), and nothing a service sets in a cookie travels with the next message."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from fanzha.notify import senders
from fanzha.notify.models import Channel


class KeepAliveRobot(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), RobotHandler)
        self.connections: set[tuple[str, int]] = set()
        self.cookies: list[str | None] = []


class RobotHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keeps the connection open between requests, as the robots' servers do
    server: KeepAliveRobot

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.connections.add(self.client_address)
        self.server.cookies.append(self.headers.get("Cookie"))
        answer = b'{"errcode":0,"errmsg":"ok"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.send_header("Set-Cookie", "session=abc123; Path=/")
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def robot() -> Iterator[KeepAliveRobot]:
    server = KeepAliveRobot()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_messages_to_one_robot_share_a_connection_and_carry_no_cookie(robot: KeepAliveRobot) -> None:
    channel = Channel(kind=Channel.Kind.WECOM, target=f"http://127.0.0.1:{robot.server_address[1]}/send?key=k")
    message = senders.Outgoing(subject="【高风险】预警待处置", body="请立即联系。", link="")
    results = [senders.send_wecom(channel, message) for _ in range(3)]
    assert all(r.ok for r in results)
    assert len(robot.connections) == 1
    assert robot.cookies == [None, None, None]


def test_each_sending_thread_has_its_own_session() -> None:
    seen: list[Any] = []
    threads = [threading.Thread(target=lambda: seen.append(senders._session())) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen[0] is not seen[1]
    assert senders._session() is senders._session()
