"""Labels and formats: the briefing's words, numbers, dates and quotation marks in its language.

Every word a reader sees comes from data/lang/<code>/briefing.yaml and display.yaml;
numbers, dates, plurals and country names from CLDR through babel. Everything meant
for HTML is escaped here or by `escape` (article text is untrusted).
"""
from __future__ import annotations

import html
import re
from functools import cache

import pandas as pd

from .. import lang as langdata


def _briefing_data(lang: str) -> dict:
    """The language file a briefing in `lang` is worded from: English when the language is
    not shipped (the extractors' fallback, French, suits the articles, not the readers)."""
    return langdata.load(lang if lang in langdata.SUPPORTED else "en")


@cache
def labels(lang: str = "en") -> dict[str, str]:
    """Headings and phrases of the briefing in `lang` (data/lang/<lang>/briefing.yaml)."""
    return dict(_briefing_data(lang)["briefing"])


def _display(lang: str) -> dict:
    return _briefing_data(lang).get("display", {})


def display_name(kind: str, code, lang: str = "en") -> str:
    """A code of the frames as the briefing's language names it: `kind` is "event_types",
    "scope" or "groups" (data/lang/<lang>/display.yaml). Composite groups
    ("rebels and families") are named part by part; unknown codes stay as they are."""
    if not isinstance(code, str) or not code:
        return ""
    table = _display(lang)
    if kind == "groups" and " and " in code:
        return f" {table.get('and', 'and')} ".join(display_name(kind, part, lang) for part in code.split(" and "))
    return table.get(kind, {}).get(code, code)


def plural_key(singular: str, n: int, lang: str = "en") -> str:
    """`singular` or its plural label key ("article"/"articles") for n in `lang`'s plural
    rules (CLDR through babel: French takes the singular for 0 and 1, English for 1 only)."""
    from babel import Locale
    return singular if Locale.parse(lang).plural_form(n) == "one" else f"{singular}s"


def fmt_number(n, lang: str = "en") -> str:
    """A whole number written the way `lang` writes it ("1,200", "1 200"); empty for a missing one."""
    from babel.numbers import format_decimal
    return "" if n is None or pd.isna(n) else format_decimal(int(n), locale=lang)


DATE_STYLE = "medium"   # one date style for the whole document: "May 14, 2023", "14 mai 2023"


def fmt_date(d, lang: str = "en", style: str = DATE_STYLE) -> str:
    """A day written the way `lang` writes it in the briefing's one style; empty for a missing one."""
    from babel.dates import format_date
    return "" if d is None or pd.isna(d) else format_date(pd.Timestamp(d).date(), format=style, locale=lang)


def period(start: str, end: str, lang: str = "en") -> str:
    """The window a briefing covers, in the document's date style: "Jun 1 – 30, 2023",
    "1–30 juin 2023" (CLDR intervals through babel), "Jun 1, 2023 – …", "all dates"."""
    from babel.dates import format_interval
    if not start and not end:
        return labels(lang)["all_dates"]
    if start and end:
        return format_interval(pd.Timestamp(start).date(), pd.Timestamp(end).date(), "yMMMd", locale=lang)
    return f"{fmt_date(start, lang) if start else '…'} – {fmt_date(end, lang) if end else '…'}"


def country_name(code: str, lang: str = "en") -> str:
    """The country of an ISO 3166-1 alpha-2 code as the briefing's language names it (CLDR
    through babel: SD is "Sudan", "Soudan"); an unknown code stays as written."""
    from babel import Locale
    if not code:
        return ""
    return Locale.parse(lang).territories.get(code.upper(), code.upper())


def default_title(start: str = "", end: str = "", country: str = "", lang: str = "en") -> str:
    """The title of a briefing given none: what it covers, never a corpus it may not be about.

    "Briefing, Jun 1 – 30, 2023", "Sudan briefing, Jun 1, 2023 – …", "Note de synthèse —
    Soudan"; the words come from the language's `briefing.yaml` (`briefing`, `country_briefing`),
    the window is written as everywhere else in the document (`period`).
    """
    L = labels(lang)
    base = L["country_briefing"].format(country=country_name(country, lang)) if country else L["briefing"]
    if not start and not end:
        return base
    return f"{base}, {period(start, end, lang)}"


def plain(value) -> str:
    """A cell as text: a missing value (None, NaN, pd.NA, NaT) is empty, never "<NA>" or a crash
    (`pd.NA or ""` raises: the truth of a missing value is unknown)."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def escape(text) -> str:
    """`text` safe to put in HTML: article text and parameters are untrusted."""
    return html.escape(plain(text))


def quote(evidence: str, width: int = 220) -> str:
    """The evidence on one line, cut at a word before `width` characters."""
    text = re.sub(r"\s+", " ", plain(evidence)).strip()
    return text if len(text) <= width else text[:width - 1].rsplit(" ", 1)[0] + "…"


def quoted(text: str, lang: str = "en") -> str:
    """`text` escaped, between the quotation marks of the briefing's language ("…", « … »)."""
    opening, closing = labels(lang)["quote_marks"]
    return f'<span class="quote">{escape(opening)}{escape(text)}{escape(closing)}</span>'


def safe_url(url) -> str | None:
    """Only http(s) links from articles are ever made clickable."""
    return url if isinstance(url, str) and re.match(r"https?://[^\s\"'<>]+$", url) else None


UNTITLED_WIDTH = 90   # an article without a title is shown by its first words, cut at a word


def article_label(title, text) -> str:
    """How the briefing names an article: its title, else its first words; never its internal id."""
    if isinstance(title, str) and title.strip():
        return title.strip()
    return quote(text, UNTITLED_WIDTH) if isinstance(text, str) else ""


def actor_figures_note(actor: str, lang: str = "en") -> str:
    """The line under an actor profile's key figures that says what they count."""
    return labels(lang)["actor_figures_note"].format(actor=actor)
