"""The editors' page: plain HTML, CSS and JavaScript that call the public API, plus the seed articles to try."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, current_app, jsonify, send_from_directory

from .errors import Problem

STATIC = Path(__file__).resolve().parent / "static"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
bp = Blueprint("web", __name__, static_folder=str(STATIC), static_url_path="/assets")

# The seed format: a leading " date YYYY-MM[-DD]" header; the page shows it in the date field instead.
_HEADER = re.compile(r"^\s{0,3}date\s+(\d{4}-\d{2}(?:-\d{2})?)(?=\s|$)\s*")
_SEED_NAME = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
_TITLE_CHARS = 80


def _seeds_dir() -> Path:
    # A setting so tests can point at another folder; the Docker image has no seeds/ and gets an empty list.
    return Path(current_app.config.get("SEEDS_DIR") or SEEDS)


def _read_seed(path: Path) -> dict:
    raw = path.read_text(encoding="utf-8")
    match = _HEADER.match(raw)
    date = match[1] if match else None
    text = raw[match.end() :] if match else raw.lstrip()
    first_line = text.strip().split("\n", 1)[0] if text.strip() else path.stem
    title = first_line if len(first_line) <= _TITLE_CHARS else first_line[: _TITLE_CHARS - 1].rstrip() + "…"
    return {"name": path.stem, "published_at": date, "title": title, "text": text}


def _seed_paths() -> list[Path]:
    folder = _seeds_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.txt") if p.is_file() and _SEED_NAME.match(p.stem))


@bp.get("/")
def index():
    return send_from_directory(STATIC, "index.html", max_age=0)


@bp.get("/seeds.json")
def seed_list():
    """The seed articles to pick from (name, date, title); empty when the deployment ships none."""
    seeds = []
    for path in _seed_paths():
        try:
            seed = _read_seed(path)
        except (OSError, UnicodeDecodeError):
            continue
        seeds.append({k: seed[k] for k in ("name", "published_at", "title")})
    return jsonify({"seeds": seeds})


@bp.get("/seeds/<name>")
def seed_text(name: str):
    """One seed article: its text without the date header, and that date for the date field."""
    # Only names from the listing are served, so no path can reach outside the seeds folder.
    path = next((p for p in _seed_paths() if p.stem == name), None) if _SEED_NAME.match(name) else None
    if path is None:
        raise Problem(404, "Not Found", f"No seed article named {name!r}.", slug="not-found")
    try:
        return jsonify(_read_seed(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise Problem(404, "Not Found", f"The seed article {name!r} cannot be read.", slug="not-found") from exc
