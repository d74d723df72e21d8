"""Evidence-table extraction for immune checkpoint inhibitor rechallenge papers."""

__version__ = "0.1.0"
