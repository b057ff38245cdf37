"""E-mails to attendees, in the language they registered in."""
from __future__ import annotations

from flask import current_app

from ..models import Registration
from .common import WAITLISTED


def _external_url(endpoint: str, **values) -> str:
    from flask import has_request_context, url_for

    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    base = current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context("/", base_url=base):
        return url_for(endpoint, _external=True, **values)


def notify(reg: Registration, event: str) -> None:
    """E-mail the attendee about ``event`` (confirmed, waitlisted, promoted, updated, reissued,
    cancelled), in the language they registered in."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    from techfest.core.mail import send_mail

    edition = reg.edition
    with force_locale(reg.lang if reg.lang in ("vi", "en") else "vi"):
        link = _external_url("registration.badge_page", reg_code=reg.access_code)
        days = ", ".join(d.strftime("%d/%m/%Y") for d in reg.day_list)
        subject = _("Your registration for %(edition)s", edition=edition.name)
        greeting = _("Hello %(name)s,", name=reg.name)
        where = _("Where: %(venue)s, %(city)s", venue=edition.venue, city=edition.city) if edition.venue else ""
        if event in ("confirmed", "promoted", "updated", "reissued"):
            lead = {
                "confirmed": _("Your registration for %(edition)s is confirmed.", edition=edition.name),
                "promoted": _("Good news: a place has become free and your registration for %(edition)s is now confirmed.",
                              edition=edition.name),
                "updated": _("Your registration for %(edition)s has been updated.", edition=edition.name),
                "reissued": _("A new badge has been issued for you. The previous badge no longer works."),
            }[event]
            if reg.status == WAITLISTED:
                lead += "\n" + _("You are still on the waiting list. We will e-mail you as soon as a place becomes free.")
            parts = [greeting, "", lead, _("Days: %(days)s", days=days), where, "",
                     _("Your badge (a PDF to print, and the QR code to show on your phone):"), link, "",
                     _("Show the QR code at the entrance. Keep this link to yourself: it opens your badge.")]
        elif event == "waitlisted":
            parts = [greeting, "", _("The fair is full for the days you chose, so you are on the waiting list for %(edition)s.",
                                     edition=edition.name),
                     _("We will e-mail you as soon as a place becomes free."), "",
                     _("Your registration page:"), link]
        elif event == "cancelled":
            parts = [greeting, "", _("Your registration for %(edition)s has been cancelled and your badge no longer works.",
                                     edition=edition.name),
                     _("If this is a mistake, register again or contact the organizers.")]
        else:
            return
        body = "\n".join(p for p in parts if p is not None) + "\n\n" + _("The Techfest organizers") + "\n"
    send_mail(reg.email, subject, body)

