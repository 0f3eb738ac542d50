"""Shapes of the JSON API's answers, as the OpenAPI document shows them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, Field, StrictBool

from .queries import SMALL_SAMPLE_QUOTES

T = TypeVar("T")


def _iso_day(value: Any) -> Any:
    # Pydantic alone would also read 0 or "1700000000" as a Unix time, and "20250101" as a day.
    if isinstance(value, dt.date) or (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        return value
    raise ValueError("give a day as YYYY-MM-DD")


Day = Annotated[dt.date, BeforeValidator(_iso_day)]

GenderName = Literal["female", "male", "nonbinary", "unknown"]
ActName = Literal["speech", "thought", "other", "all"]
ACT_DESCRIPTION = "Which quotes the counts count: speech (the default), thought, other, or all"
PipelineName = Literal["fast", "accurate"]

SMALL_SAMPLE_NOTE = (
    f"True when the shares rest on fewer than {SMALL_SAMPLE_QUOTES} quotes (but some): read them with care"
)


class Page(BaseModel, Generic[T]):
    total: int = Field(description="How many items match, over all pages")
    limit: int
    offset: int
    items: list[T]


class GenderCount(BaseModel):
    gender: GenderName
    quotes: int
    share: float | None = Field(description="Fraction of quotes from people, 0 to 1; null when none match")


class KindCount(BaseModel):
    kind: str
    quotes: int


class SpeakerKindCount(BaseModel):
    speaker_kind: str
    quotes: int


class Overview(BaseModel):
    articles: int
    quotes: int
    speakers: int = Field(description="Distinct named speakers quoted (people, organisations, groups)")
    people: int = Field(description="Distinct named people quoted")
    people_quotes: int = Field(description="Quotes from people: the n every share in by_gender rests on")
    small_sample: bool = Field(description=SMALL_SAMPLE_NOTE)
    by_gender: list[GenderCount] = Field(description="Quotes from people by the speaker's inferred gender")
    by_kind: list[KindCount] = Field(description="Quotes by kind: direct, indirect, mixed")
    not_people: list[SpeakerKindCount] = Field(
        description="Quotes from organisations, groups and unnamed sources, left out of the gender shares"
    )
    gender_note: str = Field(description="How gender is inferred")
    dating_note: str = Field(description="How a text several outlets ran is counted and dated")
    act: ActName = Field(description=ACT_DESCRIPTION)
    act_note: str = Field(description="What the act in force counts, in words")


class TrendRow(BaseModel):
    key: str = Field(description="The month (YYYY-MM) or the outlet")
    quotes: int = Field(description="Quotes from people: the n the shares rest on")
    small_sample: bool = Field(description=SMALL_SAMPLE_NOTE)
    counts: dict[str, int]
    shares: dict[str, float | None] = Field(description="Fraction by gender; null in a month without quotes")


class Trends(BaseModel):
    group: Literal["month", "outlet"]
    rows: list[TrendRow]
    undated_quotes: int = Field(
        description="Quotes from articles without a date (or, in stores made before dates were checked, "
        "one before 1900 or after tomorrow), left out of monthly trends"
    )


class SharePoint(BaseModel):
    month: str
    quotes: int = Field(description="Quotes from people in this outlet and month")
    women: int
    share: float | None = Field(description="women / quotes; null for a month without quotes")
    small_sample: bool = Field(description=SMALL_SAMPLE_NOTE)


class OutletSeries(BaseModel):
    outlet: str
    quotes: int
    points: list[SharePoint]


class WomenByOutletMonth(BaseModel):
    months: list[str] = Field(description="Every month from the first to the last, gaps included")
    outlets: list[OutletSeries] = Field(description="Outlets, most quotes first")


class Voice(BaseModel):
    speaker_id: str
    name: str
    kind: str
    gender: str
    role: str | None
    quotes: int
    articles: int
    outlets: list[str]
    first_date: dt.date | None
    last_date: dt.date | None


class QuoteFields(BaseModel):
    """What every quote carries, in search results and in an article."""

    quote_id: str
    position: int
    kind: str
    text: str
    cue_text: str | None
    act: str | None = Field(default=None, description="speech | thought | other: said, believed, or shown by a document")
    source_text: str | None = Field(description="The source mention as written: 'he', 'the Lyon striker'")
    resolution: str | None = Field(description="'he → Martin Solveig' when the mention is not the name itself")
    speaker_id: str | None
    speaker_name: str | None
    speaker_kind: str
    addressee: str | None
    medium: str | None
    confidence: float
    gender: str
    role: str | None = Field(description="The role the quote's own article gives the speaker (a role the speaker "
                                         "registry gives wins); the speaker's current role is on the speaker")


class QuoteHit(QuoteFields):
    article_id: str
    title: str | None
    outlet: str | None
    date: dt.date | None


class ArticleSummary(BaseModel):
    article_id: str
    title: str | None
    outlet: str | None
    date: dt.date | None
    author: str | None
    url: str | None
    n_quotes: int = Field(description="Every quote of the article, whatever its act")
    quotes: int = Field(description="The article's quotes of the act asked for: speech unless act is given")


class Echo(BaseModel):
    """The same quote elsewhere: in other articles (also trimmed, extended or reworded), or under other outlets."""

    other_articles: int = Field(description="How many other articles carry this quote")
    first_article_id: str = Field(description="The article it appeared in first (earliest date)")
    first_position: int
    first_title: str | None
    first_outlet: str | None
    first_date: dt.date | None
    outlets: list[str] = Field(default_factory=list, description="Every outlet that published an article carrying it")
    other_outlets: list[str] = Field(default_factory=list, description="The outlets of the other articles carrying it")
    other_without_outlet: int = Field(0, description="How many of the other articles carrying it name no outlet")


class ArticleQuote(QuoteFields):
    content: list[list[int]] = Field(description="[[start, end), ...] character offsets into the article text")
    source: list[list[int]]
    cue: list[list[int]]
    echo: Echo | None = Field(description="Where else this quote appeared; null when nowhere else")


class Publication(BaseModel):
    outlet: str
    date: dt.date | None = Field(description="The earliest date this outlet gave the text")
    url: str | None


class ArticleDetail(BaseModel):
    article_id: str
    source_id: str | None
    url: str | None = Field(description="The address of its first publication (the earliest dated copy)")
    outlet: str | None = Field(description="The outlet of its first publication, as figures over every outlet count it")
    title: str | None
    date: dt.date | None = Field(description="The date of its first publication: the earliest any copy gives")
    date_problem: str | None = Field(
        default=None, description="Why the input's date was not kept (before 1900, after tomorrow, unreadable)"
    )
    author: str | None
    path: str | None
    text: str
    n_quotes: int
    headline_end: int | None = Field(
        default=None,
        description="Where the headline that opens `text` ends; 0 when the text opens with its body, "
                    "null for an article stored before this was kept",
    )
    quotes: list[ArticleQuote]
    also_published: list[Publication] = Field(
        default_factory=list,
        description="The other outlets that published the same text (wire and syndicated copies), earliest first; "
                    "the article counts under each of them in every figure by outlet",
    )


class OutletCount(BaseModel):
    outlet: str
    quotes: int
    articles: int


class MonthCount(BaseModel):
    month: str
    quotes: int


class GenderEvidence(BaseModel):
    label: str = Field(description="The gender this piece points to")
    kind: str = Field(description="pronoun, honorific, role noun, description, first name, ...")
    text: str = Field(description="What was seen in the article: \"she\", \"Mrs.\", \"councilwoman\"")
    strength: float = Field(description="How far this kind of evidence is trusted")
    article_id: str
    paragraph: int | None = Field(description="Paragraph of the article (the headline is 1); null for a first name")
    title: str | None
    outlet: str | None
    date: dt.date | None
    link: str = Field(description="The article page at that paragraph; for a first name, where the article first names the person")


class RoleSpan(BaseModel):
    role: str
    quotes: int = Field(description="Quotes (every act) whose article gives this role")
    first_date: str | None = Field(description="Date of the first dated article giving it (YYYY-MM-DD)")
    last_date: str | None = Field(description="Date of the last dated article giving it (YYYY-MM-DD)")


class SpeakerDetail(BaseModel):
    speaker_id: str
    name: str
    kind: str
    gender: str
    gender_evidence: list[str] = Field(description="What the articles say, then the strongest evidence for the gender")
    gender_basis: str | None = Field(
        default=None, description="How the gender was decided: articles, first name, registry or override"
    )
    gender_summary: str | None = Field(
        default=None, description="What the articles say, conflicts kept: \"female in 41 articles, male in 1\""
    )
    gender_conflict: bool = Field(default=False, description="The articles' text disagrees about the gender")
    evidence: list[GenderEvidence] = Field(
        default_factory=list,
        description="Pieces of gender evidence with their article and paragraph, those against the gender first",
    )
    evidence_total: int = Field(default=0, description="Pieces of gender evidence in all (evidence lists the first)")
    evidence_articles: int = Field(default=0, description="Articles the evidence comes from")
    role: str | None = Field(description="The current role: that of the latest-dated article giving one (a "
                                         "registry's role wins); see roles")
    roles: list[RoleSpan] = Field(
        default_factory=list, description="Every role the articles give, latest first, with their quotes and dates")
    aliases: list[str]
    outlets: list[OutletCount] = Field(description="Quotes of the act counted, per outlet")
    timeline: list[MonthCount] = Field(description="Quotes of the act counted, per month (dated articles only), "
                                                   "every month from the first to the last, those with none too")
    undated_quotes: int = Field(
        description="Quotes of the act counted from articles without a date: in quotes, not in timeline"
    )
    quotes: int = Field(
        description="Quotes of the act counted (speech unless act is given), as top voices count them"
    )
    quotes_by_act: dict[str, int] = Field(
        default_factory=dict, description="Quotes of every act by act (speech, thought, other)",
    )
    articles: int = Field(description="Articles with a quote of the act counted")
    act: ActName = Field(description=ACT_DESCRIPTION)
    act_note: str = Field(description="What the act in force counts, in words")


class Outlet(BaseModel):
    outlet: str
    articles: int
    quotes: int = Field(description="Quotes of the act counted in the outlet's articles")
    act: ActName = Field(description=ACT_DESCRIPTION)


class AnalyzeRequest(BaseModel):
    text: str = Field(
        min_length=1,
        max_length=200_000,
        description="The article: headline line, a blank line, then the body",
    )
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=200)
    date: Day | None = None
    url: str | None = Field(default=None, max_length=2000)
    author: str | None = Field(default=None, max_length=500)
    store: StrictBool = Field(default=False, description="Also add the article and its quotes to the store")
    pipeline: PipelineName | None = Field(
        default=None,
        description="Which pipeline reads the article: fast or accurate (figures of each in docs/accuracy.md); "
                    "default: the dashboard's, set by `whosaid serve --pipeline`",
    )


class AnalyzedQuote(BaseModel):
    position: int
    kind: str
    text: str
    content: list[list[int]]
    source: list[list[int]]
    cue: list[list[int]]
    source_text: str | None
    cue_text: str | None
    act: str = Field(description="speech | thought | other: said, believed, or shown by a document")
    speaker_name: str | None
    speaker_kind: str
    resolution: str | None
    addressee: str | None
    medium: str | None
    confidence: float
    gender: str
    gender_evidence: list[str]
    role: str | None


class AnalyzeResponse(BaseModel):
    article_id: str | None = Field(description="The stored article's id, or null when not stored")
    stored: bool
    date_problem: str | None = Field(
        description="Why the date sent is not kept (before 1900 or after tomorrow); null when it is fine or absent"
    )
    pipeline: PipelineName = Field(description="The pipeline that read the article")
    quotes: list[AnalyzedQuote]


class ErrorMessage(BaseModel):
    """Every error answer: what went wrong, naming the bad input."""

    message: str = Field(description="What went wrong and, where it helps, what to do instead")


class InvalidField(BaseModel):
    loc: list[str | int] = Field(description="Where the problem is: ['query', 'limit'], ['body', 'text']")
    msg: str = Field(description="What is wrong with it")
    type: str = Field(description="A stable name for the kind of problem, e.g. 'less_than_equal'")
    input: str | None = Field(
        default=None, description="The start of the value sent (at most 60 characters), when it was text or a number"
    )


class InvalidRequest(ErrorMessage):
    """A request whose parameters or body do not fit (status 422)."""

    detail: list[InvalidField]
