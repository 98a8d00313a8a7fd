"""The other end of the yearly dossier: the Sở Giáo dục và Đào tạo's specialist receives every unit's
dossier (TT 24/2023, Điều 16), appraises it (Điều 18.1) and prepares the decision the Chủ tịch Ủy ban
nhân dân tỉnh signs (Điều 11.1). Commands `dvht tinh …`; documented in docs/tinh.md.

Modules: `config` (tinh.toml), `table` (reading a unit's summary table, ours or the province template),
`intake` (a folder of dossiers), `register` (tinh.sqlite), `checks` (what the tool checks before any
human; `overall` reads the table's "Kết quả chung" for them), `appraisal` (the appraisal workbook),
`outcome` (who is recognised, who is not and why),
`documents`/`decision`/`letters` (the Word documents), `portal` (workbooks for the portal and renewals).
"""
