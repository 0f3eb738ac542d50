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
        doc = trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params=_DATE_OPTIONS,
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
