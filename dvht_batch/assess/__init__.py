"""From records to results: newest-wins selection, aggregation, believable dates, scoring, the dossier's request (pure functions)."""
