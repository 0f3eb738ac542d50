"""The dashboard's HTML pages, rendered on the server from the same queries as the API."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool

from ..headline import first_line, headline_end
from ..ingest.encoding import UnreadableText, decode
from ..ingest.readers import HTML_SUFFIXES, read_html
from ..pipelines import PIPELINES
from ..records import Article
from ..store.rows import checked_date, parse_date
from . import queries
from .api import (
    ActParam,
    ArticleId,
    Limit,
    Offset,
    SpeakerId,
    analyze_and_store,
    analyzed_quotes,
    corpus_filter,
    get_analyzer,
    get_db,
    quote_filter,
    voice_filter,
    with_resolutions,
)
from .database import Analyzer, Database
from .errors import describe, invalid_fields
from .highlight import PALETTE_SIZE, highlight, marked_quotes, resolution_label, speaker_colours

PAGE_SIZE = 50
MAX_UPLOAD_BYTES = 1_000_000

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals["palette_size"] = PALETTE_SIZE
templates.env.globals["resolution_label"] = resolution_label

router = APIRouter(include_in_schema=False)

GENDER_LABELS = {"female": "Women", "male": "Men", "nonbinary": "Nonbinary", "unknown": "Unknown"}
templates.env.globals["gender_labels"] = GENDER_LABELS
templates.env.globals["act_labels"] = {
    "speech": "speech (said, told)", "thought": "thought (believes, wants)",
    "other": "other (polls, documents)", "all": "every act",
}
templates.env.globals["act_notes"] = queries.ACT_NOTE
templates.env.globals["dating_note"] = queries.DATING_NOTE
# One person's gender, where GENDER_LABELS name the groups in a table.
GENDER_NOUNS = {"female": "woman", "male": "man", "nonbinary": "nonbinary", "unknown": "unknown"}
templates.env.globals["gender_nouns"] = GENDER_NOUNS


def pct(value: float | None) -> str:
    """A share as a percentage; "—" where nothing matched (no quotes is not 0%)."""
    return "—" if value is None else f"{value * 100:.1f}%"


def num(value: int | None) -> str:
    """A count with thousands separators: 18,689."""
    return "—" if value is None else f"{value:,}"


def code_spans(text: str | None) -> Markup:
    """OpenAPI descriptions are Markdown: show their `code` spans as code, not as backticks."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text or ""))))


