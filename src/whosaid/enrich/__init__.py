"""Enrich stage: what the text tells about each speaker (gender with evidence, role)."""

from __future__ import annotations

from spacy.tokens import Doc

from ..records import Speaker


def profile_speakers(doc: Doc, speakers: list[Speaker]) -> None:
    """Fill ``gender``, ``gender_evidence`` and ``role`` of each person in place."""
    from .profile import profile

    profile(doc, speakers)
