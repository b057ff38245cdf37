"""The demo edition, modelled on Techfest Hải Phòng, and `flask techfest demo`.

Loading is idempotent: every object is looked up by a natural key (slug, e-mail) first, so
running the command twice changes nothing. Later domains append their loaders to ``LOADERS``.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import click

from techfest.core.cli import techfest_cli

DEMO_PASSWORD = "techfest-demo"  # demo accounts only; printed by `make run`
TZ = "Asia/Ho_Chi_Minh"

DEMO_USERS = [
    # email, name, role in the current edition, organisation
    ("admin@techfest.example", "Quản trị hệ thống", None, None),
    ("organizer@techfest.example", "Nguyễn Thị Thu Hà", "organizer", "Sở Khoa học và Công nghệ Hải Phòng"),
    ("exhibitor@techfest.example", "Trần Văn Đức", "exhibitor", "Công ty CP Điện tử Hải Phòng"),
    ("judge@techfest.example", "PGS.TS. Lê Minh Đức", "judge", "Trường Đại học Hàng hải Việt Nam"),
    ("checkin@techfest.example", "Phạm Quốc Bảo", "checkin", None),
]

ORGANISATIONS = [
    ("Sở Khoa học và Công nghệ Hải Phòng", "public_agency", "VN", "https://dost.haiphong.gov.vn"),
    ("Công ty CP Điện tử Hải Phòng", "company", "VN", "https://dientu-haiphong.example.vn"),
    ("Trường Đại học Hàng hải Việt Nam", "university", "VN", "https://vimaru.edu.vn"),
]

# Sectors shown at Techfest Hải Phòng; the submissions domain turns them into categories.
DEMO_CATEGORIES = [
    ("cong-nghiep-dien-tu", "Công nghiệp điện tử", "Electronics industry"),
    ("co-khi-che-tao", "Cơ khí chế tạo", "Mechanical engineering"),
    ("dich-vu-logistics", "Dịch vụ logistics", "Logistics services"),
    ("y-hoc-bien", "Y học biển", "Marine medicine"),
    ("nong-nghiep-cong-nghe-cao", "Nông nghiệp công nghệ cao", "High-tech agriculture"),
    ("chuyen-doi-so", "Chuyển đổi số", "Digital transformation"),
]

PAST_EDITIONS = [
    # year, venue, start (month, day), days
    (2018, "Cung Văn hóa Lao động Hữu nghị Việt Tiệp", (11, 22), 3),
    (2019, "Trung tâm Hội chợ Triển lãm Hải Phòng", (11, 14), 3),
    (2020, "Nhà Triển lãm Thành phố Hải Phòng", (12, 3), 3),
    (2021, "Trung tâm Hội nghị Thành phố Hải Phòng", (12, 16), 2),
    (2022, "Trung tâm Hội nghị Thành phố Hải Phòng", (11, 24), 3),
    (2023, "Trung tâm Hội chợ Triển lãm Hải Phòng", (11, 30), 3),
]

CURRENT_DESCRIPTION = (
    "Ngày hội Khởi nghiệp đổi mới sáng tạo và Triển lãm sản phẩm công nghệ thành phố Hải Phòng: "
    "trưng bày sản phẩm đổi mới sáng tạo của doanh nghiệp, trường đại học, viện nghiên cứu và "
    "startup; diễn đàn với các phiên chuyên đề và tọa đàm giữa các tỉnh, thành phố Việt Nam và đối "
    "tác quốc tế (các thành phố Hàn Quốc); chương trình đào tạo và giải thưởng sản phẩm tiêu biểu."
)


def today_local() -> date:
    return datetime.now(ZoneInfo(TZ)).date()


def current_slug() -> str:
    return f"hai-phong-{today_local().year}"


def _edition(slug, name, year, venue, start, end, description, status):
    from techfest.core.db import db
    from techfest.core.search import fold
    from techfest.editions.models import Edition
    from techfest.editions.services import get_edition_or_404
    from techfest.core.errors import NotFound

    try:
        return get_edition_or_404(slug, include_draft=True), False
    except NotFound:
        pass
    edition = Edition(slug=slug, name=name, name_folded=fold(name), year=year, city="Hải Phòng", venue=venue,
                      start_date=start, end_date=end, timezone=TZ, description=description, status=status)
    db.session.add(edition)
    db.session.flush()
    return edition, True


def load_editions() -> dict:
    from techfest.core.db import db
    from techfest.editions.workflow import EditionStatus

    editions = {}
    for year, venue, (month, day), days in PAST_EDITIONS:
        start = date(year, month, day)
        editions[year], _ = _edition(
            f"hai-phong-{year}", f"Techfest Hải Phòng {year}", year, venue, start, start + timedelta(days=days - 1),
            f"Techfest Hải Phòng {year}: triển lãm sản phẩm đổi mới sáng tạo và diễn đàn khởi nghiệp.",
            EditionStatus.ARCHIVED)
    start = today_local()
    current, created = _edition(
        current_slug(), f"Techfest Hải Phòng {start.year}", start.year, "Trung tâm Hội chợ Triển lãm Hải Phòng",
        start, start + timedelta(days=2), CURRENT_DESCRIPTION, EditionStatus.LIVE)
    if created:
        deadline = datetime.combine(start - timedelta(days=14), datetime.min.time().replace(hour=23, minute=59),
                                    tzinfo=ZoneInfo(TZ))
        current.submission_deadline = deadline
    editions["current"] = current
    db.session.commit()
    return editions


def load_accounts(editions: dict) -> None:
    from techfest.accounts.services import _grant, find_or_create_organisation, get_user_by_email, create_user
    from techfest.core.auth import Role
    from techfest.core.db import db

    orgs = {name: find_or_create_organisation(name, kind, country, site) for name, kind, country, site in ORGANISATIONS}
    for email, name, role, org in DEMO_USERS:
        user = get_user_by_email(email)
        if user is None:
            user = create_user(email, DEMO_PASSWORD, name, organisation=orgs.get(org), is_admin=(role is None))
        if role:
            _grant(user, editions["current"], Role(role))
        if role == "organizer":
            for key, edition in editions.items():
                _grant(user, edition, Role.ORGANIZER)
    db.session.commit()


def load_demo() -> dict:
    """Load everything. Each domain with demo data has ``techfest/<domain>/demo.py`` defining
    ``load(editions)``; they run in the order of ``techfest.DOMAINS``."""
    from importlib import import_module

    from techfest import DOMAINS

    editions = load_editions()
    load_accounts(editions)
    for domain in DOMAINS:
        try:
            module = import_module(f"techfest.{domain}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"techfest.{domain}.demo":
                raise
            continue
        module.load(editions)
    return editions


@techfest_cli.command("demo")
def demo_command() -> None:
    """Load the demo edition (Techfest Hải Phòng of this year). Running it twice changes nothing."""
    editions = load_demo()
    current = editions["current"]
    click.echo(f"demo edition: {current.name} ({current.slug}), {current.start_date} – {current.end_date}, {current.status}")
    click.echo("demo logins (password: %s):" % DEMO_PASSWORD)
    for email, _name, role, _org in DEMO_USERS:
        click.echo(f"  {role or 'admin':<10} {email}")
