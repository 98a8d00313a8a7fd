"""One zip of a folder's files (the web app's "download everything" and its templates bundle)."""
from __future__ import annotations

import zipfile
from pathlib import Path


def zip_folder(folder: Path, target: Path, arc_root: str) -> Path:
    """Zip every regular file under `folder` as `arc_root/<relative path>`; hidden files, Office lock files
    (`~$…`) and symbolic links are left out (a link could point outside the folder)."""
    folder = Path(folder)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if path.is_symlink() or not path.is_file() or any(p.startswith((".", "~$")) for p in rel.parts):
                continue
            bundle.write(path, f"{arc_root}/{rel.as_posix()}")
    return target


__all__ = ["zip_folder"]
