"""What each audience sees on the floor plan: colours by zone, status or category, texts and links
(organizers: everything; exhibitors: their booth highlighted; the public: booth -> products).
Builds ``plan.PlanBooth`` lists for the pure SVG renderer."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup

from techfest.core.search import fold

from . import plan, services
from .models import FEATURE_LABELS, SIZE_LABELS, STATUS_LABELS, TYPE_LABELS, Booth, BoothStatus, Hall

MODES = ("zone", "status", "category")
AUDIENCES = ("organizer", "exhibitor", "public")
NO_ZONE = "#dee2e6"
FREE = "#f1f3f5"


@dataclass
class PlanContext:
    """Everything the plan of one edition needs, loaded once (a fixed number of queries)."""

    exhibitors: dict[int, services.Exhibitor]
    categories: dict[int, object]     # category id -> Category
    category_colour: dict[int, str]


def context(edition) -> PlanContext:
    from techfest.submissions import services as submissions

    cats = submissions.categories_for(edition)
    return PlanContext(services.exhibitors(edition), {c.id: c for c in cats},
                       {c.id: plan.palette(i) for i, c in enumerate(cats)})


def _short(name: str, limit: int = 18) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _features(b: Booth) -> str:
    return ", ".join(str(FEATURE_LABELS[f]) for f in ("power", "internet", "water") if f in b.features) or "—"


def _main_category(ctx: PlanContext, org_id: int | None) -> int | None:
    ex = ctx.exhibitors.get(org_id) if org_id is not None else None
    if ex is None or not ex.categories:
        return None
    cats = [ctx.categories[c] for c in ex.categories if c in ctx.categories]
    if not cats:
        return None
    return min(cats, key=lambda c: (c.position, c.id)).id


def booth_fill(b: Booth, mode: str, ctx: PlanContext) -> str:
    if mode == "status":
        return plan.STATUS_COLOURS[str(b.status)]
    if mode == "category":
        org_id = b.assignment.organisation_id if b.assignment else None
        cat = _main_category(ctx, org_id)
        if cat is None:
            return FREE if b.assignment is None else NO_ZONE
        return ctx.category_colour[cat]
    return b.zone.colour if b.zone else NO_ZONE


def plan_booths(booths: list[Booth], *, mode: str, audience: str, ctx: PlanContext, locale: str = "vi",
                highlight_org: int | None = None, link: Callable[[Booth], str | None] | None = None) -> list[plan.PlanBooth]:
    out = []
    for b in booths:
        a = b.assignment
        ex = ctx.exhibitors.get(a.organisation_id) if a else None
        org_name = a.organisation.name if a else ""
        lines = [_("Booth %(code)s", code=b.code)]
        if b.zone:
            lines.append(_("Zone: %(zone)s", zone=b.zone.name))
        lines.append(_("%(size)s · %(type)s · %(w)s × %(h)s m", size=SIZE_LABELS[b.size], type=TYPE_LABELS[b.type],
                       w=_m(b.w_m), h=_m(b.h_m)))
        lines.append(_("Features: %(features)s", features=_features(b)))
        data = {"zone": b.zone.name if b.zone else "", "size": str(SIZE_LABELS[b.size]), "features": _features(b)}
        if audience == "organizer":
            lines.append(_("Status: %(status)s", status=STATUS_LABELS[b.status]))
            if b.accessible:
                lines.append(_("Step-free access"))
            if b.price_tier:
                lines.append(_("Price tier: %(tier)s", tier=b.price_tier))
            data["status"] = str(STATUS_LABELS[b.status])
        else:
            free = a is None and b.status == BoothStatus.AVAILABLE
            lines.append(_("Free") if free else (_("Not available") if a is None else _("Taken")))
        if a:
            lines.append(_("Exhibitor: %(name)s", name=org_name) + (" 🔒" if a.locked and audience == "organizer" else ""))
            data["exhibitor"] = org_name
            if ex and audience != "organizer":
                for title in ex.product_titles[:3]:
                    lines.append("· " + title)
        pb = plan.PlanBooth(
            code=b.code, x=float(b.x_m), y=float(b.y_m), w=float(b.w_m), h=float(b.h_m),
            fill=booth_fill(b, mode, ctx), title="\n".join(str(x) for x in lines),
            href=link(b) if link else None, label=_short(org_name) if a else None,
            highlight=highlight_org is not None and a is not None and a.organisation_id == highlight_org,
            dim=highlight_org is not None and not (a is not None and a.organisation_id == highlight_org),
            hatch=b.status in (BoothStatus.BLOCKED, BoothStatus.HELD) and mode != "status",
            occupied=a is not None and mode != "status",
            css=f"tf-s-{b.status}",
            data={**data, "search": fold(" ".join([b.code, org_name] + (ex.product_titles if ex else [])))})
        out.append(pb)
    return out


def _m(value) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text


def legend(hall: Hall | None, booths: list[Booth], mode: str, ctx: PlanContext, locale: str = "vi") -> list[plan.LegendItem]:
    if mode == "status":
        present = {str(b.status) for b in booths}
        return [plan.LegendItem(plan.STATUS_COLOURS[s.value], str(STATUS_LABELS[s])) for s in BoothStatus
                if s.value in present or not booths]
    items = []
    if mode == "category":
        used = {_main_category(ctx, b.assignment.organisation_id if b.assignment else None) for b in booths}
        for cid, cat in ctx.categories.items():
            if cid in used:
                items.append(plan.LegendItem(ctx.category_colour[cid], cat.label(locale)))
        if any(b.assignment is None for b in booths):
            items.append(plan.LegendItem(FREE, _("Free booth")))
        if None in used and any(b.assignment is not None for b in booths):
            items.append(plan.LegendItem(NO_ZONE, _("Other exhibitors")))
    else:
        zones = hall.zones if hall is not None else []
        used = {b.zone_id for b in booths}
        for z in zones:
            if z.id in used or not booths:
                items.append(plan.LegendItem(z.colour, z.name))
        if None in used:
            items.append(plan.LegendItem(NO_ZONE, _("No zone")))
    if any(b.status in (BoothStatus.BLOCKED, BoothStatus.HELD) for b in booths):
        items.append(plan.LegendItem("#f8f9fa", _("Held or blocked"), hatch=True))
    if any(b.assignment is not None for b in booths):
        items.append(plan.LegendItem("#212529", _("Exhibitor placed"), dot=True))
    return items


def render(hall: Hall, booths: list[Booth], *, mode: str, audience: str, ctx: PlanContext, locale: str = "vi",
           highlight_org: int | None = None, link=None, standalone: bool = False, with_legend: bool = False,
           px_per_m: float | None = None) -> str:
    items = plan_booths(booths, mode=mode, audience=audience, ctx=ctx, locale=locale, highlight_org=highlight_org,
                        link=link)
    leg = legend(hall, booths, mode, ctx, locale) if with_legend else ()
    title = _("Floor plan: %(hall)s", hall=hall.name)
    # Markup: plan.render_svg escapes every text and attribute it writes (tested with hostile names).
    return Markup(plan.render_svg(items, float(hall.width_m), float(hall.depth_m), title=title, legend=leg,
                                  legend_title=_("Legend") if leg else "", standalone=standalone,
                                  element_id=f"tf-plan-{hall.id}", px_per_m=px_per_m))
