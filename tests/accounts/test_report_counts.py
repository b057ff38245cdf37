"""The organisation counts the reports read from accounts (accounts.services), given ids or the
statement submissions.services.exhibitor_ids(edition) selecting them."""
from techfest.accounts import services
from techfest.accounts.models import OrganisationType
from techfest.submissions.services import exhibitor_ids
from tests.factories import make_edition, make_org
from tests.submissions.factories import make_product


def test_organisations_by_type_and_country_from_a_list_of_ids(app):
    orgs = [make_org("Công ty Khởi nghiệp Sao Biển", type="startup"),
            make_org("Công ty CP Cơ khí Hải Phòng"),
            make_org("Công ty TNHH Cảng thông minh Incheon", country="KR"),
            make_org("Đại học Quốc gia Chungnam", type="university", country="KR"),
            make_org("Trường Đại học Hàng hải Việt Nam", type="university")]
    left_out = make_org("Viện Nghiên cứu Hải sản", type="research_institute", country="JP")
    ids = [o.id for o in orgs]
    assert services.organisation_counts_by_type(ids) == {
        OrganisationType.STARTUP: 1, OrganisationType.COMPANY: 2, OrganisationType.UNIVERSITY: 2}
    assert services.organisation_counts_by_country(ids) == [("VN", 3), ("KR", 2)]   # most organisations first
    assert services.organisation_counts_by_country([left_out.id]) == [("JP", 1)]
    assert services.organisation_counts_by_type([]) == {}


def test_each_exhibitor_counts_once_whatever_its_number_of_products(app):
    edition = make_edition()
    sao_bien = make_org("Công ty Khởi nghiệp Sao Biển", type="startup")
    chungnam = make_org("Đại học Quốc gia Chungnam", type="university", country="KR")
    not_shown = make_org("Công ty CP Cơ khí Hải Phòng")
    for title in ("Robot hàn tự động", "Máy CNC cắt plasma", "Cảm biến độ mặn"):
        make_product(edition, sao_bien, "accepted", None, title)
    make_product(edition, chungnam, "confirmed", None, "Nhà kính IoT")
    make_product(edition, not_shown, "rejected", None, "Băng tải thông minh")
    shown = exhibitor_ids(edition)
    assert services.organisation_counts_by_type(shown) == {OrganisationType.STARTUP: 1,
                                                           OrganisationType.UNIVERSITY: 1}
    assert services.organisation_counts_by_country(shown) == [("KR", 1), ("VN", 1)]   # a tie: by country code
