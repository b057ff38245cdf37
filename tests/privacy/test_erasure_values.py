"""The pure erasure helpers every domain's anonymiser uses."""
from techfest.privacy import erasure


def test_scrub_replaces_every_string_holding_a_personal_value_and_keeps_the_rest():
    personal = erasure.personal_values("Lê Minh Đức", "le.minh.duc@example.vn", "", "An")
    assert personal == {"Lê Minh Đức", "le.minh.duc@example.vn"}   # "" and "An" would match far too much
    answer = {"status": "ok", "registration": {"id": 7, "name": "Lê Minh Đức", "type": "visitor"},
              "notes": ["gửi le.minh.duc@example.vn", "An"]}
    assert erasure.scrub(answer, personal) == {
        "status": "ok", "registration": {"id": 7, "name": "Đã xoá", "type": "visitor"}, "notes": ["Đã xoá", "An"]}


def test_erased_addresses_are_recognised():
    assert erasure.erased_email("erased-7") == "erased-7@invalid.example"
    assert erasure.is_erased_email("erased-7@invalid.example")
    assert not erasure.is_erased_email("an@example.vn") and not erasure.is_erased_email(None)
