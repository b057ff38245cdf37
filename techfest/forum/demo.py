"""Demo forum for the current edition: a two-day programme in 4 rooms, published.

The opening, Phiên 1 and Phiên 2, discussion panels with Vietnamese and Korean panelists and
moderators (interpreted Vietnamese ↔ Korean), workshops, pitching, training and networking.
Idempotent: rooms, speakers and sessions are looked up by name/title first, and the programme
is published only when no version exists yet.
"""
from __future__ import annotations

import secrets
from datetime import time, timedelta

ROOMS = [
    # name, capacity, floor, hall, equipment, opens, closes
    ("Hội trường chính", 500, "Tầng 1", "Nhà A",
     "Sân khấu, màn hình LED, 2 cabin phiên dịch Việt – Hàn, 8 micro không dây", "07:00", "18:30"),
    ("Phòng hội thảo 201", 120, "Tầng 2", "Nhà A", "Máy chiếu, 4 micro, cabin phiên dịch", "07:30", "17:30"),
    ("Phòng hội thảo 202", 80, "Tầng 2", "Nhà A", "Máy chiếu, bảng trắng, bàn làm việc nhóm", "07:30", "17:30"),
    ("Sân khấu Khởi nghiệp", 200, "Khu triển lãm", "Nhà B", "Sân khấu ngoài trời có mái che, màn hình LED, âm thanh",
     "08:00", "21:00"),
]

SPEAKERS = [
    # key, name, title, organisation, country, e-mail, confirmed, bio_vi, bio_en
    ("minh", "Trần Quang Minh", "Phó Chủ tịch", "Ủy ban nhân dân thành phố Hải Phòng", "VN", None, True,
     "Phụ trách khối khoa học, công nghệ và đổi mới sáng tạo của thành phố.",
     "In charge of science, technology and innovation for the city."),
    ("ha", "Nguyễn Thị Thu Hà", "Trưởng phòng Quản lý khoa học", "Sở Khoa học và Công nghệ Hải Phòng", "VN",
     "organizer@techfest.example", True,
     "Hơn 15 năm kinh nghiệm quản lý chương trình khởi nghiệp đổi mới sáng tạo cấp thành phố.",
     "15 years managing the city's innovative start-up programmes."),
    ("hung", "Phạm Văn Hùng", "Giám đốc", "Trung tâm Hỗ trợ khởi nghiệp đổi mới sáng tạo Hải Phòng", "VN",
     "hung.pv@hpstartup.example.vn", True,
     "Điều hành vườn ươm đã hỗ trợ hơn 120 dự án khởi nghiệp của thành phố.",
     "Runs the incubator that has supported over 120 of the city's start-ups."),
    ("maianh", "Lê Thị Mai Anh", "Giám đốc điều hành", "Quỹ Đầu tư Khởi nghiệp Sáng tạo Bắc Bộ", "VN",
     "maianh@quy-khoinghiep.example.vn", True,
     "Nhà đầu tư giai đoạn hạt giống, chuyên về công nghệ logistics và công nghiệp chế tạo.",
     "Seed-stage investor focusing on logistics technology and manufacturing."),
    ("tuan", "Đỗ Minh Tuấn", "Phó Giám đốc", "Sở Khoa học và Công nghệ Quảng Ninh", "VN",
     "tuan.dm@quangninh.example.vn", True, "Phụ trách hệ sinh thái khởi nghiệp tỉnh Quảng Ninh.", ""),
    ("nam", "Hoàng Văn Nam", "Phó Giám đốc", "Sở Khoa học và Công nghệ Thái Bình", "VN",
     "nam.hv@thaibinh.example.vn", True, "", ""),
    ("lan", "PGS.TS. Vũ Thị Lan", "Trưởng khoa Kinh tế vận tải biển", "Trường Đại học Hàng hải Việt Nam", "VN",
     "lan.vt@vimaru.example.edu.vn", True,
     "Nghiên cứu về cảng thông minh và chuỗi cung ứng xanh.", "Researches smart ports and green supply chains."),
    ("thang", "Ngô Đức Thắng", "Nhà sáng lập", "Công ty CP Công nghệ Cảng thông minh HP", "VN",
     "thang@smartport-hp.example.vn", True, "Startup phát triển nền tảng điều phối xe container.", ""),
    ("nhung", "Luật sư Bùi Thị Hồng Nhung", "Chuyên gia sở hữu trí tuệ", "Văn phòng Luật Hồng Nhung", "VN",
     "nhung@luat-hongnhung.example.vn", True, "Tư vấn đăng ký sáng chế và nhãn hiệu cho doanh nghiệp nhỏ.", ""),
    ("mai", "Hoàng Thị Mai", "Phiên dịch viên tiếng Hàn", "Trung tâm Ngôn ngữ Hàn Quốc Hải Phòng", "VN",
     "mai.ht@hanngu.example.vn", True, "", ""),
    ("minjun", "Kim Min-jun (김민준)", "Giám đốc", "Trung tâm Kinh tế Sáng tạo Busan", "KR",
     "minjun.kim@busan-cei.example.kr", True,
     "Điều hành trung tâm hỗ trợ khởi nghiệp của thành phố Busan, đối tác của Hải Phòng từ năm 2019.",
     "Heads Busan's start-up support centre, a partner of Hải Phòng since 2019."),
    ("seoyeon", "Lee Seo-yeon (이서연)", "Chuyên gia đầu tư", "Quỹ Khởi nghiệp Incheon", "KR",
     "seoyeon.lee@incheon-fund.example.kr", False, "", "Venture investor in port logistics and mobility."),
    ("jihoon", "Park Ji-hoon (박지훈)", "Trưởng phòng Hợp tác quốc tế", "Thành phố Changwon", "KR",
     "jihoon.park@changwon.example.kr", True, "Phụ trách quan hệ hợp tác với các địa phương Việt Nam.",
     "In charge of relations with Vietnamese provinces."),
    ("yuna", "Choi Yu-na (최유나)", "Giám đốc", "Smart Port Solutions (Busan)", "KR", "yuna.choi@sps.example.kr",
     False, "", "Founder of a Busan port-automation company."),
]

