"""nbconvert exporters: self-contained HTML without code, and PDF through WeasyPrint.

Registered as the nbconvert exporter `wirebrief_pdf`, so
`jupyter nbconvert --to wirebrief_pdf notebook.ipynb` works too.
"""
from __future__ import annotations

import html as htmllib
import re

from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets import default

from ..config import TEMPLATES_DIR

# Every script: a briefing is a document, read offline and printed; nothing in it runs
# (nbconvert's mermaid loader, for one, imports its library from a CDN when opened).
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.I | re.S)
# the briefing's header (report.header): its language and its <h1>, the briefing's title
_HEADER = re.compile(r'<header class="briefing" lang="([A-Za-z]{2,3}(?:-[\w]+)?)"[^>]*>\s*<h1>(.*?)</h1>', re.S)


def _briefing_header(nb) -> tuple[str, str] | None:
    """The language and (unescaped) title of the briefing the executed notebook displays."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            m = _HEADER.search(str(out.get("data", {}).get("text/html", "")))
            if m:
                return m.group(1), htmllib.unescape(re.sub(r"<[^>]+>", "", m.group(2))).strip()
    return None


class BriefingHTMLExporter(HTMLExporter):
    """HTML with inputs hidden, images embedded and no script at all; the page's <title> and
    lang are the briefing's, so a browser, a screen reader and the PDF metadata know them."""

    export_from_notebook = "Briefing HTML"

    @default("template_name")
    def _template_name_default(self):
        return "wirebrief"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self):
        return [str(TEMPLATES_DIR)]

    def __init__(self, **kw):
        super().__init__(**kw)
        self.exclude_input = True
        self.exclude_input_prompt = True
        self.exclude_output_prompt = True
        self.embed_images = True
        # notes for the analysts who edit the notebook stay out of the briefing
        self.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"remove-in-report"}, enabled=True),
                                   enabled=True)

    def from_notebook_node(self, nb, resources=None, **kw):
        found = _briefing_header(nb)
        if found:   # a notebook that shows no briefing header keeps nbconvert's defaults
            nb = nb.copy()
            nb.metadata = nb.metadata.copy()
            self.language_code, nb.metadata["title"] = found
        html, resources = super().from_notebook_node(nb, resources, **kw)
        return _SCRIPT.sub("", html), resources


class WeasyPDFExporter(BriefingHTMLExporter):
    """A4 PDF with running header and 'page X / Y', made by WeasyPrint from the briefing HTML.

    The PDF is printed from the HTML template, so the template is still looked up
    as `index.html.j2` (nbconvert would otherwise derive `index.pdf.j2` from the
    file extension) and the `wirebrief` template declares `application/pdf` among
    its mimetypes, which nbconvert checks against `output_mimetype`.
    """

    export_from_notebook = "Briefing PDF (WeasyPrint)"
    output_mimetype = "application/pdf"

    @default("file_extension")
    def _file_extension_default(self):
        return ".pdf"

    @default("template_extension")
    def _template_extension_default(self):
        return ".html.j2"

    def from_notebook_node(self, nb, resources=None, **kw):
        html, resources = super().from_notebook_node(nb, resources, **kw)
        return html_to_pdf(html), resources


# JupyterLab's theme stylesheets (some 250 KB) style the screen, not the page: the
# briefing's own print styles cover what it shows. Matching them against every
# element was a third of the PDF time, and their spacing cost two pages.
_LAB_THEME = re.compile(r"<style[^>]*>\s*/\*-{20,}\s*\|\s*Copyright \(c\) Jupyter Development Team.*?</style>",
                        re.S)


def html_to_pdf(html: str) -> bytes:
    """The PDF of a briefing page: A4, print styles only (the JupyterLab theme is left out)."""
    from weasyprint import HTML
    return HTML(string=_LAB_THEME.sub("", html), base_url=".").write_pdf()
