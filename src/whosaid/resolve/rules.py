"""The registry of the resolver's rules, each with a name and what it does.

Every rule that shapes the entity table, links a mention or reads a source
is registered here once: ``REGISTRY`` lists them in the order they apply, as
``docs/resolution.md`` does. ``Settings.without(name)`` switches one off, so
``training/eval_resolve.py --without NAME`` measures what it adds.

Two kinds of entry: a *switch* (``declare``), checked where its rule acts,
and an entry of an ordered list (``RuleList``), where the first rule that
answers wins: mention rules say what a mention refers to, source rules read
an attribution's source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

STAGES = ("table", "linking", "mention", "source")


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    stage: str  # table | linking | mention | source
    summary: str


REGISTRY: dict[str, Rule] = {}


def declare(name: str, stage: str, summary: str) -> str:
    """Register a rule and return its name, for ``settings.on(name)`` where it acts."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r} for rule {name!r}")
    if name in REGISTRY and REGISTRY[name] != Rule(name, stage, summary):
        raise ValueError(f"rule {name!r} registered twice")
    REGISTRY[name] = Rule(name, stage, summary)
    return name


class RuleList:
    """Rules tried in order; the first that returns something other than None answers."""

    def __init__(self, stage: str):
        self.stage = stage
        self.rules: list[tuple[str, Callable[..., Any]]] = []

    def __call__(self, name: str, summary: str):
        def register(function: Callable[..., Any]) -> Callable[..., Any]:
            declare(name, self.stage, summary)
            self.rules.append((name, function))
            return function

        return register

    def first(self, settings, *args) -> Any:
        for name, function in self.rules:
            if settings.on(name):
                found = function(*args)
                if found is not None:
                    return found
        return None


def rule_names(stage: str | None = None) -> list[str]:
    return [name for name, rule in REGISTRY.items() if stage is None or rule.stage == stage]
