"""The editors' page in a real browser: headless Chromium drives `/` against the real API on a loopback port."""

from __future__ import annotations

import os
import shutil
import threading
from collections import defaultdict
from pathlib import Path

import pytest

from .helpers import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 120_000  # generous: CI machines may be busy; a healthy run takes seconds


def _playwright():
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian package `chromium`; .ci/install-browser.sh installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -r requirements-dev.txt)")
    return sync_playwright


@pytest.fixture(scope="module")
def server(app):
    """The session's app behind a real HTTP server on a free loopback port, in a thread."""
    from werkzeug.serving import make_server

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, name="page-test-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    sync_playwright = _playwright()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture()
def page(browser, server):
    """A fresh page; any Content-Security-Policy violation or script error fails the test."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.problems = []

    def console(message) -> None:
        # A 422 is the answer the error test asks for; Chromium logs every non-2xx fetch as an error.
        if message.type == "error" and "status of 422" not in message.text:
            page.problems.append(f"console error: {message.text}")

    page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc}"))
    page.on("console", console)
    page.goto(server + "/")
    yield page
    context.close()


def _mention_keys(result: dict, length: int) -> dict[str, set[str]]:
    """What the page should mark, per kind: every valid span the API response names (independent of app.js)."""
    keys: dict[str, set[str]] = defaultdict(set)

    def add(kind: str, span: dict | None) -> None:
        if span and 0 <= span["start"] < span["end"] <= length:
            keys[kind].add(f"{kind}:{span['start']}-{span['end']}")

    for actor in result["actors"]:
        for m in actor["mentions"]:
            add("actor", m)
    for place in result["places"]:
        for m in place["mentions"]:
            add("place", m)
    for time in result["times"]:
        add("time", time)
    for event in result["events"]:
        add("trigger", event["trigger"])
        for stance in event["stance"]:
            add("cue", stance["cue"])
    for stance in result.get("stances", []):
        add("cue", stance["cue"])
    return keys


def _shown_keys(page) -> dict[str, set[str]]:
    """What the page marks, per kind, read from the DOM."""
    keys: dict[str, set[str]] = defaultdict(set)
    for joined in page.eval_on_selector_all("#article .seg.hl", "nodes => nodes.map(n => n.dataset.keys)"):
        for key in joined.split():
            keys[key.split(":", 1)[0]].add(key)
    return keys


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _evidence(event: dict) -> list[tuple[int, int]]:
    spans = [event["trigger"]]
    spans += [arg["mention"] for arg in event["who"] + event["whom"] + event["where"]]
    if event["when"]:
        spans.append(event["when"])
    spans += [stance["cue"] for stance in event["stance"]]
    return [(s["start"], s["end"]) for s in spans if s and s["start"] < s["end"]]


def _load_seed_and_submit(page) -> tuple[str, dict]:
    page.wait_for_selector("#seed[data-ready='true']", state="attached")
    options = page.eval_on_selector_all("#seed option", "nodes => nodes.map(n => n.value).filter(Boolean)")
    if not options:
        pytest.skip("no seed articles in seeds/ to load")
    name = sorted(options)[0]
    with page.expect_response(lambda r: r.url.endswith("/seeds/" + name)):
        page.select_option("#seed", name)
    # Waits use selectors, not wait_for_function: the page's CSP forbids the eval that polling predicates need.
    page.wait_for_selector(f"#extract-form[data-seed-loaded='{name}']", state="attached")
    text = page.input_value("#text")
    assert page.input_value("#published_at"), "the seed's date header fills the date field"
    with page.expect_response(lambda r: r.url.endswith("/v1/extract") and r.request.method == "POST") as info:
        page.click("#submit")
    response = info.value
    assert response.status == 200, response.text()
    result = response.json()
    # The page has rendered when the status line reports the figures.
    page.wait_for_selector("#extract-form[data-state='done']", state="attached")
    return text, result


def test_seed_article_events_highlights_and_evidence(page):
    text, result = _load_seed_and_submit(page)
    events = result["events"]

    # The table shows exactly the events the API returned, in order, with their types.
    rows = page.locator("#events tbody tr.event-row")
    assert rows.count() == len(events)
    assert page.eval_on_selector_all("#events tbody tr.event-row", "rows => rows.map(r => r.dataset.event)") == [
        e["id"] for e in events
    ]
    types = page.eval_on_selector_all("#events tbody tr.event-row abbr.type", "nodes => nodes.map(n => n.textContent)")
    assert types == [e["type"] for e in events]
    assert page.is_visible("#no-events") == (not events)

    # The article is the submitted text, whole, and every mention of every kind is marked, no more and no less.
    assert page.eval_on_selector("#article", "n => n.textContent") == text
    expected, shown = _mention_keys(result, len(text)), _shown_keys(page)
    for kind in ("actor", "place", "time", "trigger", "cue"):
        assert shown[kind] == expected[kind], kind
    legend = dict(
        page.eval_on_selector_all(
            "#legend .legend-item",
            "items => items.map(i => [i.dataset.kind, Number(i.querySelector('.legend-count').textContent)])",
        )
    )
    assert legend == {kind: len(expected[kind]) for kind in ("actor", "place", "time", "trigger", "cue")}
    # Each marked piece carries the text it covers.
    for start, end, piece in page.eval_on_selector_all(
        "#article .seg", "nodes => nodes.map(n => [Number(n.dataset.start), Number(n.dataset.end), n.textContent])"
    ):
        assert text[start:end] == piece

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if events:
        # Click the event with the most evidence; exactly its spans are marked as evidence, in its sentence.
        index = max(range(len(events)), key=lambda i: (len(_evidence(events[i])), -i))
        event = events[index]
        rows.nth(index).click()
        page.wait_for_selector("#article .seg.is-evidence")
        assert rows.nth(index).get_attribute("aria-selected") == "true"
        assert page.locator("#events tbody tr.selected").count() == 1
        marked = page.eval_on_selector_all(
            "#article .seg.is-evidence", "nodes => nodes.map(n => [Number(n.dataset.start), Number(n.dataset.end)])"
        )
        assert _merge([tuple(m) for m in marked]) == _merge(_evidence(event))
        trigger = page.eval_on_selector_all(
            "#article .seg.is-trigger", "nodes => nodes.map(n => n.textContent).join('')"
        )
        assert trigger == event["trigger"]["text"]
        sentence = event["sentence"]
        in_sentence = page.eval_on_selector_all(
            "#article .seg.in-sentence", "nodes => nodes.map(n => [Number(n.dataset.start), Number(n.dataset.end)])"
        )
        assert _merge([tuple(m) for m in in_sentence]) == [(sentence["start"], sentence["end"])]
        # Keyboard works too: Enter on another row moves the selection.
        if len(events) > 1:
            other = (index + 1) % len(events)
            rows.nth(other).focus()
            page.keyboard.press("Enter")
            assert rows.nth(other).get_attribute("aria-selected") == "true"
            assert rows.nth(index).get_attribute("aria-selected") == "false"
        # And back from the text: a click on a trigger selects an event with that trigger.
        last = events[-1]
        piece = page.locator(f"#article .seg.links-event[data-start='{last['trigger']['start']}']")
        piece.click()
        chosen = page.get_attribute("#events tbody tr.selected", "data-event")
        at = last["trigger"]["start"]
        sharing = [e["id"] for e in events if e["trigger"]["start"] <= at < e["trigger"]["end"]]
        assert chosen in sharing
        rows.nth(index).click()
    page.screenshot(path=str(ARTIFACTS / "page.png"), full_page=False)
    if os.environ.get("UPDATE_PAGE_SCREENSHOT"):
        _docs_screenshot(page, events)
    assert not page.problems, page.problems


def _docs_screenshot(page, events: list[dict]) -> None:
    """The README's picture (`UPDATE_PAGE_SCREENSHOT=1 pytest tests/test_page.py -k seed`): form, text and table."""
    page.set_viewport_size({"width": 1440, "height": 1250})
    full = [i for i, e in enumerate(events) if e["who"] and e["where"] and e["when"]]
    if full:
        page.locator("#events tbody tr.event-row").nth(full[0]).click()
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(1500)  # the article pane scrolls smoothly to the evidence
    (ROOT / "docs").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "docs" / "page.png"))


