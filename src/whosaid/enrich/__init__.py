"""Enrich stage: what the text tells about each speaker (gender with evidence, role).

``profile_speakers(doc, speakers, overrides=...)`` fills each speaker in place;
``load_gender_overrides(path)`` reads a user's CSV or YAML overrides file once,
to pass as ``overrides`` for every article; ``add_gender_overrides_option``
gives a command its ``--gender-overrides FILE`` option.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from spacy.tokens import Doc

from ..context import ArticleContext
from ..records import Speaker
from .overrides import GenderOverrides, OverridesError, add_gender_overrides_option, load_gender_overrides


def profile_speakers(
    doc: Doc,
    speakers: list[Speaker],
    overrides: GenderOverrides | Mapping[str, str] | str | Path | None = None,
    context: ArticleContext | None = None,
) -> None:
    """Fill ``gender``, ``gender_evidence`` and ``role`` of each person in place.

    ``context`` is the article's ``ArticleContext`` when the caller has built it already.
    """
    from .profile import profile

    profile(doc, speakers, overrides=overrides, context=context)


__all__ = [
    "profile_speakers",
    "load_gender_overrides",
    "add_gender_overrides_option",
    "GenderOverrides",
    "OverridesError",
]
