"""Demo floor plan: "Nhà triển lãm A" (70 × 44 m) of the current edition, 118 booths in 4 zones
(each zone a block of two back-to-back rows of 3 × 3 m booths, double booths or islands at its
end), a held and a blocked booth, a few exhibitor wishes, tiers and a competitor pair; then the
allocation runs and its proposal is published, so the demo products have their booths.

Idempotent: the hall is looked up by name and built only when missing; wishes, tiers and pairs
are only added when absent; the allocation runs only while no exhibitor has a booth.
"""
from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

HALL = ("Nhà triển lãm A", 70, 44)
# prefix, name, colour, category slug, y of the block (m), what ends the block
ZONES = [
    ("A", "Khu công nghiệp điện tử", "#8ecae6", "cong-nghiep-dien-tu", 4, "double"),
    ("B", "Khu cơ khí chế tạo và logistics", "#ffb703", "co-khi-che-tao", 13, "island"),
    ("C", "Khu y học biển và nông nghiệp công nghệ cao", "#90be6d", "y-hoc-bien", 22, "island"),
    ("D", "Khu chuyển đổi số và khởi nghiệp", "#cdb4db", "chuyen-doi-so", 31, "island"),
]
FEATURES = {"A": ("power", "internet"), "B": ("power",), "C": ("power", "water"), "D": ("power", "internet")}
COLS = 13
HELD, BLOCKED = "A-01", "D-13"  # kept for the city's delegation; a pillar

# organisation name, ranked wishes (booth codes or "zone:<prefix>"), near (organisation names)
WISHES = [
    ("Công ty CP Điện tử Hải Phòng", ["A-27", "zone:A", "A-30"], ["Trường Đại học Hàng hải Việt Nam"]),
    ("Trường Đại học Hàng hải Việt Nam", ["zone:B", "B-14"], ["Công ty TNHH Logistics Cảng Xanh"]),
    ("Công ty TNHH Logistics Cảng Xanh", ["zone:B"], ["Incheon Smart Port Co., Ltd. (인천스마트포트)"]),
    ("Incheon Smart Port Co., Ltd. (인천스마트포트)", ["B-27", "zone:B"], []),
    ("Công ty CP Công nghệ Số Cát Bi", ["D-02", "D-03", "zone:D"], []),
    ("Công ty TNHH Nông nghiệp Thông minh Tiên Lãng", ["zone:C", "C-03"], ["Viện Nghiên cứu Hải sản"]),
    ("Viện Nghiên cứu Hải sản", ["C-27", "zone:C"], []),
]
TIERS = {
    "Incheon Smart Port Co., Ltd. (인천스마트포트)": "international",
    "Công ty CP Điện tử Hải Phòng": "sponsor",
    "Trường Đại học Hàng hải Việt Nam": "returning",
}
COMPETITORS = [("Công ty CP Công nghệ Số Cát Bi", "Công ty TNHH Nông nghiệp Thông minh Tiên Lãng")]


