"""`python -m dvht_batch` runs the command line (works where `dvht` is not on PATH)."""
from dvht_batch.cli import main

if __name__ == "__main__":
    main()
