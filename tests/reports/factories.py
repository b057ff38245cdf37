"""A small edition whose figures were counted by hand (see ``EXPECTED`` in test_services)."""
from __future__ import annotations

from tests.factories import make_edition, make_org, make_user
from tests.forum.factories import make_room, make_session, make_speaker
from tests.submissions.factories import make_category, make_product


def make_known_edition(extra_products: int = 0, **edition_kw) -> dict:
    """Products:  Cơ khí: A accepted (org1 startup VN, prototype), B confirmed (org1, pilot),
                  C submitted (org2), D rejected (org2);
                  Nông nghiệp: E accepted (org2 company VN, commercial), F accepted (org3 university KR, no stage),
                  G draft (org3).
    → shown = A B E F (4); exhibitors = org1, org2, org3 (3): startup 1, company 1, university 1; VN 2, KR 1.
    Forum: rooms 300 + 120 seats; sessions S1 (room A, keynote, expected 250, Hương + Kim),
    S2 (room B, panel, expected 100, Hương + Lan), S3 (no room, workshop) → 3 sessions,
    speakers 3 (VN 2, KR 1), seats 300 + 120 = 420, expected 350.
    ``extra_products``: more accepted products (for the query-count test)."""
    edition = make_edition(**edition_kw)
    organizer = make_user(role="organizer", edition=edition)
    meca = make_category(edition, "co-khi", "Cơ khí chế tạo", "Mechanical engineering", position=1)
    agri = make_category(edition, "nong-nghiep", "Nông nghiệp công nghệ cao", "High-tech agriculture", position=2)
    org1 = make_org("Công ty Khởi nghiệp Sao Biển", type="startup")
    org2 = make_org("Công ty CP Cơ khí Hải Phòng", type="company")
    org3 = make_org("Đại học Quốc gia Chungnam", type="university", country="KR")
    make_product(edition, org1, "accepted", meca, "Máy cắt laser mini", stage="prototype")
    make_product(edition, org1, "confirmed", meca, "Robot hàn tự động", stage="pilot")
    make_product(edition, org2, "submitted", meca, "Băng tải thông minh")
    make_product(edition, org2, "rejected", meca, "Máy ép thủy lực")
    make_product(edition, org2, "accepted", agri, "Cảm biến độ mặn ao tôm", stage="commercial")
    make_product(edition, org3, "accepted", agri, "Nhà kính IoT", stage=None)
    make_product(edition, org3, "draft", agri, "Phân bón sinh học")
    for i in range(extra_products):
        org = make_org(f"Công ty Thử nghiệm {i} {edition.slug}", type="company")
        make_product(edition, org, "accepted", agri, f"Sản phẩm thêm {i}")
    room_a = make_room(edition, "Hội trường A", capacity=300, actor=organizer)
    room_b = make_room(edition, "Phòng B", capacity=120, actor=organizer)
    huong = make_speaker(edition, "Nguyễn Thị Hương", actor=organizer)
    kim = make_speaker(edition, "Kim Min-jun", country="KR", organisation="KAIST", actor=organizer)
    lan = make_speaker(edition, "Trần Thị Lan", actor=organizer)
    make_session(edition, "Khai mạc", room=room_a, type="keynote", start="09:00", end="10:00",
                 people=[huong, kim], expected_attendance=250, actor=organizer)
    make_session(edition, "Tọa đàm khởi nghiệp", room=room_b, type="panel", start="10:30", end="11:30",
                 people=[huong, lan], expected_attendance=100, actor=organizer)
    make_session(edition, "Hội thảo chuyển đổi số", type="workshop", start="14:00", end="15:00", actor=organizer)
    for i in range(extra_products // 3):
        sp = make_speaker(edition, f"Diễn giả {i}", actor=organizer)
        make_session(edition, f"Phiên thêm {i}", room=room_b, type="panel", day=1, start=f"{8 + i % 9:02d}:00",
                     end=f"{8 + i % 9:02d}:45", people=[sp], actor=organizer) if i < 9 else None
    return {"edition": edition, "organizer": organizer}
