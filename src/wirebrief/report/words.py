"""Labels and formats: the briefing's words, numbers, dates and quotation marks in its language.

Every word a reader sees comes from data/lang/<code>/briefing.yaml and display.yaml;
numbers, dates, plurals and country names from CLDR through babel; place names from
`place_name`, the one function every table, chart and map label goes through. Everything
meant for HTML is escaped here or by `escape` (article text is untrusted).
"""
from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping
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


GAZETTEER_LANG = "en"   # the frames name places in English, GeoNames style ("Aleppo Governorate")


def place_name(place, lang: str = "en", spelled: Mapping | None = None) -> str:
    """A place as a reader of `lang` names it, for every table, chart and map label.

    `place` is a row of any frame (its `location` or `name`, with `country`, `lat`,
    `lon` when it has them), a `gazetteer.lookup` result, or a bare English name. In
    the order a reader is best served:

    1. CLDR (countries, through babel) or the gazetteer's name in `lang`
       (`gazetteer.name_in`: "Syrie", "Alep", "province d'Alep", "Oblast de Donetsk");
    2. the spelling the articles in `lang` used for that place (`spelled`, from
       `spellings(frames, lang)`): "Raqa", "Deir Ezzor" where the gazetteer has no
       French name, as the press the reader knows writes them;
    3. the gazetteer's (English) name, unchanged.

    A division's bare name gets its kind from its English name ("Borno (État)"), so
    that a governorate is never shown under its capital's name. In English, the
    gazetteer's name is the label.
    """
    name, country, lat, lon = _place_fields(place)
    if not name or lang == GAZETTEER_LANG:
        return name
    from ..gazetteer import name_in
    local = name_in(lang, name, country, lat, lon)
    if local is not None:
        return _labelled(local.name, name, lang)
    form = (spelled or {}).get((country, name))
    return _labelled(form[:1].upper() + form[1:], name, lang) if form else name


def place_title(place, lang: str = "en", spelled: Mapping | None = None) -> str:
    """A place profile's default title: the place and its country in `lang` ("Alep (Syrie)"),
    a country alone ("Soudan")."""
    name, country, _lat, _lon = _place_fields(place)
    label = place_name(place, lang, spelled)
    own = country_name(country, lang) if country else ""
    return label if not own or own == label or name == country_name(country, GAZETTEER_LANG) else f"{label} ({own})"


def _place_fields(place) -> tuple[str, str, float | None, float | None]:
    """(English name, country code or "", lat, lon) of a row, a lookup dict or a name."""
    if isinstance(place, str):
        return place, "", None, None
    get = place.get if isinstance(place, Mapping) or hasattr(place, "get") else (
        lambda key, default=None: getattr(place, key, default))
    name = plain(get("location", None)) or plain(get("name", None))

    def number(key):
        value = get(key, None)
        return None if plain(value) == "" else float(value)
    return name, plain(get("country", None)), number("lat"), number("lon")


def _labelled(local: str, english: str, lang: str) -> str:
    """A local name as a label: a division's bare name with its kind in brackets ("Borno (État)",
    kind from the end of the English name), one that opens on a division word as written,
    with a capital ("Province d'Alep")."""
    from ..gazetteer import fold
    table = _display(lang)
    first = re.split(r"[\s'’-]", local.strip(), maxsplit=1)[0]
    if fold(first) in {fold(w) for w in table.get("division_words", [])}:
        return local[:1].upper() + local[1:]
    english = english.casefold()
    for kind in sorted(table.get("division_types", {}), key=len, reverse=True):
        if english.endswith(" " + kind.casefold()):
            return f"{local} ({table['division_types'][kind]})"
    return local


def spellings(frames, lang: str = "en") -> dict[tuple[str, str], str]:
    """(country, English name) -> the spelling the corpus's articles in `lang` use most for
    that place (the locations frame's `surface_forms`): `place_name`'s fallback where
    neither CLDR nor the gazetteer names the place in `lang`.

    Only a proper name counts: a description ("la capitale libyenne", opening on an
    article of the language) or a lone lowercase word (an adjective, "syrienne") does not.
    """
    if lang == GAZETTEER_LANG:
        return {}
    loc, arts = frames.locations, frames.articles
    if loc.empty or "surface_forms" not in loc or "lang" not in arts:
        return {}
    langs = dict(zip(arts["article_id"], arts["lang"], strict=True))
    articles = tuple(a.casefold() for a in _briefing_data(lang).get("articles", []))
    counts: Counter = Counter()
    for art, name, country, forms in zip(loc["article_id"], loc["name"], loc["country"], loc["surface_forms"],
                                         strict=True):
        if langs.get(art) != lang or not plain(name):
            continue
        for form in dict.fromkeys(plain(forms).split("|")):
            if _is_proper_name(form.strip(), articles):
                counts[(plain(country), plain(name), form.strip())] += 1
    out: dict[tuple[str, str], str] = {}
    for (country, name, form), _n in counts.most_common():   # the most used first; ties in corpus order
        out.setdefault((country, name), form)
    return out


def _is_proper_name(form: str, articles: tuple[str, ...]) -> bool:
    words = form.casefold().replace("’", "'").split()
    if not words or any(words[0] == a or (a.endswith("'") and words[0].startswith(a)) for a in articles):
        return False
    return len(words) > 1 or any(ch.isupper() for ch in form)


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
