"""Whether an article's text opens with a headline, and where it ends: decided once, where the article is read.

Every stage after reading asks the same question (the resolver's headline
rules, the roles the enrich stage prefers, the store's "named only in
headlines" flag, the dashboard's bold first line), so it is answered here, from
what the input says, and carried with the article (``Article.headline_end``)
and its parse (``headline_end_of`` in ``whosaid.context``):

- a title given beside the text (a JSON field, a web page's title, a ``.txt``
  file's first line): the text opens with a headline when its first lines
  read as that title, word for word (case, punctuation and spacing aside:
  "Senate passes bill" over "Senate Passes Bill."); else the text opens with
  its body;
- no title: the text's first paragraph is taken as its headline, as
  plain-text articles are written, when a blank line ends it within
  ``HEADLINE_CHARS`` characters and none of its lines is longer than
  ``HEADLINE_LINE_CHARS`` (a headline, perhaps with a deck line under it; a
  lede paragraph written on one line is longer). The text alone is a weak
  guide: over PolNeAR train with the titles left out, this finds the headline
  of 839 of the 840 texts and takes the first paragraph for one in 427 of the
  840 texts cut to start with their body (without the line limit: 840 and 773).

The headline ends where its last line does (before the line break); 0 means
the text opens with its body.
"""

from __future__ import annotations

import re

# Without a title, a first paragraph this long or longer, or with a line longer than
# HEADLINE_LINE_CHARS, is body text, not a headline.
HEADLINE_CHARS = 400
HEADLINE_LINE_CHARS = 200

# Where the decision travels with a parse (``Doc.user_data``): the parse and every later stage read it there.
HEADLINE_END = "whosaid.headline_end"

_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def headline_end(text: str, title: str | None = None) -> int:
    """Where the headline that opens ``text`` ends; 0 when ``text`` opens with its body.

    With a ``title``, the headline is the fewest whole lines from the start of the text whose
    words are the title's; without one, the first paragraph when it is short and a blank line ends it.
    """
    if title is None or not title.strip():
        first_break = text.find("\n\n")
        if not 0 <= first_break < HEADLINE_CHARS:
            return 0
        lines = text[:first_break].split("\n")
        return first_break if max(map(len, lines)) <= HEADLINE_LINE_CHARS else 0
    wanted = _words(title)
    if not wanted:
        return 0
    seen: list[str] = []
    start = len(text) - len(text.lstrip())
    while True:
        end = text.find("\n", start)
        if end < 0:
            return 0  # the title is the whole text, or more: no body follows a headline
        seen += _words(text[start:end])
        if seen == wanted:
            # A text that is its title and nothing more has no headline: its one line is the body.
            return end if text[end:].strip() else 0
        if len(seen) >= len(wanted) or seen != wanted[:len(seen)]:
            return 0
        start = end + 1


def first_line(text: str) -> str:
    """The first line that holds anything: a plain-text article's headline."""
    return text.strip().split("\n", 1)[0].strip()
