"""Key statements: quoted speakers, for the briefing's statements section.

Moved here as it was: it is being replaced by a `statements` frame written at
parse time (issue 21 items 4 and 9).
"""
from __future__ import annotations

import re

import pandas as pd

from ..frames import Frames
from .words import fmt_date, labels, quote


def key_statements(frames: Frames, lang: str = "en", limit: int = 8, min_words: int = 6) -> pd.DataFrame:
    """Quoted speakers: direct quotations of at least `min_words` words with the official
    named nearest to them in the same paragraph (actors.yaml people), newest first."""
    from ..extract.actors import find_actors
    from ..extract.quotes import direct_speech
    L = labels(lang)
    rows = []
    for art in frames.articles.sort_values("published", ascending=False).itertuples():
        text = str(art.text or "")
        people = [a for a in find_actors(text) if a.person]
        for a, b in direct_speech(text):
            words = re.findall(r"\w+", text[a:b])
            near = [p for p in people if -200 < p.start - b < 200 or -200 < a - p.end < 200]
            if len(words) < min_words or not near:
                continue
            who = min(near, key=lambda p: min(abs(p.start - b), abs(a - p.end)))
            rows.append({L["speaker"]: who.person, L["quote"]: quote(text[a:b], 260),
                         L["date"]: fmt_date(art.published, lang) if pd.notna(art.published) else "",
                         L["source"]: art.source or ""})
    return pd.DataFrame(rows[:limit], columns=[L["speaker"], L["quote"], L["date"], L["source"]])
