"""Every test folder imports the shared builders: `from builders import …` (tests/builders.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
