"""The one loader of the shared word lists, and the data fingerprint that the reported model version carries."""

from __future__ import annotations

import datetime as dt
import shutil

from service.extract import Article, extract
from service.nlp import wordlists


def test_lists_are_read_from_their_files():
    assert {"und", "oder", "sowie"} <= wordlists.words("coordinators")
    assert wordlists.table("prepositions")["beim"] == "bei"
    assert wordlists.ordered("adjective_endings")[0] == "e"
    assert "#" not in "".join(wordlists.words("coordinators"))  # comment lines are no words


def test_every_list_in_the_folder_is_documented():
    readme = (wordlists.WORDS / "README.md").read_text(encoding="utf-8")
    for path in wordlists.WORDS.iterdir():
        if path.suffix in (".txt", ".tsv"):
            assert path.name in readme, f"{path.name} is not described in data/words/README.md"


def test_the_fingerprint_changes_with_any_data_file(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(wordlists.DATA / "words", copy / "words")
    monkeypatch.setattr(wordlists, "DATA", copy)
    wordlists.fingerprint.cache_clear()
    try:
        before = wordlists.fingerprint()
        with (copy / "words" / "coordinators.txt").open("a", encoding="utf-8") as f:
            f.write("bzw.\n")
        wordlists.fingerprint.cache_clear()
        assert wordlists.fingerprint() != before
    finally:
        monkeypatch.undo()
        wordlists.fingerprint.cache_clear()


def test_the_response_version_carries_the_fingerprint(nlp):
    resp = extract(nlp, Article("Scholz traf Macron in Paris.", dt.date(2025, 3, 5)))
    version = resp["model"]["version"]
    assert version.endswith("+data." + wordlists.fingerprint())
    assert version.split("+")[0] == nlp.meta["version"]
