#!/usr/bin/env python3
"""Convert a safetensors BERT (WordPiece tokenizer) to GGUF for llama.cpp's `bert` arch.

    python scripts/models/convert_bert.py IN_DIR OUT.gguf [--outtype f16|f32|q8_0] [--model-name NAME]

IN_DIR is a Hugging Face / sentence-transformers model folder holding config.json,
model.safetensors, tokenizer.json, tokenizer_config.json and (optionally)
modules.json + <pooling>/config.json, e.g. sentence-transformers/all-MiniLM-L6-v2.

This is a torch-free, transformers-free re-implementation of llama.cpp's own
`convert_hf_to_gguf.py` path for `BertModel` (conversion/bert.py + conversion/base.py
of the llama.cpp tree that node-llama-cpp 3.21.1 bundles), written with the same
gguf-py package (pinned in requirements.txt).  It reproduces:

  * tensor filtering (pooler / position_ids / cls.* dropped) and naming through
    gguf.get_tensor_name_map(MODEL_ARCH.BERT, n_layers);
  * the dtype rules of ModelBase.prepare_tensors: 1-D tensors, *_norm.weight,
    position_embd, token_types and every non-".weight" tensor are F32, the other
    matrices follow --outtype;
  * metadata order: general.* (gguf.Metadata.load, as the converter does), then
    bert.block_count, context_length, embedding_length, feed_forward_length,
    attention.head_count, attention.layer_norm_epsilon, general.file_type,
    attention.causal=false, pooling_type (from modules.json), quantization version;
  * the vocab: TextModel.get_vocab_base (added/special tokens -> CONTROL,
    missing ids -> "[PAD{i}]" UNUSED), tokenizer.ggml.pre from the same
    chktxt sha256 table (BERT uncased vocab -> "jina-v2-en"), the WordPiece
    "phantom space" transformation ("##x" -> "x", other non-control tokens ->
    "\u2581" + tok), token_type_count, and gguf.SpecialVocab (cls/sep/unk/pad/mask
    ids, add_bos/add_eos/add_sep) plus the bundled gguf-py's
    tokenizer.ggml.normalizer.lowercase / strip_accents keys.

Output is deterministic: no timestamps, no dict-order or environment dependence.
The sha256 of the written file is printed on the last line.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
from gguf_out import report, write_gguf

try:
    import gguf
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer
except ImportError as exc:  # pragma: no cover - environment guard
    sys.exit(f"missing dependency ({exc}); pip install -r scripts/models/requirements.txt")

# Verbatim from llama.cpp conversion/base.py TextModel.get_vocab_base_pre.
CHKTXT = '\n \n\n \n\n\n \t \t\t \t\n  \n   \n    \n     \n🚀 (normal) 😶\u200d🌫️ (multiple emojis concatenated) ✅ 🦙🦙 3 33 333 3333 33333 333333 3333333 33333333 3.3 3..3 3...3 កាន់តែពិសេសអាច😁 ?我想在apple工作1314151天～ ------======= нещо на Български \'\'\'\'\'\'```````""""......!!!!!!?????? I\'ve been \'told he\'s there, \'RE you sure? \'M not sure I\'ll make it, \'D you like some tea? We\'Ve a\'lL'

# Subset of the converter's hash table that can occur for a WordPiece BERT.
# Later entries win, exactly like the converter's chain of `if`s
# (0876d13b... is listed for bert-bge first and for jina-v2-en afterwards).
CHKHSH_TO_PRE = [
    ("0876d13b50744004aa9aeae05e7b0647eac9d801b5ba4668afc01e709c15e19f", "bert-bge"),
    ("8e62295832751ca1e8f92f2226f403dea30dc5165e448b5bfa05af5340c64ec7", "bert-bge-large"),
    ("c7699093ba4255a91e702aa38a596aa81669f3525dae06c2953267dde580f448", "jina-v1-en"),
    ("0876d13b50744004aa9aeae05e7b0647eac9d801b5ba4668afc01e709c15e19f", "jina-v2-en"),
    ("171aeeedd6fb548d418a7461d053f11b6f1f1fc9b387bd66640d28a4b9f5c643", "jina-v2-es"),
    ("27949a2493fc4a9f53f5b9b029c82689cfbe5d3a1929bb25e043089e28466de6", "jina-v2-de"),
    ("b3d1dd861f1d4c5c0d2569ce36baf3f90fe8a102db3de50dd71ff860d91be3df", "jina-v2-de"),
]

