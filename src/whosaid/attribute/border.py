"""Where a cue ends and its content begins: a learned decision for the words right of the anchor.

PolNeAR's cues run on past their anchor into the words it governs about as often as
they stop ("accused Republicans of | using ...", "told Reuters | in an interview",
"is expected to endorse | ...", "say | about ..."): a preposition after the anchor
joins gold's cue 48% of the time, an object or recipient 19%, a complement 36%, and
the share moves with the anchor's lemma, the word, and what follows. So the words
right of the anchor, up to where the content proper starts (``region``), each get a
probability of being the cue's (``word_features`` scored by the ``border`` model of
the model file), and the cue ends where the likeliest labelling of the run as
cue words followed by the rest puts it (gold cues are one run, so their words right of
the anchor always read that way). The content then starts after the cue's last word:
words it gave up that lead into the content go back to it.
"""

from __future__ import annotations

import math

from spacy.tokens import Token

from .tokens import token_table

# How many words right of the anchor may join its cue: gold's longest right runs
# ("making it plain to the jury") are about this long.
WINDOW = 6

# Relations that start the content proper: a clause's subject ("said | he would").
CONTENT_OPENERS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})

# Words that open a noun phrase: the cue never ends on one ("said in an | interview").
NOUN_OPENERS = frozenset({"det", "amod", "compound", "poss", "nummod", "quantmod", "nmod", "case"})

# Levels a probability is read in (the tagger's cue and content probabilities, the
# learned attachment rate of the word).
LEVELS = 5


def region(anchor: Token, stop: set[int]) -> list[int]:
    """The words right of ``anchor`` that may join its cue: consecutive words it governs,
    up to the first punctuation or white space, a word it does not govern, a word of
    ``stop`` (the source's), or a word of a clause's subject ("said | he would")."""
    doc = anchor.doc
    t = token_table(doc)
    a = anchor.i
    out = []
    for j in range(a + 1, min(a + 1 + WINDOW, len(doc))):
        if t.punct[j] or t.space[j] or j in stop or not _governed(t, j, a, CONTENT_OPENERS):
            break
        out.append(j)
    return out


def _governed(t, j: int, a: int, barred=frozenset()) -> bool:
    """Whether word ``a`` governs word ``j`` (within a few steps), through no relation of ``barred``."""
    for _ in range(WINDOW + 2):
        if t.dep[j] in barred:
            return False
        head = t.head[j]
        if head == a:
            return True
        if head == j:
            return False
        j = head
    return False


def _level(value: float) -> str:
    return str(min(int(value * LEVELS), LEVELS - 1)) if value == value else "none"


