"""The whosaid dashboard and JSON API (``whosaid serve``).

    from whosaid.serve import create_app
    app = create_app("news.duckdb")        # a FastAPI app; run it with uvicorn

Pages: overview, trends, top voices, search, articles (every quote
highlighted), speakers, and a form that analyses one article on the spot.
Every page's data is also served as JSON under ``/api`` (see ``/docs``).
"""

from .app import create_app
from .database import StoreError

__all__ = ["create_app", "StoreError"]
