"""gunicorn's worker for this service: threaded (gthread), with deadlines for slow clients and problem+json errors.

Why: with sync workers, two clients that send their headers one byte a second (or a body shorter than its
Content-Length) held both workers until the worker timeout killed them, and gunicorn's own errors were text/html.
This worker

- serves each connection in a thread of its own (GUNICORN_THREADS per worker), so that a client that is slow to
  send holds one thread, not the worker: /health and other requests go on in the other threads;
- gives every request HEADER_TIMEOUT seconds for its request line and headers and then BODY_TIMEOUT seconds for its
  body (and as long for taking the answer): a client that is slower gets 408 problem+json and is disconnected, so
  no thread is held for longer than that;
- answers the errors gunicorn raises itself (400 bad framing, 414, 431, 408, 500) as application/problem+json, the
  service's one error shape (built by service.errors.Problem).

gunicorn.conf.py names it: worker_class = "service.server.ThreadWorker".
"""

from __future__ import annotations

import socket
import time
import uuid

from gunicorn import util
from gunicorn.workers import gthread

from .config import Config
from .errors import PROBLEM_JSON, Problem

SLUGS = {
    400: "bad-request",
    403: "forbidden",
    408: "timeout",
    414: "uri-too-long",
    417: "expectation-failed",
    431: "request-header-fields-too-large",
    500: "internal",
    501: "not-implemented",
}
DETAILS = {
    408: "The request line and headers did not arrive in time.",
    414: "The request line is longer than the server accepts.",
    431: "The request has too many or too large header fields.",
    500: "The server failed on this request; it has been logged.",
}


class HeaderTimeout(Exception):
    """The request line and headers did not arrive within HEADER_TIMEOUT (gunicorn answers it via handle_error)."""


class BodyTimeout(TimeoutError):
    """The body did not arrive within BODY_TIMEOUT: a TimeoutError, which the app answers with 408."""


class DeadlineSocket(socket.socket):
    """A client socket whose reads share one deadline per phase (not one timeout per read: a client sending a byte
    now and then would renew that forever), and whose sends are bounded too."""

    def arm(self, seconds: float, error: type[Exception]) -> None:
        """From now on, reads end with `error` once `seconds` have passed: one deadline for a whole phase."""
        self._deadline = time.monotonic() + seconds
        self._error = error

    def disarm(self) -> None:
        """Reads as a plain socket again (between requests, and while gunicorn drains a body itself)."""
        self._deadline = None

    def _bounded(self, operation, *args):
        deadline = getattr(self, "_deadline", None)
        prior = self.gettimeout()
        if deadline is None or prior == 0.0:  # not armed, or non-blocking (gunicorn's poller): as it is
            return operation(*args)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._error(f"no data within the deadline ({self._error.__name__})")
        self.settimeout(remaining if prior is None else min(prior, remaining))
        try:
            return operation(*args)
        except TimeoutError as exc:
            if time.monotonic() >= deadline:
                raise self._error(f"no data within the deadline ({self._error.__name__})") from exc
            raise
        finally:
            self.settimeout(prior)

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        """socket.recv within the armed deadline."""
        return self._bounded(super().recv, bufsize, flags)

    def recv_into(self, buffer, nbytes: int = 0, flags: int = 0) -> int:
        """socket.recv_into within the armed deadline."""
        return self._bounded(super().recv_into, buffer, nbytes, flags)

    def sendall(self, data, flags: int = 0) -> None:
        """socket.sendall within BODY_TIMEOUT: a client that does not take its answer frees the thread too."""
        prior = self.gettimeout()
        if prior == 0.0:
            return super().sendall(data, flags)
        self.settimeout(Config.BODY_TIMEOUT)  # since Python 3.5 the timeout bounds the whole sendall
        try:
            return super().sendall(data, flags)
        finally:
            self.settimeout(prior)


def write_problem(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's util.write_error, answering application/problem+json instead of an HTML page."""
    request_id = uuid.uuid4().hex
    detail = DETAILS.get(status_int) if status_int in (408, 500) or not mesg else mesg
    problem = Problem(status_int, reason, detail or reason, slug=SLUGS.get(status_int, "error"))
    body = problem.to_json(request_id)
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        f"Connection: close\r\n"
        f"Content-Type: {PROBLEM_JSON}\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"X-Content-Type-Options: nosniff\r\n"
        f"X-Request-ID: {request_id}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


class ThreadWorker(gthread.ThreadWorker):
    """gthread with per-request read deadlines and problem+json for the server's own errors."""

    def init_process(self) -> None:
        """Install the problem+json error writer in this worker process, then start serving."""
        # gunicorn writes its own error answers through util.write_error: make them problem+json in this worker.
        util.write_error = write_problem
        super().init_process()

    def enqueue_req(self, conn) -> None:
        """Give each new connection a DeadlineSocket (once) before a thread takes it."""
        if not isinstance(conn.sock, DeadlineSocket):
            plain = conn.sock
            conn.sock = DeadlineSocket(plain.family, plain.type, plain.proto, fileno=plain.detach())
            conn.sock.setblocking(False)  # as TConn left it: the poller owns it between requests
        super().enqueue_req(conn)

    def handle(self, conn) -> object:
        """gthread's handle with the header deadline armed."""
        # From when a thread takes the connection (gthread hands a connection that has sent nothing back to its
        # poller after a few seconds, so an idle one holds no thread), request line and headers have HEADER_TIMEOUT.
        conn.sock.arm(Config.HEADER_TIMEOUT, HeaderTimeout)
        try:
            return super().handle(conn)
        finally:
            conn.sock.disarm()

    def handle_request(self, req, conn) -> bool:
        """gthread's handle_request with the body deadline armed while the application reads."""
        # Headers are in; the application reads the body within BODY_TIMEOUT seconds.
        conn.sock.arm(Config.BODY_TIMEOUT, BodyTimeout)
        try:
            return super().handle_request(req, conn)
        finally:
            conn.sock.disarm()

    def handle_error(self, req, client, addr, exc) -> None:
        """A header deadline is the client's 408 (a warning, not an error log); the rest as gunicorn does it."""
        if isinstance(exc, HeaderTimeout):
            self.log.warning("request headers from %s did not arrive within %s s", (addr or ("?",))[0],
                             Config.HEADER_TIMEOUT)  # fmt: skip
            try:
                write_problem(client, 408, "Request Timeout", "")
            except OSError:
                self.log.debug("could not send the 408 answer")
            return
        super().handle_error(req, client, addr, exc)
