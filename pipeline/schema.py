"""Column schemas of the output tables (../shared/CONTRACT.md, v2). The only place they are listed."""

RESULTS_COLUMNS: tuple[str, ...] = (
    "doc_id", "study", "arm", "subgroup", "endpoint", "outcome", "value", "unit",
    "ci_low", "ci_high", "ci_level", "p_value", "numerator", "denominator",
    "not_reached", "raw", "drugs", "tumor", "sentence", "start", "end", "page",
    "mentions", "conflict", "extractor",
)
#: Columns contract v2 appends; a v1 table is read with them empty.
RESULTS_V2_COLUMNS: tuple[str, ...] = ("source", "section", "attribution", "review")
RESULTS_COLUMNS = RESULTS_COLUMNS + RESULTS_V2_COLUMNS

ENDPOINTS: tuple[str, ...] = ("n", "orr", "dcr", "pfs_median", "os_median", "hr", "trae_grade3")

UNITS: dict[str, str] = {
    "n": "patients", "orr": "%", "dcr": "%", "trae_grade3": "%",
    "pfs_median": "months", "os_median": "months", "hr": "ratio",
}

#: Values an endpoint can take (closed interval); anything outside is a misread number, never a fact.
VALUE_RANGES: dict[str, tuple[float, float]] = {
    "n": (1, 10_000_000), "orr": (0, 100), "dcr": (0, 100), "trae_grade3": (0, 100),
    "pfs_median": (0, 1200), "os_median": (0, 1200), "hr": (0.0001, 1000),
}

#: Key of a distinct fact: one row per key in results.csv (conflicting values aside).
FACT_KEY: tuple[str, ...] = ("doc_id", "study", "arm", "subgroup", "endpoint", "outcome")

STUDIES_KEY: tuple[str, ...] = ("doc_id", "study", "arm", "subgroup")

ERRORS_COLUMNS: tuple[str, ...] = ("doc_id", "source", "kind", "reason")

#: The run manifest: one row per input file found, read or not.
DOCUMENTS_COLUMNS: tuple[str, ...] = ("doc_id", "source", "format", "status", "pages", "chars", "facts", "seconds",
                                      "message")
