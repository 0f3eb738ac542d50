"""Speech told from thought: every attribution's act, and the figures that count speech by default."""

from __future__ import annotations

import dataclasses
import json

import duckdb
import pytest
from fastapi.testclient import TestClient

import whosaid
from whosaid.attribute.act import ACTS, load_act_model
from whosaid.commands.stats import of_act, read_extract_jsonl
from whosaid.records import Quote
from whosaid.serve.app import create_app
from whosaid.store import Store
from tests.fixtures.dashboard.samples import article, build_store

LOCAL = "http://127.0.0.1"


def acts(text: str) -> dict[str, str]:
    """Cue text -> act of every quote whosaid finds in ``text``."""
    return {q.cue_text: q.act for q in whosaid.analyze("Headline\n\n" + text).quotes}


@pytest.mark.parametrize("text, cue, act", [
    ("The mayor said the bridge would reopen in May.", "said", "speech"),
    ("Ann Lee told reporters that the budget was balanced.", "told", "speech"),
    ("According to the mayor, the bridge is safe.", "According to", "speech"),
    ('"We will rebuild," the senator wrote on Twitter.', "wrote", "speech"),
    ("The mayor believes the bridge will reopen in May.", "believes", "thought"),
    ("Ann Lee fears that the budget will not pass.", "fears", "thought"),
    ("The governor hopes that voters will back the plan.", "hopes", "thought"),
    ("A new poll shows that the mayor is losing support.", "shows", "other"),
    ("The study suggests that the river is cleaner than a decade ago.", "suggests", "other"),
])
def test_each_act_on_sentences_written_for_it(text, cue, act):
    found = acts(text)
    # The cue may take words after its verb ("wrote on"): matched on its first words.
    matching = [a for cue_text, a in found.items() if cue_text and cue_text.startswith(cue)]
    assert matching == [act], found


def test_a_document_saying_something_is_not_speech():
    """The same verb is speech from a person and 'other' from a report."""
    assert acts("The spokeswoman said that the factory was unsafe.")["said"] == "speech"
    assert acts("The report said that the factory was unsafe.")["said"] == "other"


# Cue lemmas the fast pipeline can anchor on that the labels never name, grouped by the
# act they plainly have (chosen before looking at the model's answers).
UNLABELLED = {
    "speech": ["exclaim", "retort", "whisper", "scream", "berate", "scold", "confess", "swear", "restate"],
    "thought": ["suppose", "ponder", "surmise", "hypothesize", "yearn", "regret", "despise", "crave", "reckon"],
    "other": ["tally", "survey", "uncover", "projection", "ranking"],
}


@pytest.mark.parametrize("act", ACTS)
def test_cue_lemmas_never_labelled_mostly_get_their_act_from_the_vectors(act):
    """The classifier reads lemmas the labels never name through their static vectors. Grouped
    cross-validation over lemmas puts it at 0.95 / 0.37 / 0.05 of held-out speech / thought /
    other lemma types (docs/attribution.md); these bars follow those figures."""
    import csv

    from training.train_act import CUE_LABELS

    with open(CUE_LABELS, encoding="utf-8") as handle:
        labelled = {row["lemma"] for row in csv.DictReader(handle)}
    model = load_act_model()
    lemmas = UNLABELLED[act]
    assert not set(lemmas) & labelled and set(lemmas) <= set(model.lemma_scores)
    right = [lemma for lemma in lemmas if model.decide(lemma, []) == act]
    bar = {"speech": 0.75, "thought": 0.2, "other": 0.0}[act]
    assert len(right) >= bar * len(lemmas), (act, right)
    if act == "other":
        # What the lemma alone does not carry, the source does: a document's verb is other.
        assert all(model.decide(lemma, ["source:document"]) == "other" for lemma in lemmas)