def evidence_link(flt: queries.QuoteFilter, gender: str | None = None, outlet: str | None = None,
                  month: str | None = None, through: str | None = None) -> str:
    """The search listing the quotes from people a figure counts: the page's filters and the figure's act,
    narrowed to ``gender``, ``outlet`` and ``month`` ("2016-05"), or the months from ``month`` ``through``
    another (a row total over dated articles only); the outlet ``queries.NO_OUTLET`` selects articles
    without one."""
    params: dict[str, Any] = {
        "outlet": outlet or flt.outlet, "date_from": flt.date_from, "date_to": flt.date_to, "kind": flt.kind,
        # A gender is only ever a person's, so it selects people alone.
        "gender": gender, "speaker_kind": None if gender else "person", "act": flt.figures().act,
    }
    if month:
        year, number = map(int, month.split("-"))
        first = date(year, number, 1)
        year, number = map(int, (through or month).split("-"))
        last = date(year + number // 12, number % 12 + 1, 1).toordinal() - 1
        params["date_from"] = max(first, flt.date_from or first)
        params["date_to"] = min(date.fromordinal(last), flt.date_to or date.max)
    return _link("/search", params)


def _link(path: str, params: dict[str, Any]) -> str:
    """``path`` with the parameters that hold a value."""
    return f"{path}?" + urlencode({key: str(value) for key, value in params.items() if value})


templates.env.globals["evidence_link"] = evidence_link


def listing_link(path: str, flt: queries.QuoteFilter, **narrower: str) -> str:
    """The list behind one of the overview's totals (``/articles``, ``/search``, ``/voices``) with the page's
    outlet, dates and act, so that the list holds exactly what the total counts."""
    params: dict[str, Any] = {
        "outlet": flt.outlet, "date_from": flt.date_from, "date_to": flt.date_to, "act": flt.figures().act,
        **narrower,
    }
    return _link(path, params)


templates.env.globals["listing_link"] = listing_link
templates.env.filters["pct"] = pct
templates.env.filters["num"] = num


def month_name(day: str) -> str:
    """ "2026-04-05" as "Apr 2026"."""
    import calendar

    year, month = day.split("-")[:2]
    return f"{calendar.month_abbr[int(month)]} {year}"


templates.env.filters["month_name"] = month_name
templates.env.filters["code_spans"] = code_spans
templates.env.globals["small_sample_quotes"] = queries.SMALL_SAMPLE_QUOTES


def mark_terms(text: str, terms: list[str]) -> Markup:
    """The quote with every search term wrapped in ``<mark class="hit">``, matched as the search matches
    (case and accents folded)."""
    if not terms:
        return escape(text)
    # Fold character by character, remembering where each folded character came from.
    folded, origin = [], []
    for i, ch in enumerate(text):
        for f in queries.fold(ch):
            folded.append(f)
            origin.append(i)
    folded_text = "".join(folded)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    out, last = [], 0
    for match in pattern.finditer(folded_text):
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        if start < last:
            continue
        out.append(escape(text[last:start]))
        out.append(Markup('<mark class="hit">%s</mark>') % text[start:end])
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


templates.env.filters["mark_terms"] = mark_terms

QUOTE_MARKS = "\"'“”‘’«»„"


def quoted(text: str) -> Markup:
    """Direct quotes keep their own quotation marks; others are given curly ones."""
    text = text if isinstance(text, Markup) else escape(text)
    plain = text.striptags() if isinstance(text, Markup) else str(text)
    if plain[:1] in QUOTE_MARKS:
        return text
    return Markup("“") + text + Markup("”")


templates.env.filters["quoted"] = quoted


def page_links(request: Request, total: int, offset: int, limit: int = PAGE_SIZE) -> dict[str, Any]:
    """Previous/next links that keep every other query parameter."""
    params = {k: v for k, v in request.query_params.items() if k != "offset"}

    def url(new_offset: int) -> str:
        query = dict(params, offset=str(new_offset)) if new_offset else params
        return f"{request.url.path}?{urlencode(query)}" if query else request.url.path

    return {
        "total": total,
        "first": offset + 1 if total else 0,
        "last": min(offset + limit, total),
        "prev": url(max(0, offset - limit)) if offset > 0 else None,
        "next": url(offset + limit) if offset + limit < total else None,
    }


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("nav", name.removesuffix(".html"))
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, status_code: int, message: str, headers: dict[str, str] | None = None) -> HTMLResponse:
    titles = {403: "Refused", 404: "Not found", 405: "Method not allowed", 409: "Cannot store",
              413: "Too large", 422: "Bad request", 503: "Engine unavailable"}
    response = render(
        request, "error.html", status_code=status_code,
        title=titles.get(status_code, "Error"), message=message, status=status_code,
    )
    response.headers.update(headers or {})
    return response


@router.get("/", response_class=HTMLResponse)
def overview_page(
    request: Request,
    flt: Annotated[queries.QuoteFilter, Depends(corpus_filter)],
    db: Annotated[Database, Depends(get_db)],
):
    data = db.ask(queries.overview, flt)
    top = db.ask(queries.voices, flt, 5, 0)
    recent = db.ask(queries.articles, flt, 8, 0)
    outlets = db.ask(queries.outlets)
    return render(request, "overview.html", data=data, top=top["items"], recent=recent["items"],
                  outlets=outlets, flt=flt)


@router.get("/trends", response_class=HTMLResponse)
def trends_page(
    request: Request,
    flt: Annotated[queries.QuoteFilter, Depends(quote_filter)],
    db: Annotated[Database, Depends(get_db)],
):
    by_month = db.ask(queries.trends, "month", flt)
    by_outlet = db.ask(queries.trends, "outlet", flt)
    women = db.ask(queries.women_by_outlet_and_month, flt)
    outlets = db.ask(queries.outlets)
    return render(request, "trends.html", by_month=by_month, by_outlet=by_outlet, women=women,
                  outlets=outlets, flt=flt)


@router.get("/voices", response_class=HTMLResponse)
def voices_page(
    request: Request,
    flt: Annotated[queries.QuoteFilter, Depends(voice_filter)],
    db: Annotated[Database, Depends(get_db)],
    offset: Offset = 0,
    limit: Limit = PAGE_SIZE,
):
    page = db.ask(queries.voices, flt, limit, offset)
    outlets = db.ask(queries.outlets)
    return render(request, "voices.html", page=page, pages=page_links(request, page["total"], offset, limit),
                  outlets=outlets, flt=flt, offset=offset)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    flt: Annotated[queries.QuoteFilter, Depends(quote_filter)],
    db: Annotated[Database, Depends(get_db)],
    offset: Offset = 0,
    limit: Limit = PAGE_SIZE,
):
    page = db.ask(queries.quotes, flt, limit, offset)
    outlets = db.ask(queries.outlets)
    return render(request, "search.html", page=page, pages=page_links(request, page["total"], offset, limit),
                  outlets=outlets, flt=flt, terms=flt.terms)


