"""mxlint: an offline linter for MX records in BIND-style zone files."""

__version__ = "0.1.0"
