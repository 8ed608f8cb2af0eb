#!/usr/bin/env bash
# Packs what Spark executors need of the project (service/, schemas/, models/: code, data and the model, as
# committed) into dist/news_events.tar.gz for spark-submit --archives dist/news_events.tar.gz#news_events.
# The Python packages (requirements.txt) come from the cluster's image or a packed environment: see the README.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p dist
git archive --format=tar.gz -o dist/news_events.tar.gz HEAD service schemas models
echo "dist/news_events.tar.gz: $(du -h dist/news_events.tar.gz | cut -f1) (service, schemas, models at $(git rev-parse --short HEAD))"
