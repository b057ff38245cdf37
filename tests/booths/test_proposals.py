"""The allocation from the database: problem built from wishes, settings and locks; the proposal
(diff, rank achieved, unassigned with reason); publish, stale proposals, discard."""
import json

import pytest
from sqlalchemy import func, select

from techfest.booths import allocation, proposals, services
from techfest.booths.models import AllocationRun, BoothAssignment, BoothChange, BoothPreference, ExhibitorTier
from techfest.core.db import db
from techfest.core.errors import Conflict
from techfest.submissions.models import Product
from tests.booths.factories import make_exhibitor_org, make_hall, make_organizer, make_row, make_zone
from tests.booths.test_layout import login_organizer
from tests.factories import make_edition


@pytest.fixture
def fair(app):
    from tests.submissions.factories import make_category

    edition = make_edition(slug="hp", status="live")
    elec = make_category(edition, slug="dien-tu", name="Công nghiệp điện tử")
    hall = make_hall(edition)
    zone_a = make_zone(hall, "Khu điện tử", category=elec)
    zone_b = make_zone(hall, "Khu cơ khí")
    a = make_row(hall, "A", 4, y=2, zone=zone_a)
    b = make_row(hall, "B", 4, y=10, zone=zone_b)
    return edition, hall, zone_a, zone_b, a, b, elec, make_organizer(edition)


def prefer(edition, org, *choices):
    for rank, choice in enumerate(choices, start=1):
        kind, ident = choice
        db.session.add(BoothPreference(edition_id=edition.id, organisation_id=org.id, rank=rank,
                                       **{"booth_id" if kind == "b" else "zone_id": ident}))
    db.session.commit()


def test_problem_is_built_from_wishes_affinity_tiers_locks_and_competitors(fair):
    edition, _hall, zone_a, zone_b, a, b, elec, organizer = fair
    x = make_exhibitor_org(edition, "Công ty X", category=elec)
    y = make_exhibitor_org(edition, "Công ty Y")
    z = make_exhibitor_org(edition, "Công ty Z", size="double")
    prefer(edition, y, ("b", b[1].id), ("z", zone_a.id))
    db.session.add(ExhibitorTier(edition_id=edition.id, organisation_id=y.id, tier="sponsor"))
    db.session.commit()
    services.assign_booth(organizer, edition, a[3].id, x.id, locked=True)
    services.add_competitor_pair(organizer, edition, x.id, y.id)
    services.set_booth_status(organizer, edition, b[3].id, "held")
    problem = proposals.build(edition)["problem"]
    allocation.parse_problem(problem)  # valid for the engine
    ex = {e["id"]: e for e in problem["exhibitors"]}
    assert ex[f"org-{x.id}"]["scores"] == {f"A-0{i}": 30 for i in range(1, 5)}  # affinity only
    # sponsor ×3: B-02 ranked 1st = 100 × 3; zone A ranked 2nd = 80 × 90 % × 3
    assert ex[f"org-{y.id}"]["scores"] == {"B-02": 300, **{f"A-0{i}": 216 for i in range(1, 5)}}
    assert ex[f"org-{z.id}"]["scores"] == {}
    assert ex[f"org-{x.id}"]["avoid"] == [f"org-{y.id}"] or ex[f"org-{y.id}"]["avoid"] == [f"org-{x.id}"]
    assert problem["locks"] == {f"org-{x.id}": "A-04"}
    assert "B-04" not in {bo["id"] for bo in problem["booths"]}  # held
    assert {bo["id"]: bo["neighbors"] for bo in problem["booths"]}["A-02"] == ["A-01", "A-03"]


