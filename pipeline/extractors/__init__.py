"""Extractors: one module per endpoint family, each registered by name in :mod:`registry`.

Importing this package imports every extractor module, which registers it.
"""
from pipeline.extractors import adverse_events, cohort_size, hazard_ratio, response_rates, survival  # noqa: F401
from pipeline.extractors.registry import EXTRACTORS, extract_sentence, register  # noqa: F401