def _build_hall(edition):
    from decimal import Decimal

    from sqlalchemy import select

    from techfest.core.db import db
    from techfest.core.search import fold
    from techfest.submissions.models import Category

    from . import geometry
    from .models import Booth, BoothStatus, Hall, Zone

    name, width, depth = HALL
    hall = db.session.scalar(select(Hall).where(Hall.edition_id == edition.id, Hall.name_folded == fold(name)))
    if hall is not None:
        return hall, False
    hall = Hall(edition_id=edition.id, name=name, name_folded=fold(name), width_m=Decimal(width), depth_m=Decimal(depth),
                position=0)
    db.session.add(hall)
    db.session.flush()
    categories = {c.slug: c.id for c in db.session.scalars(select(Category).where(Category.edition_id == edition.id))}
    for prefix, zone_name, colour, category, y, end in ZONES:
        zone = Zone(edition_id=edition.id, hall_id=hall.id, name=zone_name, name_folded=fold(zone_name), colour=colour,
                    category_id=categories.get(category))
        db.session.add(zone)
        db.session.flush()
        cells = geometry.generate_grid(geometry.GridSpec(rows=2, cols=COLS, booth_w=300, booth_h=300, origin_x=400,
                                                         origin_y=y * 100, aisle_every_rows=0, prefix=prefix))
        extra = []
        if end == "double":  # 2 rows × 3 double booths (6 × 3 m) after an aisle
            extra = [(geometry.booth_code(prefix, 2 * COLS + 1 + i), 4600 + (i % 3) * 600, y * 100 + (i // 3) * 300,
                      600, 300, "double") for i in range(6)]
        else:  # two islands (6 × 6 m) with an aisle between them
            extra = [(geometry.booth_code(prefix, 2 * COLS + 1 + i), 4600 + i * 900, y * 100, 600, 600, "island")
                     for i in range(2)]
        rects = [geometry.Rect(c.code, c.x, c.y, c.w, c.h) for c in cells] + [
            geometry.Rect(code, x, yy, w, h) for code, x, yy, w, h, _s in extra]
        adj = geometry.adjacency(rects)
        by_code = {r.id: r for r in rects}
        feats = FEATURES[prefix]
        for code, x, yy, w, h, size in [(c.code, c.x, c.y, c.w, c.h, "standard") for c in cells] + extra:
            status = BoothStatus.HELD if code == HELD else BoothStatus.BLOCKED if code == BLOCKED else BoothStatus.AVAILABLE
            db.session.add(Booth(
                edition_id=edition.id, hall_id=hall.id, zone_id=zone.id, code=code, x_m=geometry.to_m(x),
                y_m=geometry.to_m(yy), w_m=geometry.to_m(w), h_m=geometry.to_m(h),
                type=geometry.classify(by_code[code], (by_code[n] for n in adj[code])), size=size,
                has_power="power" in feats or size != "standard", has_internet="internet" in feats or size != "standard",
                has_water="water" in feats or size != "standard", accessible=True,
                price_tier="A" if size != "standard" or int(code.split("-")[1]) <= COLS else "B", status=status))
    db.session.flush()
    return hall, True


def load(editions: dict) -> None:
    from sqlalchemy import func, select

    from techfest.accounts.models import Organisation
    from techfest.accounts.services import get_user_by_email
    from techfest.core.db import db

    from . import proposals, services
    from .models import BoothAssignment, Booth, CompetitorPair, ExhibitorTier, NearWish, BoothPreference, Zone

    edition = editions["current"]
    hall, created = _build_hall(edition)
    db.session.commit()
    orgs = {o.name: o.id for o in db.session.scalars(select(Organisation))}
    known = services.exhibitors(edition)
    booths = {b.code: b.id for b in db.session.scalars(select(Booth).where(Booth.edition_id == edition.id))}
    zone_ids = {z.name: z.id for z in db.session.scalars(select(Zone).where(Zone.hall_id == hall.id))}
    zone_by_prefix = {prefix: zone_ids[name] for prefix, name, *_rest in ZONES if name in zone_ids}
    for org_name, wishes, near in WISHES:
        oid = orgs.get(org_name)
        if oid not in known:
            continue
        has = db.session.scalar(select(func.count(BoothPreference.id)).where(BoothPreference.edition_id == edition.id,
                                                                       BoothPreference.organisation_id == oid))
        if has:
            continue
        ex = known[oid]
        rank = 0
        for wish in wishes:
            if wish.startswith("zone:"):
                zid = zone_by_prefix.get(wish[5:])
                if zid is None:
                    continue
                rank += 1
                db.session.add(BoothPreference(edition_id=edition.id, organisation_id=oid, rank=rank, zone_id=zid))
            else:
                bid = booths.get(wish)
                booth = db.session.get(Booth, bid) if bid else None
                if booth is None or str(booth.size) != ex.size or not ex.needs <= booth.features:
                    continue
                rank += 1
                db.session.add(BoothPreference(edition_id=edition.id, organisation_id=oid, rank=rank, booth_id=bid))
        for other in near:
            if orgs.get(other) in known:
                db.session.add(NearWish(edition_id=edition.id, organisation_id=oid, near_organisation_id=orgs[other]))
    for org_name, tier in TIERS.items():
        oid = orgs.get(org_name)
        if oid in known and db.session.scalar(select(ExhibitorTier.id).where(
                ExhibitorTier.edition_id == edition.id, ExhibitorTier.organisation_id == oid)) is None:
            db.session.add(ExhibitorTier(edition_id=edition.id, organisation_id=oid, tier=tier))
    for a, b in COMPETITORS:
        ia, ib = orgs.get(a), orgs.get(b)
        if ia in known and ib in known:
            first, second = sorted((ia, ib))
            if db.session.scalar(select(CompetitorPair.id).where(CompetitorPair.edition_id == edition.id,
                                                                CompetitorPair.first_id == first,
                                                                CompetitorPair.second_id == second)) is None:
                db.session.add(CompetitorPair(edition_id=edition.id, first_id=first, second_id=second))
    db.session.commit()
    placed = db.session.scalar(select(func.count(BoothAssignment.id)).where(BoothAssignment.edition_id == edition.id))
    if known and not placed:
        organizer = get_user_by_email("organizer@techfest.example")
        run = proposals.run_allocation(organizer, edition, time_limit=10)
        proposals.publish_run(organizer, edition, run.id)
        logger.info("demo floor plan: %s of %s exhibitors placed", run.assigned_count, run.exhibitor_count)