def test_an_unknown_lemma_falls_back_to_the_prior_and_still_reads_the_parse():
    model = load_act_model()
    assert "zzxq" not in model.lemma_scores and "zzxq" not in model.labelled
    verb = ["pos:VERB"]
    assert model.decide("zzxq", verb) == "speech"
    assert model.decide("zzxq", [*verb, "content:infinitive"]) == "thought"
    plain = model.probabilities("zzxq", ["pos:VERB"])
    documented = model.probabilities("zzxq", ["pos:VERB", "source:document"])
    assert documented["other"] > plain["other"]


def test_a_labelled_lemma_keeps_its_label_and_a_document_does_not_speak():
    model = load_act_model()
    assert model.decide("believe", ["source:named", "content:direct"]) == "thought"
    assert model.decide("say", ["source:named"]) == "speech"
    assert model.decide("say", ["source:document"]) == "other"
    assert model.decide("show", ["source:named"]) == "other"


def test_act_reaches_the_json_and_the_spacy_component(nlp):
    result = whosaid.analyze("Headline\n\nThe mayor said the bridge was safe. Ann Lee believes it is not.")
    assert {q["act"] for q in result.to_json()["quotes"]} == {"speech", "thought"}
    assert Quote.from_plain(result.quotes[0].to_plain()).act == result.quotes[0].act

    import spacy

    pipeline = spacy.load("en_core_web_sm")
    pipeline.add_pipe("whosaid")
    doc = pipeline("Headline\n\nThe mayor said the bridge was safe. Ann Lee believes it is not.")
    assert [q.act for q in doc._.quotes] == [q.act for q in result.quotes]
    assert [q.cue_text for q in doc._.speech] == ["said"]


def _acted(pair, acts_by_position):
    record, result = pair
    result.quotes = [dataclasses.replace(q, act=a) for q, a in zip(result.quotes, acts_by_position)]
    return record, result


def test_a_store_written_before_acts_opens_and_its_quotes_get_one(tmp_path):
    path = build_store(tmp_path / "old.duckdb", [article("Gazette", "2024-03-15", ["female", "male"])])
    con = duckdb.connect(str(path))
    for view in ("quote_occurrences", "speaker_summary"):
        con.execute(f"DROP VIEW {view}")
    con.execute("DROP INDEX quotes_by_article")
    con.execute("ALTER TABLE quotes DROP COLUMN act")
    con.execute("UPDATE quotes SET cue_text = 'believes' WHERE position = 1")
    con.close()
    with TestClient(create_app(path, read_only=True), base_url=LOCAL) as client:
        overview = client.get("/api/overview").json()
    assert overview["act"] == "speech" and overview["people_quotes"] == 1
    with Store(path, read_only=True) as store:
        rows = store.connection.execute("SELECT cue_text, act FROM quotes ORDER BY position").fetchall()
    assert rows == [("said", "speech"), ("believes", "thought")]


def test_figures_count_speech_unless_asked_for_every_act(tmp_path):
    pair = _acted(article("Gazette", "2024-03-15", ["female", "male", "male"]), ["speech", "thought", "other"])
    path = build_store(tmp_path / "acts.duckdb", [pair])
    with TestClient(create_app(path, read_only=True), base_url=LOCAL) as client:
        speech = client.get("/api/overview").json()
        every = client.get("/api/overview", params={"act": "all"}).json()
        voices = client.get("/api/voices").json()
        thought_voices = client.get("/api/voices", params={"act": "thought"}).json()
        found = client.get("/api/quotes", params={"q": "matters"}).json()
        page = client.get("/").text
        all_page = client.get("/", params={"act": "all"}).text
    assert (speech["people_quotes"], every["people_quotes"]) == (1, 3)
    assert (speech["act"], every["act"]) == ("speech", "all")
    women = {g["gender"]: g["share"] for g in speech["by_gender"]}["female"]
    assert women == 1.0
    assert voices["total"] == 1 and thought_voices["total"] == 1
    assert voices["items"][0]["speaker_id"] != thought_voices["items"][0]["speaker_id"]
    # A search finds every act, each marked.
    assert sorted(q["act"] for q in found["items"]) == ["other", "speech", "thought"]
    assert 'data-act="speech"' in page and "Counted: speech only" in page
    assert 'data-act="all"' in all_page and '<option value="all" selected>' in all_page


