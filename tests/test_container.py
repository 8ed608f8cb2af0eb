"""The container files, read as text (no Docker engine here): what they copy, run, expose and check agrees."""

from __future__ import annotations

import ast
import os
import re
import runpy
import shlex
from functools import cache
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT

COMPOSE_FILES = [ROOT / "docker-compose.yml", *sorted((ROOT / "deploy").glob("docker-compose*.yml"))]


@cache
def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) pairs, with continuation lines joined and comments dropped."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", text)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def instructions(name: str) -> list[str]:
    return [rest for word, rest in dockerfile() if word == name]


def exec_form(rest: str) -> list[str]:
    """A JSON-array (exec form) instruction's argv; the shell form is split like a shell would."""
    rest = re.sub(r"^(--\S+\s+)+", "", rest.strip())
    if rest.startswith("["):
        return yaml.safe_load(rest)
    return shlex.split(rest)


def gunicorn_conf() -> dict:
    """The gunicorn settings as gunicorn would see them with the Dockerfile's ENV."""
    env = dockerfile_env()
    saved = {key: os.environ.get(key) for key in env}
    try:
        os.environ.update(env)
        return runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def dockerfile_env() -> dict[str, str]:
    env = {}
    for rest in instructions("ENV"):
        for key, value in re.findall(r"(\w+)=(\"[^\"]*\"|\S+)", rest):
            env[key] = value.strip('"')
    return env


# ---------------------------------------------------------------- .dockerignore


def _pattern_regex(pattern: str) -> re.Pattern:
    """A .dockerignore pattern (Go filepath.Match plus **) as a regex over slash paths."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + "$")


@cache
def ignore_rules() -> list[tuple[bool, re.Pattern]]:
    path = ROOT / ".dockerignore"
    rules = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            negate = line.startswith("!")
            pattern = line[1:] if negate else line
            pattern = pattern.strip().strip("/")
            rules.append((negate, _pattern_regex(pattern)))
    return rules


def ignored(relative: str) -> bool:
    """Docker's rule: the last matching pattern wins; a pattern matching a parent folder matches its files."""
    parts = relative.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    verdict = False
    for negate, regex in ignore_rules():
        if any(regex.match(p) for p in prefixes):
            verdict = not negate
    return verdict


def test_dockerignore_matcher_follows_docker_rules():
    assert ignored("tests/test_api.py")
    assert ignored("service/__pycache__/x.pyc")
    assert ignored("README.md")
    assert not ignored("service/api.py")
    if (ROOT / "models" / "MODEL_CARD.md").exists():
        assert not ignored("models/MODEL_CARD.md")


# ---------------------------------------------------------------- Dockerfile


def copies() -> list[tuple[list[str], str]]:
    out = []
    for rest in instructions("COPY") + instructions("ADD"):
        if "--from=" in rest:
            continue  # from another build stage, not the context
        argv = exec_form(rest)
        out.append((argv[:-1], argv[-1]))
    return out


def test_every_copy_source_exists_and_is_not_ignored():
    assert copies(), "the Dockerfile copies nothing"
    for sources, _ in copies():
        for source in sources:
            path = ROOT / source
            assert path.exists(), f"COPY {source}: not in the build context"
            relative = source.strip("/").rstrip("/")
            assert not ignored(relative), f"COPY {source}: excluded by .dockerignore"
            if path.is_dir():
                kept = [p for p in path.rglob("*") if p.is_file() and not ignored(str(p.relative_to(ROOT)))]
                assert kept, f"COPY {source}: every file in it is excluded by .dockerignore"


def test_the_image_holds_everything_the_service_imports_and_reads():
    copied = {s.strip("/").rstrip("/") for sources, _ in copies() for s in sources}
    # openapi.yaml is not among them: the service generates its description from schemas/ (service/openapi.py).
    for needed in ("requirements.txt", "gunicorn.conf.py", "service", "schemas", "models"):
        assert needed in copied, f"the image lacks {needed}"
    # Every data file the components read at start-up must survive .dockerignore.
    for path in (ROOT / "service").rglob("*"):
        if path.is_file() and path.suffix in {".tsv", ".json", ".txt", ".csv", ".jsonl", ".html", ".js", ".css"}:
            assert not ignored(str(path.relative_to(ROOT))), f"{path.relative_to(ROOT)} is excluded from the image"


def test_shipped_model_is_in_the_build_context():
    model = ROOT / "models" / "de_news_events"
    if not model.exists():
        pytest.skip("models/de_news_events has not been built yet (make model)")
    assert (model / "meta.json").exists() or (model / "config.cfg").exists()
    files = [p for p in model.rglob("*") if p.is_file()]
    assert files and not any(ignored(str(p.relative_to(ROOT))) for p in files)


def test_base_image_matches_the_python_version():
    (base,) = [rest for rest in instructions("FROM")][-1:]
    required = re.search(r"requires-python\s*=\s*\">=(\d+\.\d+)", (ROOT / "pyproject.toml").read_text())
    assert base.startswith("python:"), base
    assert required and required[1] in base, (base, required and required[1])
    assert "slim" in base


