"""How a person's words find facts: query, full-text search, did-you-mean suggestions, the
hints when nothing matched, and shell completion."""
