"""Security basics: no debug, body limit before parsing (chunked too), security headers, no dangerous sinks."""

from __future__ import annotations

import ast
import io
import json
import re
from types import SimpleNamespace

import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from service import SECURITY_HEADERS, create_app
from tests.helpers import ROOT

LIMIT = 1024 * 1024
PROBLEM = "application/problem+json"


class ExplodingStream(io.RawIOBase):
    """A body that fails the test if anyone reads past `allowed` bytes: proves the limit comes first."""

    def __init__(self, size: int, allowed: int):
        self.size, self.allowed, self.read_bytes = size, allowed, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.read_bytes >= self.size:
            return 0
        n = min(len(buffer), self.size - self.read_bytes)
        self.read_bytes += n
        assert self.read_bytes <= self.allowed + 65536, "the body was read past the limit"
        buffer[:n] = b"a" * n
        return n


def test_production_app_has_debug_and_testing_off(monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    app = create_app({"LOAD_PIPELINE": False})
    assert app.debug is False
    assert app.testing is False
    assert app.config["PROPAGATE_EXCEPTIONS"] in (None, False)


def test_gunicorn_config_does_not_reload_or_debug():
    text = (ROOT / "gunicorn.conf.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*reload\s*=\s*True", text, re.M)
    assert "FLASK_DEBUG" not in text
    assert "debug" not in (ROOT / "Dockerfile").read_text(encoding="utf-8").lower()


def test_body_limit_is_the_max_body_bytes_setting(app):
    assert app.config["MAX_CONTENT_LENGTH"] == LIMIT


def test_oversized_body_is_rejected_by_content_length_without_being_read(app, monkeypatch):
    monkeypatch.setattr("service.articles.json", SimpleNamespace(loads=_forbidden("json.loads")))
    stream = ExplodingStream(LIMIT + 10, allowed=0)
    environ = EnvironBuilder(path="/v1/extract", method="POST", content_type="application/json").get_environ()
    environ.update({"wsgi.input": stream, "CONTENT_LENGTH": str(LIMIT + 10)})
    body, status, headers = _call(app, environ)
    assert status.startswith("413")
    assert stream.read_bytes == 0
    assert headers["Content-Type"].startswith(PROBLEM)
    assert json.loads(body)["status"] == 413


@pytest.mark.parametrize("path", ["/v1/extract", "/v1/extract/batch"])
@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_chunked_body_without_content_length_is_limited_too(app, monkeypatch, path, content_type):
    # gunicorn de-chunks the body and sets wsgi.input_terminated; Werkzeug then caps the stream at the limit.
    monkeypatch.setattr("service.articles.json", SimpleNamespace(loads=_forbidden("json.loads")))
    stream = ExplodingStream(8 * LIMIT, allowed=LIMIT)
    environ = EnvironBuilder(path=path, method="POST", content_type=content_type).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ.update({"wsgi.input": stream, "wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked"})
    body, status, headers = _call(app, environ)
    if path.endswith("batch") and content_type == "text/plain":
        # The batch endpoint refuses text/plain before it reads anything.
        assert status.startswith("415") and stream.read_bytes == 0
        return
    assert status.startswith("413"), (status, body[:200])
    assert stream.read_bytes <= LIMIT + 65536
    assert headers["Content-Type"].startswith(PROBLEM)
    assert json.loads(body)["status"] == 413


def test_body_without_length_and_without_terminated_stream_is_not_read(app):
    # No Content-Length and a server that does not frame the stream: Werkzeug reads nothing (no endless read).
    stream = ExplodingStream(8 * LIMIT, allowed=0)
    environ = EnvironBuilder(path="/v1/extract", method="POST", content_type="application/json").get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ["wsgi.input"] = stream
    _, status, _ = _call(app, environ)
    assert status[:3] in ("400", "422")
    assert stream.read_bytes == 0


def test_body_at_the_limit_with_content_length_is_parsed(client):
    body = json.dumps({"text": "Der Kanzler traf den Präsidenten in Paris."}).encode()
    padded = body[:-1] + b" " * (LIMIT - len(body)) + b"}"
    assert len(padded) == LIMIT
    response = client.post("/v1/extract", data=padded, content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)[:200]
    over = client.post("/v1/extract", data=padded + b" ", content_type="application/json")
    assert over.status_code == 413


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("get", "/health", {}),
        ("get", "/ready", {}),
        ("get", "/openapi.yaml", {}),
        ("get", "/v1/event-types", {}),
        ("post", "/v1/extract", {"json": {"text": "Merz traf Macron in Paris."}}),
        ("post", "/v1/extract", {"data": "{", "content_type": "application/json"}),
        ("post", "/v1/extract", {"data": "x", "content_type": "application/xml"}),
        ("get", "/no/such/path", {}),
        ("delete", "/v1/extract", {}),
    ],
)
def test_every_response_carries_the_security_headers(client, method, path, kwargs):
    response = getattr(client, method)(path, **kwargs)
    for key, value in SECURITY_HEADERS.items():
        assert response.headers.get(key) == value, (path, response.status_code, key)
    assert "Server" not in response.headers or "Werkzeug" not in response.headers["Server"]


