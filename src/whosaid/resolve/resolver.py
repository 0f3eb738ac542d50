"""The resolver: one article's entity table, its mention links, and each attribution's speaker.

``Resolver(doc)`` builds the entity table (``table``) and links every
pronoun and description outside quotes (``linking``), once. ``resolve``
then reads each attribution's source (``sources``) through the mention
rules (``mentions``) and gives the speakers, their kinds, and the addressee
and medium of every cue (``cues``).
"""

from __future__ import annotations

import re
from functools import cached_property

from spacy.tokens import Doc, Token

from ..context import ArticleContext
from ..lexicon import title_gender
from ..records import Attribution, Speaker
from . import Resolution
from .cues import addressee_and_medium
from .entities import Entity
from .linking import NOBODY, Linker, Referent
from .rules import declare
from .settings import DEFAULT, Settings
from .sources import source_referents
from .table import EntityTable
from .words import english_word, known_first_name


class Resolver:
    def __init__(
        self,
        doc: Doc,
        author: str | None = None,
        context: ArticleContext | None = None,
        settings: Settings = DEFAULT,
    ):
        self.doc = doc
        self.context = ArticleContext.of(doc, context)
        self.settings = settings
        self.author = byline_name(author)
        self._author_entity: int | None = None
        self.table = EntityTable(self.context, settings)
        self.linker = Linker(self.table, settings)

    @property
    def entities(self) -> list[Entity]:
        return self.table.entities

    @cached_property
    def campaign_owners(self) -> list[tuple[int, int, bool]]:
        """The campaigns the article ties to a person (``descriptions.campaign_owners``)."""
        from .descriptions import campaign_owners

        return campaign_owners(self)

    def resolve(self, attributions: list[Attribution]) -> Resolution:
        referents = source_referents(self, attributions)
        resolution = Resolution()
        index: dict[int, int] = {}
        speaking = {r.entity for r in referents}
        shown = _names_with_honorifics(self.table.entities)
        for k, entity in enumerate(self.table.entities):
            quoted = k in speaking
            if entity.kind == "place" and not quoted:
                continue
            index[k] = len(resolution.entities)
            name = shown.get(k)
            if name is None and entity.kind == "person" and entity.canonical.isupper() \
                    and self.settings.on(READABLE_CAPITALS):
                name = self.cased(entity.canonical)
            resolution.entities.append(_speaker(entity, quoted, name))
        for att, referent in zip(attributions, referents):
            resolution.speakers.append(index.get(referent.entity) if referent.entity is not None else None)
            resolution.descriptions.append(self._description(att) if referent.entity is None else None)
            resolution.kinds.append(referent.kind)
            addressee, medium = addressee_and_medium(self, att)
            resolution.addressees.append(addressee)
            resolution.media.append(medium)
        return resolution

    def _description(self, attribution: Attribution) -> str | None:
        """The noun phrase a relative-pronoun source stands for, as written."""
        from .mentions import relative_antecedent_phrase
        from .sources import source_root

        root = source_root(self, attribution)
        return relative_antecedent_phrase(self, root) if root is not None else None

    def referent(self, token: Token, span: set[int] | None = None) -> Referent:
        """What the mention headed by ``token`` refers to (see ``mentions``)."""
        from .mentions import referent

        return referent(self, token, span)

    def canonical_name(self, token: Token) -> str | None:
        """The canonical name of the entity ``token`` is part of, if any."""
        e_id = self.table.of(token)
        if e_id is None and token.tag_ in ("PRP", "PRP$"):
            e_id = self.linker.pronoun_referent.get(token.i, NOBODY).entity
        return self.table[e_id].canonical if e_id is not None else None

    def author_id(self) -> int:
        if self._author_entity is None:
            for k, entity in enumerate(self.table.entities):
                if entity.kind == "person" and entity.words == tuple(self.author.lower().split()):
                    self._author_entity = k
                    break
            else:
                self._author_entity = self.table.add(Entity("person", self.author, names=[self.author]))
        return self._author_entity

    def cased(self, name: str) -> str:
        """A name written in capitals ("WALLACE") as the article writes it elsewhere, else capitalised."""
        for match in re.finditer(r"\b" + re.escape(name) + r"\b", self.context.text, flags=re.IGNORECASE):
            if not match.group().isupper() and match.group()[:1].isupper():
                return match.group()
        # Three capitals or fewer that are no first name are initials ("JFK"), kept as written.
        return " ".join(
            word if len(word) <= 3 and word.isalpha() and not known_first_name(word.capitalize()) else word.capitalize()
            for word in name.split()
        )


