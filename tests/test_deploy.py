"""The scale-out manifests, parsed: Kubernetes objects fit together, nginx routes to every healthy replica."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from functools import cache
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT

K8S = ROOT / "deploy" / "kubernetes"
NGINX = ROOT / "deploy" / "nginx" / "nginx.conf"
SCALE = ROOT / "deploy" / "docker-compose.scale.yml"
BENCH = ROOT / "bench" / "results.json"
UNITS = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "K": 10**3, "M": 10**6, "G": 10**9}


@cache
def objects() -> dict[str, dict]:
    out = {}
    for path in sorted(K8S.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if doc:
                assert {"apiVersion", "kind", "metadata"} <= set(doc), path
                out[doc["kind"]] = doc
    return out


def deployment() -> dict:
    return objects()["Deployment"]


def container() -> dict:
    (api,) = deployment()["spec"]["template"]["spec"]["containers"]
    return api


def bytes_of(quantity: str) -> int:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMG]i?)?", str(quantity))
    assert match, quantity
    return int(float(match[1]) * UNITS.get(match[2] or "", 1))


def cpus_of(quantity: str) -> float:
    text = str(quantity)
    return int(text[:-1]) / 1000 if text.endswith("m") else float(text)


def env() -> dict[str, str]:
    return {e["name"]: e["value"] for e in container().get("env", [])}


def test_manifests_hold_deployment_service_and_autoscaler():
    assert {"Deployment", "Service", "HorizontalPodAutoscaler"} <= set(objects())


def test_probes_use_ready_and_health_on_the_served_port():
    api = container()
    ports = {p["name"]: p["containerPort"] for p in api["ports"]}
    assert ports["http"] == int(env()["PORT"]) == 8080
    assert api["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert api["livenessProbe"]["httpGet"]["path"] == "/health"
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert api[probe]["httpGet"]["port"] in ("http", 8080), probe
    # The startup probe gives the model time to load; the liveness probe never kills a loading pod.
    startup = api["startupProbe"]
    assert startup["httpGet"]["path"] == "/ready"
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 60


def test_pod_labels_select_and_service_targets_the_container_port():
    labels = deployment()["spec"]["template"]["metadata"]["labels"]
    selector = deployment()["spec"]["selector"]["matchLabels"]
    assert selector.items() <= labels.items()
    service = objects()["Service"]
    assert service["spec"]["selector"].items() <= labels.items()
    target = service["spec"]["ports"][0]["targetPort"]
    assert target in ({p["name"] for p in container()["ports"]} | {p["containerPort"] for p in container()["ports"]})


def test_autoscaler_targets_the_deployment_on_cpu_with_requests_set():
    hpa = objects()["HorizontalPodAutoscaler"]
    ref = hpa["spec"]["scaleTargetRef"]
    assert (ref["kind"], ref["name"]) == ("Deployment", deployment()["metadata"]["name"])
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
    metric = hpa["spec"]["metrics"][0]["resource"]
    assert metric["name"] == "cpu" and 0 < metric["target"]["averageUtilization"] <= 100
    # Utilisation is relative to the request: without one the autoscaler cannot work.
    assert cpus_of(container()["resources"]["requests"]["cpu"]) > 0


def test_cpu_request_gives_each_worker_a_core():
    assert cpus_of(container()["resources"]["requests"]["cpu"]) >= int(env()["WEB_CONCURRENCY"])


def test_memory_request_covers_the_measured_pod_memory():
    resources = container()["resources"]
    request, limit = bytes_of(resources["requests"]["memory"]), bytes_of(resources["limits"]["memory"])
    assert request <= limit
    if not BENCH.exists():
        pytest.skip("no bench/results.json yet (python -m bench.perf --json bench/results.json)")
    memory = json.loads(BENCH.read_text(encoding="utf-8"))["memory"]
    workers = int(env()["WEB_CONCURRENCY"])
    # The pod's memory: the master plus each worker, counting pages shared after fork once (PSS).
    pod = memory["master_pss_mb"] + workers * memory["worker_pss_after_mb"]
    assert request >= pod * 2**20, f"request {request / 2**20:.0f} MiB < measured {pod:.0f} MiB"
    # The limit leaves room for every worker analysing the biggest article the API accepts at once.
    peak = pod + workers * memory.get("largest_article_extra_mb", 0)
    assert limit >= max(pod * 1.25, peak) * 2**20, f"limit {limit / 2**20:.0f} MiB < {max(pod * 1.25, peak):.0f} MiB"


def test_pod_runs_unprivileged_and_drains_on_shutdown():
    pod = deployment()["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0
    assert container()["securityContext"]["allowPrivilegeEscalation"] is False
    mounts = {m["mountPath"] for m in container().get("volumeMounts", [])}
    if container()["securityContext"].get("readOnlyRootFilesystem"):
        assert "/tmp" in mounts  # gunicorn's worker heartbeat files
    graceful = int(re.search(r"GUNICORN_GRACEFUL_TIMEOUT\", \"(\d+)", (ROOT / "gunicorn.conf.py").read_text())[1])
    assert pod["terminationGracePeriodSeconds"] > graceful
    strategy = deployment()["spec"]["strategy"]
    assert strategy["rollingUpdate"]["maxUnavailable"] == 0


# ---------------------------------------------------------------- nginx and the scaled compose file


@cache
def nginx() -> str:
    return re.sub(r"#[^\n]*", "", NGINX.read_text(encoding="utf-8"))


def upstream_servers() -> list[tuple[str, int, str]]:
    block = re.search(r"upstream\s+(\w+)\s*\{(.*?)\}", nginx(), re.S)
    assert block, "no upstream block"
    return [(h, int(p), rest) for h, p, rest in re.findall(r"server\s+([\w.-]+):(\d+)([^;]*);", block[2])]


def test_nginx_balances_over_every_replica_of_the_scaled_compose_file():
    services = yaml.safe_load(SCALE.read_text(encoding="utf-8"))["services"]
    replicas = {name for name, s in services.items() if "build" in s}
    assert len(replicas) >= 2
    servers = upstream_servers()
    assert {h for h, _, _ in servers} == replicas
    for host, port, options in servers:
        assert port == int(services[host]["environment"]["PORT"])
        # Passive health: a failing replica is taken out for a while.
        assert "max_fails=" in options and "fail_timeout=" in options, host
    upstream = re.search(r"upstream\s+(\w+)", nginx())[1]
    assert f"proxy_pass http://{upstream};" in nginx()


def test_nginx_retries_a_failed_replica_and_waits_for_healthy_ones():
    assert re.search(r"proxy_next_upstream\s+[^;]*\berror\b[^;]*\bhttp_503\b", nginx())
    services = yaml.safe_load(SCALE.read_text(encoding="utf-8"))["services"]
    (balancer,) = [s for s in services.values() if "image" in s and "nginx" in s["image"]]
    replicas = {name for name, s in services.items() if "build" in s}
    assert set(balancer["depends_on"]) == replicas
    assert all(v["condition"] == "service_healthy" for v in balancer["depends_on"].values())
    assert balancer["ports"] == ["8080:8080"]
    assert re.search(r"listen\s+8080;", nginx())
    assert any("nginx.conf" in v for v in balancer["volumes"])


def test_nginx_body_limit_matches_the_service_limit():
    from service.config import Config

    size = re.search(r"client_max_body_size\s+(\d+)([kKmM]?);", nginx())
    assert size
    factor = {"": 1, "k": 2**10, "m": 2**20}[size[2].lower()]
    assert int(size[1]) * factor == Config.MAX_CONTENT_LENGTH


def test_nginx_config_is_balanced_and_every_directive_ends():
    text = nginx()
    assert text.count("{") == text.count("}")
    for line in text.splitlines():
        line = line.strip()
        assert not line or line.endswith((";", "{", "}")) or line.startswith("'"), line


def error_pages() -> dict[int, tuple[int, str]]:
    """Each status nginx answers itself -> (status it sends, the problem page's URI)."""
    pages = {}
    for codes, target, uri in re.findall(r"error_page\s+([\d\s]+?)\s+(?:=(\d+)\s+)?(/\S+);", nginx()):
        for code in codes.split():
            pages[int(code)] = (int(target or code), uri)
    return pages


def test_every_error_nginx_answers_itself_is_a_problem_json_page():
    pages = error_pages()
    assert {400, 404, 408, 413, 414, 494, 500, 502, 503, 504} <= set(pages)
    for code, (status, uri) in pages.items():
        block = re.search(r"location = " + re.escape(uri) + r" \{\n(.*?)\n\s*\}", nginx(), re.S)
        assert block, f"no page for {code} at {uri}"
        assert "internal;" in block[1] and "default_type application/problem+json;" in block[1]
        returned = re.search(r"return (\d+) '(.*)';", block[1])
        problem = json.loads(returned[2])
        assert int(returned[1]) == status == problem["status"], (code, returned[1], problem)
        assert problem["type"].startswith("urn:news-events:problem:") and problem["title"] and problem["detail"]


def test_nginx_gives_up_on_slow_clients_no_later_than_the_service():
    from service.config import DEFAULTS

    def seconds(name: str) -> int:
        return int(re.search(rf"{name}\s+(\d+)s;", nginx())[1])

    assert seconds("client_header_timeout") <= DEFAULTS["HEADER_TIMEOUT"]
    assert seconds("client_body_timeout") <= DEFAULTS["BODY_TIMEOUT"]
    assert seconds("send_timeout") <= DEFAULTS["BODY_TIMEOUT"]
    # and waits for an answer longer than the service's time budget, which bounds every answer
    assert seconds("proxy_read_timeout") > DEFAULTS["REQUEST_TIME_BUDGET"]


# ---------------------------------------------------------------- nginx itself, where it is installed


def local_nginx_conf(tmp_path, ports: dict[str, int], listen: int) -> Path:
    """deploy/nginx/nginx.conf with the compose host names and port mapped onto loopback."""
    text = NGINX.read_text(encoding="utf-8")
    for host, port in ports.items():
        text = text.replace(f"server {host}:8080", f"server 127.0.0.1:{port}")
    text = text.replace("listen 8080;", f"listen 127.0.0.1:{listen};").replace("/tmp/", f"{tmp_path}/")
    text = text.replace("pid /tmp/nginx.pid;", f"pid {tmp_path}/nginx.pid;")
    conf = tmp_path / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    return conf


def replicas() -> list[str]:
    return [h for h, _, _ in upstream_servers()]


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed (apt-get install nginx-light)")
def test_nginx_accepts_the_config(tmp_path):
    conf = local_nginx_conf(tmp_path, dict.fromkeys(replicas(), 9), 18080)
    done = subprocess.run(["nginx", "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed (apt-get install nginx-light)")
def test_nginx_routes_around_a_dead_and_a_stopping_replica(tmp_path):
    """Two live replicas and one that never started; then one live replica stops: no request is lost."""
    import os

    import psutil

    from bench.perf import Server, free_port, json_request, run_load, send

    hosts = replicas()
    model = os.environ.get("NEWS_EVENTS_MODEL", "")
    servers = [Server(workers=1, model=model).start() for _ in hosts[:2]]
    try:
        ports = {h: s.port for h, s in zip(hosts, servers, strict=False)}
        ports.update({h: free_port() for h in hosts[2:]})  # nothing listens there
        listen = free_port()
        conf = local_nginx_conf(tmp_path, ports, listen)
        nginx = subprocess.Popen(
            ["nginx", "-c", str(conf), "-p", str(tmp_path), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                if send(listen, "GET", "/nginx-health", timeout=1).status == 200:
                    break
                time.sleep(0.05)
            cpu = [sum(psutil.Process(p).cpu_times()[:2]) for s in servers for p in s.worker_pids()]
            request = json_request("good", {"text": "Der Kanzler traf den Präsidenten in Paris.", "language": "de"})
            first = run_load(listen, [request] * 60, 4)
            used = [sum(psutil.Process(p).cpu_times()[:2]) for s in servers for p in s.worker_pids()]
            servers[0].stop()
            second = run_load(listen, [request] * 30, 4)
            too_big = send(listen, "POST", "/v1/extract", b"x" * (1024 * 1024 + 1), "text/plain", keep_body=True)
            servers[1].stop()
            none_left = send(listen, "POST", "/v1/extract", request.body, keep_body=True)
        finally:
            nginx.terminate()
            nginx.wait(10)
    finally:
        for server in servers:
            server.stop()
    assert [r.status for r in first + second] == [200] * 90, [
        (r.status, r.error) for r in first + second if r.status != 200
    ]
    assert all(after > before for before, after in zip(cpu, used, strict=True)), "a live replica got no traffic"
    # Errors nginx answers itself keep the API's problem+json shape.
    assert too_big.status == 413 and json.loads(too_big.body)["status"] == 413
    assert none_left.status == 503 and json.loads(none_left.body)["status"] == 503


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed (apt-get install nginx-light)")
def test_nginx_answers_its_own_errors_as_problem_json(tmp_path):
    """No replica at all: whatever nginx decides itself comes back as application/problem+json, never HTML."""
    from bench.hostile import raw, request
    from bench.perf import free_port

    listen = free_port()
    conf = local_nginx_conf(tmp_path, {h: free_port() for h in replicas()}, listen)
    nginx = subprocess.Popen(
        ["nginx", "-c", str(conf), "-p", str(tmp_path), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            if raw(listen, request("GET", "/nginx-health"), timeout=1).status == 200:
                break
            time.sleep(0.05)
        cases = {
            "not HTTP": (b"HELLO THERE\r\n\r\n", 400),
            "request line over the limit": (request("GET", "/health?x=" + "a" * 9000), 414),
            "header field over the limit": (request("GET", "/health", headers={"X-Big": "a" * 9000}), 431),
            "bad chunk size": (request("POST", "/v1/extract", b"", {"Transfer-Encoding": "chunked"}) + b"zz\r\n", 400),
            "body over the limit": (request("POST", "/v1/extract", b"x" * (1024 * 1024 + 10)), 413),
            "an internal page": (request("GET", "/_problem/400"), 404),
            "no replica": (request("GET", "/health"), 503),
        }
        outcomes = {name: (raw(listen, payload, timeout=10), status) for name, (payload, status) in cases.items()}
    finally:
        nginx.terminate()
        nginx.wait(10)
    for name, (outcome, status) in outcomes.items():
        assert (outcome.status, outcome.content_type) == (status, "application/problem+json"), (name, outcome)
        assert json.loads(outcome.body)["status"] == status, name
