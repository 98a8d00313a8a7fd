"""Writing OUT/<period>/ safely: one command at a time per output folder, and a period's outputs swapped in whole."""
