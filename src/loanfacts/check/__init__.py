"""`check`: figures of a text matched to the facts and the derived figures, with a verdict."""
