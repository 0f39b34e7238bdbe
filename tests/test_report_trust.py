"""What a briefing tells a reader must be true (issue 21 items 6-8, 18, 19): tolls of different
groups or places are never merged, cumulative totals stay out of incident sums and the map,
charts show every kind on its own scale, actor profiles count what the actor took part in,
and figures are numbers until they are rendered. Frames are built by hand from the schemas,
so each test states exactly the rows it is about. Library calls, no kernel."""
from __future__ import annotations

import inspect

import pandas as pd
import pytest

from wirebrief import Frames, report
from wirebrief.schema import ACTORS, ARTICLES, CASUALTIES, EVENTS

DAY = pd.Timestamp("2023-05-14")


def _frames(casualties=(), events=(), articles=None, actors=()) -> Frames:
    """Frames of a few hand-written rows; articles default to one per article_id used."""
    ids = sorted({r["article_id"] for r in [*casualties, *events]} or {"a1"})
    arts = articles if articles is not None else [
        {"article_id": i, "title": f"Story {i}", "published": DAY, "source": "Wire", "text": "…"} for i in ids]
    return Frames(articles=ARTICLES.frame(list(arts)), events=EVENTS.frame(list(events)),
                  casualties=CASUALTIES.frame(list(casualties)), actors=ACTORS.frame(list(actors)))


def _toll(n, group="people", location="Wad Madani", kind="killed", scope="incident", article="a1", **kw):
    lat, lon = (14.4, 33.5) if location else (None, None)
    row = {"article_id": article, "kind": kind, "best": n, "low": n, "group": group, "scope": scope,
           "location": location, "country": "SD" if location else None, "lat": lat, "lon": lon,
           "date": DAY if scope == "incident" else None, "evidence": f"{n} {group} {kind}."}
    return {**row, **kw}


def _figure(frames: Frames, key: str) -> int:
    figures = report.key_figures(frames)
    return int(figures.loc[figures["figure"] == key, "value"].iloc[0])


# ------------------------------------------------------------------ item 6: key figures

def test_tolls_of_different_groups_in_one_town_on_one_day_add_up():
    frames = _frames([_toll(5, "civilians"), _toll(31, "fighters")])
    assert _figure(frames, "killed") == 36


def test_the_same_toll_from_two_articles_counts_once_at_its_highest():
    frames = _frames([_toll(7, "civilians"), _toll(9, "civilians", article="a2")])
    assert _figure(frames, "killed") == 9


def test_tolls_without_a_place_are_never_merged_with_each_other():
    frames = _frames([_toll(4, "soldiers", location=None), _toll(11, "civilians", location=None),
                      _toll(6, "civilians", location=None, article="a2")])
    assert _figure(frames, "killed") == 21


def test_cumulative_totals_stay_out_of_sums_and_the_map():
    frames = _frames([_toll(12), _toll(15000, scope="cumulative", location="Sudan")])
    assert _figure(frames, "killed") == 12
    assert report.map_tolls(frames)["best_n"].tolist() == [12]


def test_subsets_stay_out_of_sums():
    frames = _frames([_toll(20), _toll(8, "children", part_of=0)])
    assert _figure(frames, "killed") == 20


# ------------------------------------------------------------------ item 18: numbers, then text

def test_key_figures_are_numbers_and_only_the_rendered_table_is_text():
    frames = _frames([_toll(1200, low=900), _toll(3, kind="injured")])
    figures = report.key_figures(frames)
    assert list(figures["figure"]) == list(report.FIGURES) == ["articles", "events", *report.KINDS]
    assert pd.api.types.is_integer_dtype(figures["value"]) and pd.api.types.is_integer_dtype(figures["low"])
    killed = figures.set_index("figure").loc["killed"]
    assert (killed["value"], killed["low"]) == (1200, 900)
    shown = report.format_key_figures(figures, "fr").set_index("indicateur")
    assert shown.loc["tués", "valeur"] == "1\u202f200" and shown.loc["tués", "fourchette"] == "900–1\u202f200"
    assert shown.loc["blessés", "fourchette"] == ""


def test_every_public_report_helper_says_why_it_exists():
    import importlib
    import pkgutil
    modules = [report] + [importlib.import_module(f"wirebrief.report.{m.name}")
                          for m in pkgutil.iter_modules(report.__path__)]
    undocumented = sorted({f"{obj.__module__}.{name}" for module in modules for name, obj in vars(module).items()
                           if not name.startswith("_") and inspect.isfunction(obj)
                           and obj.__module__.startswith("wirebrief.report") and not (obj.__doc__ or "").strip()})
    assert not undocumented, f"no docstring: {undocumented}"


