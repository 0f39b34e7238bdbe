"""Extraction: articles in, events, casualty counts, places, actors and statements out.

A pipeline of named components over one document (see pipeline.py):

    normalise -> dateline -> sentences -> quotes -> statements -> places -> dates
              -> quantities -> actors -> casualties -> events

then rows.py turns the finished `Doc` into frame rows, and batch.py runs a
stream of articles into `Frames`. Language knowledge lives in
data/lang/<code>/<component>.yaml. Names are imported on first use, so that
`wirebrief.extract.actors` can be read without loading every component.
"""
from importlib import import_module

_LAZY = {"Doc": "doc", "Pipeline": "pipeline", "extract_article": "batch", "extract_rows": "batch",
         "frames_of": "batch", "parse": "batch", "parse_text": "batch", "frame_rows": "rows"}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'wirebrief.extract' has no attribute {name!r}")
