"""HTML sections: the blocks a notebook displays (header, contents, tables, sections).

Each section is one HTML block (heading, content, figure as an embedded PNG), so the
PDF never leaves a heading alone at the foot of a page; everything is escaped here.
"""
from __future__ import annotations

import re

import pandas as pd

from ..frames import Frames
from .figures import format_key_figures, key_figures
from .tables import key_events
from .words import (
    article_label,
    display_name,
    escape,
    fmt_date,
    fmt_number,
    labels,
    period,
    plural_key,
    quote,
    quoted,
    safe_url,
)


def to_html(df: pd.DataFrame) -> str:
    """An escaped HTML table (article text is untrusted)."""
    clean = df.astype(object).where(df.notna(), "")
    return clean.to_html(index=False, escape=True, border=0)


def key_figures_html(frames: Frames, lang: str = "en") -> str:
    """The key figures table of a briefing, worded in `lang`."""
    return to_html(format_key_figures(key_figures(frames), lang))


def key_events_html(frames: Frames, lang: str = "en", limit: int = 25) -> str:
    """Key events table: date, type(s), place(s), a one-line quote and a link to the article."""
    L = labels(lang)
    if frames.events.empty:
        return f"<p>{escape(L['no_events'])}</p>"
    arts = frames.articles.set_index("article_id")
    rows = []
    for e in key_events(frames, limit, lang).itertuples():
        art = arts.loc[e.article_id] if e.article_id in arts.index else None
        url = safe_url(art["url"]) if art is not None else None
        title = article_label(art["title"], art["text"]) if art is not None else ""
        src = f'<a href="{escape(url)}">{escape(title)}</a>' if url else escape(title)
        types = ", ".join(display_name("event_types", t, lang) for t in e.types.split(", ") if t)
        rows.append(f"<tr><td>{escape(fmt_date(e.date, lang))}</td><td>{escape(types)}</td>"
                    f"<td>{escape(e.places)}</td>"
                    f"<td>{quoted(quote(e.evidence), lang)}<br><small>{src}</small></td></tr>")
    head = "".join(f"<th>{escape(L[k])}</th>" for k in ("date", "type", "location", "evidence"))
    return f'<table class="events"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def anchor(title: str) -> str:
    """The id a section's heading gets, for links from the table of contents."""
    return "s-" + re.sub(r"[^\w]+", "-", title.lower()).strip("-")


SHORT_TABLE_ROWS = 12   # a table this short is never split across pages


def section(title: str, body: str, keep: bool = True) -> str:
    """A heading and its content in one block, kept on one page when it fits.

    `keep=False` lets a long section run over pages; one that turns out short
    (a table of a dozen rows, no figure) is still kept whole, so a reader never
    gets two rows at the foot of a page and two on the next.
    """
    short = "<img" not in body and body.count("<tr") <= SHORT_TABLE_ROWS + 1   # + the heading row
    cls = "section keep" if keep or short else "section"
    return f'<section class="{cls}"><h2 id="{anchor(title)}">{escape(title)}</h2>{body}</section>'


def contents(titles: list[str], lang: str = "en") -> str:
    """A table of contents; in the PDF each entry shows its page number."""
    items = "".join(f'<li><a href="#{anchor(t)}">{escape(t)}</a></li>' for t in titles)
    return f'<nav class="toc"><h2>{escape(labels(lang)["contents"])}</h2><ul>{items}</ul></nav>'


def header(title: str, start: str, end: str, frames: Frames, lang: str = "en") -> str:
    """The first lines of a briefing: its title, window and article count.

    The header carries the briefing's language (`lang`), and its <h1> the title:
    the exporter gives both to the page (<html lang>, <title>) and the PDF's metadata.
    Each PDF page repeats the title and the window, the window only when the title
    does not already name it (a default title does: "Briefing, Jun 1 – 30, 2023").
    """
    L = labels(lang)
    n = len(frames.articles)
    span = period(start, end, lang)
    running = "period" if span not in title else "period in-title"
    return (f'<header class="briefing" lang="{escape(lang)}"><h1>{escape(title)}</h1>'
            f'<p class="window">{escape(L["window"])}{escape(L["colon"])} <span class="{running}">{escape(span)}</span>'
            f' · {fmt_number(n, lang)} {escape(L[plural_key("article", n, lang)])}</p></header>')
