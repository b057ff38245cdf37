"""Demo registrations: about 300 attendees of every type for the live edition.

Idempotent: each person is looked up by e-mail first, settings are written only once. No
e-mail is sent. The names are generated from common Vietnamese family, middle and given names
(with a few Korean partners), deterministically (fixed random seed).
"""
from __future__ import annotations

import random

from techfest.core.search import fold

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
            "Phan", "Võ", "Đinh", "Trịnh", "Lương", "Mai", "Tạ"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Minh", "Ngọc", "Thị Thanh", "Thùy", "Hải", "Phương", "Thị Bích", "Khánh"]
MIDDLE_M = ["Văn", "Minh", "Quốc", "Đức", "Hữu", "Thành", "Xuân", "Hoàng", "Công", "Đình"]
GIVEN_F = ["Hà", "Lan", "Hương", "Trang", "Linh", "Ngọc", "Thảo", "Huyền", "Yến", "Vân", "Nhung", "Hằng", "Mai",
           "Oanh", "Phượng", "Ánh", "Duyên", "Quỳnh", "Thủy", "Hạnh"]
GIVEN_M = ["Đức", "Tuấn", "Hùng", "Dũng", "Long", "Nam", "Quang", "Sơn", "Thắng", "Cường", "Hải", "Khánh",
           "Phúc", "Trung", "Việt", "Bảo", "Hiếu", "Tùng", "Đạt", "Lâm"]
KOREAN = ["김민준", "이서연", "박지훈", "최수빈", "정하은", "강도윤", "조예린", "윤시우", "장서준", "임지아"]
KOREAN_ROMAN = ["kim.minjun", "lee.seoyeon", "park.jihoon", "choi.subin", "jung.haeun", "kang.doyun", "cho.yerin",
                "yoon.siwoo", "jang.seojun", "lim.jia"]
VISITOR_ORGS = ["", "", "", "Trường Đại học Hải Phòng", "Trường Đại học Hàng hải Việt Nam", "Công ty TNHH LG Display Việt Nam Hải Phòng",
                "Cảng Hải Phòng", "Công ty CP Nhựa Thiếu niên Tiền Phong", "Sở Công Thương Hải Phòng",
                "Trường THPT Chuyên Trần Phú", "Công ty CP Tập đoàn Hòa Phát", "Ngân hàng TMCP Công thương Việt Nam",
                "Viện Tài nguyên và Môi trường Biển", "Trường Cao đẳng Công nghệ Bách Nghệ", "Hợp tác xã Nông nghiệp An Lão"]
PRESS_ORGS = ["Báo Hải Phòng", "Đài Phát thanh và Truyền hình Hải Phòng", "Báo An ninh Hải Phòng", "VnExpress",
              "Báo Tuổi Trẻ", "Tạp chí Khoa học và Công nghệ Việt Nam", "Báo Điện tử Chính phủ"]
VIP_ORGS = ["UBND thành phố Hải Phòng", "Bộ Khoa học và Công nghệ", "Sở Khoa học và Công nghệ Hải Phòng",
            "Thành phố Incheon (Hàn Quốc)", "Thành phố Busan (Hàn Quốc)", "Sở Khoa học và Công nghệ Quảng Ninh",
            "Sở Khoa học và Công nghệ Thái Bình"]
SPEAKER_ORGS = ["Trường Đại học Bách khoa Hà Nội", "Incheon Technopark", "Viện Hàn lâm KH&CN Việt Nam",
                "Busan Techno Park", "Quỹ Đổi mới sáng tạo Vingroup", "Trung tâm Hỗ trợ khởi nghiệp Hải Phòng"]
EXHIBITORS = ["Công ty CP Điện tử Hải Phòng", "Công ty TNHH Cơ khí Chính xác Hải Phòng", "Trường Đại học Hàng hải Việt Nam",
              "Công ty CP Công nghệ Biển Xanh", "Startup Nông nghiệp Số An Dương", "Viện Y học biển Việt Nam",
              "Công ty TNHH Robot Đông Hải", "Công ty CP Logistics Đình Vũ", "Ánh Dương Solar JSC",
              "Ươm tạo Ý tưởng Trẻ Hải Phòng", "Đông Á Fintech"]