# ------------------------------------------------------------------ item 7: one panel per kind

def test_casualty_chart_has_a_labelled_panel_per_kind():
    frames = _frames([_toll(3, location="Omdurman"), _toll(42000, kind="displaced", location="El Geneina")])
    fig = report.casualties_chart(frames)
    axes = [ax for ax in fig.axes if ax.patches]
    assert len(axes) == 2, "killed and displaced each on their own axis"
    titles = {ax.get_title(loc="left") for ax in axes}
    assert titles == {"killed", "displaced"}
    labels = {t.get_text() for ax in axes for t in ax.texts}
    assert {"3", "42,000"} <= labels, "every bar carries its value"


def test_casualty_chart_of_no_tolls_says_so():
    fig = report.casualties_chart(_frames([]))
    assert any("No casualty counts" in t.get_text() for ax in fig.axes for t in ax.texts)


# ------------------------------------------------------------------ item 8: actor profiles

def test_actor_profile_counts_tolls_of_the_actors_own_events_only():
    said = "Shelling by the RSF killed 14 people in Nyala."
    other = "Floods displaced 6,000 people near Kassala, the UN said."
    events = [{"article_id": "a1", "type": "shelling", "actors": ["RSF"], "location": "Nyala", "evidence": said},
              {"article_id": "a1", "type": "appeal", "actors": ["UN"], "location": "Kassala", "evidence": other}]
    cas = [_toll(14, location="Nyala", evidence=said), _toll(6000, kind="displaced", location="Kassala",
                                                            evidence=other)]
    frames = _frames(cas, events)
    rsf = report.by_actor(frames, "RSF")
    assert rsf.casualties["best"].tolist() == [14]
    un = report.by_actor(frames, "UN")
    assert _figure(un, "killed") == 0 and _figure(un, "displaced") == 6000


def test_actor_profile_says_what_its_figures_count():
    note = report.actor_figures_note("RSF", "en")
    assert "RSF" in note and "party" in note
    assert "RSF" in report.actor_figures_note("RSF", "fr")


# ------------------------------------------------------------------ item 19: documents

def test_casualty_table_dates_use_the_documents_one_style():
    frames = _frames([_toll(2)])
    shown = report.casualty_table(frames, "en")["date"].iloc[0]
    assert shown == report.fmt_date(DAY, "en") == "May 14, 2023"


@pytest.mark.parametrize("language,opening,closing", [("en", "“", "”"), ("fr", "«\u00a0", "\u00a0»")])
def test_key_events_quote_with_the_briefings_quotation_marks(language, opening, closing):
    events = [{"article_id": "a1", "type": "airstrike", "location": "Nyala", "date": DAY,
               "evidence": "Jets struck a market in Nyala."}]
    html = report.key_events_html(_frames(events=events), language)
    assert f"{opening}Jets struck a market in Nyala.{closing}" in html
    assert "<q>" not in html


def test_sources_table_shows_titles_never_internal_ids():
    arts = [{"article_id": "batch7-0042", "title": "Fighting spreads to Kordofan", "published": DAY,
             "source": "Wire"},
            {"article_id": "batch7-0043", "title": None, "published": DAY, "source": "Wire",
             "text": "Aid convoys reached El Fasher on Monday after weeks of delay. More follows."}]
    table = report.sources_table(_frames(articles=arts), "en")
    cells = set(table.astype(str).to_numpy().ravel())
    assert not any("batch7-" in c for c in cells)
    assert "Fighting spreads to Kordofan" in cells
    assert any(c.startswith("Aid convoys reached El Fasher") for c in cells), "untitled: its first words"
    events = [{"article_id": "batch7-0043", "type": "humanitarian", "date": DAY, "evidence": "Aid convoys."}]
    html = report.key_events_html(_frames(events=events, articles=arts), "en")
    assert "batch7-" not in html and "Aid convoys reached El Fasher" in html


@pytest.mark.parametrize("language", ["en", "fr"])
def test_header_carries_the_title_and_language_for_the_page(language):
    html = report.header("Kordofan <weekly>", "2023-05-01", "2023-05-07", _frames([]), language)
    assert f'lang="{language}"' in html and "Kordofan &lt;weekly&gt;" in html


