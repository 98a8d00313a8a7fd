"""Writers: turn a `RunResult` (or a rejected `FileRecord`) into files — JSON, Excel, Word.

Writers only read the data model; they never re-read or modify the input files. Every file is
written through `dvht_batch.writers.atomic.atomic_write` (temp file in the same folder, then replace).
"""

# The custom document property that carries the run identifier (`RunResult.run_id`, also in
# ket_qua.json) in every .docx and .xlsx a run writes: files of one run carry the same value.
RUN_ID_PROPERTY = "dvht_run_id"
