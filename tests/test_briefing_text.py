"""What the reader sees: codes named in the briefing's language, one row per quoted sentence,
localised dates, plurals and sources; charts as opaque PNGs. Library calls, no kernel."""
import dataclasses
import importlib.metadata
import io
import subprocess
import sys

import pandas as pd
import pytest
from babel.dates import get_month_names
from PIL import Image

from wirebrief import Frames, codes, lang, report


@pytest.fixture(scope="module")
def frames(sample_frames):
    return Frames.load(sample_frames)


@pytest.mark.parametrize("kind,code,language,expected", [
    ("event_types", "battle", "fr", "combats"),
    ("event_types", "airstrike", "fr", "frappe aérienne"),
    ("event_types", "attack_on_civilians", "en", "attack on civilians"),
    ("event_types", "battle", "en", "battle"),
    ("groups", "rebels and families", "fr", "rebelles et familles"),
    ("groups", "pro-government fighters", "fr", "combattants pro-régime"),
    ("groups", "rebels and families", "en", "rebels and families"),
    ("scope", "cumulative", "fr", "cumul"),
    ("groups", "a group nobody listed", "fr", "a group nobody listed"),
    ("groups", None, "fr", ""),
])
def test_codes_are_named_in_the_briefing_language(kind, code, language, expected):
    assert report.display_name(kind, code, language) == expected


def test_every_code_the_extractors_emit_has_a_french_name():
    types = codes.coded_types()
    groups = {g for code in lang.SUPPORTED for g in lang.load(code)["casualties"]["groups"].values()}
    named = lang.load("fr")["display"]
    missing = [t for t in types if t not in named["event_types"]]
    missing += [g for g in groups if g not in named["groups"]]
    assert not missing, f"no French name for {missing}"


def test_one_key_event_row_per_quoted_sentence(frames):
    rows = report.key_events(frames, limit=1000)
    assert not rows.duplicated(["date", "article_id", "evidence"]).any()
    ev = frames.events
    assert len(rows) < len(ev), "the samples have sentences that carry several events"
    for r in rows.itertuples():
        same = ev[(ev["article_id"] == r.article_id) & (ev["evidence"] == r.evidence)]
        assert set(r.types.split(", ")) == set(same["type"])
        assert set(filter(None, r.places.split(", "))) == set(same["location"].dropna())
    dates = rows["date"].dropna()
    assert dates.is_monotonic_decreasing, "newest first"


def test_key_events_table_names_several_places_in_one_row(frames):
    html = report.key_events_html(frames, "fr")
    assert "combats" in html and "battle" not in html
    assert html.count("<tr>") == len(report.key_events(frames)) + 1


@pytest.mark.parametrize("language,n,expected", [
    ("fr", 0, "0 article"), ("fr", 1, "1 article"), ("fr", 2, "2 articles"),
    ("en", 0, "0 articles"), ("en", 1, "1 article"), ("en", 3, "3 articles"),
])
def test_article_count_follows_the_language_plural_rules(frames, language, n, expected):
    few = Frames(articles=frames.articles.head(n), events=frames.events.head(0),
                 casualties=frames.casualties.head(0), locations=frames.locations.head(0),
                 actors=frames.actors.head(0), errors=frames.errors)
    assert f"· {expected}</p>" in report.header("T", "", "", few, language)


def test_french_header_sets_a_space_before_the_colon(frames):
    assert "Période\u00a0: <span" in report.header("T", "", "", frames, "fr")
    assert "Window: <span" in report.header("T", "", "", frames, "en")


def test_timeline_dates_are_named_in_the_briefing_language(frames):
    fig = report.timeline_chart(frames, "fr")
    report.figure_png(fig)   # draws, so the tick labels exist
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    french = set(get_month_names("abbreviated", locale="fr").values())
    english = set(get_month_names("abbreviated", locale="en").values()) - french
    assert ticks and any(any(m in t for m in french) for t in ticks), ticks
    assert not any(m in t.split() for t in ticks for m in english), ticks


def test_timeline_of_a_single_day_labels_whole_days_once(frames):
    ev = frames.events
    one_day = dataclasses.replace(frames, events=ev[ev["date"].dt.normalize() == pd.Timestamp("2016-09-22")])
    assert len(one_day.events) > 1
    fig = report.timeline_chart(one_day, "en")
    report.figure_png(fig)
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert len(ticks) == len(set(ticks)) >= 3 and "Sep 22" in ticks, ticks


def test_sources_table_has_localised_headings_and_no_empty_columns(frames):
    table = report.sources_table(frames, "fr")
    assert list(table.columns[:3]) == ["titre", "publié le", "source"]
    assert all(table[c].astype(str).str.strip().ne("").any() for c in table)
    assert len(table) == len(frames.articles)


def test_charts_are_opaque_pngs_at_the_print_resolution(frames):
    fig = report.events_map(frames, "en")
    image = Image.open(io.BytesIO(report.figure_png(fig)))
    assert image.mode == "RGB"
    assert image.size == tuple(round(v * report.DPI) for v in fig.get_size_inches())


def test_command_skips_the_slow_iri_checker_and_still_validates_notebooks():
    """jsonschema imports rfc3987_syntax eagerly (0.75 s); the `wirebrief` process does not."""
    probe = ("import sys\n"
             "{setup}"
             "import nbformat\n"
             "nb = nbformat.v4.new_notebook()\n"
             "nbformat.validate(nb)\n"
             "bad = nbformat.from_dict(dict(nb, metadata={{'kernelspec': {{'name': 3}}}}))\n"
             "try:\n    nbformat.validate(bad)\n    print('accepted')\nexcept nbformat.ValidationError:\n"
             "    print('rejected')\n"
             "print(sys.modules.get('rfc3987_syntax') is not None)\n")
    skip = "from wirebrief import cli\ncli._skip_slow_optional_imports()\n"
    out = subprocess.run([sys.executable, "-c", probe.format(setup=skip)], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["rejected", "False"]
    plain = subprocess.run([sys.executable, "-c", probe.format(setup="")], capture_output=True, text=True,
                           check=True).stdout.split()
    assert plain[0] == "rejected"
    try:   # asked of the installed distributions: this process may already have marked the module absent
        installed = bool(importlib.metadata.version("rfc3987-syntax"))
    except importlib.metadata.PackageNotFoundError:
        installed = False
    assert plain[1] == str(installed), "without the skip jsonschema imports it whenever it is installed"


def test_sources_table_of_an_empty_window_keeps_its_headings(frames):
    empty = report.window(frames, "2030-01-01", "2030-01-31")
    table = report.sources_table(empty, "en")
    assert list(table.columns) == ["title", "published", "source"] and table.empty


def test_short_sections_are_kept_whole_and_long_ones_may_run_over_pages(frames):
    short = report.to_html(report.sources_table(frames, "en"))
    long = "<table>" + "<tr><td>x</td></tr>" * (report.SHORT_TABLE_ROWS + 5) + "</table>"
    assert 'class="section keep"' in report.section("Sources", short, keep=False)
    assert 'class="section"' in report.section("Key events", long, keep=False)
    assert 'class="section"' in report.section("Chart", '<img src="x">' + short, keep=False)
    assert 'class="section keep"' in report.section("Figures", long, keep=True)