def test_requirements_are_installed_from_the_pinned_file():
    runs = " ".join(instructions("RUN"))
    assert "pip install" in runs and "-r requirements.txt" in runs
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert "==" in line, f"unpinned runtime requirement: {line}"


def test_cmd_runs_gunicorn_with_the_config_and_the_wsgi_app():
    (cmd,) = instructions("CMD")[-1:]
    argv = exec_form(cmd)
    assert argv[0] == "gunicorn"
    assert argv[argv.index("-c") + 1] == "gunicorn.conf.py"
    target = argv[-1]
    module, _, attribute = target.partition(":")
    source = ROOT / (module.replace(".", "/") + ".py")
    assert source.exists(), target
    tree = ast.parse(source.read_text(encoding="utf-8"))
    assigned = {
        t.id for node in ast.walk(tree) if isinstance(node, ast.Assign) for t in node.targets if hasattr(t, "id")
    }
    assert attribute in assigned, f"{source} defines no {attribute}"
    # `make run` starts the very same thing.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"gunicorn -c gunicorn.conf.py {target}" in makefile


def test_gunicorn_config_preloads_and_reads_port_and_workers_from_the_environment():
    conf = gunicorn_conf()
    env = dockerfile_env()
    assert conf["preload_app"] is True
    assert conf["bind"] == f"0.0.0.0:{env['PORT']}"
    assert conf["workers"] == int(env["WEB_CONCURRENCY"])
    assert conf["max_requests"] > 0 and conf["max_requests_jitter"] >= 0
    assert conf["graceful_timeout"] > 0
    source = (ROOT / "gunicorn.conf.py").read_text(encoding="utf-8")
    assert "PORT" in source and "WEB_CONCURRENCY" in source


def test_exposed_port_matches_the_environment():
    env = dockerfile_env()
    exposed = [p.split("/")[0] for rest in instructions("EXPOSE") for p in rest.split()]
    assert exposed == [env["PORT"]]


def _health_url(argv: list[str]) -> tuple[str, str]:
    """(port, path) of the URL a healthcheck command requests."""
    joined = " ".join(argv)
    match = re.search(r"127\.0\.0\.1:(%s|\d+)(/[\w\-.]*)", joined)
    assert match, f"no loopback URL in the healthcheck: {joined}"
    return match[1], match[2]


def test_healthcheck_present_and_asks_the_readiness_endpoint_on_the_served_port():
    (check,) = instructions("HEALTHCHECK")[-1:]
    assert "CMD" in check
    argv = exec_form(check.split("CMD", 1)[1])
    port, path = _health_url(argv)
    assert path == "/ready"
    assert port in ("%s", dockerfile_env()["PORT"])
    if port == "%s":
        assert "os.environ.get('PORT'" in " ".join(argv) or 'os.environ.get("PORT"' in " ".join(argv)
    for option, bound in (("--interval", 300), ("--timeout", 60), ("--start-period", 300)):
        value = re.search(rf"{option}=(\d+)s", check)
        assert value and 0 < int(value[1]) <= bound, option


def test_runs_as_a_non_root_user_that_exists():
    users = instructions("USER")
    assert users and users[-1].split(":")[0] not in ("root", "0")
    created = " ".join(instructions("RUN"))
    assert re.search(rf"useradd\b.*\b{re.escape(users[-1].split(':')[0])}\b", created), "USER is never created"
    # Nothing runs as root after the switch except what Docker itself does.
    words = [w for w, _ in dockerfile()]
    assert words.index("USER") > max(i for i, w in enumerate(words) if w in ("RUN", "COPY", "ADD"))


def test_healthcheck_paths_exist_in_the_app():
    from service import create_app

    rules = {r.rule for r in create_app({"LOAD_PIPELINE": False}).url_map.iter_rules()}
    assert {"/ready", "/health"} <= rules


# ---------------------------------------------------------------- compose


def compose(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", COMPOSE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compose_services_build_this_image_and_check_readiness(path):
    services = compose(path)["services"]
    built = {name: s for name, s in services.items() if "build" in s}
    assert built, f"{path.name} builds no service from this repository"
    for name, service in built.items():
        context = path.parent / (service["build"] if isinstance(service["build"], str) else service["build"]["context"])
        assert (context.resolve() / "Dockerfile").exists(), f"{name}: build context has no Dockerfile"
        port = str(service["environment"]["PORT"])
        assert port == dockerfile_env()["PORT"]
        published = [str(p).split(":")[-1] for p in service.get("ports", [])] + [
            str(p) for p in service.get("expose", [])
        ]
        assert published and all(p == port for p in published), (name, published)
        check = service["healthcheck"]["test"]
        assert check[0] in ("CMD", "CMD-SHELL")
        assert _health_url(check[1:]) == (port, "/ready"), name
        assert "/tmp" in service.get("tmpfs", []) or not service.get("read_only"), f"{name}: read-only without /tmp"
        grace = service.get("stop_grace_period")
        assert grace and int(grace.rstrip("s")) > gunicorn_conf()["graceful_timeout"], f"{name}: stop_grace_period"


def test_single_service_compose_serves_on_8080():
    services = compose(ROOT / "docker-compose.yml")["services"]
    assert len(services) == 1
    (service,) = services.values()
    assert service["ports"] == ["8080:8080"]
    assert "profiles" not in service
