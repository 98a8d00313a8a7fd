"""Intake: find the input files and read each into a `FileRecord` (docs/hop-dong.md §2–§4).

    paths = discover(input_dir)
    records = read_all(paths, input_dir, config, rule_set, progress=bar.advance)

Every problem in a file becomes a `Finding` (never an exception); statuses are settled later by
`aggregate.settle_statuses`. Modules: discover (files), reading (many inputs: files, mailboxes,
winmail.dat, in one pool), formats (what is read, refused or ignored), safety / zip_checks /
sheet_extent / ods_checks / ole (hostile/broken files, before calamine), workbook (one workbook),
mailbox and tnef (messages and Outlook containers), attribution (the department of a file not read),
info_sheet / members_sheet / criteria_sheet (the three sheets), cells (cell helpers), legacy_fonts
(TCVN3/VNI text converted to Unicode by the cells' fonts, before parsing).
"""
from dvht_batch.intake.discover import discover
from dvht_batch.intake.reading import read_all
from dvht_batch.intake.workbook import read_file

__all__ = ["discover", "read_file", "read_all"]