def test_empty_text_shows_the_api_problem(page):
    page.fill("#text", "")
    with page.expect_response(lambda r: r.url.endswith("/v1/extract")) as info:
        page.click("#submit")
    response = info.value
    assert response.status == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    box = page.locator("#problem")
    box.wait_for(state="visible")
    shown = box.inner_text()
    assert problem["title"] in shown
    assert problem["detail"] in shown
    for error in problem.get("errors", []):
        assert error["detail"] in shown
    assert any(e["pointer"] == "/text" for e in problem["errors"])
    assert "Artikeltext" in shown  # the pointer is named as the field the editor sees
    assert page.get_attribute("#text", "aria-invalid") == "true"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "page-error.png"))
    # A bad date is the API's to judge too, and names the date field.
    page.fill("#text", "Die Kanzlerin trifft am Mittwoch den Präsidenten in Paris.")
    page.fill("#published_at", "gestern")
    with page.expect_response(lambda r: r.url.endswith("/v1/extract")) as info:
        page.click("#submit")
    assert info.value.status == 422
    page.wait_for_selector("#published_at[aria-invalid='true']")
    assert "Veröffentlicht am" in box.inner_text()
    assert page.get_attribute("#text", "aria-invalid") is None
    assert not page.problems, page.problems


def _submit(page, text: str, date: str = "2026-02-05", language: str = ""):
    page.fill("#text", text)
    page.fill("#published_at", date)
    page.select_option("#language", language)
    with page.expect_response(lambda r: r.url.endswith("/v1/extract") and r.request.method == "POST") as info:
        page.click("#submit")
    return info.value


