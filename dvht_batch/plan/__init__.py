"""The KẾ HOẠCH as data: the plan file ke_hoach.toml, its values, model and timeline (docs/ke-hoach.md)."""
