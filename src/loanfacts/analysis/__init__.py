"""What the facts imply and what a careful reader would notice: bounds, units, links,
the derivation registry and its runner, the audit with its evidence and plausibility rules,
comparisons and the provenance card."""