# day (0 = first day), start, end, room index or None, type, track, title_vi, title_en, expected,
# languages, interpretation, people [(key, role)], description
SESSIONS = [
    (0, "08:00", "09:00", 0, "opening", "", "Khai mạc Techfest Hải Phòng {year}",
     "Opening of Techfest Hải Phòng {year}", 450, ["vi"], "vi↔ko, vi↔en", [("minh", "speaker")],
     "Phát biểu khai mạc của lãnh đạo thành phố, giới thiệu các hoạt động của Techfest năm nay."),
    (0, "09:15", "09:45", 0, "keynote", "Hợp tác quốc tế",
     "Hệ sinh thái khởi nghiệp Busan: bài học cho các thành phố cảng",
     "The Busan start-up ecosystem: lessons for port cities", 400, ["ko"], "vi↔ko", [("minjun", "keynote"),
                                                                                      ("mai", "interpreter")],
     "Kinh nghiệm mười năm xây dựng trung tâm kinh tế sáng tạo của thành phố Busan."),
    (0, "09:45", "11:45", 0, "forum_session", "Hệ sinh thái khởi nghiệp",
     "Phiên 1: Khai thác thế mạnh đặc thù phát triển hệ sinh thái khởi nghiệp sáng tạo địa phương",
     "Session 1: Building on local strengths to develop the innovative start-up ecosystem", 400, ["vi", "ko"],
     "vi↔ko", [("ha", "moderator"), ("tuan", "panelist"), ("nam", "panelist"), ("minjun", "panelist"),
               ("lan", "panelist"), ("mai", "interpreter")],
     "Các địa phương chia sẻ cách dựa vào thế mạnh riêng – cảng biển, công nghiệp chế tạo, du lịch, nông "
     "nghiệp – để xây dựng hệ sinh thái khởi nghiệp đổi mới sáng tạo."),
    (0, "13:30", "15:00", 1, "panel", "Hợp tác quốc tế",
     "Tọa đàm: Hợp tác đổi mới sáng tạo Việt Nam – Hàn Quốc giữa các thành phố cảng",
     "Panel: Vietnam – Korea innovation cooperation between port cities", 110, ["vi", "ko"], "vi↔ko",
     [("jihoon", "moderator"), ("hung", "panelist"), ("yuna", "panelist"), ("thang", "panelist"),
      ("mai", "interpreter")],
     "Kết nối vườn ươm, doanh nghiệp và chính quyền Hải Phòng với các đối tác Busan, Changwon, Incheon."),
    (0, "13:30", "16:30", 2, "workshop", "Đầu tư và gọi vốn", "Hội thảo chuyên đề: Gọi vốn cho startup giai đoạn đầu",
     "Workshop: raising early-stage funding", 70, ["vi", "en"], "vi↔en",
     [("maianh", "speaker"), ("seoyeon", "speaker")],
     "Chuẩn bị hồ sơ, định giá, đàm phán điều khoản đầu tư; thực hành theo nhóm."),
    (0, "15:30", "17:30", 3, "pitching", "Đầu tư và gọi vốn",
     "Vòng chung kết Cuộc thi Khởi nghiệp đổi mới sáng tạo Hải Phòng {year}",
     "Final of the Hải Phòng innovative start-up competition {year}", 180, ["vi"], "",
     [("hung", "moderator"), ("yuna", "panelist"), ("lan", "panelist")],
     "10 dự án xuất sắc nhất trình bày trước hội đồng giám khảo và nhà đầu tư."),
    (0, "17:45", "19:30", 3, "networking", "Hợp tác quốc tế", "Giao lưu kết nối doanh nghiệp Việt Nam – Hàn Quốc",
     "Vietnam – Korea business networking", 150, ["vi", "ko", "en"], "vi↔ko", [("mai", "interpreter")],
     "Gặp gỡ tự do giữa doanh nghiệp, nhà đầu tư và đoàn đối tác Hàn Quốc."),
    (1, "08:30", "11:00", 0, "forum_session", "Hệ sinh thái khởi nghiệp",
     "Phiên 2: Liên kết, khơi thông nguồn lực và phát triển hệ thống trung tâm hỗ trợ khởi nghiệp sáng tạo địa phương",
     "Session 2: Linking and unlocking resources, developing local start-up support centres", 380, ["vi", "ko"],
     "vi↔ko", [("hung", "moderator"), ("maianh", "panelist"), ("seoyeon", "panelist"), ("jihoon", "panelist"),
               ("tuan", "panelist"), ("mai", "interpreter")],
     "Mô hình trung tâm hỗ trợ khởi nghiệp, liên kết vùng và huy động nguồn lực xã hội cho đổi mới sáng tạo."),
    (1, "09:00", "11:00", 2, "workshop", "Đầu tư và gọi vốn", "Hội thảo chuyên đề: Sở hữu trí tuệ cho sản phẩm đổi mới sáng tạo",
     "Workshop: intellectual property for innovative products", 60, ["vi"], "", [("nhung", "speaker")],
     "Đăng ký sáng chế, kiểu dáng công nghiệp và nhãn hiệu: thủ tục, chi phí, thời gian."),
    (1, "13:30", "15:00", 1, "panel", "Chuyển đổi số", "Tọa đàm: Chuyển đổi số trong logistics cảng biển",
     "Panel: digital transformation of port logistics", 100, ["vi", "ko"], "vi↔ko",
     [("lan", "moderator"), ("thang", "panelist"), ("yuna", "panelist"), ("minjun", "panelist"),
      ("mai", "interpreter")],
     "Cảng thông minh, điều phối xe container, dữ liệu mở cho chuỗi cung ứng."),
    (1, "13:30", "15:30", 2, "panel", "Đầu tư và gọi vốn",
     "Tọa đàm: Kết nối vườn ươm, quỹ đầu tư và doanh nghiệp lớn",
     "Panel: connecting incubators, investment funds and large companies", 75, ["vi", "en"], "vi↔en",
     [("seoyeon", "moderator"), ("maianh", "panelist"), ("hung", "panelist"), ("ha", "panelist")],
     "Doanh nghiệp lớn đặt bài toán, startup giải quyết, quỹ đầu tư đồng hành."),
    (1, "15:45", "17:00", 3, "training", "Đầu tư và gọi vốn", "Đào tạo: Kỹ năng thuyết trình gọi vốn (pitch deck)",
     "Training: pitching to investors", 120, ["vi"], "", [("maianh", "speaker")],
     "Cấu trúc một bài pitch 5 phút, lỗi thường gặp, thực hành có góp ý."),
]


