"""The nbconvert exporters' old address; they live in `wirebrief.report.exporter`.

nbconvert finds `--to wirebrief_pdf` through the entry point recorded when wirebrief
was installed, and an editable install keeps that record across `git pull`: an
environment installed before the exporters moved still asks for this module.
"""
from .report.exporter import BriefingHTMLExporter, WeasyPDFExporter, html_to_pdf

__all__ = ["BriefingHTMLExporter", "WeasyPDFExporter", "html_to_pdf"]