def test_stats_counts_speech_by_default_and_says_what_it_left_out(tmp_path, capsys):
    from whosaid.cli import main

    line = {"id": "a1", "quotes": [
        {"speaker": "Ann Lee", "speaker_kind": "person", "gender": "female", "act": "speech"},
        {"speaker": "Bo Kim", "speaker_kind": "person", "gender": "male", "act": "thought"},
        {"speaker": "Cy Park", "speaker_kind": "person", "gender": "male", "act": "speech"},
    ]}
    path = tmp_path / "quotes.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert main(["stats", str(path), "--json"]) == 0
    speech = json.loads(capsys.readouterr().out)
    assert main(["stats", str(path), "--json", "--act", "all"]) == 0
    every = json.loads(capsys.readouterr().out)
    assert speech["overall"]["quotes"]["total"] == 2 and speech["other_acts_left_out"] == {"thought": 1}
    assert every["overall"]["quotes"]["total"] == 3 and every["other_acts_left_out"] == {}
    assert main(["stats", str(path)]) == 0
    assert "left out: 1 thought (" in capsys.readouterr().out
    rows, _ = read_extract_jsonl(str(path))
    assert [r.act for r in of_act(rows, "thought", __import__("collections").Counter())] == ["thought"]


# One harbour director who says some things and is reported to believe or think others.
HARBOUR = [
    {"id": "ferry", "title": "Ferry timetable changes", "outlet": "Harbour Times", "date": "2024-03-02",
     "text": "Ferry timetable changes\n\n\"The morning crossing will leave at seven from April,\" Marta Quillon, "
             "the harbour director, said on Monday. Quillon believes the earlier start will suit commuters."},
    {"id": "quay", "title": "New quay opens", "outlet": "Valley Post", "date": "2024-04-09",
     "text": "New quay opens\n\n\"We finished the quay two weeks early,\" Marta Quillon told reporters on Tuesday. "
             "She said the crews had worked through the winter."},
    {"id": "fees", "title": "Harbour fees", "outlet": "Valley Post", "date": "2024-04-12",
     "text": "Harbour fees\n\nMarta Quillon thinks the fees are too high for small boats."},
]


