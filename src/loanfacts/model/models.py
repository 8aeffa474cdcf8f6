"""Pydantic models of a facts file: validation only, no I/O.

The shape follows XBRL (a fact is concept + entity + period + unit + precision), SDMX (an
explicit unit multiplier) and Wikidata (a quantity with bounds, a statement with a reference).

No `from __future__ import annotations` here: pydantic would read every field's annotation
back from its text, compiling each one when the module is imported; written plainly they are
evaluated from the module's cached bytecode (start-up, issue 20).
"""

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from loanfacts.model.kinds import (
    NO_DATE,
    Basis,
    Currency,
    Measure,
    Qualifier,
    Scale,
    SourceKind,
    currency_of,
    scale_label,
)

__all__ = [
    "Basis",
    "Duration",
    "Fact",
    "FactsFile",
    "Instant",
    "Measure",
    "Period",
    "Qualifier",
    "Relations",
    "Scale",
    "Source",
    "SourceDocument",
    "SourceKind",
    "period_label",
]

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG, max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class _Strict(BaseModel):
    # defer_build: a model's validator is built when it first validates, not when this
    # module is imported; a command that validates nothing (or only FactsFile, which builds
    # the others within it) does not pay for every model at start-up
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _integer(value: object) -> object:
    """An integer as a JSON number, as the schema says: pydantic alone takes "2" and true;
    2.0 is 2, as in JSON Schema (pydantic 2.7 refuses 1.0 for the literal 1; 2.14 takes it)."""
    if isinstance(value, str | bool):
        raise ValueError("must be an integer (a JSON number), not a string or boolean")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# after Field(ge=..., le=...) in Annotated, so that the bounds reach the JSON Schema
INTEGER_ONLY = BeforeValidator(_integer)

ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


@cache
def _iso_date() -> re.Pattern[str]:  # compiled when a date is first validated
    return re.compile(ISO_DATE)


def _iso_date_only(value: object) -> object:
    """A date is written YYYY-MM-DD; pydantic alone also takes 1751241600 and datetimes."""
    if isinstance(value, dt.date) or (isinstance(value, str) and _iso_date().fullmatch(value)):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date_only),
    WithJsonSchema({"type": "string", "format": "date", "pattern": f"^{ISO_DATE}$"}),
]


class Instant(_Strict):
    """A stock measured on one day, such as a balance "as of June 30"."""

    type: Literal["instant"]
    date: IsoDate

    @property
    def end(self) -> dt.date:
        return self.date

    def label(self) -> str:
        return self.date.isoformat()


