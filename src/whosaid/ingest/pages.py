"""Articles from web pages: the main text by trafilatura, and only the metadata the page states.

The outlet is, in this order: the site name the page declares
(``og:site_name``, ``application-name``, a JSON-LD ``publisher``), the part
of ``<title>`` after ``|``, ``-``, ``–``, ``—``, ``·`` or ``»`` that is not
the headline ("Council backs plan | Riverside Gazette"), the host of the
page's address, or nothing. The headline is never taken as the outlet.

The date is one the page states in its markup (``article:published_time``,
``<time>``, JSON-LD ``datePublished``, a date in the address); text such as a
"© 2016" footer is never read as a date, and a page with none has none.

A page whose extracted body holds fewer than ``MIN_BODY_WORDS`` words of
running text (paragraphs of ``PROSE_WORDS`` words or more with a sentence
end) is not an article: navigation, link lists, a cookie notice.
"""

from __future__ import annotations

import functools
import json
import re

from ..records import Article
from ..store.names import article_id
from .outlets import host_of, outlet_key

# A body needs this many words of running text: paragraphs of at least
# PROSE_WORDS words with a sentence end in them. Menus, link lists, bylines
# and captions have short lines or no sentences.
MIN_BODY_WORDS = 20
PROSE_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*(\s|$)")

_TITLE_SEPARATORS = re.compile(r"\s+[-–—·»]\s+|\s*\|\s*")
_SITE_META = (
    ".//meta[@property='og:site_name']",
    ".//meta[@name='og:site_name']",
    ".//meta[@name='application-name']",
    ".//meta[@name='publisher']",
    ".//meta[@name='twitter:site']",
)
_DATE_OPTIONS = {"extensive_search": False, "original_date": True}

# trafilatura "rescues" an extraction shorter than MIN_EXTRACTED_SIZE (250
# characters by default) with a baseline that takes the text of the whole
# <article> as one run: headline, byline, body and any box inside it glued
# into a single paragraph, past the boilerplate filters. Short news items are
# common, so the rescue is left only to pages where the main extraction finds
# nothing at all; a page too short to be an article is refused by
# MIN_BODY_WORDS instead.
_RESCUE_BELOW_CHARS = "1"


@functools.cache
def _config():
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", _RESCUE_BELOW_CHARS)
    return config

# Page furniture inside or next to the article that trafilatura may keep: a
# box whose class or id names what it is (a fact box, a teaser, a paywall
# notice, an author's bio), a block led by a "Read more:" label (a link to
# another story, often its quoted headline), a region marked as complementary.
# Quotes in them are other stories' or the outlet's, never the article's.
_ASIDE_WORDS = frozenset({
    "promo", "promotion", "teaser", "teasers", "paywall", "subscribe", "subscription", "newsletter",
    "signup", "related", "recommended", "factbox", "factfile", "infobox", "bio", "biography",
    "sponsored", "advert", "advertisement", "readmore", "share", "sharing",
})
_AUTHOR_BOX_WORDS = frozenset({"box", "bio", "about", "info", "card", "profile", "details"})
_READ_MORE = re.compile(r"(?i)^\s*(read more|read also|also read|see also|related|more on this( story)?)\s*:")
_BLOCKS = ("p", "div", "li", "section", "table", "ul", "ol", "dl", "blockquote")
_KEEP = ("html", "body", "article", "main")
_MARK = "data-whosaid-aside"
_PRUNE = f"//*[@{_MARK}]"


# A subheading, standfirst or pull quote that repeats a quote of the body is
# display, not a second statement: left in, it is read as one more quote (and,
# as "..., says education chief", often with a source the body names better).
# Only the page tells a display element from a paragraph, so this is done here
# and not by the store, which sees paragraphs only. Such an element that
# quotes something the body does not is kept.
_DISPLAY_TAGS = ("h2", "h3", "h4", "h5", "h6", "blockquote")
_DISPLAY_WORDS = frozenset({
    "standfirst", "dek", "strapline", "subtitle", "subheadline", "subhead", "summary", "lede", "pullquote",
    "pull", "kicker",
})
_QUOTED = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")
_TOKENS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _normal(text: str) -> str:
    return " " + " ".join(_TOKENS.findall(text.lower())) + " "


