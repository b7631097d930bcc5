"""What both converters do last: write the GGUF and report its size and sha256."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_gguf(writer, out: Path) -> None:  # writer: gguf.GGUFWriter (ModelBase.write)
    out.parent.mkdir(parents=True, exist_ok=True)
    writer.write_header_to_file(path=out)
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file(progress=False)
    writer.close()


def report(out: Path) -> None:
    print(f"wrote {out} ({out.stat().st_size} bytes)")
    print(f"sha256 {sha256_file(out)}  {out}")