PRACTICAL_VI = (
    "Địa điểm: Trung tâm Hội chợ Triển lãm Hải Phòng, số 1 đường Hồng Bàng. Có chỗ gửi xe máy và ô tô miễn phí "
    "cho khách tham quan.\n\n"
    "Giờ mở cửa khu triển lãm: 8h00 – 17h30 các ngày. Các phiên diễn đàn diễn ra tại Hội trường A và các phòng "
    "hội thảo tầng 2.\n\n"
    "Thẻ tham dự: vui lòng mang thẻ có mã QR (in hoặc trên điện thoại) khi vào cửa. Khách chưa đăng ký có thể đăng "
    "ký tại quầy lễ tân ở sảnh chính.\n\n"
    "Phiên dịch: các phiên có đối tác Hàn Quốc được phiên dịch Việt – Hàn. Tai nghe nhận tại quầy thông tin.\n\n"
    "Liên hệ Ban tổ chức: quầy thông tin tại sảnh chính, điện thoại 0225 3 123 456.")
PRACTICAL_EN = (
    "Venue: Hai Phong Exhibition and Fair Centre, 1 Hong Bang street. Free motorbike and car parking for visitors.\n\n"
    "The exhibition is open 8:00 – 17:30 every day. Forum sessions take place in Hall A and the seminar rooms on "
    "the second floor.\n\n"
    "Badges: please bring your badge with its QR code (printed or on your phone) to the entrance. Visitors who "
    "have not registered can do so at the reception desk in the main lobby.\n\n"
    "Interpretation: sessions with Korean partners are interpreted Vietnamese – Korean. Headsets are available at "
    "the information desk.\n\n"
    "Organizers: information desk in the main lobby, phone +84 225 3 123 456.")
SPONSORS = ("Công ty CP Cảng Hải Phòng | Nhà tài trợ Vàng\nCông ty TNHH LG Display Việt Nam Hải Phòng | Nhà tài trợ Vàng\n"
            "Ngân hàng TMCP Công thương Việt Nam | Nhà tài trợ Bạc\nTập đoàn Hòa Phát | Nhà tài trợ Bạc\n"
            "Incheon Technopark | Đối tác quốc tế\nBusan Techno Park | Đối tác quốc tế")


def _email(name: str, n: int, domain: str = "example.vn") -> str:
    parts = fold(name).split()
    local = ".".join(parts[-1:] + parts[:1]) if parts else "khach"
    return f"{local}.{n}@{domain}"


def _people(rng: random.Random):
    """(name, email, phone, organisation, type, day indexes or None) for the demo."""
    out = []
    n = 0

    def vi_name() -> str:
        if rng.random() < 0.5:
            return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"

    def phone() -> str:
        return rng.choice(["", f"09{rng.randrange(10**7, 10**8)}", f"03{rng.randrange(10**7, 10**8)}"])

    for _ in range(14):
        n += 1
        name = vi_name()
        out.append((name, _email(name, n, "baochi.example.vn"), phone(), rng.choice(PRESS_ORGS), "press", None))
    for _ in range(16):
        n += 1
        name = vi_name()
        out.append((name, _email(name, n, "gov.example.vn"), "", rng.choice(VIP_ORGS), "vip", None))
    for i, kname in enumerate(KOREAN[6:]):
        n += 1
        out.append((kname, f"{KOREAN_ROMAN[6 + i]}.{n}@example.kr", "", rng.choice(VIP_ORGS[3:5]), "vip", None))
    for _ in range(14):
        n += 1
        name = vi_name()
        out.append((name, _email(name, n, "btc.example.vn"), phone(), "Ban tổ chức Techfest Hải Phòng", "organizer_staff", None))
    for _ in range(205):
        n += 1
        name = vi_name()
        days = sorted(rng.sample(range(3), rng.choice([1, 1, 2, 3])))
        out.append((name, _email(name, n), phone(), rng.choice(VISITOR_ORGS), "visitor", days))
    for i, kname in enumerate(KOREAN[:6]):
        n += 1
        out.append((kname, f"{KOREAN_ROMAN[i]}.{n}@example.kr", "", rng.choice(["Incheon Technopark", "Busan Techno Park"]),
                    "visitor", [0, 1]))
    return out