@router.get("/articles", response_class=HTMLResponse)
def articles_page(
    request: Request,
    flt: Annotated[queries.QuoteFilter, Depends(corpus_filter)],
    db: Annotated[Database, Depends(get_db)],
    offset: Offset = 0,
    limit: Limit = PAGE_SIZE,
):
    page = db.ask(queries.articles, flt, limit, offset)
    outlets = db.ask(queries.outlets)
    return render(request, "articles.html", page=page, pages=page_links(request, page["total"], offset, limit),
                  outlets=outlets, flt=flt)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(
    request: Request,
    article_id: ArticleId,
    db: Annotated[Database, Depends(get_db)],
    quote: Annotated[int | None, Query(ge=0, le=1_000_000, description="Position of the quote to focus")] = None,
):
    article = db.ask(queries.article, article_id)
    if article is None:
        raise HTTPException(status_code=404, detail=f"no article with id {article_id[:60]!r}")
    with_resolutions(article)
    body = highlight(article["text"], marked_quotes(article["quotes"]), focus=quote)
    return render(request, "article.html", nav="articles", article=article, body=body, focus=quote,
                  colours=speaker_colours(article["quotes"]),
                  # A store written before the decision was kept (NULL) showed every first line as a headline.
                  headline=article["headline_end"] != 0)


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse)
def speaker_page(
    request: Request,
    speaker_id: SpeakerId,
    db: Annotated[Database, Depends(get_db)],
    offset: Offset = 0,
    limit: Limit = PAGE_SIZE,
    act: ActParam = None,
):
    speaker = db.ask(queries.speaker, speaker_id, act)
    if speaker is None:
        moved_to = db.ask(queries.renamed_speaker, speaker_id)
        if moved_to is not None:
            # Temporary: a later split may give the old name, and so the old id, a speaker again.
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(f"/speakers/{moved_to}{query}", status_code=307)
        raise HTTPException(status_code=404, detail=f"no speaker with id {speaker_id[:60]!r}")
    # The list holds the quotes the page counts, so its pages and the count agree.
    page = db.ask(queries.quotes, queries.QuoteFilter(speaker_id=speaker_id, act=speaker["act"]), limit, offset)
    return render(request, "speaker.html", nav="voices", speaker=speaker, page=page,
                  pages=page_links(request, speaker["quotes"], offset, limit))


def _schema_type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        # null and blank ("?outlet=") both mean the parameter was left out
        shown = [s for s in schema["anyOf"] if s.get("type") != "null" and s.get("pattern") != r"^\s*$"]
        return " or ".join(_schema_type(s) for s in shown)
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    kind = schema.get("format") or schema.get("type", "")
    bounds = [f"{label} {schema[key]}" for key, label in
              (("minimum", "≥"), ("maximum", "≤"), ("maxLength", "length ≤")) if key in schema]
    return kind + (f" ({', '.join(bounds)})" if bounds else "")


@router.get("/api", include_in_schema=False)
def api_root():
    """The address every page's footer gives the API by (its endpoints are under /api/...): its reference."""
    return RedirectResponse("/docs", status_code=307)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request):
    """The API reference, rendered here from the OpenAPI document (no external assets)."""
    spec = request.app.openapi()
    components = spec.get("components", {}).get("schemas", {})
    endpoints = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            params = [
                {
                    "name": p["name"], "where": p["in"], "required": p.get("required", False),
                    "type": _schema_type(p.get("schema", {})),
                    "description": p.get("description") or p.get("schema", {}).get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            body, body_fields = None, []
            ref = (op.get("requestBody", {}).get("content", {}).get("application/json", {})
                   .get("schema", {}).get("$ref"))
            if ref:
                body = ref.rsplit("/", 1)[-1]
                model = components.get(body, {})
                body_fields = [
                    {"name": name, "required": name in model.get("required", []),
                     "description": field.get("description", "")}
                    for name, field in model.get("properties", {}).items()
                ]
            endpoints.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "anchor": f"{method}-{path}".replace("/", "-").strip("-"),
                "params": params, "body": body, "body_fields": body_fields,
                "responses": [(code, r.get("description", "")) for code, r in op.get("responses", {}).items()],
            })
    return render(request, "api_docs.html", nav="api", endpoints=endpoints, base=str(request.base_url))