class Duration(_Strict):
    """A flow over a span, such as disbursements in the first half of 2025."""

    type: Literal["duration"]
    start: IsoDate
    end: IsoDate

    @model_validator(mode="after")
    def _ordered(self) -> "Duration":
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    def label(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


Period = Annotated[Instant | Duration, Field(discriminator="type")]


def period_label(period: Instant | Duration | None) -> str:
    """A figure's date or period in ISO form, or the one wording for a figure without one."""
    return period.label() if period is not None else NO_DATE


class Source(_Strict):
    """Where a figure stands: document id, paragraph and the figure's text as printed.

    `text` is in the source's own language ("9.38万亿元" from a Chinese source), so that it can
    be found in the source; `text_en` may give an English rendering beside it.
    """

    document: Slug
    paragraph: Annotated[int, Field(ge=1, le=100_000), INTEGER_ONLY] | None = Field(
        default=None,
        description="The paragraph of the document the figure stands in, counted from 1. A "
        "report is plain UTF-8 text; each line is a paragraph, and a blank line also ends one "
        "(blank lines are not counted). The title line is paragraph 1. `loanfacts extract` "
        "and `loanfacts coverage` count the same way.",
    )
    text: Text
    text_en: Text | None = None


class Relations(_Strict):
    """Links to other facts in the same file; derivations and the audit follow them."""

    growth_of: Slug | None = None
    part_of: Slug | None = None
    gap_of: Slug | None = None
    distributed_over: Slug | None = None
    baseline: Slug | None = None
    #: what a balance's share of its region's loans of all kinds is measured against: a share,
    #: a gap that implies one, or a balance whose region states its loans of all kinds
    benchmark: Slug | None = None
    #: the same figure for a wider economy (China's manufacturing loans for Henan's): the
    #: region's share of it is measured against the region's share of output (GDP)
    counterpart: Slug | None = None

    def items(self) -> list[tuple[str, str]]:
        # vars, not model_dump: an index build reads the relations of a million records
        return [(k, v) for k, v in vars(self).items() if v is not None]

    def get(self, name: str) -> str | None:
        value = getattr(self, name, None)
        return value if isinstance(value, str) else None


def _number_only(value: object) -> object:
    """A figure is a JSON number; "12" in quotes is a typo pydantic would quietly accept."""
    if isinstance(value, str | bool):
        raise ValueError("must be a JSON number, not a string or boolean")
    return value


LIMIT = Decimal("1e15")


def _in_range(value: Decimal) -> Decimal:
    if abs(value) > LIMIT:
        raise ValueError("must be less than or equal to 1E+15 in absolute value")
    return value


Figure = Annotated[
    Decimal,
    BeforeValidator(_number_only),
    Field(allow_inf_nan=False),
    AfterValidator(_in_range),
    # pydantic would describe a Decimal as "number or numeric string"
    WithJsonSchema({"type": "number", "minimum": -int(LIMIT), "maximum": int(LIMIT)}),
]

_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")


class Fact(_Strict):
    """One figure as published (atomic, like an XBRL fact)."""

    id: Slug
    topic: Text
    measure: Measure
    entity: Text = Field(
        description="Whose figure it is (a sector, a bank). `loanfacts extract` writes a "
        "placeholder starting with the marker `DRAFT:` when the report names no one."
    )
    region: Text | None = Field(
        default=None,
        description="The place the figure is of, in English: a country (China, United "
        "Kingdom), a province (Henan, Shanghai) or a city (Luoyang). `check` compares a "
        "figure of a text only with facts of the region the text names.",
    )
    value: Figure
    unit: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    currency: Currency | None = Field(
        default=None,
        description="The currency of a money figure (CNY, USD, GBP, EUR, INR); its `unit` is "
        "the currency's word (yuan, US dollars, pounds, euros, rupees). Filled from the unit "
        "when left out; null for rates and counts.",
    )
    scale: Scale | None = None
    qualifier: Qualifier = Qualifier.EXACT
    decimals: Annotated[int, Field(ge=-15, le=15), INTEGER_ONLY] | None = None
    period: Period | None = None
    description: Text = Field(
        description="What the figure is, in the file keeper's own words. A record drafted by "
        "`loanfacts extract` holds a placeholder starting with the marker `DRAFT:` until a "
        "person writes it; `loanfacts coverage` lists the records that still do."
    )
    source: Source
    aliases: list[Text] = Field(default_factory=list, max_length=100)
    tags: list[Text] = Field(default_factory=list, max_length=100)
    relations: Relations = Field(default_factory=Relations)
    versus: Text | None = None

    @model_validator(mode="after")
    def _currency_agrees(self) -> "Fact":
        implied = currency_of(self.unit)
        if self.currency is None and implied is not None:
            object.__setattr__(self, "currency", implied)  # frozen: filled once, here
        elif self.currency is not None and implied is not self.currency:
            raise ValueError(
                f"unit {self.unit!r} does not agree with currency {self.currency.value}: a "
                f"{self.currency.value} figure has the unit {self.currency.unit!r}"
            )
        return self

    @property
    def unit_label(self) -> str:
        return scale_label(self.scale, self.unit)

    @property
    def instant(self) -> dt.date | None:
        """The day of a balance (an instant); None for a flow or an undated figure."""
        return self.period.date if isinstance(self.period, Instant) else None

    def related(self, name: str) -> str | None:
        """The id this fact links to under a relation name (`growth_of`, `part_of`, ...)."""
        return self.relations.get(name)

    @property
    def printed_decimals(self) -> int:
        """Decimal places as printed: from `decimals`, else the printed text, else the value.

        The printed text wins over the value because JSON numbers lose trailing zeros.
        """
        if self.decimals is not None:
            return self.decimals
        match = _NUMBER.search(self.source.text)
        if match:
            return len(match.group(1) or "")
        exponent = self.value.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0


Provenance = Literal["publisher", "published", "address"]


class SourceDocument(_Strict):
    """A document that facts cite; reference documents are other sources than the report.

    A reference document names its publisher and publication date (`validate` warns when one
    is missing); where a search could not establish one, `not_found` says so and `note` why.
    """

    id: Slug
    title: Text
    kind: SourceKind = SourceKind.REPORT
    publisher: Text | None = None
    published: IsoDate | None = None
    address: Annotated[str, StringConstraints(min_length=1, max_length=2000)] | None = None
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")] | None = (
        None
    )
    not_found: list[Provenance] = Field(default_factory=list, max_length=3)
    note: Text | None = None
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = Field(
        default=None,
        description="SHA-256 of the document's text as `extract` read it (paragraphs joined "
        "by line ends), in hex. `merge` refuses a draft whose document id is listed here with "
        "another title or another text.",
    )
    basis: Basis | None = Field(
        default=None,
        description="Whose statistics the document reports: the banking regulator "
        "(regulator: banking institutions), the central bank (central_bank: all financial "
        "institutions), a statistics bureau, a government, or one institution's own figures. "
        "Derivations and audit findings that join figures of two bases say so; `validate` "
        "warns about a reference source without one.",
    )


class FactsFile(_Strict):
    """A whole facts file. Cross-record rules (unique ids, references) live in store.py."""

    schema_version: Annotated[Literal[1], INTEGER_ONLY] = 1
    sources: list[SourceDocument] = Field(default_factory=list)
    facts: list[Fact]


SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:loanfacts:facts-file:1"  # a name for the schema, not a place to fetch it
CROSS_RECORD_RULES = (
    "Rules a JSON Schema cannot state, which 'loanfacts validate' checks: fact ids and "
    "source ids are unique; relations name a fact of the same file, other than the fact "
    "itself; source.document names one of sources (when sources are given); a duration "
    "ends on or after its start."
)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a facts file (`loanfacts schema`), as strict as the validator on
    every single field, for editors that check a file as it is typed."""
    generated = FactsFile.model_json_schema()
    generated["description"] = CROSS_RECORD_RULES
    return {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_ID, **generated}