SUPPORTED_ARCHS = ("BertModel", "BertForMaskedLM", "BertForSequenceClassification")

# HF sentence-transformers pooling flags -> gguf.PoolingType (conversion/base.py _try_set_pooling_type)
POOLING_FLAGS = (
    ("pooling_mode_mean_tokens", gguf.PoolingType.MEAN),
    ("pooling_mode_cls_token", gguf.PoolingType.CLS),
    ("pooling_mode_lasttoken", gguf.PoolingType.LAST),
)


def find_hparam(hparams: dict, keys, optional=False):
    for k in keys:
        if k in hparams:
            return hparams[k]
    if optional:
        return None
    raise KeyError(f"could not find any of: {keys}")


def tensor_qtype(new_name: str, data: np.ndarray, ftype: gguf.LlamaFileType, bid: int | None) -> gguf.GGMLQuantizationType:
    """ModelBase.prepare_tensors dtype selection, restricted to what BERT needs."""
    if data.ndim <= 1 or new_name.endswith("_norm.weight"):
        return gguf.GGMLQuantizationType.F32
    always_f32 = {
        gguf.TENSOR_NAMES[gguf.MODEL_TENSOR.POS_EMBD] + ".weight",
        gguf.TENSOR_NAMES[gguf.MODEL_TENSOR.TOKEN_TYPES] + ".weight",
    }
    if new_name in always_f32 or new_name[-7:] not in (".weight", ".lora_a", ".lora_b"):
        return gguf.GGMLQuantizationType.F32
    if ftype == gguf.LlamaFileType.ALL_F32:
        return gguf.GGMLQuantizationType.F32
    if ftype == gguf.LlamaFileType.MOSTLY_F16:
        return gguf.GGMLQuantizationType.F16
    if ftype == gguf.LlamaFileType.MOSTLY_Q8_0:
        # As llama.cpp's converter: Q8_0 where rows split into 32-value blocks, else F16.
        return gguf.GGMLQuantizationType.Q8_0 if data.shape[-1] % 32 == 0 else gguf.GGMLQuantizationType.F16
    raise ValueError(f"unsupported file type {ftype!r}")


def filter_tensor_name(name: str) -> str | None:
    """BertModel.filter_tensors."""
    if name.startswith("bert."):
        name = name[5:]
    if name.endswith(".gamma"):
        name = name[:-6] + ".weight"
    if name.endswith(".beta"):
        name = name[:-5] + ".bias"
    if name in ("embeddings.position_ids", "pooler.dense.weight", "pooler.dense.bias"):
        return None
    if name.startswith("cls.predictions") or name.startswith("cls.seq_relationship"):
        return None
    if name.endswith((".attention.masked_bias", ".attention.bias", ".rotary_emb.inv_freq")):
        return None
    return name


def load_vocab(in_dir: Path, hparams: dict):
    """TextModel.get_vocab_base for a BertTokenizerFast, without transformers."""
    with open(in_dir / "tokenizer.json", encoding="utf-8") as f:
        tok_json = json.load(f)
    model = tok_json["model"]
    if model.get("type") != "WordPiece":
        raise SystemExit(f"tokenizer.json model type is {model.get('type')!r}, expected WordPiece")
    vocab: dict[str, int] = dict(model["vocab"])
    added = {a["content"]: a for a in tok_json.get("added_tokens", [])}
    for content, a in added.items():
        vocab[content] = a["id"]
    vocab_size = hparams.get("vocab_size", len(vocab))
    assert max(vocab.values()) < vocab_size

    reverse = {i: t for t, i in vocab.items()}
    tokens: list[str] = []
    toktypes: list[int] = []
    for i in range(vocab_size):
        if i not in reverse:
            tokens.append(f"[PAD{i}]")
            toktypes.append(gguf.TokenType.UNUSED)
            continue
        token = reverse[i]
        if token in added:
            a = added[token]
            # WordPiece decode(encode(tok)) of an unnormalised special token is the token itself
            if a.get("special") or looks_special(token):
                toktypes.append(gguf.TokenType.CONTROL)
            else:
                token = token.replace("\u2581", " ")
                toktypes.append(gguf.TokenType.USER_DEFINED)
        else:
            toktypes.append(gguf.TokenType.NORMAL)
        tokens.append(token)

    # tokenizer.ggml.pre: hash of AutoTokenizer.encode(chktxt) (special tokens added,
    # no truncation / padding) -- the tokenizers library is what BertTokenizerFast runs.
    tk = Tokenizer.from_file(str(in_dir / "tokenizer.json"))
    tk.no_truncation()
    tk.no_padding()
    chkhsh = hashlib.sha256(str(tk.encode(CHKTXT).ids).encode()).hexdigest()
    tokpre = None
    for h, name in CHKHSH_TO_PRE:
        if h == chkhsh:
            tokpre = name
    if tokpre is None:
        raise SystemExit(f"unknown BERT pre-tokenizer hash {chkhsh}; not a stock BERT WordPiece tokenizer")
    return tokens, toktypes, tokpre, tok_json


