"""Events: what happened, who, where and when, from trigger vocabularies per language.

Triggers and the cue words that qualify them (negation, modality, purpose,
background, venue prepositions) live in data/lang/<lang>/events.yaml;
each type maps to ACLED and PLOVER in data/event_types.csv.

Automated event coders over-generate, so most of this module decides what
*not* to code:
- words inside direct speech («…» opening a sentence) are a speaker's words,
  coded through the speech verb outside the quote, not as happenings;
- denied, hypothetical, purpose ("pour ouvrir des négociations"), generic and
  iterative mentions are dropped;
- a long-running campaign dated only by "depuis l'été 2014" is background;
- a demand made during a phone call is that call, not a second event;
- the same happening mentioned twice (same type, compatible place and date)
  is one row.
Dates come from the clause; an undated asserted event takes the story's lead
date (the day of the first dated sentence), marked `date_basis = "lead"`.
"""
from .component import events_step  # importing it registers the `events` component

__all__ = ["events_step"]