def test_a_speaker_has_the_same_count_in_speakers_list_stats_and_the_dashboard(tmp_path, capsys):
    from whosaid.cli import main
    from whosaid.ingest import ingest

    inputs = tmp_path / "harbour.jsonl"
    inputs.write_text("".join(json.dumps(a) + "\n" for a in HARBOUR), encoding="utf-8")
    db = tmp_path / "harbour.duckdb"
    ingest([str(inputs)], db=str(db), workers=1, progress=False)
    with Store(db, read_only=True) as store:
        ((sid, name),) = store.connection.execute("SELECT speaker_id, name FROM speakers").fetchall()
        by_act = dict(store.connection.execute(
            "SELECT act, count(*) FROM quotes WHERE speaker_id = ? GROUP BY 1", [sid]).fetchall())
        speech_articles = store.connection.execute(
            "SELECT count(DISTINCT article_id) FROM quotes WHERE speaker_id = ? AND act = 'speech'", [sid]).fetchone()[0]
    assert name == "Marta Quillon"
    assert by_act.get("speech") and by_act.get("thought"), by_act  # both acts, so the counts can differ
    speech, every = by_act["speech"], sum(by_act.values())

    def listed(*extra):
        assert main(["speakers", "list", "--db", str(db), "--json", *extra]) == 0
        (line,) = capsys.readouterr().out.splitlines()
        return json.loads(line)

    def women(*extra):
        assert main(["stats", str(db), "--json", *extra]) == 0
        return json.loads(capsys.readouterr().out)["overall"]["quotes"]["female"]["count"]

    default_row, all_row = listed(), listed("--act", "all")
    assert (default_row["quotes"], default_row["articles"], default_row["act"]) == (speech, speech_articles, "speech")
    assert (all_row["quotes"], all_row["articles"]) == (every, len(HARBOUR))
    assert women() == speech and women("--act", "all") == every
    assert main(["speakers", "list", "--db", str(db)]) == 0
    table = capsys.readouterr().out
    assert "quotes (speech)" in table and "Counted: speech only" in table

    with TestClient(create_app(db, read_only=True), base_url=LOCAL) as client:
        voices = client.get("/api/voices").json()["items"]
        voices_all = client.get("/api/voices", params={"act": "all"}).json()["items"]
        articles = client.get("/api/articles").json()["items"]
        articles_all = client.get("/api/articles", params={"act": "all"}).json()["items"]
        detail = client.get(f"/api/speakers/{sid}").json()
        detail_all = client.get(f"/api/speakers/{sid}", params={"act": "all"}).json()
        outlets = client.get("/api/outlets").json()
        outlets_all = client.get("/api/outlets", params={"act": "all"}).json()
        overview = client.get("/").text
        articles_page = client.get("/articles").text
        speaker_page = client.get(f"/speakers/{sid}").text
        speaker_page_all = client.get(f"/speakers/{sid}", params={"act": "all"}).text
    assert [v["quotes"] for v in voices] == [speech] and [v["quotes"] for v in voices_all] == [every]
    # An article's count follows the same act: speech unless asked; n_quotes stays every act.
    assert sum(a["quotes"] for a in articles) == speech
    assert [a["quotes"] for a in articles_all] == [a["n_quotes"] for a in articles_all]
    assert sum(a["n_quotes"] for a in articles) == every
    # A speaker's page counts what top voices count, with the same switch; the list holds what it counts.
    assert (detail["quotes"], detail["articles"], detail["act"]) == (speech, speech_articles, "speech")
    assert sum(m["quotes"] for m in detail["timeline"]) == sum(o["quotes"] for o in detail["outlets"]) == speech
    assert (detail_all["quotes"], detail_all["articles"], detail_all["act"]) == (every, len(HARBOUR), "all")
    assert detail["quotes_by_act"] == detail_all["quotes_by_act"] == by_act
    assert speaker_page.count('class="quote-hit"') == speech and speaker_page_all.count('class="quote-hit"') == every
    assert f"{speech} speech quote" in speaker_page and 'id="act-note" data-act="speech"' in speaker_page
    assert 'href="?act=all"' in speaker_page and 'id="act-note" data-act="all"' in speaker_page_all
    # Outlets count the same quotes as the figures, and say which.
    assert sum(o["quotes"] for o in outlets) == speech and {o["act"] for o in outlets} == {"speech"}
    assert sum(o["quotes"] for o in outlets_all) == every and {o["act"] for o in outlets_all} == {"all"}
    # The overview's most quoted and latest articles say which act they count.
    assert f"{speech} speech quotes" in overview
    assert "speech quote" in overview.split("Latest articles", 1)[1]
    assert 'id="act-note"' in articles_page


def test_search_and_speaker_pages_mark_each_quote_with_its_act(tmp_path):
    import re

    pair = _acted(article("Gazette", "2024-03-15", ["female", "male", "male"]), ["speech", "thought", "other"])
    path = build_store(tmp_path / "acts.duckdb", [pair])
    with TestClient(create_app(path, read_only=True), base_url=LOCAL) as client:
        found = client.get("/api/quotes", params={"q": "matters"}).json()["items"]
        search = client.get("/search", params={"q": "matters"}).text
        speaker_pages = [client.get(f"/speakers/{q['speaker_id']}", params={"act": "all"}).text for q in found]
    hits = re.findall(r'<li class="quote-hit">.*?</li>', search, flags=re.S)
    # The page lists the hits in the order the API gives them.
    assert [re.findall(r'class="act" data-act="(\w+)"', hit) for hit in hits] == [[q["act"]] for q in found]
    assert sorted(q["act"] for q in found) == ["other", "speech", "thought"]
    for quote, page in zip(found, speaker_pages):
        assert f'class="act" data-act="{quote["act"]}"' in page