def _display_elements(tree):
    for element in tree.iter("*"):
        if not isinstance(element.tag, str) or element.tag in _KEEP or element.find(".//p") is not None:
            continue
        if element.tag in _DISPLAY_TAGS or _words_of_names(element) & _DISPLAY_WORDS:
            yield element


def _mark_restated(tree) -> int:
    """Mark display elements whose every quotation repeats words of the body's paragraphs."""
    displays = list(_display_elements(tree))
    if not displays:
        return 0
    body = _normal(" ".join(
        p.text_content() for p in tree.iter("p")
        if p not in displays and not p.get(_MARK) and not any(a.get(_MARK) for a in p.iterancestors())
    ))
    marked = 0
    for element in displays:
        quoted = [_normal(q) for q in _QUOTED.findall(element.text_content())]
        quoted = [q for q in quoted if len(q.split()) >= 2] or ([_normal(element.text_content())]
                                                                if element.tag == "blockquote" else [])
        if quoted and all(q in body for q in quoted):
            element.set(_MARK, "1")
            marked += 1
    return marked


def _words_of_names(element) -> set[str]:
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    names = re.sub(r"([a-z])([A-Z])", r"\1 \2", names).lower()
    tokens = [t for t in re.split(r"[^a-z0-9]+", names) if t]
    # "fact-box", "factBox" and "factbox" are one word
    return {*tokens, *(a + b for a, b in zip(tokens, tokens[1:]))}


def _is_aside(element) -> bool:
    if (element.get("role") or "").lower() == "complementary":
        return True
    words = _words_of_names(element)
    if words & _ASIDE_WORDS or ("author" in words and words & _AUTHOR_BOX_WORDS):
        return True
    return element.tag in ("p", "div", "li") and bool(_READ_MORE.match(element.text_content() or ""))


def _mark_asides(tree) -> int:
    """Mark the page's asides (see _ASIDE_WORDS) for trafilatura to prune; how many were marked.

    An element that holds the article itself (or most of the page's text) is
    never marked, whatever its class says: "story has-related" is the story.
    """
    body = tree.find(".//body")
    total = len((body if body is not None else tree).text_content())
    marked = 0
    for element in tree.iter(*_BLOCKS, "aside"):
        if element.tag in _KEEP or element.find(".//article") is not None or element.find(".//main") is not None:
            continue
        if any(a.get(_MARK) for a in element.iterancestors()):
            continue
        if _is_aside(element) and len(element.text_content()) * 2 < total:
            element.set(_MARK, "1")
            marked += 1
    return marked


def _tree(data: bytes | str):
    from trafilatura.utils import load_html

    return load_html(data)


def _declared_site(tree) -> str | None:
    for path in _SITE_META:
        for element in tree.iterfind(path):
            content = (element.get("content") or "").strip().lstrip("@")
            if content and not content.startswith(("http://", "https://")):
                return content
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []:
            publisher = item.get("publisher") if isinstance(item, dict) else None
            if isinstance(publisher, list):
                publisher = publisher[0] if publisher else None
            name = publisher.get("name") if isinstance(publisher, dict) else publisher
            if isinstance(name, str) and name.strip():
                return name.strip()
    return None


def site_from_title(title: str, headline: str | None) -> str | None:
    """The site name in a ``<title>`` such as "Headline | Site" or "Site - Headline"; None if none."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return None
    head = outlet_key(headline) if headline else None
    candidates = [parts[-1], parts[0]]
    for part in candidates:
        key = outlet_key(part)
        if key and key != head and (head is None or key not in head) and len(part.split()) <= 6:
            return part
    return None


def page_outlet(declared: str | None, title: str | None, headline: str | None, url: str | None) -> str | None:
    """The outlet of a page from what it names (see the module docstring), or None."""
    head = outlet_key(headline) if headline else None
    if declared and outlet_key(declared) != head:
        return declared
    if title and (site := site_from_title(title, headline)):
        return site
    return host_of(url)


def _names(tree) -> tuple[str | None, str | None]:
    """The declared site name and the ``<title>`` text, read before extraction changes the tree."""
    title = tree.find(".//head//title")
    return _declared_site(tree), " ".join(title.text_content().split()) if title is not None else None


def unreadable_page_file(data: bytes, encoding: str | None = None) -> str | None:
    """Why a saved page's bytes are no text, as for any text file ("empty file: ...", "holds NUL bytes
    ..."); None when they are text. Said so, rather than "no article text found in the page", for an empty
    file or an image saved under .html. The page's own declaration still decides how it is decoded."""
    from .encoding import UnreadableText, decode

    try:
        decode(data, encoding)
    except UnreadableText as exc:
        return str(exc)
    return None


