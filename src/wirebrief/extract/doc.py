"""The document every extraction component reads and fills, and the records it ends with.

One `Doc` per article, in the shape of spaCy's: the inputs (text, language,
publication date), then one field per thing a component finds, each computed
once and read by the components after it. Offsets in every field are offsets
in `doc.norm`, the normalised text; `Doc.span` maps them back to the original
text, which is what the frames index (see `wirebrief.extract.rows`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..gazetteer import Place
from .actors import ActorMention
from .dates import When
from .normalise import OffsetMap
from .numbers import Quantity
from .places import Mention
from .statements import Statement
from .text import Sentence

# the fields a caller gives; every other field is assigned by a component
INPUTS = ("text", "lang", "published", "article_id")


@dataclass
class Casualty:
    """One casualty count: "au moins 23 civils tués" (see docs/frames.md, casualties)."""
    kind: str                        # killed | injured | missing | displaced
    low: int | None
    best: int | None
    high: int | None
    group: str
    part_of: int | None              # index in doc.casualties of the total this count is part of
    scope: str                       # incident | cumulative
    place: Place | None
    reported_by: str | None
    claimed: bool
    date: dt.date | None
    date_precision: str | None
    date_basis: str | None           # text | lead | published | weekday_mismatch (see extract/dating.py)
    start: int                       # the count and its trigger, in doc.norm
    end: int
    sentence: int                    # index in doc.sentences
    date_end: dt.date | None = None  # the last day a span or a whole week/month covers
    part_of_day: str | None = None   # morning | afternoon | evening | night, where the text says


@dataclass
class Event:
    """One event: what happened, where, when and who (see docs/frames.md, events)."""
    type: str
    status: str                      # asserted | planned | uncertain
    actors: list[str]
    place: Place | None
    date: dt.date | None
    date_precision: str | None
    date_basis: str | None
    start: int                       # the trigger, in doc.norm
    end: int
    sentence: int
    past: bool = False               # pluperfect: background, never given the lead date
    anaphoric: bool = False          # "l'attentat", "this attack": the one just reported
    subtype: str | None = None       # ACLED sub-event type chosen from the trigger (None: the type's own)
    actor1: str | None = None        # who acts, where the sentence says so (ACLED actor1)
    actor2: str | None = None        # whom it targets or opposes (ACLED actor2)
    distinct: bool = False           # "une autre attaque", "another strike": never a repeat
    counted: bool = False            # "two airstrikes hit X": a repeat only where the place is the same
    date_end: dt.date | None = None  # the last day a span or a whole week/month covers
    part_of_day: str | None = None   # morning | afternoon | evening | night, where the text says


@dataclass
class Doc:
    """An article on its way through the pipeline (wirebrief.extract.pipeline)."""
    text: str
    lang: str = "fr"
    published: dt.date | None = None
    article_id: str | None = None
    # normalise
    norm: str = ""
    offsets: OffsetMap | None = None
    # dateline
    dateline: tuple[int, int] = (0, 0)          # (end of its place names, end of the dateline)
    reference: dt.date | None = None            # publication date, else the dateline's day
    # sentences
    sentences: list[Sentence] = field(default_factory=list)
    # quotes
    quotes: list[tuple[int, int]] = field(default_factory=list)   # direct speech spans
    # statements
    statements: list[Statement] = field(default_factory=list)    # who said which quotation
    # places
    mentions: list[Mention] = field(default_factory=list)
    main_place: Mention | None = None
    main_country: Mention | None = None
    # dates
    dates: list[list[When]] = field(default_factory=list)        # per sentence, offsets in the sentence
    lead: dt.date | None = None                                  # the story's news day
    # quantities
    quantities: list[list[Quantity]] = field(default_factory=list)   # per sentence, offsets in the sentence
    # actors
    actors: list[ActorMention] = field(default_factory=list)
    # casualties, events
    casualties: list[Casualty] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of `norm` as a span of the original `text`."""
        if self.offsets is None:
            return start, end
        return self.offsets.span(start, end)

    def original(self, start: int, end: int) -> str:
        """The original text under a span of `norm`: evidence is quoted as published."""
        a, b = self.span(start, end)
        return self.text[a:b]
