#!/usr/bin/env python3
"""Converts the MIT-licensed textblob-de polarity lexicon (Clematide & Klenner 2010) into polarity.tsv.

    python service/nlp/data/stance/build_polarity.py [path/to/de-sentiment.xml]

Keeps lemma, POS, polarity and confidence; drops neutral entries (polarity 0) since they cue nothing.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parents[4] / "shared" / "data" / "german-polarity-lexicon-textblob-de" / "de-sentiment.xml"
POS = {"JJ": "ADJ", "NN": "NOUN", "VB": "VERB", "RB": "ADV"}


def main(argv: list[str]) -> int:
    src = Path(argv[1]) if len(argv) > 1 else DEFAULT
    rows = {}
    for w in ET.parse(src).getroot().iter("word"):
        form = (w.get("form") or "").strip()
        pol = float(w.get("polarity") or 0)
        if not form or pol == 0 or " " in form:
            continue
        key = (form, POS.get(w.get("pos") or "", "X"))
        rows[key] = (pol, float(w.get("confidence") or 1))
    out = HERE / "polarity.tsv"
    with out.open("w", encoding="utf-8") as f:
        f.write(
            "# Converted from textblob-de 0.4.3 de-sentiment.xml (MIT; Clematide & Klenner 2010) by build_polarity.py\n"
        )
        f.write("lemma\tpos\tpolarity\tconfidence\n")
        for (form, pos), (pol, conf) in sorted(rows.items()):
            f.write(f"{form}\t{pos}\t{pol:g}\t{conf:g}\n")
    print(f"{len(rows)} entries -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