def test_request_id_header_cannot_inject_headers(client):
    response = client.get("/health", headers={"X-Request-ID": "abc\tSet-Cookie: x=1"})
    assert response.headers["X-Request-ID"] != "abc\tSet-Cookie: x=1"
    assert "Set-Cookie" not in response.headers


def test_errors_leak_no_internals(app, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("secret /etc/passwd internals")

    monkeypatch.setattr("service.extract.extract", boom)
    response = app.test_client().post("/v1/extract", json={"text": "Merz traf Macron in Paris.", "language": "de"})
    assert response.status_code == 500
    assert response.mimetype == PROBLEM
    assert "secret" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


# Calls through which input could reach a shell, a deserialiser or the interpreter.
DANGEROUS_BUILTINS = {"eval", "exec", "compile", "__import__"}
DANGEROUS_OS = {"system", "popen", "execv", "execve", "execvp", "spawnv", "spawnl", "posix_spawn"}
DANGEROUS_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "subprocess", "pty", "commands"}


def _python_files():
    for folder in ("service", "schemas"):
        yield from sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", list(_python_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_shell_pickle_or_eval_in_the_service(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
            for name in filter(None, names):
                assert name.split(".")[0] not in DANGEROUS_MODULES, f"{path}:{node.lineno} imports {name}"
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                assert func.id not in DANGEROUS_BUILTINS, f"{path}:{node.lineno} calls {func.id}"
            elif isinstance(func, ast.Attribute):
                owner = getattr(func.value, "id", "")
                assert not (owner == "os" and func.attr in DANGEROUS_OS), f"{path}:{node.lineno} calls os.{func.attr}"
                assert not (owner == "yaml" and func.attr in ("load", "unsafe_load")), f"{path}:{node.lineno} yaml.load"
                assert not (owner == "builtins" and func.attr in DANGEROUS_BUILTINS), f"{path}:{node.lineno}"
            for keyword in node.keywords:
                if keyword.arg == "shell":
                    pytest.fail(f"{path}:{node.lineno} passes shell=")


def test_container_runs_as_a_non_root_user():
    users = re.findall(r"^USER\s+(\S+)", (ROOT / "Dockerfile").read_text(encoding="utf-8"), re.M)
    assert users, "the Dockerfile sets no USER"
    assert users[-1] not in ("root", "0", "0:0")


def _call(app, environ: dict) -> tuple[str, str, dict]:
    body, status, headers = run_wsgi_app(app, environ, buffered=True)
    return b"".join(body).decode("utf-8", "replace"), status, dict(headers)


def _forbidden(name: str):
    def fail(*args, **kwargs):
        raise AssertionError(f"{name} was called: the body was parsed before the size check")

    return fail
