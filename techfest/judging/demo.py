"""Demo judging: a finished round in the current edition.

"Sản phẩm công nghệ tiêu biểu" covers every category: 8 judges (one Korean partner) with
their expertise and a declared conflict of interest, judges assigned by the engine (3 per
product), every accepted and confirmed product scored by its judges (judges with their own
leniency and spread, so the normalized ranking has something to correct), scoring closed,
medals and two special prizes decided, results published.

Everything goes through the judging services (assignment, sheets, transitions, awards), so the
audit log reads like a real round. Idempotent: judges are looked up by e-mail and the round by
its slug; an existing round is left alone.
"""
from __future__ import annotations

import hashlib
import logging
import random

logger = logging.getLogger(__name__)

ROUND_SLUG = "san-pham-cong-nghe-tieu-bieu"
ROUND = {
    "name": "Sản phẩm công nghệ tiêu biểu",
    "name_en": "Outstanding technology products",
    "slug": ROUND_SLUG,
    "description": ("Hội đồng giám khảo gồm các nhà khoa học, chuyên gia và đối tác quốc tế trực tiếp chấm điểm "
                    "sản phẩm tại gian hàng theo bốn tiêu chí: tính đổi mới sáng tạo, tính khả thi, hiệu quả và "
                    "tác động, trình bày và trưng bày.\n"
                    "Mỗi lĩnh vực trao một giải Vàng, một giải Bạc và một giải Đồng; Ban Tổ chức trao thêm các "
                    "giải đặc biệt."),
    "judges_per_product": 3,
    "podium": 3,
    "method": "normalized",
}

# e-mail, name, organisation (name, type, country, website), expertise (category slugs),
# declared conflicts (organisation names), leniency, spread
JUDGES = [
    ("judge@techfest.example", "PGS.TS. Lê Minh Đức",
     ("Trường Đại học Hàng hải Việt Nam", "university", "VN", "https://vimaru.edu.vn"),
     ("dich-vu-logistics", "co-khi-che-tao"), (), 0.3, 1.0),
    ("huong.nt@techfest.example", "TS. Nguyễn Thị Thanh Hương",
     ("Sở Khoa học và Công nghệ Hải Phòng", "public_agency", "VN", "https://dost.haiphong.gov.vn"),
     ("chuyen-doi-so", "cong-nghiep-dien-tu"), ("Trung tâm Ứng dụng Tiến bộ Khoa học và Công nghệ Hải Phòng",),
     0.0, 0.8),
    ("toan.tq@techfest.example", "PGS.TS. Trần Quốc Toản",
     ("Viện Cơ học – Viện Hàn lâm Khoa học và Công nghệ Việt Nam", "research_institute", "VN", "https://imech.ac.vn"),
     ("co-khi-che-tao", "cong-nghiep-dien-tu"), (), -1.6, 0.7),    # the harsh one
    ("nguyet.ptm@techfest.example", "TS. Phạm Thị Minh Nguyệt",
     ("Học viện Nông nghiệp Việt Nam", "university", "VN", "https://vnua.edu.vn"),
     ("nong-nghiep-cong-nghe-cao", "y-hoc-bien"), (), 1.2, 0.6),     # the lenient one
    ("thang.vd@techfest.example", "BS.CKII. Vũ Đức Thắng",
     ("Bệnh viện Hữu nghị Việt Tiệp", "public_agency", "VN", "https://viettiephospital.vn"),
     ("y-hoc-bien",), ("Trường Đại học Y Dược Hải Phòng",), 0.4, 1.3),
    ("khai.dv@techfest.example", "ThS. Đoàn Văn Khải",
     ("Hiệp hội Doanh nghiệp thành phố Hải Phòng", "public_agency", "VN", "https://hpba.example.vn"),
     ("dich-vu-logistics",), ("Công ty TNHH Logistics Cảng Xanh",), 0.8, 1.1),
    ("jihoon.park@techfest.example", "박지훈 (Park Ji-hoon)",
     ("Incheon Technopark (인천테크노파크)", "public_agency", "KR", "https://www.itp.or.kr"),
     ("dich-vu-logistics", "chuyen-doi-so"), (), -0.5, 1.4),
    ("lananh.ht@techfest.example", "KS. Hoàng Thị Lan Anh",
     ("Trung tâm Hỗ trợ Khởi nghiệp Đổi mới sáng tạo Hải Phòng", "public_agency", "VN", "https://khoinghiep.haiphong.example.vn"),
     ("chuyen-doi-so", "nong-nghiep-cong-nghe-cao"), (), -0.2, 0.9),
]

SPECIALS = [
    ("Giải Sản phẩm vì cộng đồng", "Community prize", "Trung tâm Ứng dụng Tiến bộ Khoa học và Công nghệ Hải Phòng",
     "Vì lợi ích thiết thực cho nông dân và ngư dân Hải Phòng."),
    ("Giải Hợp tác quốc tế", "International cooperation prize", "Incheon Smart Port Co., Ltd. (인천스마트포트)",
     "Vì mối hợp tác cảng thông minh giữa Hải Phòng và Incheon."),
]

