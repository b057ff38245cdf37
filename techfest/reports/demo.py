"""Demo figures: past editions (2018–2023) carry recorded aggregate figures so the cross-edition
view shows a real history; the current edition's headline figures come from its live demo data
(only figures the system cannot count are recorded for it). Idempotent: looked up by
(edition, key)."""
from __future__ import annotations

from decimal import Decimal

# year -> (products shown, exhibitors, visitors, forum sessions, speakers, awards,
#          startups supported, jobs created, training programmes, PII score)
HISTORY = {
    2018: (60, 42, 8000, 6, 24, 9, 12, 85, 3, Decimal("41.20")),
    2019: (74, 51, 10500, 8, 31, 12, 18, 140, 4, Decimal("42.05")),
    2020: (68, 47, 6200, 5, 19, 10, 15, 95, 3, Decimal("42.80")),   # fewer visitors: COVID-19 limits
    2021: (82, 58, 9300, 7, 28, 12, 21, 160, 5, Decimal("44.31")),
    2022: (105, 72, 15800, 10, 42, 15, 29, 230, 6, Decimal("46.10")),
    2023: (130, 88, 20000, 12, 51, 18, 36, 310, 8, Decimal("48.96")),
}

_SOURCE_ARCHIVE = "Báo cáo tổng kết Techfest Hải Phòng {year}, Sở Khoa học và Công nghệ Hải Phòng"
_SOURCE_SURVEY = "Khảo sát doanh nghiệp tham gia sau 6 tháng, Trung tâm Hỗ trợ khởi nghiệp Hải Phòng"
_SOURCE_PII = "Bộ Khoa học và Công nghệ, Chỉ số đổi mới sáng tạo cấp địa phương (PII) {year}"

# key, label vi, label en, unit vi, public, source template
FIGURES = (
    ("products_shown", "Sản phẩm trưng bày", "Products shown", "sản phẩm", True, _SOURCE_ARCHIVE),
    ("exhibitors", "Đơn vị trưng bày", "Exhibitors", "đơn vị", True, _SOURCE_ARCHIVE),
    ("visitors", "Lượt khách tham quan", "Visitors", "lượt", True, _SOURCE_ARCHIVE),
    ("forum_sessions", "Phiên diễn đàn", "Forum sessions", "phiên", True, _SOURCE_ARCHIVE),
    ("speakers", "Diễn giả", "Speakers", "người", False, _SOURCE_ARCHIVE),
    ("awards", "Giải thưởng", "Awards", "giải", False, _SOURCE_ARCHIVE),
    ("startups_supported", "Dự án khởi nghiệp được hỗ trợ", "Startups supported", "dự án", True, _SOURCE_SURVEY),
    ("jobs_created", "Việc làm tạo mới", "Jobs created", "việc làm", True, _SOURCE_SURVEY),
    ("training_programmes", "Chương trình đào tạo", "Training programmes", "chương trình", False, _SOURCE_ARCHIVE),
    ("pii_score", "Chỉ số PII của thành phố", "City innovation index (PII)", "điểm", True, _SOURCE_PII),
)
# Figures recorded for the current edition (its headline figures are counted from live data).
CURRENT = {"startups_supported": 40, "jobs_created": 120, "training_programmes": 9}


def _put(db, RecordedFigure, edition, position, key, label_vi, label_en, unit, public, source, value) -> None:
    exists = db.session.scalar(db.select(RecordedFigure).where(RecordedFigure.edition_id == edition.id,
                                                               RecordedFigure.key == key))
    if exists is not None:
        return
    db.session.add(RecordedFigure(edition_id=edition.id, key=key, label_vi=label_vi, label_en=label_en,
                                  value=Decimal(value), unit=unit, source=source, is_public=public,
                                  position=position))


def load(editions: dict) -> None:
    from techfest.core.db import db

    from .models import RecordedFigure

    for year, values in HISTORY.items():
        edition = editions.get(year)
        if edition is None:
            continue
        for position, ((key, vi, en, unit, public, source), value) in enumerate(zip(FIGURES, values)):
            _put(db, RecordedFigure, edition, position, key, vi, en, unit, public, source.format(year=year), value)
    current = editions.get("current")
    if current is not None:
        for position, (key, vi, en, unit, public, source) in enumerate(FIGURES):
            if key in CURRENT:
                note = "Ước tính của Ban tổ chức, cập nhật sau sự kiện" if key != "training_programmes" else \
                    source.format(year=current.year)
                _put(db, RecordedFigure, current, position, key, vi, en, unit, public, note, CURRENT[key])
    db.session.commit()
