"""Reading every supported format and encoding; bad files become error rows."""
import json

import pandas as pd
import pytest

from wirebrief import read_corpus
from wirebrief.corpus import decode_bytes

TEXT = "Au moins douze personnes ont été tuées à Alep, selon l'OSDH. Les combats continuent."


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("utf-16-le", b""),
    ("cp1252", b""), ("latin-1", b""),
])
def test_text_encodings(tmp_path, encoding, prefix):
    (tmp_path / "a.txt").write_bytes(prefix + TEXT.encode(encoding))
    c = read_corpus(tmp_path)
    assert not c.errors
    assert c.articles[0].text.strip().lstrip("\ufeff") == TEXT
    assert c.articles[0].lang == "fr"


def test_undecodable_bytes_never_crash():
    assert "Alep" in decode_bytes(b"tu\xe9es \xff\xfe\x81 \xc3\xa0 Alep")


def test_binary_file_is_an_error(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"%PDF-1.4\x00\x01\x02\x00" * 100)
    (tmp_path / "ok.txt").write_text(TEXT, encoding="utf-8")
    c = read_corpus(tmp_path)
    assert [a.article_id for a in c.articles] == ["ok"]
    assert c.errors[0].stage == "decode" and "PDF document, not text" in c.errors[0].message


def test_html_page(tmp_path):
    body = "<p>" + TEXT + "</p>" * 1
    page = (f"<html><head><title>Alep sous les bombes</title>"
            f"<meta property='article:published_time' content='2016-09-22'></head>"
            f"<body><nav>menu</nav><article><h1>Alep sous les bombes</h1>{body}{body}</article></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    c = read_corpus(tmp_path)
    assert not c.errors, c.errors
    a = c.articles[0]
    assert "douze personnes" in a.text and a.title == "Alep sous les bombes"
    assert a.text.startswith("Au moins douze"), "the headline is the title, not the text"
    assert str(a.published) == "2016-09-22"


def test_json_and_jsonl_records(tmp_path):
    recs = [{"id": "r1", "text": TEXT, "published": "2016-09-22", "lang": "fr"},
            {"text": "At least 12 people were killed in Aleppo on Monday, monitors said."}]
    (tmp_path / "a.json").write_text(json.dumps(recs), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps(r) for r in recs[1:]) + "\n{broken\n",
                                      encoding="utf-8")
    c = read_corpus(tmp_path)
    ids = sorted(a.article_id for a in c.articles)
    assert ids == ["a-1", "b-0", "r1"]
    assert {a.lang for a in c.articles if a.article_id != "r1"} == {"en"}
    assert len(c.errors) == 1 and c.errors[0].stage == "json" and "line 2" in c.errors[0].message


def test_json_with_wrong_types(tmp_path):
    (tmp_path / "w.json").write_text(json.dumps([{"id": 1, "text": 5}, "x"]), encoding="utf-8")
    c = read_corpus(tmp_path)
    assert not c.articles and len(c.errors) == 2


def test_rss_feed(tmp_path):
    feed = f"""<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <channel><title>Wire</title>
    <item><title>One</title><link>https://example.org/1</link><guid>n1</guid><dc:creator>AFP</dc:creator>
    <pubDate>Thu, 22 Sep 2016 10:00:00 GMT</pubDate><description>&lt;p&gt;{TEXT}&lt;/p&gt;</description></item>
    <item><title>Two</title><guid>n2</guid><description>Clashes erupted in Homs on Tuesday.</description></item>
    </channel></rss>"""
    (tmp_path / "f.rss").write_text(feed, encoding="utf-8")
    c = read_corpus(tmp_path)
    assert [a.article_id for a in c.articles] == ["n1", "n2"]
    assert str(c.articles[0].published) == "2016-09-22" and c.articles[0].url == "https://example.org/1"
    assert "douze" in c.articles[0].text
    # the item's dc:creator is its source; an item without one takes the feed's title
    assert [a.source for a in c.articles] == ["AFP", "Wire"]


def test_manifest_wins_and_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"published": "2015-01-02", "source": "X"}))
    (tmp_path / "manifest.csv").write_text("file,published,title,source,url,lang\n"
                                           "a.txt,2016-05-23,T,AFP,,en\n", encoding="utf-8")
    c = read_corpus(tmp_path)
    a, b = sorted(c.articles, key=lambda x: x.article_id)
    assert (str(a.published), a.source, a.lang, a.title) == ("2016-05-23", "AFP", "en", "T")
    assert (str(b.published), b.source) == ("2015-01-02", "X")
    assert not c.errors