def load(editions: dict) -> None:
    from sqlalchemy import select

    from techfest.accounts.services import find_or_create_organisation
    from techfest.core.db import db

    from . import services
    from .models import Registration, RegistrationStatus

    edition = editions["current"]
    days = services.edition_days(edition)
    rng = random.Random(2026)

    settings = services.settings_for(edition)
    if settings.capacity is None and not settings.sponsors:
        services.update_settings(None, edition, {
            "capacity": 2000, "day_capacity": {days[-1].isoformat(): 90} if len(days) >= 3 else {},
            "practical_info_vi": PRACTICAL_VI, "practical_info_en": PRACTICAL_EN, "sponsors": SPONSORS})
    db.session.commit()

    def exists(email: str) -> bool:
        return db.session.scalar(select(Registration.id).where(Registration.edition_id == edition.id,
                                                               Registration.email == email)) is not None

    for name, email, phone, org, kind, day_idx in _people(rng):
        if exists(email):
            continue
        chosen = [days[i] for i in day_idx if i < len(days)] if day_idx else None
        services.register(edition, {"name": name, "email": email, "phone": phone, "organisation": org, "type": kind,
                                    "days": chosen or None},
                          source="organizer", notify_attendee=False, lang="en" if email.endswith(".kr") else "vi")

    # Booth staff of exhibitors (3 each for most, within the standard quota).
    for i, org_name in enumerate(EXHIBITORS):
        org = find_or_create_organisation(org_name, "university" if "Trường" in org_name else "company")
        db.session.commit()
        for k in range(3 if i % 4 else 2):
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_M + MIDDLE_F)} {rng.choice(GIVEN_M + GIVEN_F)}"
            email = f"gianhang{i + 1}.nv{k + 1}@exhibitor.example.vn"
            if exists(email):
                continue
            services.register_booth_staff(None, edition, org, {"name": name, "email": email, "phone": "",
                                                               "days": None}, notify_attendee=False)

    # Speakers: confirmed forum speakers if the forum demo made some, else the demo list.
    speakers = []
    try:
        forum = services.domain_services("forum")
        programme = forum.published_programme(edition) if hasattr(forum, "published_programme") else None
        if programme is not None:
            speakers = [(p.name, f"speaker.{p.code.lower()}@example.vn", p.organisation) for p in programme.speakers]
    except Exception:  # noqa: BLE001 - demo data of another domain is optional
        speakers = []
    if not speakers:
        names = ["PGS.TS. Nguyễn Văn Hải", "TS. Trần Thị Mai Phương", "ThS. Lê Quang Huy", "TS. Phạm Đức Thắng",
                 "박지훈 (Park Ji-hoon)", "최수빈 (Choi Su-bin)", "GS. Hoàng Minh Sơn", "TS. Đặng Thu Trang"]
        speakers = [(n, f"dien.gia{i + 1}@example.vn", SPEAKER_ORGS[i % len(SPEAKER_ORGS)]) for i, n in enumerate(names)]
    for name, email, org in speakers[:20]:
        if not exists(email):
            services.ensure_speaker_registration(edition, name, email, org, notify_attendee=False)

    # A few cancellations, so every status shows in the lists.
    if not db.session.scalar(select(Registration.id).where(Registration.edition_id == edition.id,
                                                           Registration.status == RegistrationStatus.CANCELLED).limit(1)):
        for reg in list(db.session.scalars(select(Registration).where(
                Registration.edition_id == edition.id, Registration.type == "visitor",
                Registration.status == RegistrationStatus.ACTIVE).order_by(Registration.id).limit(6))):
            services.cancel_registration(None, reg, notify_attendee=False)