def test_exported_speakers_count_quotes_by_act_as_speakers_list_does(tmp_path, capsys):
    import csv

    from whosaid.cli import main

    pairs = [
        _acted(article("Gazette", "2024-03-15", ["female", "male", "male"]), ["speech", "thought", "other"]),
        _acted(article("Courier", "2024-04-02", ["female", "unknown"]), ["thought", "speech"]),
    ]
    path = build_store(tmp_path / "acts.duckdb", pairs)
    assert main(["export", str(path), "--format", "csv", "--tables", "speakers", "-o", str(tmp_path / "out")]) == 0
    with open(tmp_path / "out" / "speakers.csv", encoding="utf-8", newline="") as handle:
        exported = {row["speaker_id"]: row for row in csv.DictReader(handle)}
    capsys.readouterr()
    for act in ("speech", "thought", "other", "all"):
        assert main(["speakers", "list", str(path), "--json", "--act", act]) == 0
        listed = {row["speaker_id"]: row["quotes"] for row in map(json.loads, capsys.readouterr().out.splitlines())}
        column = "n_quotes" if act == "all" else f"n_{act}"
        assert {sid: int(row[column]) for sid, row in exported.items()} == listed, act
    assert sorted(int(row["n_quotes"]) for row in exported.values()) == [1] * 5
    assert sum(int(row["n_thought"]) for row in exported.values()) == 2


BODY = ("The Westport sailing club said on Monday that its former skipper, Hugh Barr, had died aged 79.\n\n"
        "\"He was the best of us,\" said the club's chair, Ann Moss.\n")


def headline_quotes(headline: str, body: str = BODY) -> list[Quote]:
    text = f"{headline}\n\n{body}"
    return [q for q in whosaid.analyze(text).quotes if q.content[0][0] < len(headline)]


def test_a_headline_that_quotes_nobody_is_not_counted_as_speech():
    """A headline's words are the desk's summary of the body; the body's own quotes stay speech."""
    found = headline_quotes("Coach slams referee after cup defeat")
    assert [(q.cue_text, q.act) for q in found] == [("slams", "other")]
    body_acts = {q.cue_text: q.act for q in whosaid.analyze("Coach slams referee after cup defeat\n\n" + BODY).quotes
                 if q.content[0][0] > len("Coach slams referee after cup defeat")}
    assert set(body_acts.values()) == {"speech"}, body_acts


def test_the_same_sentence_is_speech_in_the_body_and_not_in_the_headline():
    sentence = "Mayor says bridge will reopen in spring"
    assert [q.act for q in headline_quotes(sentence)] == ["other"]
    in_body = whosaid.analyze(f"Town news\n\n{sentence}.\n\n{BODY}").quotes
    assert [q.act for q in in_body if q.cue_text == "says"] == ["speech"]


def test_a_headline_is_nobody_s_belief_either():
    """A thought cue in an unquoted headline is the desk's summary too; in the body it stays a thought."""
    sentence = "Farmers fear drought will ruin harvest"
    assert [(q.cue_text, q.act) for q in headline_quotes(sentence)] == [("fear", "other")]
    in_body = whosaid.analyze(f"Town news\n\n{sentence}.\n\n{BODY}").quotes
    assert [q.act for q in in_body if q.cue_text == "fear"] == ["thought"]


def test_a_headline_holding_a_quotation_is_speech():
    found = headline_quotes('Mayor: "The bridge will reopen"')
    assert [(q.kind, q.act) for q in found] == [("direct", "speech")]


@pytest.mark.parametrize("sentence, cue", [
    ("The harbour board declined to comment.", "declined"),
    ("The county clerk declined to comment on the ceremony.", "declined"),
    ("A spokeswoman for the port, Ruth Keane, did not respond to a request for comment.", "did not respond to"),
])
def test_declining_to_comment_gives_nobody_a_voice(sentence, cue):
    """Still reported (the source is named), but not counted as speech."""
    found = acts(f"{sentence}\n\n\"We will reopen the slipway in June,\" said the harbour master, Joe Platt.")
    assert found.get(cue) == "other", found
    assert found.get("said") == "speech", found


