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
from ..records import Quote, Speaker
from .overrides import GenderOverrides, OverridesError, add_gender_overrides_option, load_gender_overrides


def profile_speakers(
    doc: Doc,
    speakers: list[Speaker],
    overrides: GenderOverrides | Mapping[str, str] | str | Path | None = None,
    context: ArticleContext | None = None,
    own_words: Mapping[int, list[tuple[int, int]]] | None = None,
) -> None:
    """Fill ``gender``, ``gender_evidence`` and ``role`` of each person in place.

    ``context`` is the article's ``ArticleContext`` when the caller has built it already.
    ``own_words`` maps a speaker's index in ``speakers`` to the character ranges of the
    contents attributed to them: a pronoun there is no evidence of the speaker's gender.
    """
    from .profile import profile

    profile(doc, speakers, overrides=overrides, context=context, own_words=own_words)


def profile_unnamed_sources(doc: Doc, quotes: list[Quote], sources: list, context: ArticleContext) -> None:
    """Fill ``gender`` and ``gender_evidence`` in place of each quote whose source names nobody, from the
    noun heading it ("a spokeswoman for the council said"); ``sources`` are the quotes' source offsets, in order."""
    from .evidence import decide, unnamed_source_evidence

    for quote, source in zip(quotes, sources):
        if quote.speaker is None and quote.speaker_kind == "unnamed":
            gender, trail = decide(unnamed_source_evidence(doc, source, context.paragraphs))
            quote.gender, quote.gender_evidence = gender, tuple(str(e) for e in trail)


__all__ = [
    "profile_speakers",
    "profile_unnamed_sources",
    "load_gender_overrides",
    "add_gender_overrides_option",
    "GenderOverrides",
    "OverridesError",
]
