"""Does an article's text hold a web page's HTML tags? Then it was copied from the page's source, not its text.

The tags are read as words of the article: they end up inside quotes and
speaker names ("p>Ann Lee"). `whosaid extract` and `whosaid ingest` give the
same warning for a JSON "text" field that holds them.
"""

from __future__ import annotations

import re

# Tags of an article's body only: a text that merely has "<" in it (a formula, "<the council said>") is not a page.
_MARKUP = re.compile(
    r"</?(?:p|br|div|span|a|em|strong|b|i|h[1-6]|li|ul|ol|blockquote|figure|img|table|tr|td)\b[^<>]{0,200}>",
    re.IGNORECASE,
)


def without_markup(text: str) -> str:
    """``text`` with its HTML tags made spaces: the words a reader of the page sees."""
    return _MARKUP.sub(" ", text)


def markup_warning(text: str, where: str) -> str | None:
    """A warning to print when ``text`` holds HTML tags, naming ``where`` and the first tag; None when not."""
    tag = _MARKUP.search(text)
    if tag is None:
        return None
    return (f"warning: {where}: \"text\" holds HTML markup ({tag.group(0)[:40]}), read as words of the article "
            "(tags end up in quotes and names); give the text without its tags, or save the page as .html and "
            "use `whosaid analyze` or `whosaid ingest`, which read a page's text")