# ------------------------------------------------------------------ issue 22: the report package

def test_report_is_a_package_of_one_idea_per_module_with_its_public_names_at_the_top():
    import importlib
    for module in ("select", "words", "figures", "tables", "charts", "maps", "statements", "sections",
                   "params", "rendering", "exporter"):
        importlib.import_module(f"wirebrief.report.{module}")
    for name in report.__all__:
        assert getattr(report, name) is not None
    from wirebrief import render
    from wirebrief.report.rendering import render as real
    assert render is real


def test_importing_report_loads_no_extractor_and_no_renderer():
    """A notebook kernel that reads frames pays for neither the extractors nor papermill."""
    import subprocess
    import sys
    probe = ("import sys, wirebrief.report\n"
             "print(sorted(m for m in sys.modules if m.startswith(('wirebrief.extract', 'papermill', 'nbconvert'))))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_frames_path_reads_relative_folders_from_the_project_root():
    from wirebrief import config
    from wirebrief.report import select
    assert report.frames_path("") == config.SAMPLE_FRAMES_DIR
    assert select.frames_path("out/frames") == config.PROJ_ROOT / "out" / "frames"
    assert report.frames_path("/srv/frames").as_posix() == "/srv/frames"


def test_report_imports_no_extractor():
    """report reads frames, the statements frame included (issue 21 item 4): no module of it
    imports the extraction package (issue 22)."""
    import ast
    from pathlib import Path
    folder = Path(report.__file__).parent
    offenders = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and "extract" in (node.module or "").split("."):
                offenders.append(path.name)
    assert offenders == [], offenders


def test_a_country_briefing_rests_on_articles_about_that_country():
    """Articles, sources and the article count of a country briefing are those that name a
    place in the country; a story about another war published the same week is left out."""
    from wirebrief.schema import LOCATIONS
    frames = _frames([_toll(8, location="Kassala", article="sd"), _toll(2, location="Sidon", article="lb")])
    frames.casualties.loc[frames.casualties["article_id"] == "lb", "country"] = "LB"
    frames.locations = LOCATIONS.frame([
        {"article_id": "sd", "name": "Kassala", "country": "SD", "kind": "city"},
        {"article_id": "talks", "name": "Sudan", "country": "SD", "kind": "country"},
        {"article_id": "lb", "name": "Sidon", "country": "LB", "kind": "city"}])
    frames.articles = ARTICLES.frame([{"article_id": i, "title": i, "published": DAY} for i in ("sd", "lb", "talks")])
    sudan = report.window(frames, "2023-05-01", "2023-05-31", "sd")
    assert sorted(sudan.articles["article_id"]) == ["sd", "talks"]
    assert set(sudan.locations["article_id"]) == {"sd", "talks"}
    assert sudan.casualties["best"].tolist() == [8]
    assert len(report.window(frames, "2023-05-01", "2023-05-31").articles) == 3


def test_selections_carry_every_frame_of_the_articles_they_keep():
    """A window, a place profile and an actor profile keep the statements (and any frame
    with an article_id) of the articles they keep, so the briefing can read them."""
    import dataclasses

    from wirebrief.schema import LOCATIONS, STATEMENTS
    said = "Shelling by the RSF killed 14 people in Nyala."
    frames = _frames([_toll(14, location="Nyala", evidence=said, article="in"), _toll(1, article="out")],
                     [{"article_id": "in", "type": "shelling", "actors": ["RSF"], "location": "Nyala",
                       "lat": 12.05, "lon": 24.88, "evidence": said}])
    frames.casualties.loc[frames.casualties["article_id"] == "in", ["lat", "lon"]] = (12.05, 24.88)
    frames.locations = LOCATIONS.frame([{"article_id": "in", "name": "Nyala", "country": "SD", "kind": "city",
                                         "lat": 12.05, "lon": 24.88}])
    frames.statements = STATEMENTS.frame([{"article_id": a, "speaker": "Awadia Musa", "quote": f"{a} words"}
                                          for a in ("in", "out")])
    frames.articles.loc[frames.articles["article_id"] == "out", "published"] = pd.Timestamp("2023-04-01")
    for picked in (report.window(frames, "2023-05-01", "2023-05-31"), report.near_place(frames, "Nyala"),
                   report.by_actor(frames, "RSF")):
        assert picked.statements["quote"].tolist() == ["in words"]
        assert {f.name for f in dataclasses.fields(picked)} == {f.name for f in dataclasses.fields(frames)}
