"""Reading a corpus: folders and files of .txt, .html, .json/.jsonl and feeds.

Every file becomes zero or more `Article`s or one `ReadProblem`; nothing a
single file does stops the rest of the corpus. An optional `manifest.csv` in a
folder gives publication dates, titles, sources, URLs and languages whose
values win over what was detected.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from . import lang as langdata
from .config import MAX_FILE_BYTES
from .errors import ReadError

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("file", "published", "title", "source", "url", "lang")


@dataclass
class Article:
    article_id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    lang: str | None = None
    path: str | None = None


@dataclass
class ReadProblem:
    path: str
    stage: str
    message: str
    article_id: str | None = None


@dataclass
class Corpus:
    articles: list[Article] = field(default_factory=list)
    errors: list[ReadProblem] = field(default_factory=list)


# ---------------------------------------------------------------- decoding

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def decode_bytes(data: bytes, path: str = "<bytes>") -> str:
    """Text from bytes in UTF-8 (with or without BOM), UTF-16/32 or a legacy 8-bit code page.

    Undecodable bytes never raise: charset-normalizer picks the likeliest
    encoding and anything left is replaced. Binary data is refused.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ReadError(path, "decode", f"this is {what}, not text")
    if b"\x00" in data[:4096]:
        guess = _utf16_without_bom(data)
        if guess is None:
            raise ReadError(path, "decode", "binary file (NUL bytes), not text")
        return guess
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQUENCE.search(data):   # mostly UTF-8 with stray legacy bytes (a pasted quote…)
        return data.decode("utf-8", errors=_CP1252_FALLBACK)
    try:  # Western wire copy: cp1252 is by far the likeliest legacy code page
        text = data.decode("cp1252")
        if not any("\x80" <= c <= "\x9f" for c in text):
            return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding.replace("_", "-").lower() in ("utf-8", "utf8"):
        encoding = "cp1252"  # mostly UTF-8 with stray legacy bytes: keep the legacy reading
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return data.decode("cp1252", errors="replace")


