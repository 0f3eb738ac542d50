"""Resolve stage: who each attribution's source refers to.

Maps the source mention of every attribution ("he", "the Lyon striker",
"Solveig", "the ministry", "who") to a canonical speaker, the fullest name the
article gives, and lists the people and organisations the article mentions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..context import ArticleContext
from ..records import Attribution, Speaker, SpeakerKind
from .settings import DEFAULT, Settings


@dataclass(slots=True)
class Resolution:
    """``speakers[i]`` is the index into ``entities`` of attribution i's speaker, or None.

    ``kinds[i]`` is the speaker kind of attribution i (``unnamed`` or ``group``
    when the source names nobody). ``addressees`` and ``media`` hold the
    canonical names of the addressee and medium of attribution i, if any.
    ``descriptions[i]``, when attribution i names no one, is the description
    its source stands for: "the regional water board" for the "which" of
    "the regional water board, which said".
    """

    entities: list[Speaker] = field(default_factory=list)
    speakers: list[int | None] = field(default_factory=list)
    kinds: list[SpeakerKind] = field(default_factory=list)
    addressees: list[str | None] = field(default_factory=list)
    media: list[str | None] = field(default_factory=list)
    descriptions: list[str | None] = field(default_factory=list)


def resolve_speakers(
    doc: Doc,
    attributions: list[Attribution],
    author: str | None = None,
    context: ArticleContext | None = None,
    settings: Settings | None = None,
) -> Resolution:
    """``author`` is the article's byline, if known: a columnist's own "I" is that person.

    ``context`` is the article's ``ArticleContext`` when the caller has built
    it already; ``settings`` changes thresholds or switches rules off (for
    measuring; the default is what the engine uses).
    """
    from .resolver import Resolver

    return Resolver(doc, author=author, context=context, settings=settings or DEFAULT).resolve(attributions)
