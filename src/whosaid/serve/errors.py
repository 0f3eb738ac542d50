"""Error answers that name the bad input without repeating it: at most its first characters.

A request is refused with a message a person can act on (``describe``) and,
for the API, one entry per bad parameter (``models.InvalidField``). The input
itself is cut to INPUT_SHOWN characters and made encodable, so a 60 MB body or
a lone surrogate (``"\\ud800"``) cannot make the error answer itself fail or
balloon.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi.exceptions import RequestValidationError

INPUT_SHOWN = 60


def _shown(value: Any, limit: int = INPUT_SHOWN) -> str:
    """At most ``limit`` characters of ``value``, always encodable (a lone surrogate is written as ``\\ud800``)."""
    text = str(value)
    short = text if len(text) <= limit else text[:limit] + "…"
    return short.encode("utf-8", "backslashreplace").decode("utf-8")


def invalid_fields(errors: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validation errors as the API shows them (``models.InvalidField``): never more than the start of the input."""
    fields = []
    for error in errors:
        field = {
            "loc": [p if isinstance(p, int) else _shown(p) for p in error.get("loc", ())],
            "msg": _shown(str(error.get("msg", "invalid")).removeprefix("Value error, "), 300),
            "type": _shown(error.get("type", "value_error")),
        }
        value = error.get("input")
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            field["input"] = _shown(value)
        fields.append(field)
    return fields


def describe(fields: list[dict[str, Any]]) -> str:
    """One line naming each bad parameter and what is wrong with it."""
    parts = []
    for field in fields:
        loc = field["loc"]
        where = ".".join(str(p) for p in loc if p not in ("query", "path", "body") and not isinstance(p, int))
        if not where and loc[:1] == ["body"]:
            where = "request body (a JSON object, sent as application/json)"
        parts.append(f"{where}: {field['msg']}" if where else field["msg"])
    return "; ".join(parts) or "invalid request"


def unprocessable(loc: tuple[str, ...], message: str) -> RequestValidationError:
    """A 422 for a rule the parameter types cannot express (``date_from`` after ``date_to``)."""
    return RequestValidationError([{"type": "value_error", "loc": loc, "msg": message}])
