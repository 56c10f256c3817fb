"""Loopback helpers for tests that start real servers (SMTP, gunicorn, nginx, moto)."""

import socket


def free_port() -> int:
    """A TCP port nothing on 127.0.0.1 is listening on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps every message it is sent."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(envelope)
        return "250 OK"
