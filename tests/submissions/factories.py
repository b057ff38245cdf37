"""Submission factories: categories, exhibitors with their organisation, products, image bytes."""
from __future__ import annotations

import io
import itertools

from tests.factories import make_org, make_user

_seq = itertools.count(1)


def make_category(edition, slug: str = "co-khi-che-tao", name: str = "Cơ khí chế tạo", name_en: str = "Mechanical engineering",
                  position: int = 10):
    from techfest.core.db import db
    from techfest.submissions.models import Category

    category = Category(edition_id=edition.id, slug=slug, name=name, name_en=name_en, position=position)
    db.session.add(category)
    db.session.commit()
    return category


def make_exhibitor(edition, email: str | None = None, org=None, org_name: str = "Công ty CP Điện tử Hải Phòng",
                   org_type: str = "company", name: str = "Trần Văn Đức"):
    """A user with the exhibitor role in ``edition``, member of ``org`` (made from ``org_name``)."""
    org = org or make_org(org_name, type=org_type)
    return make_user(email or f"exhibitor{next(_seq)}@example.vn", name=name, role="exhibitor", edition=edition, org=org)


def make_product(edition, org, status: str = "draft", category=None, title: str | None = None, created_by=None,
                 **kw):
    """A product row as the workflow would have left it (no history rows)."""
    from techfest.core.db import db, utcnow
    from techfest.submissions.models import Product
    from techfest.submissions.services import _refresh_search

    defaults = {
        "summary": "Thiết bị đo độ mặn và nhiệt độ nước ao nuôi, cảnh báo qua điện thoại.",
        "description": "**Điểm mới**: cảm biến giá rẻ, pin dùng 2 năm.",
        "stage": "prototype", "target_market": "Hộ nuôi tôm ven biển",
    }
    defaults.update(kw)
    product = Product(edition_id=edition.id, organisation_id=org.id, category_id=category.id if category else None,
                      created_by_id=created_by.id if created_by else None,
                      title=title or f"Cảm biến độ mặn số {next(_seq)}", status=status,
                      submitted_at=None if status == "draft" else utcnow(), **defaults)
    _refresh_search(product)
    db.session.add(product)
    db.session.commit()
    return product


def image_bytes(fmt: str = "PNG", size=(64, 48), color=(11, 79, 138), **save_kw) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt, **save_kw)
    return out.getvalue()


def exe_bytes() -> bytes:
    """The start of a Windows executable (an "MZ" header and a PE stub)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"This program cannot be run in DOS mode." * 50


def oversized_jpeg() -> bytes:
    """A real JPEG of more than 5 MB (random noise does not compress)."""
    import os

    from PIL import Image

    img = Image.frombytes("RGB", (2000, 1500), os.urandom(2000 * 1500 * 3))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=100)
    data = out.getvalue()
    assert len(data) > 5 * 1024 * 1024
    return data
