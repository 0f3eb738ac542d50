"""Where articles write an acronym beside the name it abbreviates: "the Tidal Energy Board (TEB)", or the
name in one sentence and "TEB" in a later one.

A speaker called by a short word in capitals ("TEB") is linked to the one
organisation whose name it abbreviates (``linking.spelled_out``) only when
some stored article writes both: news introduces an organisation by its name
before it shortens it. Initials alone are no evidence that the capitals are a
name: a title ("VP", "CEO") has the initials of many names ("Vote Poll").
Every article's pairs are kept in ``acronym_definitions`` as it is stored, so
the join does not depend on the order articles come in.
"""

from __future__ import annotations

import re

from .names import organization_key

# Joins an organisation key's words in ``acronym_definitions.full_key``.
KEY_SEPARATOR = " "
# A name of capitalised words, small words between them: "Federal Bureau of Investigation".
_WORD = r"[A-Z][\w’'&-]*"
_SMALL = r"(?:of|the|for|and|on|in|to|at|de|&)"
_NAME = re.compile(rf"{_WORD}(?:\s+(?:{_SMALL}\s+)*{_WORD})+")
# An acronym as written: "TEB", "F.B.I.", "U.N.".
_ACRONYM_TOKEN = re.compile(r"(?<![\w.])[A-Z](?:\.?[A-Z]){1,5}\.?(?![\w])")
_LONGEST = 10


def spelled_out_in(text: str) -> set[tuple[str, str]]:
    """(acronym in lower case, organisation key joined by spaces) of every acronym ``text`` writes together
    with a name of capitalised words whose initials it is (with or without the small words)."""
    from .linking import acronyms

    written = {token.replace(".", "").lower() for token in _ACRONYM_TOKEN.findall(text)}
    if not written:
        return set()
    found: set[tuple[str, str]] = set()
    for match in _NAME.finditer(text):
        words = match.group(0).split()[:_LONGEST]
        for start in range(len(words) - 1):
            for end in range(start + 2, len(words) + 1):
                key = organization_key(" ".join(words[start:end]))
                if len(key) > 1:
                    # "VP Pence" holds the title itself: no name it abbreviates.
                    found |= {(form, KEY_SEPARATOR.join(key)) for form in acronyms(key) & written if form not in key}
    return found
