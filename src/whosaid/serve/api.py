"""The JSON API under ``/api``: every dashboard page reads the same data here.

Read-only except ``POST /api/analyze``. Lists are paginated with ``limit`` and
``offset``; bad parameters are answered with 422 and a message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import TypeAdapter
from starlette.concurrency import run_in_threadpool

from ..headline import first_line
from ..records import Article, ArticleResult
from ..safe_csv import csv_chunks
from ..store.rows import checked_date
from . import queries
from .database import Analyzer, BadArticle, Database, EngineUnavailable, ReadOnlyStore
from .errors import unprocessable
from .highlight import resolution_label
from .models import (
    AnalyzeRequest,
    AnalyzeResponse,
    ArticleDetail,
    ArticleSummary,
    Day,
    ErrorMessage,
    InvalidRequest,
    Outlet,
    Overview,
    Page,
    QuoteHit,
    SpeakerDetail,
    Trends,
    Voice,
    WomenByOutletMonth,
)

MAX_LIMIT = 200
MAX_OFFSET = 10_000_000

router = APIRouter(
    prefix="/api",
    tags=["api"],
    responses={
        400: {"model": ErrorMessage, "description": "A malformed request: a body that is not UTF-8 JSON text, "
                                                    "or addressed to a host the dashboard does not answer to"},
        422: {"model": InvalidRequest, "description": "A parameter or the body does not fit; `message` names it"},
    },
)


# Dependencies and endpoints that only read are ``async``: FastAPI would hand each plain ``def`` to a
# worker thread, and an answer already cached costs less than that hand-over. Only what reads the store
# (``answer``) goes to a worker thread, and only when the answer is not cached.


async def get_db(request: Request) -> Database:
    return request.app.state.db


async def get_analyzer(request: Request) -> Analyzer:
    return request.app.state.analyzer


async def answer(db: Database, encode: Callable[[Any], bytes], query: Callable[..., Any], *args: Any) -> bytes | None:
    """``db.ask_encoded(encode, query, *args)``, from the cache without leaving the event loop when it is there."""
    cached = db.cached_encoded(query, *args)
    if cached is not None:
        return cached or None
    return await run_in_threadpool(db.ask_encoded, encode, query, *args)


def encoder(model: Any, prepare: Callable[[Any], Any] = lambda answer: answer) -> Callable[[Any], bytes]:
    """Turns an answer into the endpoint's JSON, checked against its model (the cache keeps the bytes)."""
    adapter = TypeAdapter(model)
    return lambda answer: adapter.dump_json(adapter.validate_python(prepare(answer)))


def json_response(body: bytes) -> Response:
    return Response(content=body, media_type="application/json")


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip")]
ActParam = Annotated[
    Literal["speech", "thought", "other", "all"] | None,
    Query(description="Only quotes of this act: speech (said, told), thought (believes, wants), other (a poll "
                      "or document shows), or all. Figures count speech when none is given; a search finds every act"),
]
OutletParam = Annotated[str | None, Query(max_length=200, description="Only articles from this outlet (exact name)")]
DateFrom = Annotated[
    Day | None, Query(description="Only articles published on or after this day (YYYY-MM-DD); not after date_to")
]
DateTo = Annotated[Day | None, Query(description="Only articles published on or before this day (YYYY-MM-DD)")]


