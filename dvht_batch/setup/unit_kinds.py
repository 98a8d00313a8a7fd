"""Kinds of unit (`[don_vi] loai_hinh` in dvht.toml; `ap_dung_cho` of an indicator in a rule file).

TT 24/2023 asks indicator 1.3 (enough state budget for members' training) of state agencies and
public service units only; for any other unit it is "không áp dụng" — neither met nor failed.
"""
from __future__ import annotations

# key → how documents and messages name it
UNIT_KINDS: dict[str, str] = {
    "co_quan_nha_nuoc": "cơ quan nhà nước",
    "don_vi_su_nghiep_cong_lap": "đơn vị sự nghiệp công lập",
    "khac": "cơ quan, tổ chức khác (tổ chức chính trị - xã hội, hội, doanh nghiệp…)",
}


def kinds_text(keys) -> str:
    """('co_quan_nha_nuoc', 'don_vi_su_nghiep_cong_lap') → 'cơ quan nhà nước, đơn vị sự nghiệp công lập'."""
    return ", ".join(UNIT_KINDS.get(k, k) for k in keys)


def allowed_values() -> str:
    return ", ".join(f"\"{k}\"" for k in UNIT_KINDS)