@router.get("/analyze", response_class=HTMLResponse)
def analyze_form(
    request: Request, db: Annotated[Database, Depends(get_db)], analyzer: Annotated[Analyzer, Depends(get_analyzer)]
):
    return render(request, "analyze.html", form={"pipeline": analyzer.default}, read_only=db.read_only,
                  pipelines=PIPELINES.values())


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_submit(
    request: Request,
    db: Annotated[Database, Depends(get_db)],
    analyzer: Annotated[Analyzer, Depends(get_analyzer)],
    text: Annotated[str, Form(max_length=200_000)] = "",
    upload: UploadFile | None = None,
    title: Annotated[str, Form(max_length=1000)] = "",
    outlet: Annotated[str, Form(max_length=200)] = "",
    date_: Annotated[str, Form(alias="date", max_length=40)] = "",
    url: Annotated[str, Form(max_length=2000)] = "",
    store: Annotated[bool, Form()] = False,
    pipeline: Annotated[str, Form(max_length=40)] = "",
):
    origin = request.headers.get("origin")
    if origin and not request.app.state.allowed_hosts.same_site(origin, request.headers.get("host")):
        # A page on another site cannot make a visitor's browser add articles to this store.
        raise HTTPException(status_code=403, detail=f"the form was sent from another site ({origin[:100]}); refused")
    # Browsers send a textarea's line breaks as CRLF; the same article ingested from a file has LF.
    text = text.replace("\r\n", "\n")
    form = {"text": text, "title": title, "outlet": outlet, "date": date_, "url": url, "store": store,
            "pipeline": pipeline or analyzer.default}

    def refuse(message: str) -> HTMLResponse:
        return render(request, "analyze.html", status_code=422, form=form, error=message, read_only=db.read_only,
                      pipelines=PIPELINES.values())

    if pipeline and pipeline not in PIPELINES:
        form["pipeline"] = analyzer.default
        return refuse(f"pipeline {pipeline[:40]!r} is not one of {', '.join(PIPELINES)}")

    opens_with = None  # where the headline the text opens with ends, once a page has said
    if upload is not None and upload.filename:
        raw = await upload.read(MAX_UPLOAD_BYTES + 1)
        if len(raw) > MAX_UPLOAD_BYTES:
            return refuse(f"{upload.filename} is over {MAX_UPLOAD_BYTES // 1000:,} kB; paste or upload one article")
        if upload.filename.lower().endswith(HTML_SUFFIXES):
            page = await run_in_threadpool(read_html, raw, upload.filename)
            if page.error:
                return refuse(f"{upload.filename}: {page.error}")
            found = page.article
            text, opens_with = found.text, found.headline_end
            # What the page says about itself fills the fields the user left empty.
            title = title or found.title or ""
            outlet = outlet or found.outlet or ""
            url = url or found.url or ""
            if not date_.strip() and found.date:
                parsed = parse_date(found.date)
                date_ = parsed.isoformat() if parsed else ""
        else:
            # Read as `analyze` and `ingest` read a file: UTF-8, UTF-16 with its mark, else Windows-1252.
            try:
                text = decode(raw).text.replace("\r\n", "\n")
            except UnreadableText as exc:
                return refuse(f"{upload.filename}: {exc}")
        form.update(text=text, title=title, outlet=outlet, url=url, date=date_)
    if not text.strip():
        return refuse("Paste an article or choose a text file: headline line, blank line, then the body.")
    published = None
    if date_.strip():
        try:
            published = date.fromisoformat(date_.strip())
        except ValueError:
            return refuse(f"date {date_!r} is not a day as YYYY-MM-DD")
    if opens_with is None:
        # Pasted or uploaded text is a plain-text article, whose first line is its headline, unless a
        # title is given that the text does not open with.
        opens_with = headline_end(text, title.strip() or first_line(text))
    article = Article(
        id="", text=text, title=title.strip() or None, url=url.strip() or None,
        outlet=outlet.strip() or None, date=published.isoformat() if published else None, headline_end=opens_with,
    )
    try:
        result, article_id = await run_in_threadpool(analyze_and_store, db, analyzer, article, store, pipeline or None)
    except RequestValidationError as exc:
        return refuse(describe(invalid_fields(exc.errors())))
    quotes = analyzed_quotes(text, result)
    body = highlight(text, marked_quotes(quotes))
    return render(request, "analyzed.html", nav="analyze", text=text, body=body, quotes=quotes,
                  headline=article.headline_end > 0,
                  article_id=article_id, form=form, colours=speaker_colours(quotes),
                  pipeline=PIPELINES[analyzer.pipeline_name(pipeline or None)],
                  date_problem=checked_date(article.date).problem)
