"""The command line: a thin click layer over the library. `app` holds the `dvht` group and `main`; each
command is a module of its own (csvkit-style), registered on the group when imported here; `common`
holds what they share; `usage` says click's usage errors in Vietnamese; `console*` print.
"""
from dvht_batch.cli import (  # noqa: F401  (each module registers its command on the group)
    run,
    ke_hoach,
    ho_so,
    templates,
    lich_su,
    nhan_thu,
    kiem_tra_tieu_chi,
    giao_dien,
    cong_nhan,
    tinh,
    gui_thu,
)
from dvht_batch.cli.app import cli, main

__all__ = ["cli", "main"]
