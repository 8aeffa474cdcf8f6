"""A second validator of the same models, in pydantic's core alone where it can be, for the
passes over a whole large file (issue 20, item 4).

The models keep some rules in Python callbacks (models.py): a date written YYYY-MM-DD, an
integer that is a JSON number, a figure that is finite and within ±1E+15. pydantic's strict
types would word those errors otherwise, and accept some of what the callbacks refuse (from
JSON, a strict Decimal takes "12" and a strict date "1751241600"). So the models stay as they
are, and `Quick` validates through a copy of their core schema in which those rules are
pydantic-core's own constraints:

- a date: a string of the pattern YYYY-MM-DD, chained to the date;
- an integer: a strict int (`2.0` is refused here, and taken by the models);
- a figure: finite and within ±1E+15 as constraints of its decimal (the callback that refuses a
  string or a boolean stays).

What `Quick` accepts, the models accept, as the same objects of the same classes (a
Hypothesis test holds it, tests/test_quick.py). What it refuses is validated again by the
models, which accept it or word the problem exactly as they always have. Building it takes a
few milliseconds, so only a pass over a large file uses it (index/stream.py, index/build.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, Generic, TypeVar

from pydantic import TypeAdapter, ValidationError
from pydantic_core import SchemaError, SchemaValidator
from pydantic_core import core_schema as cs

from loanfacts.model import models

T = TypeVar("T")

_DATE = f"^{models.ISO_DATE}$"


def _function(node: dict[str, Any]) -> Callable[..., Any] | None:
    held = node.get("function")
    found = held.get("function") if isinstance(held, dict) else None
    return found if callable(found) else None


def _decimal(node: dict[str, Any], **constraints: Any) -> dict[str, Any]:
    """node with the decimal schema within it (under function validators) constrained."""
    if node.get("type") == "decimal":
        return {**node, **constraints}
    return {**node, "schema": _decimal(node["schema"], **constraints)}


def _in_core(node: Any) -> Any:
    """A copy of a core schema with the models' Python rules above as core constraints."""
    if isinstance(node, list):
        return [_in_core(item) for item in node]
    if not isinstance(node, dict):
        return node
    kind = node.get("type")
    function = _function(node) if kind in ("function-before", "function-after") else None
    if function is models._in_range:
        return _decimal(_in_core(node["schema"]), le=models.LIMIT, ge=-models.LIMIT)
    if function is not None and function.__name__ == "forbid_inf_nan_check":  # pydantic's own
        return _decimal(_in_core(node["schema"]), allow_inf_nan=False)
    if function is models._iso_date_only:
        return cs.chain_schema(
            [cs.str_schema(strict=True, pattern=_DATE), _in_core(node["schema"])]
        )
    if function is models._integer:
        return {**_in_core(node["schema"]), "strict": True}
    return {key: value if key == "cls" else _in_core(value) for key, value in node.items()}


class Quick(Generic[T]):
    """validate_json of a type's JSON through its core-only copy, or through the type's own
    validator when that refuses it."""

    def __init__(self, kind: type[T]) -> None:
        self.full: TypeAdapter[T] = TypeAdapter(kind)
        self.core: SchemaValidator | None
        try:
            self.core = SchemaValidator(_in_core(self.full.core_schema))
        except (KeyError, TypeError, SchemaError):  # a pydantic whose schemas differ in shape:
            self.core = None  # the models alone (tests/test_quick.py fails on it)

    def validate_json(self, data: bytes) -> T:
        if self.core is not None:
            try:
                return self.core.validate_json(data)  # type: ignore[no-any-return]
            except ValidationError:
                pass
        return self.full.validate_json(data)


@cache
def facts() -> Quick[list[models.Fact]]:
    """What validates the records of a large file, a chunk or a batch at a time (made once)."""
    return Quick(list[models.Fact])
