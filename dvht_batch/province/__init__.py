"""The other end of the yearly dossier: the Sở Giáo dục và Đào tạo's specialist receives every unit's
dossier (TT 24/2023, Điều 16), appraises it (Điều 18.1) and prepares the decision the Chủ tịch Ủy ban
nhân dân tỉnh signs (Điều 11.1). Commands `dvht tinh …`; documented in docs/tinh.md.

Modules: `service` (what each command does), `config` (tinh.toml), `table` (reading a unit's summary table,
ours or the province template; `template` writes the province's own), `intake` (a folder of dossiers; `mail_in`
for those saved as .eml, `documents_in` for the Word request and report), `register` (tinh.sqlite), `checks`
(what the tool checks before any human; `overall` reads the table's "Kết quả chung" for them), `appraisal` (the
appraisal workbook), `year` (a year's work over the register: who is recognised, who is not and why),
`outputs` (the year's folder), `report` (the Sở's report and the letters to units not recognised) and
`decision` (the request and the draft decision), sharing `doc_common`; `renewals` (recognitions running out).
"""
