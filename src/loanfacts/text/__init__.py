"""Text as every path reads it: the one word cutter and its normal forms."""
