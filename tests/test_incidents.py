"""Incidents across articles: linking, tolls, passing mentions, incremental parses.

The articles are invented for these tests (a strike on a fish market reported
three times with a rising toll, a school shelled in the same city two days
later, a clash whose story mentions the market strike in passing) and run
through `wirebrief parse`'s own code path (ingest.build).
"""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from wirebrief import ingest
from wirebrief.frames import Frames
from wirebrief.incidents.linking import conflict, evidence
from wirebrief.incidents.signature import Signature, marks, site_key

MARKET = {
    "m1": ("en", "2019-03-10", "An air strike hit a crowded fish market in Hodeidah on Sunday, killing at least "
                               "12 people, medics said. Residents said warplanes circled the port city for an hour."),
    "m2": ("fr", "2019-03-11", "Le bilan de la frappe aérienne qui a touché dimanche un marché aux poissons de "
                               "Hodeida s'est alourdi à 21 morts, selon des sources médicales."),
    "m3": ("en", "2019-03-12", "At least 26 people were killed in Sunday's air strike on a fish market in Hodeidah, "
                               "the health ministry said on Tuesday."),
}
SCHOOL = {"s1": ("en", "2019-03-13", "Shelling hit a school in Hodeidah on Wednesday, killing four children, "
                                     "local officials said.")}
CLASH = {"c1": ("en", "2019-03-15", "Fighters clashed near a hospital in Hodeidah on Friday, killing seven people, "
                                    "a medical source said. The fighting came five days after an air strike on a "
                                    "fish market in the city killed 26 people.")}