def check_dates(date_from: date | None, date_to: date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise unprocessable(("query", "date_from"), f"must not be after date_to ({date_from} is after {date_to})")


async def quote_filter(
    q: Annotated[
        str | None,
        Query(max_length=200, description='Words that must all appear in the quote; "quoted phrase" for a phrase'),
    ] = None,
    speaker: Annotated[
        str | None, Query(max_length=200, description="Speaker id, or part of the speaker's name")
    ] = None,
    outlet: OutletParam = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    kind: Annotated[Literal["direct", "indirect", "mixed"] | None, Query(description="Kind of quote")] = None,
    gender: Annotated[
        Literal["female", "male", "nonbinary", "unknown"] | None,
        Query(description="Only quotes from people of this inferred gender"),
    ] = None,
    speaker_kind: Annotated[
        Literal["person", "organization", "group", "unnamed"] | None,
        Query(description="Only quotes from this kind of source"),
    ] = None,
    act: ActParam = None,
) -> queries.QuoteFilter:
    check_dates(date_from, date_to)
    return queries.QuoteFilter(
        q=q, speaker=speaker, outlet=outlet, date_from=date_from, date_to=date_to,
        kind=kind, gender=gender, speaker_kind=speaker_kind, act=act,
    )


async def corpus_filter(
    outlet: OutletParam = None, date_from: DateFrom = None, date_to: DateTo = None, act: ActParam = None
) -> queries.QuoteFilter:
    check_dates(date_from, date_to)
    return queries.QuoteFilter(outlet=outlet, date_from=date_from, date_to=date_to, act=act)


async def voice_filter(
    outlet: OutletParam = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    gender: Annotated[
        Literal["female", "male", "nonbinary", "unknown"] | None, Query(description="Only people of this gender")
    ] = None,
    kind: Annotated[
        Literal["person", "organization", "group"] | None, Query(description="Only speakers of this kind")
    ] = None,
    act: ActParam = None,
) -> queries.QuoteFilter:
    check_dates(date_from, date_to)
    return queries.QuoteFilter(
        outlet=outlet, date_from=date_from, date_to=date_to, gender=gender, speaker_kind=kind, act=act
    )


@router.get("/overview", response_model=Overview, summary="Corpus totals and the share of quotes by gender")
async def api_overview(
    flt: Annotated[queries.QuoteFilter, Depends(corpus_filter)], db: Annotated[Database, Depends(get_db)]
) -> Any:
    return json_response(await answer(db, OVERVIEW_JSON, queries.overview, flt))


@router.get("/trends", response_model=Trends, summary="Quotes from people by gender, per month or per outlet")
async def api_trends(
    flt: Annotated[queries.QuoteFilter, Depends(quote_filter)],
    db: Annotated[Database, Depends(get_db)],
    group: Annotated[Literal["month", "outlet"], Query(description="Group by month or by outlet")] = "month",
) -> Any:
    return json_response(await answer(db, TRENDS_JSON, queries.trends, group, flt))


@router.get(
    "/trends/women",
    response_model=WomenByOutletMonth,
    summary="Women's share of quotes from people, per outlet and month",
)
async def api_women_by_outlet_and_month(
    flt: Annotated[queries.QuoteFilter, Depends(quote_filter)],
    db: Annotated[Database, Depends(get_db)],
) -> Any:
    return json_response(await answer(db, WOMEN_JSON, queries.women_by_outlet_and_month, flt))


@router.get("/voices", response_model=Page[Voice], summary="Most quoted speakers")
async def api_voices(
    flt: Annotated[queries.QuoteFilter, Depends(voice_filter)],
    db: Annotated[Database, Depends(get_db)],
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    return json_response(await answer(db, VOICES_JSON, queries.voices, flt, limit, offset))


@router.get("/quotes", response_model=Page[QuoteHit], summary="Search quotes")
async def api_quotes(
    flt: Annotated[queries.QuoteFilter, Depends(quote_filter)],
    db: Annotated[Database, Depends(get_db)],
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    return json_response(await answer(db, QUOTES_JSON, queries.quotes, flt, limit, offset))


MAX_CSV_ROWS = 100_000


def csv_download(header: Sequence[str], rows: Iterable[Sequence[Any]], filename: str) -> StreamingResponse:
    """Rows as a CSV attachment, through ``whosaid.safe_csv`` (no cell opens as a spreadsheet formula)."""
    return StreamingResponse(
        csv_chunks(header, rows), media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


def csv_route(path: str, summary: str, rows: str):
    return router.get(
        path, summary=summary, response_class=StreamingResponse,
        responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": rows}},
    )


@csv_route(
    "/quotes.csv",
    f"The quotes a search finds, as CSV (at most {MAX_CSV_ROWS:,} rows; `whosaid export` for more)",
    "One row per quote, with a header row",
)
def api_quotes_csv(
    flt: Annotated[queries.QuoteFilter, Depends(quote_filter)],
    db: Annotated[Database, Depends(get_db)],
) -> StreamingResponse:
    def rows() -> Iterable[tuple]:
        with db.cursor() as cur:
            yield from queries.quote_rows(cur, flt, MAX_CSV_ROWS)

    return csv_download(queries.CSV_COLUMNS, rows(), "whosaid-quotes.csv")


VOICE_CSV_COLUMNS = (
    "rank", "speaker_id", "name", "kind", "gender", "role", "quotes", "articles", "outlets", "first_date", "last_date",
)


@csv_route(
    "/voices.csv",
    f"Top voices with the same filters, every speaker in order, as CSV (at most {MAX_CSV_ROWS:,} rows)",
    "One row per speaker, most quoted first; outlets separated by '; '",
)
def api_voices_csv(
    flt: Annotated[queries.QuoteFilter, Depends(voice_filter)],
    db: Annotated[Database, Depends(get_db)],
) -> StreamingResponse:
    speakers = db.ask(queries.voices, flt, MAX_CSV_ROWS, 0)["items"]
    rows = (
        (rank, v["speaker_id"], v["name"], v["kind"], v["gender"], v["role"], v["quotes"], v["articles"],
         "; ".join(v["outlets"]), v["first_date"], v["last_date"])
        for rank, v in enumerate(speakers, 1)
    )
    return csv_download(VOICE_CSV_COLUMNS, rows, "whosaid-voices.csv")


@csv_route(
    "/trends.csv",
    "Quotes from people by gender per month or per outlet, as CSV (the Trends page's tables)",
    "One row per month or outlet: quotes, then the count and the share (0 to 1) for each gender",
)
def api_trends_csv(
    flt: Annotated[queries.QuoteFilter, Depends(quote_filter)],
    db: Annotated[Database, Depends(get_db)],
    group: Annotated[Literal["month", "outlet"], Query(description="Group by month or by outlet")] = "month",
) -> StreamingResponse:
    trends = db.ask(queries.trends, group, flt)
    header = (group, "quotes", *queries.GENDERS, *(f"{g}_share" for g in queries.GENDERS))
    rows = (
        (row["key"], row["quotes"], *(row["counts"].get(g) for g in queries.GENDERS),
         *(row["shares"].get(g) for g in queries.GENDERS))
        for row in trends["rows"]
    )
    return csv_download(header, rows, f"whosaid-trends-by-{group}.csv")


@csv_route(
    "/trends/women.csv",
    "Women's share of quotes from people per outlet and month, as CSV",
    "One row per outlet and month: quotes from people, those by women, and the share (empty without quotes)",
)
def api_women_csv(
    flt: Annotated[queries.QuoteFilter, Depends(quote_filter)],
    db: Annotated[Database, Depends(get_db)],
) -> StreamingResponse:
    women = db.ask(queries.women_by_outlet_and_month, flt)
    rows = (
        (series["outlet"], point["month"], point["quotes"], point["women"], point["share"])
        for series in women["outlets"] for point in series["points"]
    )
    return csv_download(("outlet", "month", "quotes", "women", "share"), rows, "whosaid-women-by-outlet-and-month.csv")


@router.get("/articles", response_model=Page[ArticleSummary], summary="Articles, newest first")
async def api_articles(
    flt: Annotated[queries.QuoteFilter, Depends(corpus_filter)],
    db: Annotated[Database, Depends(get_db)],
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    return json_response(await answer(db, ARTICLES_JSON, queries.articles, flt, limit, offset))


ArticleId = Annotated[str, Path(max_length=200, description="The article id from the store")]
SpeakerId = Annotated[str, Path(max_length=200, description="The speaker id from the store")]


def with_resolutions(article: dict[str, Any]) -> dict[str, Any]:
    for quote in article["quotes"]:
        quote["resolution"] = resolution_label(quote["source_text"], quote["speaker_name"])
    return article


OVERVIEW_JSON = encoder(Overview)
TRENDS_JSON = encoder(Trends)
WOMEN_JSON = encoder(WomenByOutletMonth)
VOICES_JSON = encoder(Page[Voice])
QUOTES_JSON = encoder(Page[QuoteHit])
ARTICLES_JSON = encoder(Page[ArticleSummary])
ARTICLE_JSON = encoder(ArticleDetail, with_resolutions)
SPEAKER_JSON = encoder(SpeakerDetail)
OUTLETS_JSON = encoder(list[Outlet])


@router.get(
    "/articles/{article_id}",
    response_model=ArticleDetail,
    summary="One article with every quote, its offsets and its resolved speaker",
    responses={404: {"model": ErrorMessage, "description": "No article with this id"}},
)
async def api_article(article_id: ArticleId, db: Annotated[Database, Depends(get_db)]) -> Any:
    body = await answer(db, ARTICLE_JSON, queries.article, article_id)
    if body is None:
        raise HTTPException(status_code=404, detail=f"no article with id {article_id[:60]!r}")
    return json_response(body)


@router.get(
    "/speakers/{speaker_id}",
    response_model=SpeakerDetail,
    summary="One speaker: aliases, gender and its evidence, outlets, quotes per month",
    responses={404: {"model": ErrorMessage, "description": "No speaker with this id"}},
)
async def api_speaker(speaker_id: SpeakerId, db: Annotated[Database, Depends(get_db)], act: ActParam = None) -> Any:
    body = await answer(db, SPEAKER_JSON, queries.speaker, speaker_id, act)
    if body is None:
        raise HTTPException(status_code=404, detail=f"no speaker with id {speaker_id[:60]!r}")
    return json_response(body)


@router.get("/outlets", response_model=list[Outlet], summary="Outlets with their article and quote counts")
async def api_outlets(db: Annotated[Database, Depends(get_db)], act: ActParam = None) -> Any:
    return json_response(await answer(db, OUTLETS_JSON, queries.outlets, act))


def analyzed_quotes(text: str, result: ArticleResult) -> list[dict[str, Any]]:
    """The engine's quotes as the highlighter and the API show them."""
    out = []
    for position, quote in enumerate(result.quotes):
        source_text = " … ".join(text[s:e] for s, e in quote.source) or None
        out.append(
            {
                "position": position,
                "kind": quote.kind,
                "text": quote.text,
                "content": [list(p) for p in quote.content],
                "source": [list(p) for p in quote.source],
                "cue": [list(p) for p in quote.cue],
                "source_text": source_text,
                "cue_text": " … ".join(text[s:e] for s, e in quote.cue) or None,
                "act": quote.act,
                "speaker_id": None,
                "speaker_name": quote.speaker,
                "speaker_kind": quote.speaker_kind,
                "resolution": resolution_label(source_text, quote.speaker),
                "addressee": quote.addressee,
                "medium": quote.medium,
                "confidence": quote.confidence,
                "gender": quote.gender,
                "gender_evidence": list(quote.gender_evidence),
                "role": quote.role,
            }
        )
    return out


def analyze_and_store(
    db: Database, analyzer: Analyzer, article: Article, store: bool, pipeline: str | None = None
) -> tuple[ArticleResult, str | None]:
    """Analyse one article with ``pipeline`` (None: the dashboard's) and, when asked, add it to the store.
    Raises HTTPException on failure."""
    if store and db.read_only:
        # Refused before the (slow) analysis, not after it.
        raise HTTPException(status_code=409, detail=db.read_only_message)
    try:
        result = analyzer.analyze(article.text, article.id, pipeline, article.headline_end)
    except BadArticle as exc:
        raise unprocessable(("body", "text"), str(exc)) from exc
    except EngineUnavailable as exc:
        raise HTTPException(status_code=503, detail=str(exc)) from exc
    if store and not (article.title or "").strip() and article.headline_end:
        # Titled as `ingest` titles a plain-text file: by its headline line.
        article = replace(article, title=first_line(article.text))
    try:
        article_id = db.add(article, result) if store else None
    except ReadOnlyStore as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    return result, article_id


@router.post(
    "/analyze",
    response_model=AnalyzeResponse,
    summary="Analyse one article now, and store it on request",
    responses={
        409: {"model": ErrorMessage, "description": "Storing was asked but the store is open read-only"},
        413: {"model": ErrorMessage, "description": "The request body is over the dashboard's size limit"},
        503: {"model": ErrorMessage, "description": "The analysis engine could not be loaded"},
    },
)
async def api_analyze(
    body: AnalyzeRequest,
    db: Annotated[Database, Depends(get_db)],
    analyzer: Annotated[Analyzer, Depends(get_analyzer)],
) -> Any:
    article = Article(
        id="", text=body.text, title=body.title, url=body.url, outlet=body.outlet,
        date=body.date.isoformat() if body.date else None, author=body.author,
    )
    result, article_id = await run_in_threadpool(analyze_and_store, db, analyzer, article, body.store, body.pipeline)
    return {
        "article_id": article_id, "stored": article_id is not None, "pipeline": analyzer.pipeline_name(body.pipeline),
        "date_problem": checked_date(article.date).problem,
        "quotes": analyzed_quotes(body.text, result),
    }
