"""A corpus of nasty files, written here: nothing crashes, each bad file is an error row with a
clear message (or is read correctly), every good article is parsed, and memory stays bounded."""
import json
import os
import subprocess
import sys

import pytest

from wirebrief import Frames, ingest
from wirebrief.extract import parse

GOOD = {
    "good-fr.txt": "Au moins 12 civils ont été tués mardi dans des frappes aériennes à Alep, selon l'OSDH.",
    "good-en.txt": "Five soldiers were killed on Monday in shelling in Homs, a medical source said.",
}
SECRET = "root:x:0:0:TOP-SECRET-CANARY"


def nasty_corpus(folder, outside):
    """Write every hostile input class under `folder`; returns {file name: expected message part}
    (None: must be read correctly)."""
    folder.mkdir()
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    expect = {}

    def put(name, data, message):
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        expect[name] = message

    put("empty.txt", b"", "empty file")
    put("blank.txt", b"  \n\t \n", "empty file")
    put("binary.txt", bytes(range(256)) * 64, "binary file")
    put("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\nstream\x00\x01\x02",
        "PDF document")
    put("photo.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG image")
    put("mixed.txt", "Trois civils tués à Alep, «selon l’OSDH».".encode() + b" Caf\xe9 cr\xe8me \x93quote\x94.",
        None)
    put("utf16.txt", "Deux soldats ont été tués à Homs, selon l'OSDH.".encode("utf-16-le"), None)
    put("huge.txt", b"a" * (50 * 1024 * 1024), "over the")
    put("nested.html", "<html><body>" + "<div>" * 100_000 + "Texte" + "</div>" * 100_000 + "</body></html>",
        "")   # read or refused, never a crash
    put("script.html", "<html><head><title>Raid à Alep</title><script>alert('x')</script></head><body>"
        "<article><p onclick=\"alert('y')\">Quatre civils ont été tués jeudi dans un raid à Alep, "
        "selon l'OSDH. Les secours cherchaient encore des survivants dans les décombres du quartier.</p>"
        "<p>Le bilan pourrait s'alourdir, selon la même source, qui fait état de nombreux blessés.</p>"
        "<img src=x onerror=\"alert('z')\"></article></body></html>", None)
    put("types.json", json.dumps([{"id": 1, "text": 123}, {"id": 2, "text": ["a"]}, "just a string",
                                  {"id": "ok-json", "text": "Six civils ont été tués à Idleb.",
                                   "title": {"nested": True}, "published": 20160901}]), "record 0 has no 'text'")
    put("broken.json", '{"id": "x", "text": "unterminated', "invalid JSON")
    put("feed.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item>'
        "<title>Un</title><description>Sept civils ont été tués à Deraa.</description></item><item><title>De",
        "")
    put("deep.jsonl", json.dumps({"id": "deep", "text": "x", "meta": json.loads("[" * 50 + "]" * 50)}) + "\n"
        + "{not json}\n", "invalid JSON")
    put("dup-a.jsonl", json.dumps({"id": "same-id", "text": "Huit civils ont été tués à Hama."}) + "\n", None)
    put("dup-b.jsonl", json.dumps({"id": "same-id", "text": "Nine people were killed in Aleppo."}) + "\n",
        "duplicate article_id 'same-id'")
    # links that lead out of the corpus must not be followed
    (outside / "passwd.txt").write_text(SECRET, encoding="utf-8")
    os.symlink(outside / "passwd.txt", folder / "link-out.txt")
    expect["link-out.txt"] = "symbolic link that leads outside"
    os.symlink(outside, folder / "dir-out")      # a linked folder is not walked
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    expect["dangling.txt"] = "symbolic link"
    # a sub-folder with a manifest that lacks its key column, and one with hostile rows
    (folder / "nokey").mkdir()
    (folder / "nokey" / "story.txt").write_text(GOOD["good-fr.txt"], encoding="utf-8")
    (folder / "nokey" / "manifest.csv").write_text("name,published\nstory.txt,2016-09-01\n", encoding="utf-8")
    expect["nokey/manifest.csv"] = "needs a 'file' column"
    (folder / "rows").mkdir()
    (folder / "rows" / "a.txt").write_text(GOOD["good-en.txt"], encoding="utf-8")
    (folder / "rows" / "manifest.csv").write_text(
        "file,published,title\n../../etc/passwd,2016-09-01,x\n/etc/shadow,2016-09-01,y\n"
        "a.txt,2016-13-45,Bad date\n", encoding="utf-8")
    expect["rows/manifest.csv"] = "names a path"
    return expect