def write(folder, articles: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for aid, (lang, published, text) in articles.items():
        (folder / f"{aid}.txt").write_text(text, encoding="utf-8")
        (folder / f"{aid}.json").write_text(json.dumps({"id": aid, "lang": lang, "published": published,
                                                        "source": "Test Wire"}), encoding="utf-8")


def incident_of(frames: Frames) -> dict[str, str]:
    """article -> the incident most of its rows carry (as the scorer reads it)."""
    rows = pd.concat([frames.events[["article_id", "incident_id"]], frames.casualties[["article_id", "incident_id"]]])
    rows = rows.dropna()
    return rows.groupby("article_id")["incident_id"].agg(lambda s: s.value_counts().index[0]).to_dict()


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    root = tmp_path_factory.mktemp("incidents")
    write(root / "corpus", {**MARKET, **SCHOOL, **CLASH})
    ingest.build(root / "corpus", root / "frames")
    return root, Frames.load(root / "frames")


def test_reports_of_one_strike_are_one_incident_and_a_strike_nearby_another(parsed):
    _, frames = parsed
    of = incident_of(frames)
    assert of["m1"] == of["m2"] == of["m3"]
    assert len({of["m1"], of["s1"], of["c1"]}) == 3   # same city, same week: three incidents


def test_the_toll_is_a_range_over_the_sources_latest_figures(parsed):
    _, frames = parsed
    market = frames.incidents.set_index("incident_id").loc[incident_of(frames)["m1"]]
    assert (market["killed_low"], market["killed_best"], market["killed_high"]) == (12, 26, 26)
    assert market["n_articles"] == 3 and sorted(market["articles"]) == ["m1", "m2", "m3"]
    assert market["date"] == pd.Timestamp("2019-03-10") and market["location"] == "Hodeidah"
    assert any("12" in s and "m1" in s for s in market["sources"])


def test_a_passing_mention_links_its_row_not_its_article(parsed):
    _, frames = parsed
    of = incident_of(frames)
    cas = frames.casualties[frames.casualties["article_id"] == "c1"].set_index("best")
    assert cas.loc[7, "incident_id"] == of["c1"]
    assert cas.loc[26, "incident_id"] == of["m1"]   # "five days after an air strike … killed 26"
    clash = frames.incidents.set_index("incident_id").loc[of["c1"]]
    assert clash["killed_best"] == 7 and list(clash["articles"]) == ["c1"]


def test_new_articles_join_the_archive_incidents_and_ids_stay(tmp_path):
    write(tmp_path / "day1", {k: MARKET[k] for k in ("m1", "m2")})
    ingest.build(tmp_path / "day1", tmp_path / "frames")
    first = Frames.load(tmp_path / "frames")
    market_id = incident_of(first)["m1"]
    write(tmp_path / "day2", {"m3": MARKET["m3"], **SCHOOL})
    ingest.build(tmp_path / "day2", tmp_path / "frames")
    later = Frames.load(tmp_path / "frames")
    of = incident_of(later)
    assert of["m1"] == of["m2"] == of["m3"] == market_id
    assert of["s1"] != market_id and len(later.incidents) == 2
    # the same corpus parsed in one go gives the same ids: they come from content, not order
    write(tmp_path / "all", {**MARKET, **SCHOOL})
    ingest.build(tmp_path / "all", tmp_path / "again")
    assert sorted(Frames.load(tmp_path / "again").incidents["incident_id"]) == sorted(later.incidents["incident_id"])


def test_loading_a_window_keeps_only_its_incidents(parsed):
    root, _ = parsed
    window = Frames.load(root / "frames", start="2019-03-13", end="2019-03-13")
    assert list(window.incidents["articles"].map(list)) == [["s1"]]


def sig(**kw) -> Signature:
    base = dict(article_id="x", country="UA", place="Mariupol", kind="city", lat=47.1, lon=37.5, day=None,
                published=None, type="airstrike", targets=frozenset(), weapons=frozenset(), sites=frozenset(),
                areas=frozenset(), killed=None)
    base.update(kw)
    return Signature(**base)


D = dt.date
PAIRS = [
    # (what, a, b, conflict?, linked with enough evidence?)
    ("same target, same day", sig(targets=frozenset({"theatre"}), day=D(2022, 3, 16)),
     sig(targets=frozenset({"theatre"}), day=D(2022, 3, 17)), False, True),
    ("maternity hospital vs theatre", sig(targets=frozenset({"hospital", "maternity"}), day=D(2022, 3, 9)),
     sig(targets=frozenset({"theatre"}), published=D(2022, 3, 10)), True, False),
    ("a week apart", sig(day=D(2022, 3, 9)), sig(day=D(2022, 3, 16)), True, False),
    ("news published a week after the other's day", sig(day=D(2016, 4, 27), targets=frozenset({"hospital"})),
     sig(published=D(2016, 5, 4), targets=frozenset({"hospital"})), True, False),
    ("a look back dated by its text", sig(day=D(2022, 3, 16), published=D(2022, 5, 4)),
     sig(day=D(2022, 3, 16), published=D(2022, 3, 17)), False, True),
    ("other named sites", sig(sites=frozenset({site_key("al-Quds hospital")})),
     sig(sites=frozenset({site_key("al-Dabeet hospital")})), True, False),
    ("one site spelt two ways", sig(sites=frozenset({site_key("al-Quds Hospital")}), targets=frozenset({"hospital"})),
     sig(sites=frozenset({site_key("hôpital al Qods")}), targets=frozenset({"hospital"})), False, True),
    ("another city", sig(), sig(place="Kharkiv", lat=49.99, lon=36.23), True, False),
    ("another country", sig(), sig(country="RU"), True, False),
    ("same town, nothing else in common", sig(), sig(), False, False),
    ("same truck bomb, undated", sig(weapons=frozenset({"truck_bomb"})), sig(weapons=frozenset({"truck_bomb"})),
     False, True),
    ("the same toll twice", sig(killed=92), sig(killed=92), False, True),
    ("the same injured count", sig(injured=200), sig(injured=200), False, True),
    ("tolls far apart", sig(killed=5), sig(killed=90), False, False),
]


@pytest.mark.parametrize("what, a, b, apart, linked", PAIRS, ids=[p[0] for p in PAIRS])
def test_linking_rules(what, a, b, apart, linked):
    assert conflict(a, b) is apart and conflict(b, a) is apart
    assert (not apart and evidence(a, b) >= 2) is linked


@pytest.mark.parametrize("lang, text, targets, weapons", [
    ("en", "A truck bomb exploded in the diplomatic quarter", {"embassy"}, {"truck_bomb"}),
    ("fr", "Un camion piégé a explosé près de l'ambassade", {"embassy"}, {"truck_bomb"}),
    ("fr", "Des obus sont tombés sur la maternité de l'hôpital", {"maternity", "hospital"}, set()),
    ("en", "Mourners at a funeral were hit by a suicide bomber", {"funeral"}, {"suicide"}),
    ("en", "Shelling continued across the front line", set(), set()),
])
def test_marks(lang, text, targets, weapons):
    assert marks(text, lang) == (frozenset(targets), frozenset(weapons))


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
def test_export_reads_back_with_the_formats_columns(parsed, tmp_path, fmt):
    from wirebrief.cli import main
    from wirebrief.incidents.export import FORMATS
    root, frames = parsed
    out = tmp_path / f"{fmt}.csv"
    assert main(["export", "--format", fmt.upper(), "--frames", str(root / "frames"), "--out", str(out)]) == 0
    table = pd.read_csv(out, keep_default_na=False)
    assert tuple(table.columns) == FORMATS[fmt] and len(table) == len(frames.incidents) == 3
    market_id = incident_of(frames)["m1"]
    if fmt == "acled":
        row = table.set_index("event_id_cnty").loc["YE" + market_id.removeprefix("inc-")]
        assert (row["event_date"], row["year"], row["country"], row["iso"]) == ("2019-03-10", 2019, "Yemen", 887)
        assert (row["location"], row["fatalities"]) == ("Hodeidah", 12)   # ACLED's conservative figure: the low
        assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
        assert row["latitude"] == pytest.approx(14.8, abs=0.2)
    else:
        row = table.set_index("id").loc[market_id]
        assert (row["low"], row["best"], row["high"]) == (12, 26, 26)
        assert (row["date_start"], row["country"], row["country_id"]) == ("2019-03-10", "Yemen", 887)
        assert row["source_article"] == "m1; m2; m3"


def test_the_briefing_counts_each_incident_once_with_its_range(parsed):
    from wirebrief import report
    _, frames = parsed
    figures = report.key_figures(frames).set_index("figure")
    # the market strike's three reports are one toll (26, low 12), not 12 + 21 + 26
    assert (figures.loc["killed", "value"], figures.loc["killed", "low"]) == (26 + 4 + 7, 12 + 4 + 7)
    table = report.deadliest_incidents(frames, "fr")
    assert list(table["tués"]) == ["26 (12–26)", "7", "4"]
    # the place as the French articles spell it (report.place_name): the gazetteer has no French name
    assert list(table["lieu"]) == ["Hodeida"] * 3 and "3 articles" in table["Sources"].iloc[0]
    assert "m1" not in table["Sources"].iloc[0]   # article ids are internal: counted, not named
    html = report.deadliest_incidents_html(frames.__class__(), "en")
    assert "No incident with a death toll" in html


def test_the_timeline_draws_an_incident_once(parsed):
    from wirebrief import report
    _, frames = parsed
    fig = report.timeline_chart(frames)
    sizes = sorted(int(s) for s in fig.axes[0].collections[0].get_sizes())
    # the market strike's three reports (and its passing mention) are one dot of one event (30 + 40)
    assert len(frames.events[frames.events["incident_id"] == incident_of(frames)["m1"]]) >= 3
    assert sizes == [70, 70, 70]


ROUNDUP = {"r1": ("en", "2019-03-19", "Government aircraft bombed a bakery in Maarat al-Numan on Monday, killing nine "
                                      "people, rescuers said. Separately, rebel shelling killed four people in Daraa "
                                      "on Monday, the state news agency said.")}
FOLLOW_UP = {"r2": ("fr", "2019-03-20", "Le bilan des tirs d'obus rebelles qui ont frappé lundi Deraa s'est alourdi à "
                                        "six morts, selon l'agence officielle.")}


def test_a_roundup_story_second_incident_is_an_incident_of_its_own(tmp_path):
    write(tmp_path / "day1", ROUNDUP)
    ingest.build(tmp_path / "day1", tmp_path / "frames")
    frames = Frames.load(tmp_path / "frames")
    tolls = dict(zip(frames.incidents["location"], frames.incidents["killed_best"], strict=True))
    assert tolls == {"Maarat al-Numan": 9, "Daraa": 4}
    daraa = frames.incidents.loc[frames.incidents["location"] == "Daraa", "incident_id"].item()
    # a later report of the Daraa shelling joins that incident, which survives the incremental parse
    write(tmp_path / "day2", FOLLOW_UP)
    ingest.build(tmp_path / "day2", tmp_path / "frames")
    later = Frames.load(tmp_path / "frames")
    assert incident_of(later)["r2"] == daraa
    row = later.incidents.set_index("incident_id").loc[daraa]
    # both figures come from one outlet, which revised 4 to 6: the earlier one is superseded,
    # and still listed among the sources
    assert (row["killed_low"], row["killed_best"], row["killed_high"]) == (6, 6, 6)
    assert sorted(s.split(" (")[0].split(": ")[1] for s in row["sources"]) == ["killed 4", "killed 6"]
    assert len(later.incidents) == 2


def test_an_incident_is_dated_by_its_event_not_by_the_day_its_toll_was_told():
    """"The toll rose to 40 on Thursday", then "a truck bomb on Sunday": the incident is Sunday's."""
    from wirebrief.incidents.signature import signature
    events = [{"type": "bombing", "start": 120, "location": "Karrada", "country": "IQ", "lat": 33.3, "lon": 44.4,
               "date": "2016-07-03", "date_basis": "text", "date_precision": "day"}]
    casualties = [{"kind": "killed", "best": 40, "scope": "incident", "start": 0, "location": "Karrada",
                   "country": "IQ", "lat": 33.3, "lon": 44.4, "date": "2016-07-07", "date_basis": "text",
                   "date_precision": "day"}]
    locations = [{"name": "Karrada", "kind": "district", "country": "IQ", "start": 40, "literal": True}]
    article = {"article_id": "a1", "published": "2016-07-07", "lang": "en",
               "text": "The toll from the bombing in Karrada rose to 40 on Thursday. A truck bomb exploded on Sunday."}
    sig = signature(article, events, casualties, locations)
    assert sig.day == dt.date(2016, 7, 3)
