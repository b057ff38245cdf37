"""The helpers every domain's pages use: a service's DomainError shown on a form
(core.forms.apply_domain_errors) and the CSV files for Excel (core.csvio.csv_bytes)."""
from flask import get_flashed_messages
from wtforms import HiddenField, StringField

from techfest.core.csvio import csv_bytes, defuse
from techfest.core.errors import Conflict, ValidationFailed
from techfest.core.forms import TechfestForm, apply_domain_errors


class _Form(TechfestForm):
    name = StringField()
    category_id = StringField()
    lock_version = HiddenField()


def _show(app, exc, **options):
    with app.test_request_context("/", method="POST"):
        form = _Form(meta={"csrf": False})
        apply_domain_errors(form, exc, **options)
        return {f.name: list(f.errors) for f in form if f.errors}, get_flashed_messages(with_categories=True)


def test_field_errors_go_under_their_field_translated_by_the_domain(app):
    exc = ValidationFailed("invalid", {"name": ["required"], "category": ["unknown"]})
    shown = _show(app, exc, translate=lambda m: {"required": "Bắt buộc."}.get(m, m), aliases={"category": "category_id"})
    assert shown == ({"name": ["Bắt buộc."], "category_id": ["unknown"]}, [])


def test_an_error_naming_no_field_is_flashed(app):
    assert _show(app, Conflict("the edition is archived")) == ({}, [("danger", "the edition is archived")])
    assert _show(app, Conflict("closed"), message="Đã đóng.") == ({}, [("danger", "Đã đóng.")])


def test_an_error_no_visible_field_can_show_is_not_lost(app):
    stale = Conflict("stale", {"lock_version": ["changed meanwhile"]})
    assert _show(app, stale) == ({}, [("danger", "stale")])
    assert _show(app, stale, flash_unplaced=True) == ({}, [("danger", "changed meanwhile")])
    both = ValidationFailed("invalid", {"name": ["required"], "room": ["no such room"]})
    assert _show(app, both) == ({"name": ["required"]}, [])
    assert _show(app, both, flash_unplaced=True) == ({"name": ["required"]}, [("danger", "no such room")])


def test_csv_has_a_bom_and_crlf_and_each_export_writes_its_cells():
    data = csv_bytes(["Tên", "Ghi chú"], [["Hải Phòng", None], ["=1+1", 'a "b"']])
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig") == 'Tên,Ghi chú\r\nHải Phòng,\r\n=1+1,"a ""b"""\r\n'
    guarded = csv_bytes(["a"], [["=HYPERLINK(1)"], ["-x"], ["ok"]], lambda v: defuse(str(v)))
    assert guarded.decode("utf-8-sig") == "a\r\n'=HYPERLINK(1)\r\n'-x\r\nok\r\n"
