"""The German word lists the components share, read once from data/words/ so that linguists extend them there.

`words("coordinators")` is the set in data/words/coordinators.txt (one word a line), `table("prepositions")` the
mapping in data/words/prepositions.tsv (word, value). `#` starts a comment line; blank lines are skipped. Every
file in data/ counts towards `fingerprint()`, which the model version carries: an answer that changes because a
list changed is told apart by its version.
"""

from __future__ import annotations

import csv
import functools
import hashlib
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
WORDS = DATA / "words"


def _lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a project TSV: '#' comment lines, then a header row, then tab-separated rows."""
    if not path.exists():
        return []
    return list(csv.DictReader(_lines(path), delimiter="\t", quoting=csv.QUOTE_NONE))


@functools.cache
def words(name: str) -> frozenset[str]:
    """The words of data/words/<name>.txt (first tab-separated field of each line, spaces trimmed)."""
    return frozenset(line.split("\t")[0].strip() for line in _lines(WORDS / f"{name}.txt"))


@functools.cache
def ordered(name: str) -> tuple[str, ...]:
    """The words of data/words/<name>.txt in file order (for prefix and suffix lists where order matters)."""
    return tuple(line.split("\t")[0].strip() for line in _lines(WORDS / f"{name}.txt"))


@functools.cache
def table(name: str) -> dict[str, str]:
    """The word -> value mapping of data/words/<name>.tsv (columns `word` and `value`)."""
    return {row["word"].strip(): (row.get("value") or "").strip() for row in read_tsv(WORDS / f"{name}.tsv")}


@functools.cache
def fingerprint() -> str:
    """A short hash over every data file the components read: part of the reported model version."""
    digest = hashlib.sha256()
    for path in sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix in (".tsv", ".txt", ".json")):
        digest.update(str(path.relative_to(DATA)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]
