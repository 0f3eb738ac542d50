"""The dashboard in a real headless Chromium, over a store the engine built from hand-written articles.

Needs Debian's chromium at /usr/bin/chromium: run scripts/ensure-chromium.
Screenshots go to out/screenshots/ (git-ignored).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.fixtures.dashboard.corpus import build_analysed_store
from tests.fixtures.dashboard.samples import SMALL, article, build_store, sized_outlets
from tests.fixtures.dashboard.server import running
from whosaid.serve import create_app
from whosaid.serve.queries import SMALL_SAMPLE_QUOTES

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "out" / "screenshots"
PRONOUNS = {"he", "she", "they", "him", "her", "them"}


@pytest.fixture(scope="module")
def engine(nlp):
    from whosaid import Engine

    return Engine(nlp=nlp)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, engine):
    store = build_analysed_store(tmp_path_factory.mktemp("browser") / "news.duckdb", engine)
    app = create_app(store, engine_factory=lambda pipeline: engine)
    with running(app) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium (installs Debian's chromium) first")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: pip install playwright (it drives Debian's chromium; "
                    "never run `playwright install`)")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """A browser page that records anything that went wrong or left the machine."""

    def __init__(self, browser, base_url: str):
        self.base = base_url
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.problems: list[str] = []
        self.outside: list[str] = []
        self.page.on("pageerror", lambda exc: self.problems.append(f"script error: {exc}"))
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(f"{r.status} {r.url}"))
        self.page.route("**/*", self._only_local)

    def _only_local(self, route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, path: str):
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def shot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000, f"{path} looks blank"
        return path

    def close(self):
        self.page.close()


@pytest.fixture
def visit(browser, base_url):
    v = Visit(browser, base_url)
    yield v
    v.close()
    assert not v.outside, f"the page tried to reach other hosts: {v.outside}"
    assert not v.problems, f"problems while browsing: {v.problems}"


def api(base_url: str, path: str, **params):
    return httpx.get(base_url + path, params=params, timeout=30).json()


def resolved_pronoun_quote(base_url: str) -> dict:
    """A quote whose source is a pronoun the engine resolved to a named person."""
    quotes = api(base_url, "/api/quotes", limit=200)["items"]
    for quote in quotes:
        if (quote["source_text"] or "").lower() in PRONOUNS and quote["speaker_id"]:
            return quote
    pytest.fail(f"the engine resolved no pronoun source to a named speaker in {len(quotes)} quotes")


def test_overview_shows_totals_and_gender_shares(visit, base_url):
    data = api(base_url, "/api/overview")
    page = visit.open("/")
    assert page.locator('[data-stat="articles"]').inner_text() == str(data["articles"])
    assert page.locator('[data-stat="quotes"]').inner_text() == str(data["quotes"])
    for row in data["by_gender"]:
        cells = page.locator(f'tr[data-gender="{row["gender"]}"] td').all_inner_texts()
        assert cells[1] == str(row["quotes"])
    assert "Gender is inferred" in page.locator("#gender-note").inner_text()
    visit.shot("overview")


def test_trends_draw_charts_from_local_chart_library(visit):
    page = visit.open("/trends")
    for canvas in ("#month-chart", "#outlet-chart", "#women-chart"):
        drawn = page.evaluate(f"() => !!Chart.getChart(document.querySelector('{canvas}'))")
        assert drawn, f"{canvas} has no chart"
    assert page.locator('table[data-group="outlet"] tbody tr').count() >= 2
    visit.shot("trends")


def test_from_a_top_voice_to_their_quote_highlighted_in_its_article(visit, base_url):
    quote = resolved_pronoun_quote(base_url)
    page = visit.open("/voices")
    visit.shot("voices")
    voice = page.locator(f'a.voice[href="/speakers/{quote["speaker_id"]}"]')
    assert voice.inner_text() == quote["speaker_name"]
    voice.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == quote["speaker_name"]
    visit.shot("speaker")

    snippet = quote["text"].split(" … ")[0].strip("\"“” ,.")[:25]
    page.locator("a.quote-link", has_text=snippet).first.click()
    page.wait_for_load_state("networkidle")
    assert f"/articles/{quote['article_id']}" in page.url

    focused = page.locator("mark.quote.focus")
    assert focused.count() >= 1
    assert snippet in " ".join(focused.all_inner_texts())
    assert focused.first.is_visible()
    assert page.evaluate("() => { const r = document.querySelector('mark.quote.focus').getBoundingClientRect();"
                         " return r.top >= 0 && r.bottom <= window.innerHeight; }"), "the quote is not scrolled into view"
    text = page.locator("#article-text").inner_text()
    assert re.search(rf"\b{re.escape(quote['source_text'])}\s*→ {re.escape(quote['speaker_name'])}", text)
    assert f"{quote['source_text']} → {quote['speaker_name']}" in page.locator("aside").inner_text()
    assert page.locator("#article-text span.cue").count() >= 1
    visit.shot("article")


def test_search_finds_a_quote_and_marks_the_words(visit, base_url):
    quotes = api(base_url, "/api/quotes", limit=200)["items"]
    word = max((w for q in quotes for w in re.findall(r"[A-Za-z]+", q["text"])), key=len)
    page = visit.open("/search")
    page.fill('input[name="q"]', word)
    page.click('form.filters button[type="submit"]')
    page.wait_for_load_state("networkidle")
    hits = page.locator("li.quote-hit")
    assert hits.count() >= 1
    assert word.lower() in page.locator("mark.hit").first.inner_text().lower()
    visit.shot("search")


def test_pasted_article_is_analysed_on_the_spot(visit):
    page = visit.open("/analyze")
    page.fill("textarea[name=text]", (
        "Harbour festival returns\n\n"
        '"The harbour belongs to everyone," said organiser Lena Fischer. '
        "She said the festival would run for three days."
    ))
    page.click('form.analyze button[type="submit"]')
    page.wait_for_load_state("networkidle")
    assert "The harbour belongs to everyone" in " ".join(page.locator("mark.quote").all_inner_texts())
    assert "Lena Fischer" in page.locator("aside").inner_text()
    visit.shot("analyze")


def test_each_pipeline_choice_sits_beside_its_name(visit):
    page = visit.open("/analyze")
    choices = page.locator("form.analyze label.choice")
    assert choices.count() == 2
    for i in range(choices.count()):
        label = choices.nth(i)
        radio = label.locator('input[type="radio"]').bounding_box()
        assert label.locator(".name").evaluate("n => n.getClientRects().length") == 1, f"choice {i}: its name is broken"
        name = label.locator(".name").bounding_box()
        assert abs((radio["y"] + radio["height"] / 2) - (name["y"] + name["height"] / 2)) < name["height"], \
            f"choice {i}: the radio button is not on the line of its name"
        assert 0 <= name["x"] - (radio["x"] + radio["width"]) < 30, f"choice {i}: the radio button is not just before its name"
    visit.shot("analyze-form")


def test_api_reference_and_articles_pages_open(visit):
    page = visit.open("/docs")
    assert page.locator("section.endpoint").count() >= 9
    page = visit.open("/articles")
    assert page.locator("tbody tr").count() >= 2
    visit.shot("articles")


# --- honest figures and layout, over made-up articles of known sizes -----------------------------

LONG_WORD = "Unbroken" * 700  # 5,600 letters without a space


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory):
    pairs = sized_outlets() + [
        article("Long Word Times", "2024-03-20", ["female"], title="Long " + LONG_WORD[:400],
                body=f"The word was {LONG_WORD}, all of it. "),
    ]
    store = build_store(tmp_path_factory.mktemp("samples") / "samples.duckdb", pairs)
    with running(create_app(store, read_only=True)) as base:
        yield base


@pytest.fixture
def sample_visit(browser, sample_url):
    v = Visit(browser, sample_url)
    yield v
    v.close()
    assert not v.outside, f"the page tried to reach other hosts: {v.outside}"
    assert not v.problems, f"problems while browsing: {v.problems}"


def test_a_long_unbroken_word_does_not_widen_the_article_page(sample_visit, sample_url):
    hit = api(sample_url, "/api/articles", outlet="Long Word Times")["items"][0]
    page = sample_visit.open(f"/articles/{hit['article_id']}")
    assert LONG_WORD in page.locator("#article-text").inner_text().replace("\n", "")
    widths = page.evaluate("() => ({page: document.documentElement.scrollWidth, view: window.innerWidth,"
                           " text: document.querySelector('#article-text').getBoundingClientRect().right})")
    assert widths["page"] <= widths["view"] and widths["text"] <= widths["view"], widths
    sample_visit.shot("article-long-word")


def test_shares_on_few_quotes_are_marked_in_tables_and_charts(sample_visit, sample_url):
    rows = api(sample_url, "/api/trends", group="outlet")["rows"]
    assert {r["key"]: r["small_sample"] for r in rows}[SMALL] is True
    page = sample_visit.open("/trends")
    for row in rows:
        line = page.locator(f'table[data-group="outlet"] tr[data-key="{row["key"]}"]')
        n_cell = line.locator("td").nth(1)
        assert n_cell.inner_text().startswith(f"{row['quotes']:,}")
        mark = n_cell.locator("sup.small-mark")
        assert mark.count() == (1 if row["small_sample"] else 0), row["key"]
        if row["small_sample"]:
            assert mark.is_visible() and f"fewer than {SMALL_SAMPLE_QUOTES}" in mark.get_attribute("title")
            assert float(line.locator(".share").first.evaluate("e => getComputedStyle(e).opacity")) < 1
    assert page.locator(".small-n-legend").is_visible()
    assert f"fewer than {SMALL_SAMPLE_QUOTES} quotes" in page.locator("#outlet-h + .chart-box + script + .chart-note").inner_text()

    # The chart hatches exactly the bars resting on few quotes, and says so in the label.
    drawn = page.evaluate("""() => {
        const chart = Chart.getChart(document.querySelector('#outlet-chart'));
        return chart.getDatasetMeta(0).data.map((bar, i) => ({
            label: chart.data.labels[i], hatched: bar.options.backgroundColor instanceof CanvasPattern }));
    }""")
    assert [d["hatched"] for d in drawn] == [r["small_sample"] for r in rows]
    assert [d["label"].endswith("†") for d in drawn] == [r["small_sample"] for r in rows]
    axis = page.evaluate("() => Chart.getChart(document.querySelector('#outlet-chart')).options.scales.x.title.text")
    assert "%" in axis
    hollow = page.evaluate("""() => {
        const chart = Chart.getChart(document.querySelector('#women-chart'));
        return chart.data.datasets.map((set, d) => chart.getDatasetMeta(d).data.map(
            (point, i) => set.data[i] === null ? null : point.options.backgroundColor === '#fff'));
    }""")
    women = api(sample_url, "/api/trends/women")["outlets"]
    assert hollow == [[None if p["share"] is None else p["small_sample"] for p in s["points"]] for s in women]
    sample_visit.shot("trends-small-samples")
    page = sample_visit.open("/")
    sample_visit.shot("overview-samples")


def test_tables_sort_from_buttons_in_their_headers(sample_visit, sample_url):
    page = sample_visit.open("/trends")
    table = page.locator('table[data-group="outlet"]')
    header = table.locator("th").nth(1)
    button = header.locator("button.sort")
    assert button.inner_text().startswith("Quotes (n)") and header.get_attribute("aria-sort") is None

    def column(i):
        return [c.replace(",", "").split("†")[0].strip() for c in table.locator(f"tbody tr td:nth-child({i})").all_inner_texts()]

    button.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert column(2) == sorted(column(2), key=int, reverse=True)
    button.focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    assert column(2) == sorted(column(2), key=int)
    name = table.locator("th").first
    name.locator("button").click()
    assert name.get_attribute("aria-sort") == "ascending" and header.get_attribute("aria-sort") is None
    assert column(1) == sorted(column(1), key=str.lower)
    # A month without quotes has no share: it stays last whichever way the column is sorted.
    months = page.locator('table[data-group="month"]')
    women = months.locator("th").nth(2).locator("button")
    for _ in range(2):
        women.click()
        assert months.locator("tbody tr").last.get_attribute("data-key") == "2024-04"


def test_tables_on_a_phone_keep_words_whole_and_scroll_in_their_own_box(sample_visit):
    """At 390 px a column must not shrink to a letter a line; a table too wide scrolls, the page does not."""
    sample_visit.page.set_viewport_size({"width": 390, "height": 800})
    for path in ["/voices", "/articles", "/trends", "/"]:
        page = sample_visit.open(path)
        widths = page.evaluate("() => ({page: document.documentElement.scrollWidth, view: window.innerWidth})")
        assert widths["page"] <= widths["view"], (path, widths)
        # A one-word header ("Speaker", "Articles", "Quotes") that wraps was broken inside the word.
        broken = page.evaluate("""() => {
            const out = [], walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
            for (let node; (node = walk.nextNode());) {
                const word = node.textContent.trim();
                if (!node.parentElement.closest('th') || word.length < 2 || /\\s/.test(word)) continue;
                const range = document.createRange(); range.selectNodeContents(node);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) out.push(word);
            }
            return out; }""")
        assert not broken, (path, broken)
    sample_visit.shot("voices-phone")


def test_share_lines_draw_their_first_and_last_months_inside_the_plot(sample_visit, sample_url):
    page = sample_visit.open("/trends")
    points = page.evaluate("""() => {
        const chart = Chart.getChart(document.querySelector('#women-chart')), area = chart.chartArea, out = [];
        chart.data.datasets.forEach((set, d) => chart.getDatasetMeta(d).data.forEach((point, i) => {
            if (set.data[i] !== null) out.push({month: chart.data.labels[i], x: point.x,
                reach: point.options.radius + point.options.borderWidth, left: area.left, right: area.right});
        }));
        return out; }""")
    months = api(sample_url, "/api/trends/women")["months"]
    assert {p["month"] for p in points} >= {months[0], months[-1]}
    for p in points:
        assert p["left"] + p["reach"] <= p["x"] <= p["right"] - p["reach"], p
    page.locator("#women-chart").screenshot(path=str(SCREENSHOTS / "women-share-lines.png"))


def test_a_speakers_monthly_chart_says_how_many_undated_quotes_it_leaves_out(browser, tmp_path):
    # One speaker (same headline, so the same made-up name) in one dated and two undated articles.
    pairs = [article("Quay Courier", day, ["female"], title="Pier works", body=body)
             for day, body in [("2024-06-03", "The pier closes. "), (None, "The pier reopens. "),
                               (None, "The pier is painted. ")]]
    store = build_store(tmp_path / "undated.duckdb", pairs)
    with running(create_app(store, read_only=True)) as base:
        (voice,) = api(base, "/api/voices")["items"]
        detail = api(base, f"/api/speakers/{voice['speaker_id']}")
        assert (detail["quotes"], detail["undated_quotes"]) == (3, 2)
        assert sum(m["quotes"] for m in detail["timeline"]) == 1
        visit = Visit(browser, base)
        try:
            page = visit.open(f"/speakers/{voice['speaker_id']}")
            assert page.evaluate("() => !!Chart.getChart(document.querySelector('#timeline-chart'))")
            note = page.locator("#undated-note")
            assert note.is_visible() and note.inner_text() == "2 quotes from articles without a date are not shown by month."
            chart = page.locator("#timeline-chart").bounding_box()
            assert note.bounding_box()["y"] >= chart["y"] + chart["height"], "the note is not under the chart"
            bar = page.evaluate("() => Chart.getChart(document.querySelector('#timeline-chart')).getDatasetMeta(0).data[0].width")
            assert 0 < bar <= 40 < chart["width"] / 4, "one month is one narrow bar, not the chart's width"
            visit.shot("speaker-undated")
            assert not visit.problems and not visit.outside, (visit.problems, visit.outside)
        finally:
            visit.close()


def test_two_outlets_with_the_same_share_in_a_month_both_show_and_answer_the_pointer(browser, tmp_path):
    """Equal shares in one month would draw one point over the other: each outlet's is set apart."""
    pairs = [article(outlet, "2024-06-%02d" % day, ["female", "male"], title=f"{outlet} {day}")
             for outlet in ("Quay Courier", "Dockside Echo") for day in (3, 17)]
    store = build_store(tmp_path / "equal.duckdb", pairs)
    with running(create_app(store, read_only=True)) as base:
        v = Visit(browser, base)
        try:
            page = v.open("/trends")
            page.locator("#women-chart").scroll_into_view_if_needed()
            points = page.evaluate("""() => {
                const chart = Chart.getChart(document.querySelector('#women-chart')), box = chart.canvas.getBoundingClientRect();
                return chart.data.datasets.map((set, d) => {
                    const point = chart.getDatasetMeta(d).data[0];
                    return {index: d, outlet: set.label, share: set.data[0], x: point.x, y: point.y, left: box.left, top: box.top,
                            reach: point.options.radius + point.options.borderWidth};
                }); }""")
            assert sorted(p["outlet"] for p in points) == ["Dockside Echo", "Quay Courier"]
            assert points[0]["share"] == points[1]["share"] == 50
            assert abs(points[0]["x"] - points[1]["x"]) >= points[0]["reach"] + points[1]["reach"], points
            for p in points:
                page.mouse.move(p["left"] + p["x"], p["top"] + p["y"])
                hovered = page.evaluate("""() => Chart.getChart(document.querySelector('#women-chart'))
                    .tooltip.getActiveElements().map(item => item.datasetIndex)""")
                assert hovered == [p["index"]], (p, hovered)
            v.shot("women-share-equal-months")
        finally:
            v.close()
        assert not v.outside and not v.problems, (v.outside, v.problems)
