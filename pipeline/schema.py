"""Column schemas of the output tables (../shared/CONTRACT.md, v2). The only place they are listed."""
from pipeline.endpoints import REGISTRY, endpoint

RESULTS_COLUMNS: tuple[str, ...] = (
    "doc_id", "study", "arm", "subgroup", "endpoint", "outcome", "value", "unit",
    "ci_low", "ci_high", "ci_level", "p_value", "numerator", "denominator",
    "not_reached", "raw", "drugs", "tumor", "sentence", "start", "end", "page",
    "mentions", "conflict", "extractor",
)
#: Types of the results columns that are not text, for the typed copies (Parquet, .xlsx); empty = missing.
RESULTS_NUMBERS: tuple[str, ...] = ("value", "ci_low", "ci_high", "ci_level", "numerator", "denominator",
                                    "start", "end", "page", "mentions")
RESULTS_FLAGS: tuple[str, ...] = ("not_reached", "conflict", "review")
#: Columns contract v2 appends; a v1 table is read with them empty.
RESULTS_V2_COLUMNS: tuple[str, ...] = ("source", "section", "attribution", "review")
#: What review made of a fact (pipeline.types.FactStatus), after the contract's columns; a table
#: written before it existed is read as ``extracted``.
RESULTS_REVIEW_COLUMNS: tuple[str, ...] = ("status",)
RESULTS_COLUMNS = RESULTS_COLUMNS + RESULTS_V2_COLUMNS + RESULTS_REVIEW_COLUMNS

#: Endpoint names in table order, units and value ranges: from the one endpoint registry (pipeline.endpoints).
ENDPOINTS: tuple[str, ...] = tuple(e.name for e in REGISTRY)
UNITS: dict[str, str] = {e.name: e.unit for e in REGISTRY}
VALUE_RANGES: dict[str, tuple[float, float]] = {e.name: e.value_range for e in REGISTRY}

#: Key of a distinct fact: one row per key in results.csv (conflicting values aside).
FACT_KEY: tuple[str, ...] = ("doc_id", "study", "arm", "subgroup", "endpoint", "outcome")

STUDIES_KEY: tuple[str, ...] = ("doc_id", "study", "arm", "subgroup")
HR_OUTCOMES: tuple[str, ...] = endpoint("hr").outcomes
#: The value columns of studies.csv, one per endpoint (per outcome for hr); each but n has its CI beside it.
STUDIES_VALUES: tuple[str, ...] = tuple(
    c for e in ENDPOINTS for c in ((f"hr_{o}" for o in HR_OUTCOMES) if e == "hr" else (e,))
)
#: studies.csv: one value per cell. ``variant`` numbers the rows of one key when a fact is stated with
#: different values (results.csv flags them ``conflict``): the k-th row holds each column's k-th value.
STUDIES_COLUMNS: tuple[str, ...] = (*STUDIES_KEY, "variant") + tuple(
    c for v in STUDIES_VALUES for c in ((v,) if v == "n" else (v, f"{v}_ci_low", f"{v}_ci_high"))
)

ERRORS_COLUMNS: tuple[str, ...] = ("doc_id", "source", "kind", "reason")

#: The run manifest: one row per input file found, read or not.
DOCUMENTS_COLUMNS: tuple[str, ...] = ("doc_id", "source", "format", "status", "pages", "chars", "facts", "seconds",
                                      "message")

#: meta.csv: one row per hazard ratio (a comparison) or per arm estimate (a rate or a median), in the terms
#: of R's metafor (``escalc``/``rma``: yi, sei, xi/ni) and meta (``metagen``: TE, seTE; ``metaprop``: event, n).
META_COLUMNS: tuple[str, ...] = (
    "study_label", "doc_id", "study", "arm", "comparator", "subgroup", "endpoint", "outcome", "measure",
    "yi", "sei", "ci_level", "value", "ci_low", "ci_high", "p_value", "events", "total", "events_from",
    "not_reached", "review", "source", "start",
)