def test_an_answer_with_a_negation_or_a_refusal_to_do_something_else_stays_speech():
    found = acts('Asked if she would resign, the minister responded: "Absolutely not."')
    assert "speech" in found.values() and "other" not in found.values(), found
    assert acts("The mayor said she would not comment on rumours.").get("said") == "speech"


WITHHELD = [
    ("The minister has not said whether she will resign.", "whether she will resign"),
    ("Mayor Elena Marsh did not say when the tram would open.", "when the tram would open"),
    ("Mayor Elena Marsh refused to say whether the tram would be delayed.", "whether the tram would be delayed"),
    ("The harbour master has never said that the slipway was unsafe.", "that the slipway was unsafe"),
]


@pytest.mark.parametrize("pipeline", ["fast", "accurate"])
def test_a_negated_or_refused_speech_cue_gives_nobody_a_voice(pipeline):
    """"has not said whether", "refused to say whether": still reported (PolNeAR annotates them), but the
    source kept the words to itself, so they are not counted as speech; a said clause beside it stays speech."""
    engine = whosaid.Engine(pipeline=pipeline)
    for sentence, withheld in WITHHELD:
        quotes = engine.analyze(f"Port news\n\n{sentence}\n\nCritics said the harbour master should go.").quotes
        found = {q.text: q.act for q in quotes}
        assert found.get(withheld) == "other", (sentence, found)
        assert found.get("the harbour master should go") == "speech", (sentence, found)


@pytest.mark.parametrize("sentence, said", [
    ("The mayor said she would not comment on rumours.", "she would not comment on rumours"),
    ("The minister did not think the budget would pass.", None),
    ("Ann Lee said not a single ferry had sailed.", "not a single ferry had sailed"),
])
def test_a_negation_that_is_not_the_speech_cue_s_leaves_the_act(sentence, said):
    quotes = whosaid.analyze(f"Port news\n\n{sentence}").quotes
    assert "other" not in {q.act for q in quotes}, [(q.cue_text, q.text, q.act) for q in quotes]
    if said is not None:
        assert [(q.text, q.act) for q in quotes] == [(said, "speech")]


@pytest.mark.parametrize("sentence", [
    "The minister said nothing about the budget.",
    "The harbour master said little about the tram.",
    "The coach said nothing.",
    "The senator has said something about the port.",
])
def test_a_speech_verb_whose_object_gives_no_words_is_not_counted_as_speech(sentence):
    """"said nothing about the budget" names a topic, not words anybody said: PolNeAR annotates
    such a cue, when at all, with the topic as content, so it may be reported, never as speech."""
    quotes = whosaid.analyze(f"Port news\n\n{sentence}\n\n\"We will reopen the slipway,\" said Joe Platt.").quotes
    assert not [q for q in quotes if q.act == "speech" and q.content[0][0] < len("Port news\n\n") + len(sentence)], \
        [(q.cue_text, q.text, q.act) for q in quotes]
    assert [q.act for q in quotes if q.cue_text == "said" and "slipway" in q.text] == ["speech"]


@pytest.mark.parametrize("sentence, said", [
    ("She said the budget was late.", "the budget was late"),
    ("He said the same of his rival.", "the same of his rival"),
    ("The governor said many of the pledges would be kept.", "many of the pledges would be kept"),
])
def test_an_object_or_clause_that_carries_what_was_said_stays_speech(sentence, said):
    quotes = whosaid.analyze(f"Port news\n\n{sentence}").quotes
    assert [(q.text, q.act) for q in quotes] == [(said, "speech")]


TOPIC_NEWS = "Port news\n\n"


def topic_quotes(sentence: str) -> list[Quote]:
    return whosaid.analyze(f"{TOPIC_NEWS}{sentence}\n\n\"We will reopen the slipway,\" said Joe Platt.").quotes