def looks_special(token: str) -> bool:
    """TextModel.does_token_look_special."""
    s = token in ("<pad>", "<mask>", "<2mass>", "[@BOS@]")
    s = s or (token.startswith("<|") and token.endswith("|>"))
    s = s or (token.startswith("<\uff5c") and token.endswith("\uff5c>"))
    s = s or (token.startswith("<unused") and token.endswith(">"))
    return s


def phantom(tok: str, toktype: int) -> str:
    """BertModel.set_vocab: convert to phantom space vocab."""
    if toktype == gguf.TokenType.CONTROL:
        return tok
    if tok.startswith("##"):
        return tok[2:]
    return "\u2581" + tok


def add_normalizer_flags(writer: gguf.GGUFWriter, normalizer: dict | None) -> None:
    """SpecialVocab._parse_normalizer of the gguf-py bundled with node-llama-cpp's llama.cpp
    (newer than gguf 0.19.0 on PyPI, which lacks it).  llama.cpp defaults to
    lowercase = strip_accents = true when the keys are absent."""
    flags: dict[str, bool | None] = {}

    def parse(n: dict) -> None:
        t = n.get("type")
        if t == "Lowercase":
            flags["lowercase"] = True
        elif t == "StripAccents":
            flags["strip_accents"] = True
        elif t == "BertNormalizer":
            if "lowercase" in n:
                flags["lowercase"] = n["lowercase"]
            if "strip_accents" in n:
                flags["strip_accents"] = n["strip_accents"]
        elif t == "Sequence":
            for sub in n.get("normalizers", []):
                parse(sub)

    if normalizer:
        parse(normalizer)
    if flags.get("lowercase") is not None:
        writer.add_bool("tokenizer.ggml.normalizer.lowercase", bool(flags["lowercase"]))
    if flags.get("strip_accents") is not None:
        writer.add_bool("tokenizer.ggml.normalizer.strip_accents", bool(flags["strip_accents"]))


def pooling_type(in_dir: Path):
    modules = in_dir / "modules.json"
    if not modules.is_file():
        return None
    with open(modules, encoding="utf-8") as f:
        mods = json.load(f)
    path = next((m["path"] for m in mods if m["type"].endswith("Pooling")), None)
    if path is None:
        return None
    with open(in_dir / path / "config.json", encoding="utf-8") as f:
        pooling = json.load(f)
    for flag, ptype in POOLING_FLAGS:
        if pooling.get(flag):
            return ptype
    mode = pooling.get("pooling_mode")
    mapping = {"mean": gguf.PoolingType.MEAN, "cls": gguf.PoolingType.CLS, "lasttoken": gguf.PoolingType.LAST}
    if mode in mapping:
        return mapping[mode]
    raise SystemExit("Only MEAN, CLS, and LAST pooling types supported")



