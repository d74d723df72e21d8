"""Extractors: one module per endpoint family, each registered by name in :mod:`registry`.

Importing this package imports every extractor module, which registers it.
"""
from pipeline.extractors import (  # noqa: F401
    adverse_events, cohort_size, hazard_ratio, response_rates, survival, table_rows,
)
from pipeline.extractors.registry import EXTRACTORS, extract_sentence, register  # noqa: F401
