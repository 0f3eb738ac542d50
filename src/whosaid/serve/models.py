"""Shapes of the JSON API's answers, as the OpenAPI document shows them."""

from __future__ import annotations

import datetime as dt
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")

GenderName = Literal["female", "male", "nonbinary", "unknown"]


class Page(BaseModel, Generic[T]):
    total: int = Field(description="How many items match, over all pages")
    limit: int
    offset: int
    items: list[T]


class GenderCount(BaseModel):
    gender: GenderName
    quotes: int
    share: float = Field(description="Fraction of quotes from people, 0 to 1")


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
    by_gender: list[GenderCount] = Field(description="Quotes from people by the speaker's inferred gender")
    by_kind: list[KindCount] = Field(description="Quotes by kind: direct, indirect, mixed")
    not_people: list[SpeakerKindCount] = Field(
        description="Quotes from organisations, groups and unnamed sources, left out of the gender shares"
    )
    gender_note: str = Field(description="How gender is inferred")


class TrendRow(BaseModel):
    key: str = Field(description="The month (YYYY-MM) or the outlet")
    quotes: int
    counts: dict[str, int]
    shares: dict[str, float]


class Trends(BaseModel):
    group: Literal["month", "outlet"]
    rows: list[TrendRow]
    undated_quotes: int = Field(description="Quotes from undated articles, left out of monthly trends")


class SharePoint(BaseModel):
    month: str
    quotes: int = Field(description="Quotes from people in this outlet and month")
    women: int
    share: float | None = Field(description="women / quotes; null for a month without quotes")


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
    source_text: str | None = Field(description="The source mention as written: 'he', 'the Lyon striker'")
    resolution: str | None = Field(description="'he → Martin Solveig' when the mention is not the name itself")
    speaker_id: str | None
    speaker_name: str | None
    speaker_kind: str
    addressee: str | None
    medium: str | None
    confidence: float
    gender: str
    role: str | None


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
    n_quotes: int


class Echo(BaseModel):
    """The same quote in other articles (text folded for case, accents and punctuation)."""

    other_articles: int = Field(description="How many other articles carry this quote")
    first_article_id: str = Field(description="The article it appeared in first (earliest date)")
    first_position: int
    first_title: str | None
    first_outlet: str | None
    first_date: dt.date | None


class ArticleQuote(QuoteFields):
    content: list[list[int]] = Field(description="[[start, end), ...] character offsets into the article text")
    source: list[list[int]]
    cue: list[list[int]]
    echo: Echo | None = Field(description="Where else this quote appeared; null when nowhere else")


class ArticleDetail(BaseModel):
    article_id: str
    source_id: str | None
    url: str | None
    outlet: str | None
    title: str | None
    date: dt.date | None
    author: str | None
    path: str | None
    text: str
    n_quotes: int
    quotes: list[ArticleQuote]


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
    link: str = Field(description="The article page at that paragraph")


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
    role: str | None
    aliases: list[str]
    outlets: list[OutletCount]
    timeline: list[MonthCount]
    quotes: int
    articles: int


class Outlet(BaseModel):
    outlet: str
    articles: int
    quotes: int


class AnalyzeRequest(BaseModel):
    text: str = Field(
        min_length=1,
        max_length=200_000,
        description="The article: headline line, a blank line, then the body",
    )
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=200)
    date: dt.date | None = None
    url: str | None = Field(default=None, max_length=2000)
    author: str | None = Field(default=None, max_length=500)
    store: bool = Field(default=False, description="Also add the article and its quotes to the store")


class AnalyzedQuote(BaseModel):
    position: int
    kind: str
    text: str
    content: list[list[int]]
    source: list[list[int]]
    cue: list[list[int]]
    source_text: str | None
    cue_text: str | None
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
    quotes: list[AnalyzedQuote]
