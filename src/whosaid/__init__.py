"""whosaid: who said what, to whom, in news articles.

    import whosaid
    result = whosaid.analyze(text)
    for quote in result.quotes:
        print(quote.speaker, quote.kind, quote.text)

``Engine`` reads many articles in batches; ``whosaid`` is also a spaCy
pipeline component (``nlp.add_pipe("whosaid")``, results on ``doc._.quotes``).
"""

from .engine import Engine, InputError, NotEnglishWarning, analyze
from .records import Article, ArticleResult, Quote, Speaker

__version__ = "0.1.0"
__all__ = ["analyze", "Engine", "InputError", "NotEnglishWarning", "Article", "ArticleResult", "Quote", "Speaker", "__version__"]
