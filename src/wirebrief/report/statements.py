"""Key statements: who said what, from the statements frame written at parse time.

The briefing no longer runs extractors at render time: `wirebrief parse`
attributes each quotation to the speaker its own sentence names (see
wirebrief.extract.statements), and a quotation with no named speaker is
never shown, rather than given to whoever is named nearby.
"""
from __future__ import annotations

import re

import pandas as pd

from ..frames import Frames
from .words import fmt_date, labels, plain, quote


def key_statements(frames: Frames, lang: str = "en", limit: int = 8, min_words: int = 6) -> pd.DataFrame:
    """Quoted speakers, newest first: the statements of at least `min_words` words, each with its
    speaker as the text names them (and the role it gives), the day and the source.

    Columns are labelled in the briefing's language; the quotation is between its quotation marks.
    """
    L = labels(lang)
    columns = [L["speaker"], L["quote"], L["date"], L["source"]]
    st = getattr(frames, "statements", None)
    if st is None or st.empty:
        return pd.DataFrame(columns=columns)
    arts = frames.articles.reindex(columns=["article_id", "published", "source"])
    st = st.merge(arts, on="article_id", how="left", suffixes=("", "_article"))
    st = st.sort_values(["published", "article_id", "start"], ascending=[False, True, True],
                        na_position="last", kind="stable")
    opening, closing = L["quote_marks"]
    rows = []
    for r in st.itertuples():
        words = plain(r.quote)
        if len(re.findall(r"\w+", words)) < min_words or not plain(r.speaker):
            continue
        who = plain(r.speaker) + (f", {plain(r.role)}" if plain(r.role) else "")   # "X, directeur de l'OSDH (OSDH)"
        day = fmt_date(r.published, lang) if pd.notna(r.published) else ""
        rows.append({L["speaker"]: who, L["quote"]: quote(f"{opening}{words}{closing}", 260),
                     L["date"]: day, L["source"]: plain(r.source)})
        if len(rows) == limit:
            break
    return pd.DataFrame(rows, columns=columns)
