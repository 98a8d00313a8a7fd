"""Writers: turn a `RunResult` (or a rejected `FileRecord`) into files — JSON, Excel, Word.

Writers only read the data model; they never re-read or modify the input files. Every file is
written through `dvht_batch.writers.atomic.atomic_write` (temp file in the same folder, then replace).
"""