# files that are plainly not text, whatever their extension says
_MAGIC = ((b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
          (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
          (b"\x1f\x8b", "a gzip archive"), (b"\x7fELF", "an executable"),
          (b"\xd0\xcf\x11\xe0", "an old Office document"))
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CP1252_FALLBACK = "wirebrief-cp1252"


def _cp1252_bytes(err: UnicodeDecodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejected as cp1252: a UTF-8 file with a few legacy bytes."""
    return err.object[err.start:err.end].decode("cp1252", errors="replace"), err.end


codecs.register_error(_CP1252_FALLBACK, _cp1252_bytes)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has NULs on every other byte for Latin script."""
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.3 * half and even < 0.05 * half:
        return data.decode("utf-16-le", errors="replace")
    if even > 0.3 * half and odd < 0.05 * half:
        return data.decode("utf-16-be", errors="replace")
    return None


def read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ReadError(str(path), "read", f"file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit")
    return path.read_bytes()


# ---------------------------------------------------------------- dates and languages

class UnreadableDate(ValueError):
    """A publication date was given but is no date: its reader reports it as an `errors` row."""


def read_date(value) -> dt.date | None:
    """The day of a publication date in any form feeds, pages and records use; None without one.

    ISO dates and datetimes, RFC 2822 ("Thu, 22 Sep 2016 14:05:00 +0000"), epoch
    seconds (a number or a string of digits; milliseconds when larger than any
    date in seconds), "22/09/2016" (day first, as in French and British copy;
    "09/22/2016" still reads as the only day it can be), and dates in words in
    English or French ("Sept. 22, 2016", "22 septembre 2016 à 14h05"), through
    dateparser. The day is the one written: a time zone offset is not applied, so
    a story dated 23:30 local time stays on its day; epoch seconds are UTC.
    A value that is there but reads as no full date raises UnreadableDate: the
    caller keeps the article undated and says so, never a silent NaT.
    """
    if _absent(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "tm_year"):   # a struct_time (feedparser)
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _epoch(value)
    if not isinstance(value, str):
        raise UnreadableDate(f"a {type(value).__name__}, not a date")
    text = value.strip()
    if not text:
        return None
    if _EPOCH.fullmatch(text):
        return _epoch(float(text))
    return _iso(text) or _in_words(text)


def parse_date(value) -> dt.date | None:
    """read_date, with None for an unreadable date too (where the caller reports it itself)."""
    try:
        return read_date(value)
    except UnreadableDate:
        return None


_EPOCH = re.compile(r"[+-]?\d{9,13}(?:\.\d+)?")   # 1973 onwards in seconds, or milliseconds
MAX_DATE_CHARS = 200   # a longer "date" is a misplaced text: not worth a parser's time


def _absent(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):   # a list or a dict: present, and no date
        return False


def _epoch(value: float) -> dt.date:
    seconds = value / 1000 if abs(value) > 1e11 else value   # milliseconds, as JavaScript writes them
    try:
        return dt.datetime.fromtimestamp(seconds, dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        raise UnreadableDate("out of range for epoch seconds") from None


def _iso(text: str) -> dt.date | None:
    """ISO 8601 dates and datetimes (with T or a space, Z or an offset), quickly: most corpora use them."""
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None


# dateparser, strictly: only absolute dates with a day, month and year ("hier", "next week",
# "septembre 2016" and bare numbers are not publication dates), day before month when both fit
_DATEPARSER_SETTINGS = {"DATE_ORDER": "DMY", "PARSERS": ["absolute-time"], "STRICT_PARSING": True,
                        "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}


def _in_words(text: str) -> dt.date:
    import dateparser
    if len(text) <= MAX_DATE_CHARS:
        when = dateparser.parse(text, languages=_date_languages(langdata.supported()),
                                settings=_DATEPARSER_SETTINGS)
        if when is not None:
            return when.date()
    raise UnreadableDate("no calendar date with a day, month and year read from it")


@cache
def _date_languages(codes: tuple[str, ...]) -> list[str]:
    """English (RFC 2822 names its days and months in English) and every supported language
    dateparser knows: a language folder added as data reads its dates too."""
    from dateparser.data.languages_info import language_order
    known = set(language_order)
    return [c for c in dict.fromkeys(("en", *codes)) if c in known]


def base_language(tag) -> str | None:
    """The language of a BCP 47-ish tag: "en-GB", "EN", "fr_FR" -> "en", "en", "fr".

    Extraction rules are per language, not per region or spelling, and a code
    they do not know is read with the default language's rules, so "en-GB" must
    become "en". A value that is no language code ("English", "??") gives None:
    the language is then detected from the text.
    """
    if tag is None:
        return None
    code = re.split(r"[-_]", str(tag).strip(), maxsplit=1)[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _published(value, path: Path, article_id: str | None, where: str = "") -> tuple[dt.date | None,
                                                                                    list[ReadProblem]]:
    """(date, []) or, for a date that is there but unreadable, (None, [its `errors` row])."""
    try:
        return read_date(value), []
    except UnreadableDate as exc:
        return None, [ReadProblem(str(path), "date", f"{where}unreadable publication date {_shown(value)} "
                                  f"({exc}): the article is kept without a date", article_id)]


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


@cache
def _identifier():
    from py3langid import langid
    langid.set_languages(["fr", "en", "de", "es", "it", "pt", "nl", "ar", "ru", "tr"])
    return langid


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid), None for empty text."""
    sample = text[:3000].strip()
    if not sample:
        return None
    return _identifier().classify(sample)[0]


# ---------------------------------------------------------------- readers

def _txt(path: Path) -> list[Article]:
    text = decode_bytes(read_bytes(path), str(path))
    if not text.strip():
        raise ReadError(str(path), "read", "empty file: no text")
    return [Article(article_id=path.stem, text=text)]


def _html(path: Path) -> list[Article]:
    import trafilatura
    html = decode_bytes(read_bytes(path), str(path))
    doc = trafilatura.bare_extraction(html, with_metadata=True, favor_recall=True)
    if doc is None or not (getattr(doc, "text", None) or "").strip():
        raise ReadError(str(path), "html", "no article text found in the page")
    published, problems = _published(doc.date, path, path.stem)
    return [Article(article_id=path.stem, text=_without_headline(doc.text, doc.title), title=doc.title,
                    published=published, url=doc.url, source=doc.sitename), *problems]


def _without_headline(text: str, title: str | None) -> str:
    """The page's text without its headline, which trafilatura keeps as the first line.

    The headline is the article's title already; left in the text it was read
    twice ("Twelve civilians killed in Aleppo" a second casualty count) and
    pushed the dateline off the start of the story. The RSS and JSON readers
    give the body alone, and so does this one: a first line that is the title
    (ignoring case, spacing and a site name after " - " or " | ") is dropped,
    unless it is all the page says. Offsets are taken in this text, so they
    index `articles.text`.
    """
    first, _, rest = text.lstrip().partition("\n")
    if title and rest.strip() and _heading(first) in {_heading(title), _heading(_SITE_SUFFIX.sub("", title))}:
        return rest.lstrip()
    return text


_SITE_SUFFIX = re.compile(r"\s+[-|–—]\s+[^-|–—]+$")   # "Headline - Le Monde", "Headline | AFP"


def _heading(line: str) -> str:
    return " ".join(line.split()).casefold().rstrip(" .")


def _record(rec, path: Path, n: int) -> list[Article | ReadProblem]:
    """The article of one JSON record, and the `errors` row of its date when that is unreadable."""
    if not isinstance(rec, dict):
        raise ReadError(str(path), "json", f"record {n} is a {type(rec).__name__}, not an object")
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ReadError(str(path), "json", f"record {n} has no 'text' string")
    rid = rec.get("id")
    article_id = str(rid) if rid not in (None, "") else f"{path.stem}-{n}"
    published, problems = _published(rec.get("published"), path, article_id, f"record {n}: ")
    return [Article(article_id=article_id, text=text, title=_str_or_none(rec.get("title")),
                    published=published, url=_str_or_none(rec.get("url")),
                    source=_str_or_none(rec.get("source")), lang=_str_or_none(rec.get("lang"))),
            *problems]


def _str_or_none(v) -> str | None:
    return None if v is None else str(v)


def _json(path: Path) -> Iterator[Article | ReadProblem]:
    try:
        data = json.loads(decode_bytes(read_bytes(path), str(path)))
    except json.JSONDecodeError as exc:
        raise ReadError(str(path), "json", f"invalid JSON: {exc}") from exc
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    records = data if isinstance(data, list) else [data]
    for n, rec in enumerate(records):
        yield from _guarded(lambda rec=rec, n=n: _record(rec, path, n), path)


def _jsonl(path: Path) -> Iterator[Article | ReadProblem]:
    text = decode_bytes(read_bytes(path), str(path))
    for n, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadProblem(str(path), "json", f"line {n + 1}: invalid JSON: {exc}")
            continue
        yield from _guarded(lambda rec=rec, n=n: _record(rec, path, n), path)


def _feed(path: Path) -> Iterator[Article | ReadProblem]:
    import feedparser
    import lxml.html
    parsed = feedparser.parse(read_bytes(path))
    if not parsed.entries:
        why = getattr(parsed, "bozo_exception", None) or "no entries"
        raise ReadError(str(path), "feed", f"not a readable RSS/Atom feed: {why}")
    for n, entry in enumerate(parsed.entries):
        body = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
        text = lxml.html.fromstring(body).text_content() if "<" in body else body
        if not text.strip():
            yield ReadProblem(str(path), "feed", f"entry {n} has no text")
            continue
        article_id = str(entry.get("id") or f"{path.stem}-{n}")
        published, problems = _entry_date(entry, path, article_id, n)
        # the item's own creator (dc:creator, author: "AFP", "Reuters") is its source; the feed's
        # title only stands in for it (an aggregator's feed carries many agencies)
        source = entry.get("author") or parsed.feed.get("title")
        yield Article(article_id=article_id, text=text.strip(), title=entry.get("title"), published=published,
                      url=entry.get("link"), source=source)
        yield from problems


def _entry_date(entry, path: Path, article_id: str, n: int) -> tuple[dt.date | None, list[ReadProblem]]:
    """A feed entry's date as written; feedparser's own reading only where ours fails.

    feedparser converts dates to UTC (a story of 23:30 at -05:00 would move to the
    next day) and cannot read French ones ("22 septembre 2016 à 14h05"), so the
    raw value comes first.
    """
    # dict.get: FeedParserDict.get maps a missing `updated` to `published` with a warning
    raw = dict.get(entry, "published") or dict.get(entry, "updated")
    published, problems = _published(raw, path, article_id, f"entry {n}: ")
    if published is None:
        theirs = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
        if theirs:
            return read_date(theirs), []
    return published, problems


# extension -> reader; a reader returns or yields Articles (and ReadProblems)
READERS: dict[str, Callable[[Path], Iterable[Article | ReadProblem]]] = {
    ".txt": _txt, ".text": _txt, ".html": _html, ".htm": _html,
    ".json": _json, ".jsonl": _jsonl, ".ndjson": _jsonl,
    ".rss": _feed, ".atom": _feed, ".xml": _feed,
}


def _guarded(fn, path: Path) -> Iterator[Article | ReadProblem]:
    try:
        yield from fn()
    except ReadError as exc:
        yield ReadProblem(exc.path, exc.stage, exc.message)


# ---------------------------------------------------------------- manifest

def read_manifest(path: Path) -> dict[str, dict]:
    """file name -> its manifest values (only non-empty ones)."""
    text = decode_bytes(read_bytes(path), str(path))
    rows = list(csv.DictReader(text.splitlines()))
    if not rows or "file" not in rows[0]:
        raise ReadError(str(path), "manifest", "manifest.csv needs a 'file' column")
    out = {}
    for row in rows:
        name = (row.get("file") or "").strip()
        if name:
            out[name] = {k: v.strip() for k, v in row.items()
                         if k in MANIFEST_COLUMNS and k != "file" and v and v.strip()}
    return out


SIDECAR_KEYS = ("published", "title", "source", "url", "lang")


def _sidecar(path: Path) -> dict | None:
    """Metadata from `<stem>.json` beside an article file, when it is not itself an article.

    Many corpora ship `story.txt` with `story.json` holding its date and source;
    such a JSON object without a `text` field describes its sibling.
    """
    side = path.with_suffix(".json")
    if path.suffix.lower() == ".json" or not side.exists():
        return None
    try:
        data = json.loads(decode_bytes(read_bytes(side), str(side)))
    except (ReadError, json.JSONDecodeError, OSError):
        return None
    if not isinstance(data, dict) or "text" in data:
        return None
    return {k: str(data[k]) for k in SIDECAR_KEYS if data.get(k) not in (None, "")}


def _is_sidecar(path: Path) -> bool:
    if path.suffix.lower() != ".json":
        return False
    return any(path.with_suffix(ext).exists() for ext in (".txt", ".text", ".html", ".htm"))


def _apply_manifest(article: Article, values: dict) -> None:
    """Manifest and sidecar values win over what the file said (unreadable dates were left out)."""
    for key, value in values.items():
        setattr(article, key, read_date(value) if key == "published" else value)


def _metadata(f: Path, manifest_values: dict) -> tuple[dict, list[ReadProblem]]:
    """The sidecar's values under the manifest's, without dates that cannot be read.

    An unreadable manifest date is reported once per manifest (`_manifest_problems`),
    an unreadable sidecar date here; either way the article keeps the date its
    own file gives, if any, instead of losing it to a bad override.
    """
    problems = []
    side = _sidecar(f) or {}
    if side.get("published") and parse_date(side["published"]) is None:
        problems.append(ReadProblem(str(f), "date", f"{f.with_suffix('.json').name}: unreadable publication "
                                    f"date {_shown(side.pop('published'))}: ignored"))
    values = {k: v for k, v in manifest_values.items() if k != "published" or parse_date(v) is not None}
    return {**side, **values}, problems


# ---------------------------------------------------------------- walking

def corpus_files(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[Path, Path | None, Path | None]]:
    """(file, manifest that covers it, corpus folder it was found in) for every readable file.

    The folder is None for a file named on the command line: the user chose it.
    """
    for p in map(Path, paths):
        if p.is_dir():
            for root, dirs, names in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                manifest = Path(root) / MANIFEST_NAME
                for name in sorted(names):
                    f = Path(root) / name
                    if name.startswith(".") or name == MANIFEST_NAME or _is_sidecar(f):
                        continue
                    if f.suffix.lower() in READERS:
                        yield f, manifest if manifest.exists() else None, p
        else:
            manifest = p.parent / MANIFEST_NAME
            yield p, manifest if manifest.exists() else None, None


def leaves_corpus(f: Path, root: Path | None) -> bool:
    """A symbolic link found in a corpus folder that leads outside it (to /etc/passwd, say)."""
    if root is None or not f.is_symlink():
        return False
    try:
        return not f.resolve(strict=True).is_relative_to(root.resolve())
    except (OSError, RuntimeError):   # dangling or looping link
        return True


def _manifest_problems(path: Path, rows: dict[str, dict]) -> list[ReadProblem]:
    """Rows that name a path instead of a file of the manifest's folder, and unreadable dates."""
    out = []
    for name, values in rows.items():
        if Path(name).name != name or name in (".", ".."):
            out.append(ReadProblem(str(path), "manifest",
                                   f"row '{name}' names a path, not a file of this folder: ignored"))
        date = values.get("published")
        if date and parse_date(date) is None:
            out.append(ReadProblem(str(path), "manifest", f"row '{name}': unreadable date '{date}' ignored"))
    return out


def iter_corpus(paths: str | os.PathLike | Iterable[str | os.PathLike],
                roots: dict[str, str | None] | None = None) -> Iterator[Article | ReadProblem]:
    """Articles and problems, one file at a time (constant memory per file).

    `roots` maps files named one by one (a parse task's share of a corpus) to
    the corpus folder they were found in, so that a link still may not leave it.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    manifests: dict[Path, dict] = {}
    seen: set[str] = set()
    for f, manifest, root in corpus_files(paths):
        values: dict = {}
        if manifest is not None:
            if manifest not in manifests:
                try:
                    manifests[manifest] = read_manifest(manifest)
                    yield from _manifest_problems(manifest, manifests[manifest])
                except ReadError as exc:
                    manifests[manifest] = {}
                    yield ReadProblem(exc.path, exc.stage, exc.message)
            values = manifests[manifest].get(f.name, {})
        if root is None and roots and roots.get(str(f)):
            root = Path(roots[str(f)])
        if leaves_corpus(f, root):
            yield ReadProblem(str(f), "read", "symbolic link that leads outside the corpus folder: not read")
            continue
        values, problems = _metadata(f, values)
        yield from problems
        reader = READERS.get(f.suffix.lower())
        if reader is None:
            yield ReadProblem(str(f), "read", f"unsupported file type '{f.suffix}'")
            continue
        if not f.exists():
            yield ReadProblem(str(f), "read", "no such file")
            continue
        try:
            for item in reader(f):
                if isinstance(item, Article):
                    item.path = str(f)
                    _apply_manifest(item, values)
                    item.lang = base_language(item.lang) or detect_language(item.text)
                    if item.article_id in seen:
                        yield ReadProblem(str(f), "read", f"duplicate article_id '{item.article_id}' skipped",
                                          item.article_id)
                        continue
                    seen.add(item.article_id)
                yield item
        except ReadError as exc:
            yield ReadProblem(exc.path, exc.stage, exc.message)
        except Exception as exc:  # a reader bug or a library failure must not stop the corpus
            yield ReadProblem(str(f), "read", f"{type(exc).__name__}: {exc}")


def read_corpus(paths) -> Corpus:
    """Read every article under `paths` (a folder, a file, or a list of them)."""
    corpus = Corpus()
    for item in iter_corpus(paths):
        (corpus.articles if isinstance(item, Article) else corpus.errors).append(item)
    return corpus
