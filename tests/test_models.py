"""Records survive the reading pool's pickling unchanged (enums come back as the same members)."""
import pickle

from dvht_batch.models import FileKind, FileRecord, FileStatus, Finding, Member, PlanStatus, Severity, Title


def test_enums_and_records_round_trip_through_pickle(tmp_path):
    for member in [*Title, *PlanStatus, *Severity, *FileKind, *FileStatus]:
        assert pickle.loads(pickle.dumps(member)) is member
    record = FileRecord(path="phong/VP.xlsx", source=tmp_path / "VP.xlsx", kind=FileKind.DEPARTMENT,
                        findings=[Finding(file="phong/VP.xlsx", message="…", severity=Severity.WARNING)],
                        members=[Member("VP", 2, "Nguyễn Văn A",
                                        {"ke_hoach_tu_hoc": PlanStatus.APPROVED, "danh_hieu_thi_dua": Title.LDTT})])
    back = pickle.loads(pickle.dumps(record))
    assert back == record and back.members[0].answers["danh_hieu_thi_dua"] is Title.LDTT
    assert back.warnings and not back.errors


def test_a_member_with_every_field_set_round_trips_through_pickle():
    member = Member("VP", 7, "Trần Thị B", {"tuan_thu_ky_luat": False, "nl1": True}, birth_year=1980, gender="Nữ",
                    position="Chuyên viên", excluded_reason="Nghỉ thai sản", note="ghi chú")
    back = pickle.loads(pickle.dumps(member))
    assert back == member and vars(back) == vars(member) and back.answers is not member.answers
    assert [vars(m) for m in pickle.loads(pickle.dumps([member, member]))] == [vars(member)] * 2

