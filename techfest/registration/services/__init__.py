"""Registration use-cases. Each public function is one transaction; the actor is explicit.

Capacity and booth-staff quotas are decided while holding the edition's
:class:`RegistrationSettings` row locked (``SELECT ... FOR UPDATE`` on PostgreSQL), so two
visitors taking the last place at the same moment cannot both get it; the unique
``(edition_id, email)`` constraint is the guard against duplicates.

Other domains call:

* :func:`ensure_speaker_registration` (a speaker confirmed), or :func:`stage_speaker_registration`
  within the forum's own transaction;
* :func:`verify_badge` (check-in: is this scanned token a valid badge?);
* :func:`public_key_info` (the key a scanner needs to verify badges offline);
* :func:`badge_holder`, :func:`badge_public_key`, :func:`active_registrations_matching`,
  :func:`offline_registrations` (the check-in scanner's reads);
* the personal-data functions (privacy).

Modules (everything public is re-exported here, so callers use ``services.<name>``; the modules
call each other directly, so patch a name in the module that uses it):

``settings``       the edition's settings, the lock, capacity and the waiting list
``registering``    field checks, creating or updating the registration of an e-mail, :func:`register`
``management``     organizers: edit, cancel, re-issue, admit; CSV import and export rows
``queries``        the filtered list, one registration by id or access code, counts
``exhibitor_staff`` exhibitors' booth staff within the quota of their booth size
``speakers``       speaker registrations for the forum
``badge_tokens``   the edition's key pair, signing and verifying badge tokens
``checkin_reads``  the check-in scanner's reads (hot path)
``personal_data``  export and anonymisation for privacy
``notifications``  e-mails to attendees
``common``         status shorthands, field limits, other domains' services modules
"""
from __future__ import annotations

from .badge_tokens import (BADGE_INVALID, BADGE_OK, BADGE_REVOKED, BADGE_WRONG_EDITION, BadgeCheck, badge_token,
                           edition_key, public_key_info, token_signer, verify_badge)
from .exhibitor_staff import booth_size_for, booth_staff, booth_staff_quota, get_booth_staff, register_booth_staff
from .checkin_reads import (BadgeHolder, active_registrations_matching, badge_holder, badge_public_key,
                            offline_registrations)
from .common import ACTIVE, CANCELLED, MAX_LENGTHS, WAITLISTED, domain_services
from .counts import active_counts_by_day, active_counts_by_type, active_visitor_counts_by_edition
from .management import (EXPORT_FIELDS, ImportReport, admit_registration, cancel_registration, export_rows,
                         import_registrations, reissue_badge, update_registration)
from .notifications import notify
from .personal_data import (anonymise_registration, identifiable_registrations, is_anonymised,
                            registrations_of_email)
from .queries import (counts_by_status, get_by_access_code, get_registration, get_registration_in,
                      matching_registrations, registrations_query)
from .registering import Outcome, normalize_email, register
from .settings import capacity_summary, edition_days, registration_open, settings_for, update_settings
from .speakers import StagedSpeakerRegistration, ensure_speaker_registration, stage_speaker_registration

__all__ = [
    "ACTIVE", "BADGE_INVALID", "BADGE_OK", "BADGE_REVOKED", "BADGE_WRONG_EDITION", "CANCELLED", "EXPORT_FIELDS",
    "MAX_LENGTHS", "WAITLISTED", "BadgeCheck", "BadgeHolder", "ImportReport", "Outcome", "StagedSpeakerRegistration",
    "active_counts_by_day", "active_counts_by_type", "active_visitor_counts_by_edition",
    "active_registrations_matching", "admit_registration", "anonymise_registration", "badge_holder",
    "badge_public_key", "badge_token", "booth_size_for", "booth_staff", "booth_staff_quota", "cancel_registration",
    "capacity_summary", "counts_by_status", "domain_services", "edition_days", "edition_key",
    "ensure_speaker_registration",
    "export_rows", "get_booth_staff", "get_by_access_code", "get_registration", "get_registration_in",
    "identifiable_registrations", "import_registrations", "is_anonymised", "matching_registrations", "normalize_email",
    "notify", "offline_registrations", "public_key_info", "register", "register_booth_staff", "registration_open",
    "registrations_of_email", "registrations_query", "reissue_badge", "settings_for", "stage_speaker_registration",
    "token_signer", "update_registration", "update_settings", "verify_badge",
]