READABLE_CAPITALS = declare(
    "readable-capitals", "mention",
    '"SUSAN HALVERSON, the council leader, said": a person whose every name in the article is written in '
    "capitals is shown as the article writes the name elsewhere, else in title case (initials such as "
    '"JFK" kept); a store or a reader would otherwise take "HILLARY CLINTON" for someone else',
)


def _names_with_honorifics(entities: list[Entity]) -> dict[int, str]:
    """ "Mrs. Whitfield" and "Mr. Whitfield" for two people of one article the honorific alone tells apart
    (no first name given): by the bare surname they would be one name, and whatever reads the speakers
    by name (a store, a reader) would take them for one person."""
    by_name: dict[str, list[int]] = {}
    for k, entity in enumerate(entities):
        if entity.kind == "person":
            by_name.setdefault(entity.canonical.lower(), []).append(k)
    shown: dict[int, str] = {}
    for same in by_name.values():
        if len(same) < 2:
            continue
        titles = {k: next((m.titles for m in entities[k].name_mentions if title_gender(m.titles)), ()) for k in same}
        genders = [title_gender(titles[k]) for k in same]
        if None in genders or len(set(genders)) < len(genders):
            continue
        for k in same:
            honorific = next(t for t in titles[k] if title_gender((t,)))
            shown[k] = f"{honorific.capitalize()} {entities[k].canonical}"
    return shown


def _speaker(entity: Entity, quoted: bool, name: str | None = None) -> Speaker:
    kind = "person" if entity.kind == "person" else "organization"
    name = name or entity.canonical
    aliases = tuple(n for n in entity.names if n not in (entity.canonical, name))
    return Speaker(
        name=name,
        kind=kind,
        aliases=aliases,
        quoted=quoted,
        mentions=sorted(set(entity.mentions)),
    )


_PERSON_IN_BYLINE = re.compile(r"^[A-Z][a-z]+(?: [A-Z][\w.'’-]*)+$")


def byline_name(author: str | None) -> str | None:
    """The one person a byline names ("By EDUARDO PORTER. Email: ..." →
    "Eduardo Porter"), or None for no byline or several authors."""
    if not author or author.strip().lower() in ("none", "null", "staff"):
        return None
    text = re.sub(r"^\s*by\s+", "", author.strip(), flags=re.IGNORECASE)
    parts = [p.strip() for p in re.split(r"[,;|]", text)]
    # "Sean Sullivan,Sari Horwitz" names two people; "David Jackson, @djusatoday, USA TODAY" one.
    if sum(bool(_PERSON_IN_BYLINE.match(p)) for p in parts) > 1:
        return None
    text = re.split(r"[.,;|@(]|\s-\s|\bEmail\b", text)[0].strip()
    if not text or re.search(r"\band\b|&", text, flags=re.IGNORECASE) or len(text.split()) > 4:
        return None
    if text.isupper():
        text = " ".join(word.capitalize() for word in text.split())
    return text if _names_a_person(text) else None


def _names_a_person(byline: str) -> bool:
    """A byline can also name an agency or the outlet ("AP", "Breitbart News", "National
    Review"), whose "I" would be nobody's: a person's byline is two or more capitalised
    words led by a known first name or ending in a word that is no English word."""
    words = byline.split()
    if len(words) < 2 or words[0].lower() == "the":
        return False
    if not all(word[0].isupper() and re.sub(r"[-.'’]", "", word).isalpha() for word in words):
        return False
    # Initials and abbreviated titles ("M.", "Dr.") say nothing; the given name follows them.
    given = next((word for word in words[:-1] if not word.endswith(".")), words[-1])
    return known_first_name(given.split("-")[0]) or not english_word(words[-1].lower())
