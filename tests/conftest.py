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