def _assert_page_shows(page, text: str, result: dict) -> None:
    """The article is the text, whole; every piece matches its API offsets; every mention is marked."""
    page.wait_for_selector("#extract-form[data-state='done']", state="attached")
    assert page.eval_on_selector("#article", "n => n.textContent") == text
    for start, end, piece in page.eval_on_selector_all(
        "#article .seg", "nodes => nodes.map(n => [Number(n.dataset.start), Number(n.dataset.end), n.textContent])"
    ):
        assert text[start:end] == piece
    expected, shown = _mention_keys(result, len(text)), _shown_keys(page)
    assert {k: v for k, v in shown.items() if v} == {k: v for k, v in expected.items() if v}
    assert page.locator("#events tbody tr.event-row").count() == len(result["events"])


@pytest.mark.parametrize(
    "text",
    [
        "Merz",
        # Characters outside the BMP: Python counts code points, JavaScript UTF-16 units; the page must map them.
        "🇩🇪 Bundeskanzler Friedrich Merz traf am Mittwoch 😀 in Paris den französischen Präsidenten Macron. 🤝",
        "Kanzler Merz sagte am Montag in Berlin, die Regierung lehne den Vorschlag ab.\r\n\u0007Ende.",
    ],
    ids=["one-token", "emoji", "control-chars"],
)
def test_edge_texts_render_at_their_offsets(page, text):
    # One word is too little to detect a language: the editor says it is German.
    response = _submit(page, text, language="de")
    assert response.status == 200, response.text()
    # The textarea normalises line breaks to \n before sending, so compare with what was sent.
    sent = response.request.post_data_json["text"]
    _assert_page_shows(page, sent, response.json())
    assert not page.problems, page.problems


def test_whitespace_only_text_is_refused_readably(page):
    response = _submit(page, "   \n  ")
    assert response.status == 422
    page.locator("#problem").wait_for(state="visible")
    assert response.json()["errors"][0]["detail"] in page.inner_text("#problem")


