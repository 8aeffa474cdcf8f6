"""Reports in: draft records from a report's figures (extract), the proof that none is missing
(coverage), and reviewed drafts into a collection (merge)."""