def test_missing_file_and_unsupported_type(tmp_path):
    c = read_corpus([tmp_path / "nope.txt", tmp_path / "x.docx"])
    assert len(c.errors) == 2 and not c.articles


EN_TEXT = "At least 12 civilians were killed in Aleppo on Tuesday, monitors said."


def test_language_tags_are_read_as_their_base_language(tmp_path):
    """'en-GB', 'FR', 'fr_FR' from records, manifests and sidecars are 'en' and 'fr', so an English
    story tagged en-GB is read with the English rules, not the French ones."""
    from wirebrief import parse
    recs = [{"id": "gb", "text": EN_TEXT, "lang": "en-GB"}, {"id": "us", "text": EN_TEXT, "lang": "EN_us"},
            {"id": "fr1", "text": TEXT, "lang": "FR"}, {"id": "fr2", "text": TEXT, "lang": "fr_FR"},
            {"id": "words", "text": EN_TEXT, "lang": "English"}]
    (tmp_path / "r.jsonl").write_text("\n".join(json.dumps(r) for r in recs), encoding="utf-8")
    (tmp_path / "m.txt").write_text(EN_TEXT, encoding="utf-8")
    (tmp_path / "s.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "s.json").write_text(json.dumps({"lang": "fr-CA"}), encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,lang\nm.txt,en-GB\n", encoding="utf-8")
    frames = parse(tmp_path)
    assert frames.errors.empty, frames.errors
    langs = dict(zip(frames.articles["article_id"], frames.articles["lang"], strict=True))
    assert langs == {"gb": "en", "us": "en", "fr1": "fr", "fr2": "fr", "words": "en", "m": "en", "s": "fr"}
    killed = frames.casualties.query("kind == 'killed'").set_index("article_id")
    assert {"gb", "us", "m"} <= set(killed.index), "English stories tagged en-GB read with English rules"
    assert int(killed.loc["gb", "best"]) == 12


# every form of the same day that feeds, pages and records use
SAME_DAY = ["2016-09-22", "2016-09-22T14:05:00Z", "2016-09-22T14:05:00+02:00", "2016-09-22 14:05:00",
            "Thu, 22 Sep 2016 14:05:00 +0000", 1474553100, "1474553100", 1474553100.0, "22/09/2016",
            "Sept. 22, 2016", "September 22, 2016", "22 septembre 2016", "22 septembre 2016 à 14h05",
            "jeudi 22 septembre 2016", "Thursday, September 22, 2016 2:05 PM"]


def test_publication_dates_in_every_form_are_read(tmp_path):
    recs = [{"id": f"r{n}", "text": TEXT, "published": value} for n, value in enumerate(SAME_DAY)]
    (tmp_path / "r.jsonl").write_text("\n".join(json.dumps(r) for r in recs), encoding="utf-8")
    (tmp_path / "side.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "side.json").write_text(json.dumps({"published": "22 septembre 2016 à 14h05"}), encoding="utf-8")
    (tmp_path / "man.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,published\nman.txt,\"Sept. 22, 2016\"\n", encoding="utf-8")
    c = read_corpus(tmp_path)
    assert not c.errors, c.errors
    assert len(c.articles) == len(SAME_DAY) + 2
    assert {a.article_id: str(a.published) for a in c.articles if str(a.published) != "2016-09-22"} == {}


def test_feed_dates_are_read_as_written(tmp_path):
    """A French pubDate (which feedparser cannot read) is read; a late-evening story at -05:00
    stays on its own day instead of moving to the next one in UTC."""
    def item(guid, date):
        return f"<item><guid>{guid}</guid><pubDate>{date}</pubDate><description>{TEXT}</description></item>"
    feed = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
            + item("fr", "jeudi 22 septembre 2016 à 14h05") + item("late", "Thu, 22 Sep 2016 23:30:00 -0500")
            + item("gmt", "Thu, 22 Sep 2016 10:00:00 GMT") + "</channel></rss>")
    (tmp_path / "f.rss").write_text(feed, encoding="utf-8")
    c = read_corpus(tmp_path)
    assert not c.errors, c.errors
    assert {a.article_id: str(a.published) for a in c.articles} == {
        "fr": "2016-09-22", "late": "2016-09-22", "gmt": "2016-09-22"}