def word_features(anchor: Token, words: list[int], content: list[int] | None, cue: list[int],
                  settled: list[int], tags=None, rate=None) -> list[list[str]]:
    """What the border model reads of each word of ``region``: the anchor's lemma, the
    word's relation (with its head's, when the anchor is not its head), lemma and place,
    what follows it, where the content as the parse gave it starts, whether the cue as
    first read holds it and whether the learned rates place it in the cue (``settled``,
    ``spans.settle_cue``), the learned attachment rate of an attached word (``rate(i)``,
    NaN for none) and, with ``tags`` (a tagger's tokens x 4 probabilities), the tagger's
    cue and content probabilities of it."""
    doc = anchor.doc
    t = token_table(doc)
    a = anchor.i
    lemma = t.lemma[a]
    start = min(content) if content else -1
    content_set = set(content or ())
    cue_set, settled_set = set(cue), set(settled)
    rows = []
    for k, j in enumerate(words, 1):
        head = t.head[j]
        relation = t.dep[j] if head == a else f"{t.dep[head]}>{t.dep[j]}"
        word = t.lower[j]
        after = j + 1
        if after >= len(doc):
            follows = "end"
        elif t.punct[after]:
            follows = "quote" if t.lower[after] in QUOTES else "punct"
        elif t.dep[after] == "mark" or t.lower[after] == "that":
            follows = "that"
        elif t.pos[after] in ("VERB", "AUX"):
            follows = "verb"
        else:
            follows = "word"
        if j == start:
            where = "start"
        elif j in content_set:
            where = "in"
        elif j < start:
            where = "before"
        else:
            where = "out"
        # Whether the content (as the parse gave it) starts inside the word's phrase, after it.
        leads = "leads" if start > j and _governed(t, start, j) else "not"
        row = [
            f"r={relation}",
            f"w={relation}|{word}",
            f"a={lemma}|{relation}",
            f"aw={lemma}|{relation}|{word}",
            f"p={min(k, 4)}|{relation}",
            f"f={follows}",
            f"rf={relation}|{follows}",
            f"c={where}",
            f"rc={relation}|{where}",
            f"l={leads}|{relation}",
            f"q={'cue' if j in cue_set else 'not'}|{relation}",
            f"s={'cue' if j in settled_set else 'not'}|{relation}",
        ]
        if rate is not None:
            level = _level(rate(j))
            row += [f"rate={level}", f"rr={relation}|{level}"]
        if tags is not None:
            cue_level, content_level = _level(float(tags[j, 1])), _level(float(tags[j, 3]))
            row += [f"tq={cue_level}", f"tc={content_level}", f"tqr={relation}|{cue_level}"]
        rows.append(row)
    return rows


QUOTES = frozenset({'"', "“", "”", "'", "‘", "’", "``", "''"})


def cue_end(probabilities: list[float], ends: list[bool]) -> int:
    """How many of the region's words the cue takes: the likeliest labelling of the run
    as some words of the cue followed by words that are not, the cue ending only where
    ``ends`` allows (after a word that opens no noun phrase)."""
    # Score of taking k words: sum of log p over the first k and log (1 - p) over the rest.
    score = sum(math.log(max(1.0 - p, 1e-9)) for p in probabilities)
    best, best_k = score, 0
    for k, (p, end) in enumerate(zip(probabilities, ends), 1):
        score += math.log(max(p, 1e-9)) - math.log(max(1.0 - p, 1e-9))
        if end and score > best:
            best, best_k = score, k
    return best_k


def cue_ends(anchor: Token, words: list[int]) -> list[bool]:
    """Where among ``words`` the cue may end: not after a word that opens a noun phrase
    ending further on."""
    t = token_table(anchor.doc)
    return [not (t.dep[j] in NOUN_OPENERS and t.head[j] > j) for j in words]


def place(anchor: Token, cue: list[int], content: list[int], parse_content: list[int] | None,
          settled: list[int], stop: set[int], probability, tags=None, rate=None) -> tuple[list[int], list[int]]:
    """The cue and content once the words right of the anchor are placed: the cue keeps
    its words left of the anchor and takes the region's words up to ``cue_end``; the
    content loses those and takes back the region's words after them that lead into it.
    A content is never emptied into its cue."""
    words = region(anchor, stop)
    if not words:
        return cue, content
    rows = word_features(anchor, words, parse_content, cue, settled, tags, rate)
    taken = cue_end([probability(row) for row in rows], cue_ends(anchor, words))
    doc = anchor.doc
    content_set = set(content)
    # Leave the content at least one word of its own.
    while taken and not any(i not in words[:taken] and not doc[i].is_punct for i in content):
        taken -= 1
    new_cue = sorted([i for i in cue if i <= anchor.i] + words[:taken])
    freed = [i for i in cue if i > anchor.i and i not in new_cue]
    kept = [i for i in content if i not in set(new_cue)]
    if freed and kept:
        first = min(kept)
        # Words the cue gave up join the content when they run straight into it.
        back = [i for i in sorted(freed, reverse=True) if i < first and all(
            k in freed or k in content_set or doc[k].is_space for k in range(i + 1, first))]
        kept = sorted(kept + back)
    return new_cue, kept