def convert(in_dir: Path, out: Path, outtype: str, model_name: str | None) -> None:
    with open(in_dir / "config.json", encoding="utf-8") as f:
        hparams = json.load(f)
    archs = hparams.get("architectures") or ["BertModel"]
    if archs[0] not in SUPPORTED_ARCHS or hparams.get("model_type", "bert") != "bert":
        raise SystemExit(f"not a BERT checkpoint: architectures={archs} model_type={hparams.get('model_type')}")
    if hparams.get("position_embedding_type", "absolute") != "absolute":
        raise SystemExit("only absolute position embeddings are supported by llama.cpp's bert arch")
    if hparams.get("hidden_act", "gelu") != "gelu":
        raise SystemExit(f"hidden_act {hparams.get('hidden_act')!r} is not gelu")

    ftype = {
        "f32": gguf.LlamaFileType.ALL_F32,
        "f16": gguf.LlamaFileType.MOSTLY_F16,
        "q8_0": gguf.LlamaFileType.MOSTLY_Q8_0,
    }[outtype]
    arch = gguf.MODEL_ARCH.BERT
    block_count = find_hparam(hparams, ["n_layers", "num_hidden_layers", "n_layer", "num_layers"])
    tensor_map = gguf.get_tensor_name_map(arch, block_count)
    writer = gguf.GGUFWriter(path=None, arch=gguf.MODEL_ARCH_NAMES[arch])

    # ---- tensors (ModelBase.prepare_tensors); safetensors order = sorted by name
    parts = sorted(p.name for p in in_dir.iterdir() if p.name.startswith("model") and p.name.endswith(".safetensors"))
    if not parts:
        raise SystemExit(f"no model*.safetensors in {in_dir}")
    for part in parts:
        tensors = load_file(str(in_dir / part))
        for name in sorted(tensors):
            hf_name = filter_tensor_name(name)
            if hf_name is None:
                continue
            data = tensors[name]
            if data.dtype not in (np.float16, np.float32):
                data = data.astype(np.float32)
            bid = next((int(p) for p in hf_name.split(".") if p.isdecimal()), None)
            new_name = tensor_map.get_name(key=hf_name, try_suffixes=(".weight", ".bias"))
            if new_name is None:
                raise SystemExit(f"Can not map tensor {hf_name!r}")
            qtype = tensor_qtype(new_name, data, ftype, bid)
            data = gguf.quants.quantize(data, qtype)
            writer.add_tensor(new_name, data, raw_dtype=qtype)
        del tensors

    # ---- metadata (ModelBase.prepare_metadata)
    total_params, shared_params, expert_params, expert_count = writer.get_total_parameter_count()
    metadata = gguf.Metadata.load(None, in_dir, model_name, total_params)
    if metadata.name is None:
        metadata.name = in_dir.name
    if metadata.size_label is None and total_params > 0:
        metadata.size_label = gguf.size_label(total_params, shared_params, expert_params, expert_count)
    writer.add_type(gguf.GGUFType.MODEL)
    metadata.set_gguf_meta_model(writer)

    # TextModel.set_gguf_parameters (the keys a BERT config can hit)
    writer.add_block_count(block_count)
    if (n_ctx := find_hparam(hparams, ["max_position_embeddings", "n_ctx", "n_positions", "max_length", "max_sequence_length", "model_max_length"], optional=True)) is not None:
        writer.add_context_length(n_ctx)
    writer.add_embedding_length(find_hparam(hparams, ["hidden_size", "n_embd", "dim"]))
    if (n_ff := find_hparam(hparams, ["prefix_dense_intermediate_size", "dense_intermediate_size", "intermediate_size", "n_inner", "hidden_dim"], optional=True)) is not None:
        writer.add_feed_forward_length(n_ff)
    writer.add_head_count(find_hparam(hparams, ["num_attention_heads", "n_head", "n_heads"]))
    if (n_head_kv := find_hparam(hparams, ["num_key_value_heads", "n_kv_heads"], optional=True)) is not None:
        writer.add_head_count_kv(n_head_kv)
    if (f_norm_eps := find_hparam(hparams, ["layer_norm_eps", "layer_norm_epsilon", "norm_epsilon"], optional=True)) is not None:
        writer.add_layer_norm_eps(f_norm_eps)
    writer.add_file_type(ftype)
    # BertModel.set_gguf_parameters
    writer.add_causal_attention(False)
    if (ptype := pooling_type(in_dir)) is not None:
        writer.add_pooling_type(ptype)
    writer.add_quantization_version(gguf.GGML_QUANT_VERSION)

    # ---- vocab (BertModel.set_vocab)
    tokens, toktypes, tokpre, tok_json = load_vocab(in_dir, hparams)
    writer.add_token_type_count(hparams.get("type_vocab_size", 1))
    assert len(tokens) == len(toktypes)
    tokens = list(map(phantom, tokens, toktypes))
    writer.add_tokenizer_model("bert")
    writer.add_tokenizer_pre(tokpre)
    writer.add_token_list(tokens)
    writer.add_token_types(toktypes)
    special_vocab = gguf.SpecialVocab(in_dir, n_vocab=len(tokens))
    special_vocab.add_to_gguf(writer, quiet=True)
    add_normalizer_flags(writer, tok_json.get("normalizer"))

    # ---- write (ModelBase.write)
    write_gguf(writer, out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("in_dir", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--outtype", choices=("f16", "f32", "q8_0"), default="f16")
    ap.add_argument("--model-name", default=None, help="general.name override (as convert_hf_to_gguf --model-name)")
    args = ap.parse_args()
    convert(args.in_dir, args.out, args.outtype, args.model_name)
    report(args.out)


if __name__ == "__main__":
    main()