COMMENTS = [
    "Sản phẩm hoàn thiện, nhóm trả lời câu hỏi rất tốt.",
    "Cần số liệu thử nghiệm thực tế dài hơn.",
    "Giá thành còn cao so với hộ nuôi nhỏ.",
    "Có tiềm năng thương mại hóa, nên đăng ký sở hữu trí tuệ.",
    "",
    "",
]


def _unit(*parts) -> float:
    """A deterministic number in [0, 1) from ``parts``."""
    digest = hashlib.blake2b("\x00".join(str(p) for p in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2.0 ** 64


def _judges(edition) -> list:
    from techfest.accounts.services import _grant, create_user, find_or_create_organisation, get_user_by_email
    from techfest.core.auth import Role
    from techfest.core.db import db
    from techfest.demo import DEMO_PASSWORD

    out = []
    for email, name, (org_name, kind, country, site), *_rest in JUDGES:
        user = get_user_by_email(email)
        if user is None:
            org = find_or_create_organisation(org_name, kind, country, site)
            user = create_user(email, DEMO_PASSWORD, name, organisation=org)
        _grant(user, edition, Role.JUDGE)
        out.append(user)
    db.session.commit()
    return out


def load(editions: dict) -> None:
    from sqlalchemy import select

    from techfest.accounts.services import get_user_by_email
    from techfest.core.db import db

    from . import results, scoring, services
    from .models import JudgingRound

    edition = editions["current"]
    organizer = get_user_by_email("organizer@techfest.example")
    judges = _judges(edition)
    if db.session.scalar(select(JudgingRound.id).where(JudgingRound.edition_id == edition.id,
                                                       JudgingRound.slug == ROUND_SLUG)) is not None:
        return
    orgs = {o.name: o.id for o in services.conflict_organisations(edition)}   # exhibiting organisations
    categories = {c.slug: c.id for c in services.categories_of(edition)}
    for judge, (_email, _name, _org, expertise, conflicts, _len, _spr) in zip(judges, JUDGES):
        services.set_judge_profile(judge, edition, judge,
                                   conflict_ids=[orgs[n] for n in conflicts if n in orgs],
                                   expertise_ids=[categories[s] for s in expertise if s in categories],
                                   reason="Tư vấn kỹ thuật cho đơn vị trong năm qua." if conflicts else "")
    rnd = services.create_round(organizer, edition, ROUND)
    if not services.eligible_products(edition, rnd):
        logger.info("demo judging: no accepted product in edition %s, round left as a draft", edition.id)
        return
    services.assign_judges(organizer, edition, rnd)
    services.transition_round(organizer, edition, rnd, "scoring")

    style = {email: (leniency, spread) for email, _n, _o, _e, _c, leniency, spread in JUDGES}
    for judge in judges:
        leniency, spread = style[judge.email]
        for row in scoring.judge_sheets(judge, edition, rnd):
            p = row.product
            quality = 6.5 + 2.2 * (_unit("quality", p.title) - 0.5) * 2     # 4.3 .. 8.7
            values = {}
            for c in rnd.criteria:
                own = quality + 1.2 * (_unit("criterion", p.title, c.key) - 0.5)
                rng = random.Random(f"{judge.email}/{p.title}/{c.key}")
                raw = 5.5 + leniency + spread * (own - 6.5) + rng.gauss(0, 0.6)
                values[c.key] = max(c.min_value, min(c.max_value, round(raw)))
            comment = COMMENTS[int(_unit("comment", judge.email, p.title) * len(COMMENTS))]
            scoring.save_sheet(judge, edition, rnd, p.id, values, comment, submit=True)
    services.transition_round(organizer, edition, rnd, "closed")

    # The jury: the clear places first, then the contested ones (best-ranked product left).
    results.award_clear_places(organizer, edition, rnd)
    standings = results.round_standings(edition, rnd)
    from .models import MEDALS, AwardKind

    for block in standings.blocks:
        given = {a.kind for row in block.rows for a in row.awards if a.kind != AwardKind.SPECIAL}
        for kind in MEDALS[:rnd.podium]:
            if kind in given:
                continue
            candidate = next((row for row in block.rows
                              if not any(a.kind != AwardKind.SPECIAL for a in row.awards)), None)
            if candidate is None:
                break
            award = results.grant_award(organizer, edition, rnd, candidate.product.id, str(kind),
                                        citation="Hội đồng giám khảo xem xét và thống nhất.")
            candidate.awards.append(award)
    eligible = services.eligible_products(edition, rnd)
    for name, name_en, org_name, citation in SPECIALS:
        product = next((p for p in eligible if p.organisation.name == org_name), None)
        if product is not None:
            results.grant_award(organizer, edition, rnd, product.id, "special", prize_name=name,
                                prize_name_en=name_en, citation=citation)
    services.transition_round(organizer, edition, rnd, "published")
    logger.info("demo judging: round %s published (%s products, %s judges)", rnd.id, len(eligible), len(judges))
