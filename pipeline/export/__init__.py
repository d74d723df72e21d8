"""Exports for the tools reviewers and meta-analysts use, built from the results table."""
from pipeline.export.meta import meta_frame
from pipeline.export.plots import write_plots
from pipeline.export.workbook import DOCUMENT_NUMBERS, META_NUMBERS, numbers, studies_numbers, write_workbook

__all__ = ["DOCUMENT_NUMBERS", "META_NUMBERS", "meta_frame", "numbers", "studies_numbers", "write_plots",
           "write_workbook"]
