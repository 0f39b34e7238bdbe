"""wirebrief: wire stories in, event/casualty/place frames and briefings out.

Names are imported on first use (PEP 562), so a notebook kernel that needs
only `Frames` and `report` does not pay for papermill, nbconvert or the
extractors at start-up.
"""
from importlib import import_module

from .errors import InputError, ReadError, RenderError, SchemaError, WirebriefError

_LAZY = {"Corpus": "corpus", "read_corpus": "corpus", "Frames": "frames", "parse": "extract", "parse_text": "extract",
         "render": "report.rendering", "report": "report"}

__all__ = ["Corpus", "Frames", "InputError", "ReadError", "RenderError", "SchemaError", "WirebriefError",
           "parse", "parse_text", "read_corpus", "render", "report"]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in _LAZY:
        module = import_module(f".{_LAZY[name]}", __name__)
        value = module if name == "report" else getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'wirebrief' has no attribute {name!r}")