def test_run_and_publish_a_proposal_through_the_pages(fair, browser):
    edition, _hall, zone_a, _zone_b, a, b, elec, organizer = fair
    x = make_exhibitor_org(edition, "Công ty Điện tử X", category=elec)
    y = make_exhibitor_org(edition, "Công ty Cơ khí Y")
    make_exhibitor_org(edition, "Viện Hải sản W", size="island", needs=("water",))
    prefer(edition, y, ("b", b[2].id))
    prefer(edition, x, ("z", zone_a.id))
    services.assign_booth(organizer, edition, b[0].id, x.id)   # will move
    login_organizer(browser, edition)
    resp = browser.post_form("/editions/hp/manage/booths/allocation", {"time_limit": "5"})
    page = resp.get_data(as_text=True)
    assert "Proposal computed: 2 of 3 exhibitors placed." in page
    assert "optimal (proven)" in page
    assert "No offered booth has this size with these features." in page  # the island exhibitor
    run = db.session.scalar(select(AllocationRun))
    rows = {r["name"]: r for r in run.rows}
    assert (rows["Công ty Điện tử X"]["current"], rows["Công ty Điện tử X"]["change"]) == ("B-01", "moved")
    assert rows["Công ty Điện tử X"]["proposed"].startswith("A-") and rows["Công ty Điện tử X"]["by_zone"]
    assert (rows["Công ty Cơ khí Y"]["proposed"], rows["Công ty Cơ khí Y"]["rank"]) == ("B-03", 1)
    assert rows["Viện Hải sản W"]["reason"] == "no_fitting_booth"
    assert services.booth_for_organisation(edition, x.id) == "B-01"  # nothing applied yet

    resp = browser.post_form(f"/editions/hp/manage/booths/allocation/{run.id}", {},
                             action=f"/editions/hp/manage/booths/allocation/{run.id}/publish")
    page = resp.get_data(as_text=True)
    assert "Proposal published: 1 new, 1 moved, 0 removed, 0 unchanged." in page
    assert services.booth_for_organisation(edition, y.id) == "B-03"
    assert services.booth_for_organisation(edition, x.id) == rows["Công ty Điện tử X"]["proposed"]
    assert db.session.scalar(select(Product.booth_code).where(Product.organisation_id == y.id)) == "B-03"
    actions = [c for c in db.session.scalars(select(BoothChange.action).order_by(BoothChange.id))]
    assert actions[-3:] == ["moved", "assigned", "published"] or actions[-3:] == ["assigned", "moved", "published"]
    db.session.expire_all()
    assert db.session.get(AllocationRun, run.id).status == "published"
    assert services.status_counts(edition) == {"assigned": 2, "available": 6}


def test_a_proposal_goes_stale_when_assignments_change(fair, browser):
    edition, _hall, _za, _zb, a, _b, _elec, organizer = fair
    x = make_exhibitor_org(edition)
    y = make_exhibitor_org(edition)
    run = proposals.run_allocation(organizer, edition)
    services.assign_booth(organizer, edition, a[0].id, x.id)  # a manual change after the run
    login_organizer(browser, edition)
    page = browser.get(f"/editions/hp/manage/booths/allocation/{run.id}").get_data(as_text=True)
    assert "it cannot be published any more" in page
    with pytest.raises(Conflict) as exc:
        proposals.publish_run(organizer, edition, run.id)
    assert exc.value.reason == "out_of_date"
    db.session.expire_all()
    assert db.session.get(AllocationRun, run.id).status == "superseded"
    assert services.booth_for_organisation(edition, y.id) is None


def test_locked_assignments_are_kept_and_others_may_move(fair):
    edition, _hall, zone_a, _zb, a, b, _elec, organizer = fair
    x = make_exhibitor_org(edition, "Nhà tài trợ X")
    y = make_exhibitor_org(edition, "Công ty Y")
    prefer(edition, x, ("b", a[0].id))
    prefer(edition, y, ("b", a[1].id))
    services.assign_booth(organizer, edition, b[0].id, x.id, locked=True)
    services.assign_booth(organizer, edition, b[1].id, y.id)
    run = proposals.run_allocation(organizer, edition)
    proposals.publish_run(organizer, edition, run.id)
    assert services.booth_for_organisation(edition, x.id) == "B-01"  # locked: stays despite its wish
    assert services.booth_for_organisation(edition, y.id) == "A-02"


def test_competitor_pairs_are_respected_by_the_allocation(fair):
    edition, hall, _za, _zb, a, _b, _elec, organizer = fair
    x = make_exhibitor_org(edition)
    y = make_exhibitor_org(edition)
    prefer(edition, x, ("b", a[0].id))
    prefer(edition, y, ("b", a[1].id))
    services.add_competitor_pair(organizer, edition, x.id, y.id)
    run = proposals.run_allocation(organizer, edition)
    got = {r["key"]: r["proposed"] for r in run.rows}
    neighbours = services.neighbours_by_code(services.hall_booths(hall))
    assert got[f"org-{y.id}"] not in neighbours[got[f"org-{x.id}"]]


def test_more_exhibitors_than_booths_names_the_reason(fair, browser):
    edition, _hall, _za, _zb, _a, _b, _elec, organizer = fair
    for i in range(10):
        make_exhibitor_org(edition, f"Công ty {i:02d}")
    run = proposals.run_allocation(organizer, edition)
    assert (run.assigned_count, run.exhibitor_count) == (8, 10)
    reasons = [(r["reason"], r["reason_count"]) for r in run.rows if not r["proposed"]]
    assert reasons == [("all_taken", 8), ("all_taken", 8)]
    login_organizer(browser, edition)
    page = browser.get(f"/editions/hp/manage/booths/allocation/{run.id}?show=unassigned").get_data(as_text=True)
    assert page.count("All 8 fitting booths went to other exhibitors") == 2