@pytest.mark.parametrize("sentence", [
    "The ministers discussed the budget.",
    "She discussed the budget.",
    "The ministers met on Tuesday to discuss the timetable.",
    "The senator talked about the tram at length.",
    "The coach commented on the injury.",
    "The council criticized the mayor.",
    "The critics called for a ban on trucks.",
    "The tram debate has reached the mayor's own home.",
    "The match has been called off.",
])
def test_a_noun_object_that_names_a_topic_or_a_target_gives_nobody_a_voice(sentence):
    """"discussed the budget" says what the words were about and "criticized the mayor" whom they
    were aimed at, not what they were; a verb of motion or change with a noun object says nothing
    at all. Any of them may be reported, never as speech."""
    quotes = topic_quotes(sentence)
    in_sentence = [q for q in quotes if q.content[0][0] < len(TOPIC_NEWS) + len(sentence)]
    assert not [q for q in in_sentence if q.act == "speech"], [(q.cue_text, q.text, q.act) for q in in_sentence]
    assert [q.act for q in quotes if q.cue_text == "said" and "slipway" in q.text] == ["speech"]


@pytest.mark.parametrize("sentence, cue, said", [
    ("She told reporters the plan was dead.", "told", "the plan was dead"),
    ("The mayor announced the plan on Monday.", "announced", "the plan"),
    ("The minister confirmed the deal.", "confirmed", "the deal"),
    ("The council accused the mayor of hiding the report.", "accused", "the mayor of hiding the report"),
    ("The council criticized the mayor for closing the port.", "criticized", "the mayor for closing the port"),
    ("The coach called him a liar.", "called", "him a liar"),
    ("The union described the plan as dead.", "described", "the plan as dead"),
    ("The minister rejected the claim that the port would close.", "rejected",
     "the claim that the port would close"),
    ("The senator discussed how the tram would be paid for.", "discussed", "how the tram would be paid for"),
])
def test_a_clause_or_a_verb_whose_noun_object_is_what_was_said_stays_speech(sentence, cue, said):
    """"announced the plan" and "confirmed the deal" make their object known: those verbs take a
    clause often ("announced that ..."), so their noun object stands for what was said. A predicate
    on the object, a reason or charge after it, or a clause in it gives what was said as well."""
    assert [(q.cue_text, q.text, q.act) for q in topic_quotes(sentence) if q.cue_text == cue] == \
        [(cue, said, "speech")]


def test_a_topic_is_told_by_the_lemma_s_clause_rate(nlp):
    """The same parse reads as speech when the lemma's rate is unknown or high, as a topic when low."""
    from whosaid.attribute.act import decide_act
    from whosaid.records import Attribution

    text = "Port news\n\nThe ministers discussed the budget."
    doc = nlp(text)

    def span(words):
        start = text.index(words)
        return ((start, start + len(words)),)

    record = Attribution(content=span("the budget"), source=span("The ministers"), cue=span("discussed"),
                         kind="indirect")
    model = load_act_model()
    assert decide_act(record, doc, dataclasses.replace(model, clause_rates={"discuss": 0.05})) == "other"
    assert decide_act(record, doc, dataclasses.replace(model, clause_rates={})) == "speech"
    assert decide_act(record, doc, dataclasses.replace(model, clause_rates={"discuss": 0.5})) == "speech"


def test_clause_rates_count_the_verb_uses_that_govern_a_clause(nlp, monkeypatch):
    import training.train_act as train_act

    monkeypatch.setattr(train_act, "CLAUSE_RATE_MIN_USES", 2)
    docs = [nlp(t) for t in ("The mayor said that the port was safe.", "Ann said the bridge would open.",
                             "They discussed the budget.", "We discussed the timetable.",
                             "She discussed how the tram would run.", "He mentioned the port.")]
    rates = train_act.clause_rates(docs, {"say", "discuss", "mention"})
    assert rates["say"] == 1.0
    assert 0.0 < rates["discuss"] < 0.5
    assert "mention" not in rates  # one use is too few to tell
