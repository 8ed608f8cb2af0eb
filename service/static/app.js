// The editors' page: send the article to POST /v1/extract, mark every mention in the text, list the events,
// and on a click show an event's evidence. Plain DOM, no build step; the strict CSP forbids inline code and styles.
"use strict";

(function () {
  const KINDS = [
    { kind: "actor", label: "Akteur" },
    { kind: "place", label: "Ort" },
    { kind: "time", label: "Zeit" },
    { kind: "trigger", label: "Auslöser" },
    { kind: "cue", label: "Haltung" },
  ];
  const FIELD_LABELS = {
    "/text": "Artikeltext",
    "/published_at": "Veröffentlicht am",
    "/language": "Sprache",
    "/id": "Kennung",
  };
  const POLARITY = { positive: "+", negative: "−", neutral: "○" };

  const $ = (id) => document.getElementById(id);
  const form = $("extract-form");
  const seedSelect = $("seed");
  const textInput = $("text");
  const dateInput = $("published_at");
  const languageInput = $("language");
  const submitButton = $("submit");
  const statusLine = $("status");
  const problemBox = $("problem");
  const results = $("results");
  const article = $("article");
  const tbody = document.querySelector("#events tbody");

  let eventTypes = {};
  let current = null; // {text, result, segments}
  let seedRequest = 0;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function validSpan(span, length) {
    return (
      span &&
      Number.isInteger(span.start) &&
      Number.isInteger(span.end) &&
      span.start >= 0 &&
      span.start < span.end &&
      span.end <= length
    );
  }

  // The API counts offsets in Unicode code points (Python string indices); JavaScript strings count UTF-16
  // units, which differ after any character outside the Basic Multilingual Plane (emoji, some scripts).
  function codePoints(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) {
      return { length: text.length, slice: (start, end) => text.slice(start, end) };
    }
    const units = [0];
    let unit = 0;
    for (const char of text) {
      unit += char.length;
      units.push(unit);
    }
    return { length: units.length - 1, slice: (start, end) => text.slice(units[start], units[end]) };
  }

  // ---- start-up: event types and seed articles (both optional: the page works without them) ----

  async function loadEventTypes() {
    try {
      const response = await fetch("/v1/event-types", { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const body = await response.json();
      eventTypes = {};
      const glossary = $("glossary");
      glossary.replaceChildren();
      for (const item of body.event_types || []) {
        eventTypes[item.type] = item;
        const term = el("dt", null, item.type);
        const de = el("dd", "de", item.de);
        const en = el("dd", "en", item.en);
        en.lang = "en";
        glossary.append(term, de, en);
      }
      if (current) renderEvents(current);
    } catch (error) {
      // Without the glossary the table still shows the type names.
    }
  }

  async function loadSeeds() {
    try {
      const response = await fetch("/seeds.json", { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const body = await response.json();
      for (const seed of body.seeds || []) {
        const option = el("option", null, (seed.published_at ? seed.published_at + " · " : "") + seed.title);
        option.value = seed.name;
        seedSelect.append(option);
      }
      seedSelect.disabled = !(body.seeds || []).length;
    } catch (error) {
      seedSelect.disabled = true;
    } finally {
      seedSelect.dataset.ready = "true"; // lets tests (and scripts) know the list is complete
    }
  }

  async function pickSeed() {
    const name = seedSelect.value;
    if (!name) return;
    const ticket = ++seedRequest;
    delete form.dataset.seedLoaded;
    statusLine.textContent = "Lade Beispielartikel …";
    try {
      const response = await fetch("/seeds/" + encodeURIComponent(name), { headers: { Accept: "application/json" } });
      const body = await readJson(response);
      if (ticket !== seedRequest) return;
      if (!response.ok) {
        showProblem(response, body);
        statusLine.textContent = "";
        return;
      }
      textInput.value = body.text || "";
      dateInput.value = body.published_at || "";
      clearProblem();
      statusLine.textContent = "Beispielartikel geladen.";
      form.dataset.seedLoaded = name;
    } catch (error) {
      statusLine.textContent = "Der Beispielartikel konnte nicht geladen werden.";
    }
  }

  // ---- the request ----

  async function readJson(response) {
    const type = response.headers.get("Content-Type") || "";
    if (!type.includes("json")) return null;
    try {
      return await response.json();
    } catch (error) {
      return null;
    }
  }

  async function submit(event) {
    event.preventDefault();
    const text = textInput.value;
    const payload = { text: text };
    const date = dateInput.value.trim();
    if (date) payload.published_at = date;
    // Without a choice the service detects the language; a text too short to tell needs "Deutsch" chosen.
    if (languageInput.value) payload.language = languageInput.value;
    clearProblem();
    submitButton.disabled = true;
    form.setAttribute("aria-busy", "true");
    // data-state (busy, done, error) tells scripts and tests when the page has finished, without polling code.
    let state = "error";
    form.dataset.state = "busy";
    statusLine.textContent = "Analysiere …";
    const started = performance.now();
    try {
      const response = await fetch("/v1/extract", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(payload),
      });
      const body = await readJson(response);
      if (!response.ok || !body) {
        showProblem(response, body);
        statusLine.textContent = "";
        return;
      }
      const millis = Math.round(performance.now() - started);
      render(text, body);
      statusLine.textContent = summary(body) + " · " + millis + " ms";
      state = "done";
      // Stacked layout (phones, narrow windows): bring the result up instead of leaving it below the form.
      if (window.matchMedia("(max-width: 1000px)").matches) results.scrollIntoView({ block: "start" });
    } catch (error) {
      showProblem(null, null);
      statusLine.textContent = "";
    } finally {
      submitButton.disabled = false;
      form.removeAttribute("aria-busy");
      form.dataset.state = state;
    }
  }

  function summary(result) {
    const n = (list) => (list || []).length;
    const events = n(result.events);
    return (
      events + (events === 1 ? " Ereignis" : " Ereignisse") +
      " · " + n(result.actors) + " Akteure · " + n(result.places) + " Orte · " + n(result.times) + " Zeitangaben"
    );
  }

  // ---- errors: application/problem+json as readable messages ----

  function clearProblem() {
    problemBox.hidden = true;
    problemBox.replaceChildren();
    for (const input of [textInput, dateInput]) input.removeAttribute("aria-invalid");
  }

  function showProblem(response, problem) {
    problemBox.replaceChildren();
    let title;
    let detail;
    if (problem && (problem.title || problem.detail)) {
      title = problem.title || "Fehler";
      detail = problem.detail || "";
    } else if (response) {
      title = "Fehler " + response.status + (response.statusText ? " (" + response.statusText + ")" : "");
      detail = "Der Dienst hat keine lesbare Fehlermeldung geschickt.";
    } else {
      title = "Keine Verbindung";
      detail = "Der Dienst ist nicht erreichbar. Läuft er noch?";
    }
    problemBox.append(el("strong", "problem-title", title));
    if (detail) problemBox.append(el("p", "problem-detail", detail));
    const errors = (problem && Array.isArray(problem.errors) && problem.errors) || [];
    if (errors.length) {
      const list = el("ul", "problem-errors");
      for (const item of errors) {
        const pointer = item.pointer || "";
        const li = el("li");
        li.append(el("span", "pointer", FIELD_LABELS[pointer] || pointer || "Anfrage"), ": " + (item.detail || ""));
        list.append(li);
        if (pointer === "/text") textInput.setAttribute("aria-invalid", "true");
        if (pointer === "/published_at") dateInput.setAttribute("aria-invalid", "true");
      }
      problemBox.append(list);
    }
    if (problem && typeof problem.type === "string" && problem.type.endsWith(":unsupported-language")) {
      problemBox.append(el("p", "problem-hint", "Ist der Text deutsch, unter „Sprache“ „Deutsch“ wählen."));
    }
    if (problem && problem.request_id) problemBox.append(el("p", "request-id", "Anfrage-ID: " + problem.request_id));
    problemBox.hidden = false;
  }

  // ---- the article with its mentions ----

  // Every mention the response names, by kind, with a key that is unique per kind and span.
  function mentionsOf(result, length) {
    const found = new Map();
    const add = (kind, span, info, eventId) => {
      if (!validSpan(span, length)) return;
      const key = kind + ":" + span.start + "-" + span.end;
      let known = found.get(key);
      if (!known) {
        known = { kind: kind, start: span.start, end: span.end, key: key, info: [], events: [] };
        found.set(key, known);
      }
      if (info && !known.info.includes(info)) known.info.push(info);
      if (eventId && !known.events.includes(eventId)) known.events.push(eventId);
    };
    for (const actor of result.actors || []) {
      const label = actor.name + (actor.type ? " (" + actor.type + (actor.country ? ", " + actor.country : "") + ")" : "");
      for (const m of actor.mentions || []) add("actor", m, label);
    }
    for (const place of result.places || []) {
      for (const m of place.mentions || []) add("place", m, place.name + (place.country ? " (" + place.country + ")" : ""));
    }
    for (const time of result.times || []) add("time", time, time.value ? time.type + " " + time.value : time.type);
    for (const ev of result.events || []) add("trigger", ev.trigger, ev.type + (ev.negated ? " (verneint)" : ""), ev.id);
    const cues = (result.stances || []).slice();
    for (const ev of result.events || []) cues.push(...(ev.stance || []));
    for (const stance of cues) {
      add("cue", stance.cue, stance.polarity + (stance.holder ? " – " + stance.holder.name : ""));
    }
    return Array.from(found.values());
  }

  // The spans an event rests on: its trigger, arguments, time and stance cues.
  function evidenceOf(ev, length) {
    const spans = [ev.trigger];
    for (const arg of (ev.who || []).concat(ev.whom || [], ev.where || [])) spans.push(arg.mention);
    if (ev.when) spans.push(ev.when);
    for (const stance of ev.stance || []) spans.push(stance.cue);
    return spans.filter((span) => validSpan(span, length));
  }

  // Cut the text at every span boundary, so each piece is wholly inside or outside every span,
  // even where mentions overlap or cross.
  function segment(length, result, mentions) {
    const cuts = new Set([0, length]);
    const addCuts = (span) => {
      if (validSpan(span, length)) {
        cuts.add(span.start);
        cuts.add(span.end);
      }
    };
    for (const m of mentions) addCuts(m);
    for (const ev of result.events || []) {
      addCuts(ev.sentence);
      for (const span of evidenceOf(ev, length)) addCuts(span);
    }
    const points = Array.from(cuts).sort((a, b) => a - b);
    const byStart = mentions.slice().sort((a, b) => a.start - b.start);
    const segments = [];
    let active = [];
    let next = 0;
    for (let i = 0; i + 1 < points.length; i++) {
      const start = points[i];
      const end = points[i + 1];
      active = active.filter((m) => m.end > start);
      while (next < byStart.length && byStart[next].start <= start) {
        if (byStart[next].end > start) active.push(byStart[next]);
        next++;
      }
      segments.push({ start: start, end: end, mentions: active.slice() });
    }
    return segments;
  }

  function renderArticle(text, result) {
    const chars = codePoints(text);
    const mentions = mentionsOf(result, chars.length);
    const segments = segment(chars.length, result, mentions);
    const fragment = document.createDocumentFragment();
    for (const seg of segments) {
      const node = el("span", "seg", chars.slice(seg.start, seg.end));
      node.dataset.start = seg.start;
      node.dataset.end = seg.end;
      if (seg.mentions.length) {
        node.classList.add("hl");
        const kinds = new Set(seg.mentions.map((m) => m.kind));
        for (const kind of kinds) node.classList.add("k-" + kind);
        node.dataset.keys = seg.mentions.map((m) => m.key).join(" ");
        // A trigger in the text leads to its event(s) in the table.
        const events = seg.mentions.flatMap((m) => m.events);
        if (events.length) {
          node.dataset.events = events.join(" ");
          node.classList.add("links-event");
        }
        node.title = seg.mentions
          .map((m) => KINDS.find((k) => k.kind === m.kind).label + ": " + (m.info.join("; ") || chars.slice(m.start, m.end)))
          .join("\n");
      }
      fragment.append(node);
    }
    article.classList.remove("has-selection");
    article.replaceChildren(fragment);
    article.scrollTop = 0;
    renderLegend(mentions);
    return segments;
  }

  function renderLegend(mentions) {
    const legend = $("legend");
    legend.replaceChildren();
    for (const { kind, label } of KINDS) {
      const count = mentions.filter((m) => m.kind === kind).length;
      const item = el("li", "legend-item");
      item.dataset.kind = kind;
      item.append(el("span", "swatch k-" + kind, label), el("span", "legend-count", String(count)));
      legend.append(item);
    }
  }

  // ---- the events table ----

  function names(args) {
    const cell = el("td");
    for (const arg of args || []) {
      const chip = el("span", "chip", arg.name || (arg.mention && arg.mention.text) || "?");
      const extra = [arg.role, arg.type, arg.country].filter(Boolean).join(", ");
      if (extra) chip.title = extra;
      cell.append(chip);
    }
    if (!cell.childNodes.length) cell.append(el("span", "none", "–"));
    return cell;
  }

  function renderEvents(state) {
    const events = state.result.events || [];
    tbody.replaceChildren();
    for (const ev of events) {
      const row = el("tr", "event-row");
      row.tabIndex = 0;
      row.dataset.event = ev.id;
      row.setAttribute("aria-selected", "false");

      const typeCell = el("td", "type-cell");
      const info = eventTypes[ev.type];
      const type = el("abbr", "type", ev.type);
      type.title = info ? info.de + "\n" + info.en : ev.type;
      typeCell.append(type);
      if (ev.trigger) typeCell.append(el("span", "trigger-text", "„" + ev.trigger.text + "“"));
      if (info) typeCell.append(el("span", "type-de", info.de));

      const whenCell = el("td");
      if (ev.when) {
        whenCell.append(el("span", "when-text", ev.when.text));
        if (ev.when.value) whenCell.append(el("span", "when-value", ev.when.value));
      } else {
        whenCell.append(el("span", "none", "–"));
      }

      const negCell = el("td", "neg-cell");
      negCell.append(ev.negated ? el("span", "badge negated", "ja") : el("span", "none", "nein"));

      const stanceCell = el("td");
      for (const stance of ev.stance || []) {
        const line = el("span", "stance " + (stance.polarity || "neutral"));
        line.title = stance.polarity || "";
        line.append(el("span", "polarity", POLARITY[stance.polarity] || "?"));
        line.append(el("span", "holder", stance.holder ? stance.holder.name : "–"));
        line.append(el("span", "cue-text", "„" + ((stance.cue && stance.cue.text) || "") + "“"));
        stanceCell.append(line);
      }
      if (!stanceCell.childNodes.length) stanceCell.append(el("span", "none", "–"));

      const cells = [typeCell, names(ev.who), names(ev.whom), names(ev.where), whenCell, negCell, stanceCell];
      const headers = ["Typ", "Wer", "Wen", "Wo", "Wann", "Verneint", "Haltung"];
      cells.forEach((cell, i) => {
        // One wrapper per cell, so the phone layout can put the label beside the whole content.
        const content = el("div", "cell");
        content.append(...cell.childNodes);
        cell.append(content);
        cell.dataset.label = headers[i];
        // Phones hide the empty fields of an event card; wide screens keep the column.
        if (i > 0 && content.querySelector(".none") && content.childNodes.length === 1) cell.classList.add("is-empty");
        row.append(cell);
      });
      row.addEventListener("click", () => select(ev.id));
      row.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          select(ev.id);
        }
      });
      tbody.append(row);
    }
    $("event-count").textContent = "(" + events.length + ")";
    $("no-events").hidden = events.length > 0;
    $("events").hidden = events.length === 0;
  }

  // ---- selecting an event: mark its evidence and its sentence ----

  // A click on a trigger selects its event; a second click on a shared trigger moves to the next event.
  function selectFromText(clicked) {
    const node = clicked.closest ? clicked.closest(".seg[data-events]") : null;
    if (!node) return;
    const ids = node.dataset.events.split(" ");
    const at = ids.indexOf(article.dataset.selected || "");
    select(ids[(at + 1) % ids.length], true);
  }

  function select(eventId, fromText) {
    if (!current) return;
    const ev = (current.result.events || []).find((e) => e.id === eventId);
    if (!ev) return;
    for (const row of tbody.querySelectorAll("tr.event-row")) {
      const on = row.dataset.event === eventId;
      row.classList.toggle("selected", on);
      row.setAttribute("aria-selected", on ? "true" : "false");
    }
    const length = current.length;
    const evidence = evidenceOf(ev, length);
    const sentence = validSpan(ev.sentence, length) ? ev.sentence : null;
    const inside = (seg, span) => seg.start >= span.start && seg.end <= span.end;
    let first = null;
    for (const node of article.querySelectorAll(".seg")) {
      const seg = { start: Number(node.dataset.start), end: Number(node.dataset.end) };
      const isEvidence = evidence.some((span) => inside(seg, span));
      node.classList.toggle("is-evidence", isEvidence);
      node.classList.toggle("is-trigger", !!ev.trigger && validSpan(ev.trigger, length) && inside(seg, ev.trigger));
      node.classList.toggle("in-sentence", !!sentence && inside(seg, sentence));
      if (isEvidence && !first) first = node;
    }
    article.classList.add("has-selection");
    article.dataset.selected = eventId;
    if (fromText) {
      const row = tbody.querySelector("tr.event-row.selected");
      if (row) row.scrollIntoView({ block: "nearest", behavior: "smooth" });
    } else if (first) {
      reveal(first);
    }
  }

  // Scroll the article pane (desktop) or the page (phone) so the evidence is in view.
  function reveal(node) {
    if (article.scrollHeight > article.clientHeight + 1) {
      const top = node.offsetTop - article.clientHeight / 3;
      article.scrollTo({ top: Math.max(0, top), behavior: "smooth" });
    } else {
      node.scrollIntoView({ block: "center", behavior: "smooth" });
    }
  }

  function render(text, result) {
    current = { text: text, result: result, length: codePoints(text).length };
    results.hidden = false;
    current.segments = renderArticle(text, result);
    renderEvents(current);
    const meta = [];
    if (result.reference_date) {
      meta.push("Bezugsdatum " + result.reference_date.value + (result.reference_date.source === "text" ? " (aus dem Text)" : ""));
    } else {
      meta.push("ohne Bezugsdatum");
    }
    if (result.model) meta.push("Modell " + result.model.name + " " + result.model.version);
    $("meta").textContent = meta.join(" · ");
    delete article.dataset.selected;
  }

  form.addEventListener("submit", submit);
  article.addEventListener("click", (e) => selectFromText(e.target));
  seedSelect.addEventListener("change", pickSeed);
  loadEventTypes();
  loadSeeds();
})();
