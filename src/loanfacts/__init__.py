"""loanfacts: look up published figures on bank lending, with their provenance and precision."""

__version__ = "1.0.0"
