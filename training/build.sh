#!/usr/bin/env bash
# Rebuilds the shipped German pipeline models/de_news_events from ../shared/data with a fixed seed (1234).
# One thread per process (the machine has 2 cores, shared); the two trainings run one after the other.
# Usage: training/build.sh            (from the repository root or anywhere; uses .venv if present)
# Env:   SHARED_DATA=path/to/shared/data   PYTHON=python3   SKIP_RULER_DATA=1 (keep the ruler gazetteers)
#        PRETRAIN=1 (also pretrain the NER tok2vec with `spacy pretrain` on raw text; off by default)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DATA="${SHARED_DATA:-$ROOT/../shared/data}"
if [ -z "${PYTHON:-}" ]; then
  if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi
fi
if [ ! -d "$DATA" ]; then
  echo "build.sh: $DATA not found: the training corpora live in ../shared/data" >&2
  exit 1
fi
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONHASHSEED=0
OUT="$ROOT/training/output"
rm -rf "$ROOT/training/corpus" "$OUT"
mkdir -p "$OUT"
t0=$(date +%s)
"$PYTHON" training/convert.py --data "$DATA" --out training/corpus
if [ -z "${SKIP_RULER_DATA:-}" ]; then
  "$PYTHON" training/build_ruler_data.py --data "$DATA"
fi
t1=$(date +%s)
# One training run for tok2vec + tagger + morphologizer + NER (one shared tok2vec: half the run-time cost of two).
# Treebank Docs carry no entities and NER Docs no tags: spaCy treats both as missing annotation, not as negative.
# The small treebank is listed three times so that the tagger sees it about as often as the NER sees its corpora.
C=training/corpus
# One more copy of the news corpora with their PER/LOC/ORG names swapped for other names (training/augment.py).
"$PYTHON" training/augment.py --src "$C/ner-train.spacy" "$C/ner-smartdata-v1.spacy" --out "$C/ner-augmented.spacy"
ta=$(date +%s)
mkdir -p "$C/joint-train" "$C/joint-dev"
cp "$C/ner-train.spacy" "$C/ner-europeana.spacy" "$C/ner-smartdata-v1.spacy" "$C/ner-augmented.spacy" "$C/joint-train/"
for k in 1 2 3; do cp "$C/ud-train.spacy" "$C/joint-train/ud-train-$k.spacy"; done
cp "$C/ner-dev.spacy" "$C/ud-dev.spacy" "$C/joint-dev/"
INIT_TOK2VEC=null
if [ -n "${PRETRAIN:-}" ]; then
  # optional: pretrain the tok2vec on raw text (measured: no gain on the dev set, see models/MODEL_CARD.md)
  "$PYTHON" training/raw_text.py --data "$DATA" --out training/corpus/raw.jsonl
  "$PYTHON" -m spacy pretrain training/configs/joint.cfg "$OUT/pretrain" | tee "$OUT/pretrain.log"
  INIT_TOK2VEC="$OUT/pretrain/model-last.bin"  # the weights after the last epoch, whatever max_epochs says
fi
t2=$(date +%s)
"$PYTHON" -m spacy train training/configs/joint.cfg -o "$OUT/joint" --paths.init_tok2vec "$INIT_TOK2VEC" \
  | tee "$OUT/joint.log"
t4=$(date +%s)
cat > "$OUT/times.json" <<EOF
{"training_seconds": {"convert": $((t1 - t0)), "augment": $((ta - t1)), "pretrain": $((t2 - ta)), "train": $((t4 - t2)), "total": $((t4 - t0))}}
EOF
"$PYTHON" training/assemble.py --data "$DATA" --out models/de_news_events --meta "$OUT/times.json"
du -sh models/de_news_events
echo "build.sh: done in $((t4 - t0)) s of training; benchmark with: $PYTHON bench/ner_eval.py"
