"""dvht_batch: consolidate departments' workbooks and score a "Đơn vị học tập"."""
__version__ = "0.1.0"
