"""whosaid as a spaCy component and as a library."""

from __future__ import annotations

import whosaid
from whosaid.parse import load_pipeline

TEXT = 'Budget\n\n"The numbers add up," Finance Minister Ruth Adeyemi said on Friday.'


def test_add_pipe_sets_doc_quotes():
    nlp = load_pipeline.__wrapped__()  # a private copy: adding a pipe must not change the shared pipeline
    nlp.add_pipe("whosaid")
    doc = nlp(TEXT)
    assert doc._.quotes, "the component found the quote"
    quote = doc._.quotes[0]
    assert isinstance(quote, whosaid.Quote)
    assert quote.speaker == "Ruth Adeyemi"
    assert TEXT[quote.content[0][0] : quote.content[0][1]].strip('"“”, ') == "The numbers add up"
    assert any(s.name == "Ruth Adeyemi" for s in doc._.speakers)


def test_library_matches_component():
    result = whosaid.analyze(TEXT, "budget")
    assert result.id == "budget"
    assert [(q.content, q.speaker) for q in result.quotes] == [
        (q.content, q.speaker) for q in whosaid.Engine().analyze(TEXT).quotes
    ]
