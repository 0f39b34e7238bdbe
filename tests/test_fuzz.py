"""The extractors never raise, whatever the text: property-based tests over generated texts.

10,000 texts built from wire-story pieces (numbers in digits and words, places,
dates, quotes, datelines, punctuation) mixed with arbitrary Unicode, plus
arbitrary bytes through the decoder. Examples are derandomised so that CI runs
the same ones every time; a failure prints the text that broke.
"""
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wirebrief.corpus import Article, decode_bytes
from wirebrief.errors import ReadError
from wirebrief.extract import extract_article
from wirebrief.schema import CASUALTIES, EVENTS, LOCATIONS

PIECES = [
    "Au moins", "12", "1 500", "deux", "des dizaines de", "300 000", "dont", "trois enfants", "civils",
    "ont été tués", "blessés", "killed", "wounded", "at least", "dozens of", "including", "two children",
    "à Alep", "in Aleppo", "Homs", "Deir ez-Zor", "Mossoul", "province d'Idleb", "Damas", "Syrie", "Iraq",
    "mardi", "on Tuesday", "le 3 mai 2015", "September 12, 2016", "hier", "depuis 2011", "la veille",
    "«", "»", "“", "”", '"', "a déclaré", "said", "John Kerry", "l'OSDH", "selon", "according to",
    "BEYROUTH (AFP) -", "MOSUL, Iraq (Reuters) -", ".", ",", ";", ":", "(", ")", "\n\n", "\n", "-", "—",
    "M.", "U.S.", "St.", "bombardements", "frappes aériennes", "cessez-le-feu", "réunion", "talks",
    "ont fui", "displaced", "missing", "disparus", "entre 10 et 20", "between 10 and 20", "quelque",
    "0", "-5", "99999999999999999999", "1e9", "½", "٣", "Ⅻ", "\u00a0", "\u202f", "\u200b", "\ufeff",
]
piece = st.sampled_from(PIECES)
noise = st.text(max_size=12)
texts = st.lists(st.one_of(piece, piece, piece, noise), max_size=40).map(" ".join)
published = st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))

FUZZ = settings(max_examples=10_000, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(text=texts, lang=st.sampled_from(["fr", "en", None, "de"]), when=published)
def test_extractors_never_raise(text, lang, when):
    events, casualties, locations, actors = extract_article(
        Article(article_id="fuzz", text=text, lang=lang, published=when))
    # and what they return fits the frames
    EVENTS.frame(events)
    CASUALTIES.frame(casualties)
    LOCATIONS.frame(locations)
    for row in casualties:
        assert 0 <= row["start"] <= row["end"] <= len(text)
        values = [v for v in (row["low"], row["best"], row["high"]) if v is not None]
        assert values == sorted(values) or row["best"] is None


@settings(max_examples=2_000, deadline=None, derandomize=True, database=None)
@given(data=st.binary(max_size=4096))
def test_decoding_any_bytes_gives_text_or_a_clear_error(data):
    try:
        text = decode_bytes(data, "fuzz.txt")
    except ReadError as exc:
        assert exc.stage == "decode" and exc.message
    else:
        assert isinstance(text, str)
