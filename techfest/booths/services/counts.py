"""Aggregate counts of booths that other domains read (reports): one grouped query each, no rows
loaded, nothing written. Booth counts by status are :func:`.overview.status_counts`."""
from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import case, func, select

from techfest.core.db import db

from ..models import Booth, BoothStatus, Hall


class HallArea(NamedTuple):
    hall: str              # the hall's name
    total_m2: Decimal      # area of all its booths
    assigned_m2: Decimal   # area of its assigned booths


def booth_area_by_hall(edition) -> list[HallArea]:
    """Per hall of ``edition`` holding booths (in the halls' order): the booth area in all and the
    area of the booths assigned to an exhibitor. Halls without booths are absent."""
    area = Booth.w_m * Booth.h_m
    assigned = func.sum(case((Booth.status == BoothStatus.ASSIGNED, area), else_=0))
    rows = db.session.execute(
        select(Hall.name, func.sum(area), assigned).select_from(Booth).join(Hall, Hall.id == Booth.hall_id)
        .where(Booth.edition_id == edition.id).group_by(Hall.id, Hall.name, Hall.position)
        .order_by(Hall.position, Hall.name)).all()
    return [HallArea(name, Decimal(str(total or 0)), Decimal(str(used or 0))) for name, total, used in rows]
