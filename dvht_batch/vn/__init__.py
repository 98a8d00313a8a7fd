"""Vietnamese text: normalisation, folding, collation, legacy encodings, dates and numbers."""
