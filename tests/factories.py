"""Factories: plain functions with realistic Vietnamese defaults and keyword overrides."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

PASSWORD = "mat-khau-an-toan"
_seq = itertools.count(1)


def make_edition(**kw):
    from techfest.core.db import db
    from techfest.core.search import fold
    from techfest.editions.models import Edition
    from techfest.editions.workflow import EditionStatus

    n = next(_seq)
    year = kw.pop("year", 2026)
    start = kw.pop("start_date", date(year, 11, 25))
    name = kw.pop("name", f"Techfest Hải Phòng {year}" + (f" #{n}" if n > 1 else ""))
    edition = Edition(
        slug=kw.pop("slug", f"hai-phong-{year}-{n}"), name=name, name_folded=fold(name), year=year,
        city=kw.pop("city", "Hải Phòng"), venue=kw.pop("venue", "Trung tâm Hội chợ Triển lãm Hải Phòng"),
        start_date=start, end_date=kw.pop("end_date", start + timedelta(days=2)),
        timezone=kw.pop("timezone", "Asia/Ho_Chi_Minh"), description=kw.pop("description", "Ngày hội đổi mới sáng tạo."),
        status=EditionStatus(kw.pop("status", "open")), **kw)
    db.session.add(edition)
    db.session.commit()
    return edition


def make_org(name: str | None = None, type: str = "company", country: str = "VN"):
    from techfest.accounts.services import find_or_create_organisation
    from techfest.core.db import db

    org = find_or_create_organisation(name or f"Công ty Cơ khí Hải Phòng {next(_seq)}", type, country)
    db.session.commit()
    return org


def make_user(email: str | None = None, *, name: str = "Nguyễn Văn An", role: str | None = None, edition=None,
              org=None, is_admin: bool = False, password: str = PASSWORD, active: bool = True):
    from techfest.accounts.services import _grant, create_user
    from techfest.core.auth import Role
    from techfest.core.db import db

    user = create_user(email or f"user{next(_seq)}@example.vn", password, name, organisation=org, is_admin=is_admin)
    user.active = active
    if role:
        _grant(user, edition, Role(role))
    db.session.commit()
    return user


def make_token(user, name: str = "test") -> str:
    from techfest.accounts.services import create_api_token

    return create_api_token(user, name)[1]
