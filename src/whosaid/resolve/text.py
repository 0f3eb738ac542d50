"""The text of the document being read, joined once for the stages that read it.

``Doc.text`` joins every token anew on each access (a quarter of a
millisecond on a news article); resolve and enrich both want it for the same
document, one after the other.
"""

from __future__ import annotations

from spacy.tokens import Doc

# The last document asked about and its text. Holding the document keeps its
# identity from being reused by another one.
_last: tuple[Doc | None, str] = (None, "")


def doc_text(doc: Doc) -> str:
    global _last
    last = _last
    if last[0] is not doc:
        last = _last = (doc, doc.text)
    return last[1]
