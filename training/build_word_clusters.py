"""Build the word cluster table (``src/whosaid/models/word_clusters.tsv``) from static vectors.

en_core_web_md keeps 20,000 distinct vectors (its most frequent words; every
other word of its vocabulary points at the nearest of them). They are
normalised and clustered by k-means at each granularity; every lowercase word
of the listed vocabulary then takes its vector's clusters. The vocabulary is
the WordNet lemma index the English lemmatizer ships (nouns, verbs,
adjectives, adverbs) plus the lowercased words of PolNeAR train, so the table
covers lemmas and stays a few MB. Seeded: the same vectors give the same table.

    PYTHONPATH=src:. python -m training.build_word_clusters [--k 64 256 1024]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans

from whosaid.attribute.representation import WORD_CLUSTERS_PATH
from whosaid.parse import load_pipeline

WORD = re.compile(r"^[a-z][a-z'-]*$")


def vocabulary(nlp_sm, train_texts) -> set[str]:
    """Lemma-index words and the words of the training texts, lowercased, letters only."""
    words = set()
    index = nlp_sm.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    for pos in index:
        words.update(w for w in index[pos] if WORD.match(w))
    for text in train_texts:
        words.update(w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text.lower()) if WORD.match(w))
    return words


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, nargs="+", default=[64, 256, 1024], help="cluster counts")
    parser.add_argument("--out", type=Path, default=WORD_CLUSTERS_PATH)
    args = parser.parse_args(argv)
    from training.polnear import POLNEAR, read_jsonl

    started = time.time()
    md = load_pipeline("md")
    vectors = md.vocab.vectors
    data = np.asarray(vectors.data, dtype=np.float32)
    norms = np.linalg.norm(data, axis=1, keepdims=True)
    data = data / np.where(norms == 0, 1, norms)
    labels = []
    for k in args.k:
        model = KMeans(n_clusters=k, n_init=1, max_iter=60, random_state=0).fit(data)
        labels.append(model.labels_)
        print(f"k={k}: inertia {model.inertia_:.0f} ({time.time() - started:.0f}s)")
    words = vocabulary(load_pipeline(), (a["text"] for a in read_jsonl(POLNEAR / "train.jsonl")))
    strings = md.vocab.strings
    rows = []
    for word in sorted(words):
        row = vectors.key2row.get(strings[word]) if word in strings else None
        if row is not None and row >= 0:
            rows.append(word + "\t" + "\t".join(str(int(lab[row])) for lab in labels))
    args.out.write_text("#word\t" + "\t".join(map(str, args.k)) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows):,} of {len(words):,} words -> {args.out} "
          f"({args.out.stat().st_size / 1e6:.1f} MB, {time.time() - started:.0f}s)")


if __name__ == "__main__":
    main()
