#!/usr/bin/env python3
"""Independent numpy reference for a sentence-transformers BERT (e.g. all-MiniLM-L6-v2).

    python scripts/models/ref_bert.py IN_DIR OUT.json [--sentences scripts/models/sentences.json]

Tokenises with the Hugging Face `tokenizers` library (the same Rust tokenizer that
sentence-transformers runs, driven by the model's own tokenizer.json), then runs the
BERT encoder in float64 straight from model.safetensors (exact erf GELU), mean-pools
over all tokens and L2-normalises -- i.e. SentenceTransformer(...).encode(text).
Nothing here touches llama.cpp or the GGUF, so it is a fair reference for
check_embeddings.mjs.
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

_erf = np.vectorize(math.erf, otypes=[np.float64])


def layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def forward(t: dict, cfg: dict, ids: list[int]) -> np.ndarray:
    g = lambda k: t[k].astype(np.float64)  # noqa: E731
    p = "bert." if "bert.embeddings.word_embeddings.weight" in t else ""
    H, NH, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg.get("layer_norm_eps", 1e-12)
    hd = H // NH
    L = len(ids)
    x = g(p + "embeddings.word_embeddings.weight")[ids]
    x = x + g(p + "embeddings.position_embeddings.weight")[:L]
    x = x + g(p + "embeddings.token_type_embeddings.weight")[0]
    x = layer_norm(x, g(p + "embeddings.LayerNorm.weight"), g(p + "embeddings.LayerNorm.bias"), eps)
    for i in range(cfg["num_hidden_layers"]):
        q_ = f"{p}encoder.layer.{i}."
        lin = lambda inp, name: inp @ g(q_ + name + ".weight").T + g(q_ + name + ".bias")  # noqa: E731
        q = lin(x, "attention.self.query").reshape(L, NH, hd).transpose(1, 0, 2)
        k = lin(x, "attention.self.key").reshape(L, NH, hd).transpose(1, 0, 2)
        v = lin(x, "attention.self.value").reshape(L, NH, hd).transpose(1, 0, 2)
        s = q @ k.transpose(0, 2, 1) / math.sqrt(hd)
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(1, 0, 2).reshape(L, H)
        x = layer_norm(x + lin(ctx, "attention.output.dense"),
                       g(q_ + "attention.output.LayerNorm.weight"), g(q_ + "attention.output.LayerNorm.bias"), eps)
        h = lin(x, "intermediate.dense")
        h = 0.5 * h * (1.0 + _erf(h / math.sqrt(2.0)))
        x = layer_norm(x + lin(h, "output.dense"),
                       g(q_ + "output.LayerNorm.weight"), g(q_ + "output.LayerNorm.bias"), eps)
    e = x.mean(0)  # mean pooling (single sequence, attention mask all ones)
    return e / np.linalg.norm(e)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("in_dir", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--sentences", type=Path, default=Path(__file__).with_name("sentences.json"))
    args = ap.parse_args()

    cfg = json.loads((args.in_dir / "config.json").read_text(encoding="utf-8"))
    t = load_file(str(args.in_dir / "model.safetensors"))
    tok = Tokenizer.from_file(str(args.in_dir / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    data = json.loads(args.sentences.read_text(encoding="utf-8"))

    def item(text: str) -> dict:
        ids = tok.encode(text).ids  # [CLS] ... [SEP]
        assert len(ids) <= cfg["max_position_embeddings"]
        return {"input": text, "ids": ids, "vector": [round(float(v), 7) for v in forward(t, cfg, ids)]}

    out = {
        "reference": "numpy float64 BERT forward + HF tokenizers (" + args.in_dir.name + ")",
        "query_prefix": "",
        "passage_prefix": "",
        "items": [item(s) for s in data["sentences"]],
        "retrieval": [
            {"lang": r["lang"], "query": item(r["query"]), "passages": [item(p) for p in r["passages"]]}
            for r in data["retrieval"]
        ],
    }
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {args.out}: {len(out['items'])} sentences, {len(out['retrieval'])} retrieval sets")


if __name__ == "__main__":
    main()