@pytest.fixture(scope="module")
def nasty(tmp_path_factory):
    base = tmp_path_factory.mktemp("nasty")
    (base / "outside").mkdir()
    corpus = base / "corpus"
    expect = nasty_corpus(corpus, base / "outside")
    return corpus, expect


def test_nothing_crashes_and_every_bad_file_is_reported(nasty):
    corpus, expect = nasty
    frames = parse(corpus)
    errors = frames.errors
    for name, message in expect.items():
        path = str(corpus / name)
        rows = errors[errors["path"] == path]
        if message is None:
            assert rows.empty, (name, rows["message"].tolist())
            assert path in set(frames.articles["path"]), name
        elif message:
            assert rows["message"].str.contains(message, regex=False).any(), (name, rows["message"].tolist())
        else:   # read or refused, never silently lost
            assert not rows.empty or path in set(frames.articles["path"]), name
    # every good article is parsed and extracted
    ids = set(frames.articles["article_id"])
    assert {"good-fr", "good-en", "ok-json", "same-id", "mixed", "utf16", "script", "a", "story"} <= ids
    assert {"Aleppo", "Homs"} <= set(frames.casualties.merge(frames.articles, on="article_id")
                                   .query("article_id in ['good-fr', 'good-en']")["location"])
    assert len(frames.articles[frames.articles["article_id"] == "same-id"]) == 1


def test_what_was_read_is_right(nasty):
    corpus, _ = nasty
    arts = parse(corpus).articles.set_index("article_id")
    assert "Café crème “quote”" in arts.loc["mixed", "text"] and "l’OSDH" in arts.loc["mixed", "text"]
    assert arts.loc["utf16", "text"].startswith("Deux soldats ont été tués")
    script = arts.loc["script", "text"]
    assert "Quatre civils" in script and "alert" not in script
    assert arts.loc["a", "title"] == "Bad date" and str(arts.loc["a", "published"]) == "NaT"
    assert all(SECRET not in str(t) for t in arts["text"])


def test_the_cli_parse_reports_and_keeps_going(nasty, tmp_path):
    corpus, expect = nasty
    summary = ingest.build(corpus, tmp_path / "out")
    frames = Frames.load(tmp_path / "out")
    assert summary.errors == len(frames.errors) >= len([m for m in expect.values() if m])
    assert "good-fr" in set(frames.articles["article_id"])
    assert SECRET not in "".join(frames.articles["text"])


def test_memory_stays_bounded_on_the_nasty_corpus(nasty, tmp_path):
    """The 50 MB file is refused by size before it is read; the whole parse stays small."""
    corpus, _ = nasty
    # VmHWM is this process's own peak; ru_maxrss would carry over the peak of the pytest
    # process that forked it (Linux keeps it across exec), which grows with the suite.
    code = ("import re, sys; from wirebrief import ingest; ingest.build(sys.argv[1], sys.argv[2]); "
            "print(int(re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1)) // 1024)")
    out = subprocess.run([sys.executable, "-c", code, str(corpus), str(tmp_path / "o")],
                         capture_output=True, text=True, check=True)
    peak_mb = int(out.stdout.split()[-1])
    assert peak_mb < 700, peak_mb


def test_rows_that_do_not_fit_the_frames_cost_one_article_not_the_chunk():
    """The slow path of frames_of: an article whose rows break the schema becomes an error row."""
    from wirebrief.corpus import Article
    from wirebrief.extract.batch import _frames_article_by_article
    arts = [vars(Article("ok", "x", path="a.txt")), vars(Article("bad", "y", path="b.txt"))]
    cas = [{"article_id": "ok", "kind": "killed", "best": 3}, {"article_id": "bad", "kind": "killed", "best": 10**30}]
    rows = {"events": [], "casualties": cas, "locations": [], "actors": [], "statements": []}
    frames = _frames_article_by_article(arts, rows, [])
    assert frames.articles["article_id"].tolist() == ["ok"]
    assert frames.casualties["best"].tolist() == [3]
    assert frames.errors["article_id"].tolist() == ["bad"] and "OverflowError" in frames.errors["message"].iloc[0]