def test_text_too_short_to_detect_asks_for_the_language(page):
    """Detection refuses one word; the page says how to analyse it anyway, and choosing German does."""
    response = _submit(page, "Merz")
    assert response.status == 422
    assert response.json()["type"].endswith(":unsupported-language")
    page.locator("#problem").wait_for(state="visible")
    assert "„Deutsch“ wählen" in page.inner_text("#problem")
    assert "language" not in response.request.post_data_json
    response = _submit(page, "Merz", language="de")
    assert response.status == 200, response.text()
    assert response.request.post_data_json["language"] == "de"


def test_long_article_renders_whole(page):
    """All seed articles in one text: thousands of pieces, still exact."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("no seed articles in seeds/")
    text = "\n\n".join(p.read_text(encoding="utf-8").split(" ", 3)[-1] for p in seeds)
    response = _submit(page, text)
    assert response.status == 200, response.text()
    _assert_page_shows(page, response.request.post_data_json["text"], response.json())
    assert not page.problems, page.problems


@pytest.mark.parametrize(
    ("device", "options"),
    [
        ("laptop", {"viewport": {"width": 1366, "height": 768}}),
        (
            "phone",
            {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
        ),
    ],
)
def test_layout_fits_the_screen(browser, server, device, options):
    """No sideways scrolling of the page on a laptop or a phone; on a phone the event cards fit the screen."""
    context = browser.new_context(**options)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(server + "/")
        _load_seed_and_submit(page)
        width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"page is {width[0]}px wide on a {width[1]}px screen"
        if device == "phone":
            # One card per event: nothing may stick out sideways. (On wider screens a table with very long
            # names may scroll inside its own card, which keeps the page itself steady.)
            table = page.evaluate(
                "() => { const w = document.querySelector('.table-wrap'); return [w.scrollWidth, w.clientWidth]; }"
            )
            assert table[0] <= table[1] + 1, f"event cards are {table[0]}px wide in a {table[1]}px column"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"page-{device}.png"))
        page.locator("#events").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"page-{device}-events.png"))
    finally:
        context.close()


def test_page_works_without_seeds(browser, server, app, tmp_path):
    """Where seeds/ is absent (the Docker image), the picker is empty and pasting still works."""
    old = app.config.get("SEEDS_DIR")
    app.config["SEEDS_DIR"] = str(tmp_path / "absent")
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        with page.expect_response(lambda r: r.url.endswith("/seeds.json")) as info:
            page.goto(server + "/")
        assert info.value.json() == {"seeds": []}
        page.wait_for_selector("#seed[data-ready='true']:disabled", state="attached")
        assert page.eval_on_selector_all("#seed option", "nodes => nodes.length") == 1
        page.fill("#text", "Die Kanzlerin trifft am Mittwoch den Präsidenten in Paris.")
        page.fill("#published_at", "2026-02-05")
        with page.expect_response(lambda r: r.url.endswith("/v1/extract")) as info:
            page.click("#submit")
        assert info.value.status == 200
        result = info.value.json()
        assert result["reference_date"] == {"value": "2026-02-05", "source": "request"}
        page.wait_for_selector("#extract-form[data-state='done']", state="attached")
        assert page.locator("#events tbody tr.event-row").count() == len(result["events"])
    finally:
        app.config["SEEDS_DIR"] = old
        context.close()


def test_page_is_served_with_a_strict_policy(client):
    """The page and its files come from the service itself; the CSP stays strict (no inline code or styles)."""
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    html = response.get_data(as_text=True)
    assert "<style" not in html and " style=" not in html
    assert "<script>" not in html.replace('<script src="/assets/app.js" defer></script>', "")
    for asset, mimetype in (("/assets/app.js", "text/javascript"), ("/assets/style.css", "text/css")):
        served = client.get(asset)
        assert served.status_code == 200 and served.mimetype == mimetype
    seeds = client.get("/seeds.json").get_json()["seeds"]
    for seed in seeds:
        one = client.get(f"/seeds/{seed['name']}").get_json()
        assert one["text"].strip() and not one["text"].lstrip().startswith("date ")
    missing = client.get("/seeds/..%2Fservice%2F__init__")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
