"""Per-document limits a reader enforces so one bad file cannot stall a run."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class ReadLimits:
    max_bytes: int = 100 * 1024 * 1024  # larger files are refused with a clear reason
    max_chars: int = 20_000_000  # decoded text beyond this is cut, with a warning
    max_pages: int = 500  # PDF pages beyond this are not read, with a warning
    pdf_seconds: float = 60.0  # wall-clock budget for one PDF