def load(editions: dict) -> None:
    from sqlalchemy import select

    from techfest.accounts.services import get_user_by_email
    from techfest.core.db import db, utcnow
    from techfest.core.search import fold

    from . import services
    from .models import Room, Session, Speaker, SpeakerStatus

    edition = editions["current"]
    organizer = get_user_by_email("organizer@techfest.example")

    rooms = []
    for name, capacity, floor, hall, equipment, opens, closes in ROOMS:
        room = db.session.scalar(select(Room).where(Room.edition_id == edition.id, Room.name_folded == fold(name)))
        if room is None:
            room = services.create_room(organizer, edition, {
                "name": name, "capacity": capacity, "floor": floor, "hall": hall, "equipment": equipment,
                "hours": {"*": [[opens, closes]]}})
        rooms.append(room)

    speakers = {}
    for key, name, title, org, country, email, confirmed, bio_vi, bio_en in SPEAKERS:
        speaker = db.session.scalar(select(Speaker).where(Speaker.edition_id == edition.id,
                                                          Speaker.name_folded == fold(name)))
        if speaker is None:
            speaker = services.create_speaker(organizer, edition, {
                "name": name, "title": title, "organisation": org, "country": country, "email": email,
                "bio_vi": bio_vi, "bio_en": bio_en})
            speaker.status = SpeakerStatus.CONFIRMED if confirmed else SpeakerStatus.INVITED
            speaker.invited_at = utcnow()
            speaker.invitation_nonce = secrets.token_hex(16)
            if confirmed:
                speaker.responded_at = utcnow()
            db.session.commit()
        speakers[key] = speaker

    year = edition.start_date.year
    for (day, start, end, room_index, kind, track, title_vi, title_en, expected, languages, interpretation,
         people, description) in SESSIONS:
        title_vi, title_en = title_vi.format(year=year), title_en.format(year=year)
        exists = db.session.scalar(select(Session.id).where(Session.edition_id == edition.id,
                                                            Session.title_vi == title_vi))
        if exists is not None:
            continue
        d = edition.start_date + timedelta(days=day)
        services.create_session(organizer, edition, {
            "title_vi": title_vi, "title_en": title_en, "type": kind, "track": track,
            "room_id": rooms[room_index].id if room_index is not None else None,
            "start": services.local_datetime(edition, d, time.fromisoformat(start)),
            "end": services.local_datetime(edition, d, time.fromisoformat(end)),
            "expected_attendance": expected, "languages": languages, "interpretation": interpretation,
            "description_vi": description,
            "participants": [{"speaker": speakers[k].code, "role": role} for k, role in people]})

    if services.latest_version(edition) is None:
        services.publish_schedule(organizer, edition, "Chương trình diễn đàn chính thức.")
