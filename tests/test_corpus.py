"""Reading every supported format and encoding; bad files become error rows."""
import json

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
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
    <item><title>One</title><link>https://example.org/1</link><guid>n1</guid>
    <pubDate>Thu, 22 Sep 2016 10:00:00 GMT</pubDate><description>&lt;p&gt;{TEXT}&lt;/p&gt;</description></item>
    <item><title>Two</title><guid>n2</guid><description>Clashes erupted in Homs on Tuesday.</description></item>
    </channel></rss>"""
    (tmp_path / "f.rss").write_text(feed, encoding="utf-8")
    c = read_corpus(tmp_path)
    assert [a.article_id for a in c.articles] == ["n1", "n2"]
    assert str(c.articles[0].published) == "2016-09-22" and c.articles[0].url == "https://example.org/1"
    assert "douze" in c.articles[0].text


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
