"""The report stage: from frames to briefings a reader can trust.

Notebooks call these helpers and only lay sections out; `wirebrief render` checks
the parameters, runs a notebook under papermill and exports it. One idea per module:

- `select`     which rows: a window, a country, near a place, what an actor took part in
- `words`      labels and formats in the briefing's language (numbers, dates, quotation marks)
- `figures`    the numbers (incident tolls counted once, key figures, changes)
- `tables`     the rows a reader sees (counts, key events, people, sources)
- `charts`     casualty and timeline charts, figures embedded as PNG
- `incidents`  the deadliest incidents, each once, with its sources' range
- `maps`       the map of events and tolls
- `statements` key statements (being replaced by a statements frame)
- `sections`   HTML blocks: header, contents, sections, tables
- `params`     parameter checks before a render
- `rendering`  papermill, nbconvert and WeasyPrint, written atomically
- `exporter`   the nbconvert exporters (`jupyter nbconvert --to wirebrief_pdf`)

`from wirebrief import report` gives every public helper under one name, as the
notebooks use them; rendering, parameters and exporters are imported on first use,
so a notebook kernel never loads papermill or nbconvert.
"""
from .charts import CHART_PLACES, DPI, casualties_chart, figure_html, figure_png, timeline_chart
from .figures import (
    FIGURES,
    KINDS,
    changes,
    format_key_figures,
    incident_tolls,
    key_figures,
    key_figures_text,
    map_tolls,
)
from .incidents import deadliest_incidents, deadliest_incidents_html, toll_range, window_incidents
from .maps import borders, events_map, map_html, off_map
from .sections import (
    SHORT_TABLE_ROWS,
    anchor,
    contents,
    header,
    key_events_html,
    key_figures_html,
    section,
    to_html,
)
from .select import by_actor, frames_path, load, near_place, previous_window, window
from .statements import key_statements
from .tables import casualty_table, key_events, people_table, place_labels, sources_table
from .words import (
    DATE_STYLE,
    UNTITLED_WIDTH,
    actor_figures_note,
    article_label,
    country_name,
    default_title,
    display_name,
    escape,
    fmt_date,
    fmt_number,
    labels,
    period,
    place_name,
    place_title,
    plural_key,
    quote,
    quoted,
    safe_url,
    spellings,
)

__all__ = [
    "CHART_PLACES", "DATE_STYLE", "DPI", "FIGURES", "KINDS", "SHORT_TABLE_ROWS", "UNTITLED_WIDTH",
    "actor_figures_note", "anchor", "article_label", "borders", "by_actor", "casualties_chart",
    "casualty_table", "changes", "contents", "country_name", "deadliest_incidents", "deadliest_incidents_html",
    "default_title", "display_name", "escape",
    "events_map", "figure_html", "figure_png", "fmt_date", "fmt_number", "format_key_figures", "frames_path",
    "header", "incident_tolls", "key_events", "key_events_html", "key_figures", "key_figures_html",
    "key_figures_text", "key_statements", "labels", "load", "map_html", "map_tolls", "near_place", "off_map",
    "people_table", "period", "place_labels", "place_name", "place_title", "plural_key", "previous_window", "quote",
    "quoted", "safe_url", "section", "sources_table", "spellings", "timeline_chart", "to_html", "toll_range",
    "window", "window_incidents",
]