def read_html(data: bytes | str, where: str, url: str | None = None, encoding: str | None = None):
    """The main text of a web page, with its title, date, author and site, as an ``Item``.

    ``encoding`` forces how bytes are decoded; by default the page's own
    declaration (or a guess) decides.
    """
    import trafilatura

    from .readers import Item

    if encoding and isinstance(data, bytes):
        try:
            data = data.decode(encoding)
        except UnicodeDecodeError as exc:
            return Item(where, error=f"not valid {encoding} (byte {exc.start})")
    try:
        tree = _tree(data)
        if tree is None:
            return Item(where, error="no article text found in the page")
        declared, title_text = _names(tree)
        # Read before extraction, which may strip the page's scripts from the tree.
        ld_author = linked_data_author(tree)
        _mark_asides(tree)
        _mark_restated(tree)
        doc = trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params=_DATE_OPTIONS, config=_config(), prune_xpath=_PRUNE,
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        return Item(where, error=f"HTML could not be parsed: {exc!r}")
    if doc is None or not (doc.text or "").strip():
        return Item(where, error="no article text found in the page")
    title = (doc.title or "").strip()
    paragraphs = [line.strip() for line in doc.text.splitlines() if line.strip()]
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    prose = sum(len(p.split()) for p in paragraphs if len(p.split()) >= PROSE_WORDS and _SENTENCE_END.search(p))
    if prose < MIN_BODY_WORDS:
        return Item(
            where,
            error=f"no article text found in the page: only navigation or short lines "
                  f"({prose} words of running text; an article needs {MIN_BODY_WORDS})",
        )
    body = "\n\n".join(paragraphs)
    text = f"{title}\n\n{body}" if title else body
    url = url or doc.url
    return Item(
        where,
        Article(
            id=article_id(text), text=text, title=title or None, headline_end=len(title), url=url,
            outlet=page_outlet(declared, title_text, title or None, url), date=doc.date,
            author=byline_authors(doc.author) or ld_author,
            extra={"path": where},
        ),
    )


def byline_authors(byline: str | None) -> str | None:
    """The authors of a byline the extractor split at its commas, without the parts that are a role:
    "Priya Shah; Agriculture Correspondent" is Priya Shah, the agriculture correspondent, not two authors."""
    from ..lexicon import PERSON_NOUNS

    if not byline:
        return None
    names = [part.strip() for part in byline.split(";") if part.strip()]
    kept = [part for part in names if not any(word.casefold() in PERSON_NOUNS for word in re.findall(r"[^\W\d_]+", part))]
    return "; ".join(kept or names) or None


def linked_data_author(tree) -> str | None:
    """The author(s) a page's JSON-LD names (``"author": {"name": "Tom Hale"}``, a list of them, or a
    string), for a page whose byline the extractor did not find."""
    names: list[str] = []

    def collect(node) -> None:
        if isinstance(node, list):
            for item in node:
                collect(item)
        elif isinstance(node, dict):
            if "author" in node:
                authors = node["author"] if isinstance(node["author"], list) else [node["author"]]
                for author in authors:
                    name = author.get("name") if isinstance(author, dict) else author
                    if isinstance(name, str) and name.strip() and name.strip() not in names:
                        names.append(name.strip())
            for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                collect(node.get(key))

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            collect(json.loads(script.text or ""))
        except ValueError:
            continue
    return "; ".join(names) or None
