#!/usr/bin/env bash
# Experiment, not part of `make model`: trains a dependency parser for the shipped pipeline and writes a copy of
# models/de_news_events with the parser added (models/MODEL_CARD.md, "Tried and not kept", has the figures).
# Usage: training/build_parser.sh a|b [OUT]     a = training/configs/parser.cfg (listens to the frozen shipped
#        tok2vec), b = training/configs/parser_own.cfg (own narrow tok2vec over words, tags and morphology);
#        OUT defaults to training/output/de_news_events_parser_<variant>.
# Then: python -m bench.parser_eval --model OUT; python -m bench.devgold --model OUT; NEWS_EVENTS_MODEL=OUT ...
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VARIANT="${1:?usage: training/build_parser.sh a|b [OUT]}"
case "$VARIANT" in
  a) CFG=training/configs/parser.cfg ;;
  b) CFG=training/configs/parser_own.cfg ;;
  *) echo "build_parser.sh: variant a or b, not $VARIANT" >&2; exit 2 ;;
esac
OUT="${2:-$ROOT/training/output/de_news_events_parser_$VARIANT}"
DATA="${SHARED_DATA:-$ROOT/../shared/data}"
if [ -z "${PYTHON:-}" ]; then
  if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi
fi
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONHASHSEED=0
C=training/corpus
mkdir -p training/output
[ -f "$C/ud-train.spacy" ] || "$PYTHON" training/convert.py --data "$DATA" --out "$C"
# GSD dev+test minus the 178 sentences of ud-dev (kept for choosing the checkpoint); PUD is never read here
rm -rf "$C/parser-train" && mkdir -p "$C/parser-train"
cp "$C/ud-train.spacy" "$C/ud-test.spacy" "$C/parser-train/"
"$PYTHON" -m spacy train "$CFG" -o "training/output/parser-$VARIANT" | tee "training/output/parser-$VARIANT.log"
"$PYTHON" training/add_parser.py --parser "training/output/parser-$VARIANT/model-best" --base models/de_news_events --out "$OUT"
