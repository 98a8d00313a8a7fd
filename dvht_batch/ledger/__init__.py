"""The history ledger OUT/dvht.sqlite and the archive of inputs: runs, trends, recognitions, rosters for prefill."""
