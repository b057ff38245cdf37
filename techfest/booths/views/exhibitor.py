"""An exhibitor's booth page: where its booth is on the plan, and its ranked wishes."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techfest.core.auth import require
from techfest.core.db import db
from techfest.core.errors import DomainError
from techfest.core.forms import apply_domain_errors

from .. import planview, services
from ..forms import PreferencesForm
from . import bp
from .common import _labels, _locale


def _preference_options(edition, ex):
    zones = services.zones_for(edition)
    choices = [("", _("— none —"))]
    choices += [(f"z:{z.id}", _("Zone: %(zone)s (%(hall)s)", zone=z.name, hall=z.hall.name)) for z in zones]
    choices += [(f"b:{b.id}", _("Booth %(code)s", code=b.code) + (f" – {b.zone.name}" if b.zone else ""))
                for b in services.fitting_booths(edition, ex)]
    others = sorted((e for e in services.exhibitors(edition).values() if e.organisation_id != ex.organisation_id),
                    key=lambda e: e.name.casefold())
    near = [(None, _("— none —"))] + [(e.organisation_id, e.name) for e in others]
    return choices, near


@bp.route("/editions/<slug>/my-booth", methods=["GET", "POST"])
@require("booths.prefer")
def my_booth(slug: str):
    edition = g.edition
    ex = services.exhibitor_for_actor(current_user, edition)
    if ex is None:
        return render_template("booths/my_booth.html", edition=edition, ex=None, form=None, svg=None)
    form = PreferencesForm()
    choices, near = _preference_options(edition, ex)
    form.set_options(choices, near)
    if request.method == "GET":
        for p in services.preferences_of(edition, ex.organisation_id):
            getattr(form, f"choice_{p.rank}").data = f"b:{p.booth_id}" if p.booth_id else f"z:{p.zone_id}"
        for i, n in enumerate(services.near_wishes_of(edition, ex.organisation_id)[:3], start=1):
            getattr(form, f"near_{i}").data = n.near_organisation_id
    if form.validate_on_submit():
        try:
            services.save_preferences(current_user, edition, ex.organisation_id,
                                      [getattr(form, n).data for n in form.CHOICES],
                                      [getattr(form, n).data for n in form.NEAR])
        except DomainError as exc:
            db.session.rollback()
            apply_domain_errors(form, exc, aliases={"choices": "choice_1", "near": "near_1"})
        else:
            flash(_("Your booth wishes have been saved."), "success")
            return redirect(url_for("booths.my_booth", slug=slug))
    code = services.booth_for_organisation(edition, ex.organisation_id)
    booth = services.booth_by_code(edition, code) if code else None
    halls = services.halls_for(edition)
    hall = booth.hall if booth else (halls[0] if halls else None)
    svg = None
    if hall is not None:
        booths = services.hall_booths(hall)
        svg = planview.render(hall, booths, mode="zone", audience="exhibitor", ctx=planview.context(edition),
                              locale=_locale(), highlight_org=ex.organisation_id)
    return render_template("booths/my_booth.html", edition=edition, ex=ex, form=form, svg=svg, booth=booth,
                           hall=hall, **_labels()), (422 if form.errors else 200)
