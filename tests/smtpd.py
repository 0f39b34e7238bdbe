"""A real SMTP server on localhost for the delivery tests (aiosmtpd), with scripted refusals."""
from __future__ import annotations

import email
import email.policy
import socket
import ssl
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Recorder:
    """Stores every accepted message; refuses what the test scripts."""
    messages: list = field(default_factory=list)
    refuse_rcpt: dict = field(default_factory=dict)       # address -> "550 ..." or "450 ..."
    data_replies: list = field(default_factory=list)      # replies to DATA before accepting, e.g. ["451 ..."]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_rcpt:
            return self.refuse_rcpt[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_replies:
            return self.data_replies.pop(0)
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg, envelope.content))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for rcpts, m, _ in self.messages if address in rcpts]


class Server:
    """Start/stop an SMTP server on a fixed port (so it can be 'down, then up')."""

    def __init__(self, port: int | None = None, tls=None, implicit_tls: bool = False, users: dict | None = None):
        self.port = port or free_port()
        self.recorder = Recorder()
        self.tls, self.implicit_tls, self.users = tls, implicit_tls, users
        self.controller = None

    def _auth(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and self.users.get(
            auth_data.login.decode()) == auth_data.password.decode()
        return AuthResult(success=ok, handled=False)

    def start(self) -> Server:
        kwargs = {}
        if self.users is not None:
            # aiosmtpd 1.4 does not count implicit TLS as TLS for AUTH; the channel is encrypted anyway
            kwargs.update(authenticator=self._auth, auth_require_tls=not self.implicit_tls)
        if self.tls is not None and self.implicit_tls:
            kwargs["ssl_context"] = self.tls
        elif self.tls is not None:
            kwargs.update(tls_context=self.tls, require_starttls=True)
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port, **kwargs)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def tls_pair(tmp_path):
    """A throwaway CA (trustme): the server's context and the CA file the client trusts."""
    import trustme
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(ctx)
    cafile = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(cafile))
    return ctx, str(cafile)


class Silent:
    """A server that accepts the connection and never greets: a client hangs waiting for it.

    What a wedged mail server does; it holds `schedule run` at a known point
    (the message is queued, nothing is sent) so a test can kill it there.
    """

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]

    def stop(self) -> None:
        self.sock.close()
