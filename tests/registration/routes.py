"""Who may use the registration routes (see tests/core/test_route_permissions.py)."""
from tests.route_roles import ADMIN, ORGANIZER, PUBLIC

EXHIBITOR = {"exhibitor"} | ADMIN

EXPECTED = {
    "registration.register": PUBLIC,
    "registration.registered": PUBLIC,
    "registration.badge_page": PUBLIC,
    "registration.badge_pdf": PUBLIC,
    "registration.badge_qr": PUBLIC,
    "registration.badge_key": PUBLIC,
    "registration.programme_pdf": PUBLIC,
    "registration.manage": ORGANIZER,
    "registration.create": ORGANIZER,
    "registration.edit": ORGANIZER,
    "registration.cancel": ORGANIZER,
    "registration.reissue": ORGANIZER,
    "registration.admit": ORGANIZER,
    "registration.organizer_badge": ORGANIZER,
    "registration.import_csv": ORGANIZER,
    "registration.export_csv": ORGANIZER,
    "registration.export_xlsx": ORGANIZER,
    "registration.settings": ORGANIZER,
    "registration.badges": ORGANIZER,
    "registration.badge_preview": ORGANIZER,
    "registration.badge_preview_png": ORGANIZER,
    "registration.print_badges": ORGANIZER,
    "registration.job_status": ORGANIZER,
    "registration.job_download": ORGANIZER,
    "registration.booth_staff": EXHIBITOR,
    "registration.booth_staff_cancel": EXHIBITOR,
    "registration.booth_staff_badge": EXHIBITOR,
    ("registration_api.Registrations", "GET"): ORGANIZER,
    ("registration_api.Registrations", "POST"): ORGANIZER,
    ("registration_api.Registration", "GET"): ORGANIZER,
    ("registration_api.Registration", "PATCH"): ORGANIZER,
    ("registration_api.Registration", "DELETE"): ORGANIZER,
    ("registration_api.RegistrationReissue", "POST"): ORGANIZER,
    ("registration_api.RegistrationBadge", "GET"): ORGANIZER,
}


def setup(edition, users) -> dict:
    """A visitor, a booth staff member of the exhibitor's organisation and a finished print job."""
    from techfest.core.db import db
    from techfest.registration.models import BadgeJob, JobStatus
    from tests.factories import make_org

    from .factories import make_registration

    visitor = make_registration(edition, name="Lê Văn Khách", email="khach.route@example.vn")
    exhibitor = users["exhibitor"]
    if exhibitor.organisation is None:
        exhibitor.organisation = make_org("Công ty CP Điện tử Route")
        db.session.commit()
    from techfest.registration import services

    staff = services.register_booth_staff(exhibitor, edition, exhibitor.organisation,
                                          {"name": "Trần Thị Gian Hàng", "email": "staff.route@example.vn"},
                                          notify_attendee=False)
    job = BadgeJob(edition_id=edition.id, status=JobStatus.DONE, total=1, progress=1, filters={})
    db.session.add(job)
    db.session.commit()
    return {"reg_id": visitor.id, "reg_code": visitor.access_code, "reg_job_id": job.id, "staff_id": staff.id}