def test_discard_and_problem_download(fair, browser):
    edition, _hall, _za, _zb, _a, _b, _elec, organizer = fair
    make_exhibitor_org(edition, "Công ty Trưng bày")
    run = proposals.run_allocation(organizer, edition)
    login_organizer(browser, edition)
    resp = browser.get(f"/editions/hp/manage/booths/allocation/{run.id}/problem.json")
    problem = json.loads(resp.get_data(as_text=True))
    assert allocation.parse_problem(problem).exhibitors[0].id.startswith("org-")
    resp = browser.post_form(f"/editions/hp/manage/booths/allocation/{run.id}", {},
                             action=f"/editions/hp/manage/booths/allocation/{run.id}/discard")
    assert "The proposal has been discarded." in resp.get_data(as_text=True)
    with pytest.raises(Conflict):
        proposals.publish_run(organizer, edition, run.id)
    assert db.session.scalar(select(func.count(BoothAssignment.id))) == 0


def test_settings_form_changes_the_scores(fair, browser):
    edition, _hall, zone_a, _zb, _a, _b, elec, organizer = fair
    x = make_exhibitor_org(edition, category=elec)
    prefer(edition, x, ("z", zone_a.id))
    login_organizer(browser, edition)
    data = {"rank_1": "10", "rank_2": "8", "rank_3": "6", "rank_4": "4", "rank_5": "2", "zone_percent": "50",
            "affinity_bonus": "0", "near_bonus": "0", "tier_sponsor": "300", "tier_international": "200",
            "tier_returning": "150", "tier_standard": "100"}
    resp = browser.post_form("/editions/hp/manage/booths/settings", data)
    assert "The allocation settings have been saved." in resp.get_data(as_text=True)
    scores = proposals.build(edition)["problem"]["exhibitors"][0]["scores"]
    assert set(scores.values()) == {5}  # 10 × 50 %, no category bonus any more
    resp = browser.post_form("/editions/hp/manage/booths/settings", {**data, "rank_1": "", "tier_standard": "5000"})
    assert resp.status_code == 422
    assert services.allocation_config(edition)["rank_scores"][0] == 10


def test_locks_that_no_longer_apply_are_reported_and_publishing_still_works(fair, browser):
    from techfest.submissions.models import Product

    edition, _hall, _za, _zb, a, b, _elec, organizer = fair
    gone = make_exhibitor_org(edition, "Nhà tài trợ rút lui")
    changed = make_exhibitor_org(edition, "Công ty đổi nhu cầu")
    other = make_exhibitor_org(edition, "Công ty khác")
    services.assign_booth(organizer, edition, a[0].id, gone.id, locked=True)
    services.assign_booth(organizer, edition, a[2].id, changed.id, locked=True)
    # afterwards: one withdraws its product, the other now needs water (no booth has it but B-04)
    db.session.execute(Product.__table__.update().where(Product.organisation_id == gone.id).values(status="withdrawn"))
    db.session.execute(Product.__table__.update().where(Product.organisation_id == changed.id).values(needs_water=True))
    db.session.commit()
    from techfest.booths.models import Booth

    db.session.get(Booth, b[3].id).has_water = True
    db.session.commit()
    run = proposals.run_allocation(organizer, edition)
    kinds = {w["kind"]: w for w in run.warnings}
    assert kinds["lock_kept_not_exhibitor"]["booth"] == "A-01"
    assert kinds["lock_dropped"]["organisation"] == "Công ty đổi nhu cầu"
    assert "A-01" not in {bo["id"] for bo in run.problem["booths"]}
    login_organizer(browser, edition)
    page = browser.get(f"/editions/hp/manage/booths/allocation/{run.id}").get_data(as_text=True)
    assert "Booth A-01 stays locked for Nhà tài trợ rút lui" in page
    assert "The lock of Công ty đổi nhu cầu on A-03 was ignored" in page
    proposals.publish_run(organizer, edition, run.id)
    assert services.booth_for_organisation(edition, gone.id) == "A-01"       # untouched
    assert services.booth_for_organisation(edition, changed.id) == "B-04"    # the only booth with water
    assert db.session.scalar(select(BoothAssignment.locked).where(BoothAssignment.organisation_id == changed.id)) is False
    assert services.booth_for_organisation(edition, other.id) is not None
