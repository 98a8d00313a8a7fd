"""What the agency configured: dvht.toml, its departments, kinds of unit (docs/hop-dong.md §1)."""
