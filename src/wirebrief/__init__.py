"""wirebrief: wire stories in, event/casualty/place frames and briefings out."""
from .corpus import Corpus, read_corpus
from .errors import ReadError, RenderError, SchemaError, WirebriefError
from .frames import Frames, parse
from .render import render

__all__ = ["Corpus", "Frames", "ReadError", "RenderError", "SchemaError", "WirebriefError",
           "parse", "read_corpus", "render"]
__version__ = "0.1.0"