def test_an_unreadable_date_is_an_error_row_and_the_article_is_kept(tmp_path):
    from wirebrief import Frames
    from wirebrief.cli import main
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    recs = [{"id": "soon", "text": TEXT, "published": "bientôt"},
            {"id": "feb30", "text": TEXT, "published": "2016-02-30"},
            {"id": "month", "text": TEXT, "published": "septembre 2016"},
            {"id": "ok", "text": TEXT, "published": "22 septembre 2016"}]
    (corpus / "r.jsonl").write_text("\n".join(json.dumps(r) for r in recs), encoding="utf-8")
    (corpus / "side.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "side.json").write_text(json.dumps({"published": "le jour d'après", "source": "AFP"}),
                                      encoding="utf-8")
    (corpus / "f.rss").write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>W</title><item>"
                                  f"<guid>n1</guid><pubDate>whenever</pubDate><description>{TEXT}</description>"
                                  "</item></channel></rss>", encoding="utf-8")
    assert main(["parse", str(corpus), "--out", str(tmp_path / "out")]) == 0
    frames = Frames.load(tmp_path / "out")
    published = dict(zip(frames.articles["article_id"], frames.articles["published"], strict=True))
    assert set(published) == {"soon", "feb30", "month", "ok", "side", "n1"}, "every article is kept"
    assert str(published.pop("ok").date()) == "2016-09-22"
    assert all(v is pd.NaT or pd.isna(v) for v in published.values())
    dates = frames.errors.query("stage == 'date'")
    for value, article in (("bientôt", "soon"), ("2016-02-30", "feb30"), ("septembre 2016", "month"),
                           ("whenever", "n1")):
        row = dates[dates["message"].str.contains(f"'{value}'")]
        assert len(row) == 1 and row["article_id"].iloc[0] == article, (value, dates)
    side = dates[dates["message"].str.contains("le jour d'après")]
    assert len(side) == 1 and side["path"].iloc[0] == str(corpus / "side.txt")
    assert len(dates) == 5 and set(frames.errors["stage"]) == {"date"}
    assert frames.articles.set_index("article_id").loc["side", "source"] == "AFP"


HEADLINED = """<html><head><title>{title}</title>{meta}
<meta property="article:published_time" content="2016-09-22"></head>
<body><nav>Home | World</nav><article><h1>Twelve civilians killed in Aleppo air strikes</h1>
<p>ALEPPO, Syria (Wire) - At least 12 civilians were killed in air strikes on Aleppo on Tuesday, the Syrian
Observatory for Human Rights said.</p>
<p>Fighting continued in Homs, where rebels clashed with government forces. Russian Foreign Minister
Sergei Lavrov said talks would resume.</p></article></body></html>"""


@pytest.mark.parametrize("title,meta", [
    ("Twelve civilians killed in Aleppo air strikes", ""),
    ("Twelve civilians killed in Aleppo air strikes - Wire",
     '<meta property="og:title" content="Twelve civilians killed in Aleppo air strikes">'),
    ("Twelve civilians killed in Aleppo air strikes | Wire", ""),
])
def test_html_headline_is_the_title_only_and_offsets_index_the_text(tmp_path, title, meta):
    """The headline is read once (as the title), not a second time from the text, and every
    offset of every frame still points into `articles.text`."""
    from wirebrief import Frames
    from wirebrief.cli import main
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "story.html").write_text(HEADLINED.format(title=title, meta=meta), encoding="utf-8")
    assert main(["parse", str(tmp_path / "corpus"), "--out", str(tmp_path / "out")]) == 0
    f = Frames.load(tmp_path / "out")
    article = f.articles.iloc[0]
    assert article.title == "Twelve civilians killed in Aleppo air strikes"
    assert article.text.startswith("ALEPPO, Syria (Wire) - At least 12 civilians")
    assert "Twelve civilians" not in article.text
    assert f.casualties["best"].tolist() == [12], "the headline's toll is not counted a second time"
    text = article.text
    assert (f.events["trigger"] == [text[r.start:r.end] for r in f.events.itertuples()]).all()
    assert all(text[r.start:r.end] in r.evidence for r in f.casualties.itertuples())
    for frame in (f.locations, f.actors):
        assert all(text[r.start:r.end] in r.surface_forms.split("|") for r in frame.itertuples())
    assert {"Aleppo", "Homs"} <= set(f.locations["name"]) and len(f.events) >= 2
