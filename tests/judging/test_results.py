"""The ranking through the whole stack (normalization, ties, drafts), awards, publishing, the
public page, certificates, CSV and the audit of award decisions."""
import csv
import io
import unicodedata

import pytest

from techfest.core.db import db
from techfest.core.errors import Conflict, InvalidTransition, ValidationFailed
from techfest.judging import results, services
from techfest.judging.models import Assignment, AuditAction, AuditEntry, Award
from tests.factories import make_org
from tests.judging.conftest import login
from tests.judging.factories import make_accepted_product, make_judge, make_round, open_scoring, submit


def one_criterion_round(scene, **data):
    rnd = services.create_round(scene.organizer, scene.edition,
                                {"name": "Vòng chung khảo", "category_ids": [scene.categories[0].id], **data},
                                default_rubric=False)
    services.add_criterion(scene.organizer, scene.edition, rnd,
                           {"name": "Đánh giá chung", "key": "overall", "weight": 100, "min_value": 1,
                            "max_value": 10})
    return rnd


@pytest.fixture
def harsh_case(scene):
    """True quality A=8 > B=7 > C=6 > D=5 > E=4; judges f1, f2 fair, h three points harsher.
    h judges A and D, so a plain average sinks A below B and D below E."""
    ed, org = scene.edition, scene.organizer
    cat = scene.categories[0]
    products = {name: make_accepted_product(ed, make_org(f"Công ty Thử nghiệm {name}"), cat,
                                            title=f"Sản phẩm {name}") for name in "ABCDE"}
    judges = {name: make_judge(ed, f"Giám khảo {name}", email=f"{name}@giamkhao.vn") for name in ("h", "f1", "f2")}
    table = {("h", "A"): 5, ("f1", "A"): 8, ("f1", "B"): 7, ("f2", "B"): 7, ("f1", "C"): 6, ("f2", "C"): 6,
             ("h", "D"): 2, ("f2", "D"): 5, ("f1", "E"): 4, ("f2", "E"): 4}
    # the scene's own mechanical products are left out of this round
    rnd = services.create_round(org, ed, {"name": "Vòng chung khảo"}, default_rubric=False)
    services.add_criterion(org, ed, rnd, {"name": "Đánh giá chung", "key": "overall", "weight": 100,
                                          "min_value": 1, "max_value": 10})
    keep = {p.id for p in products.values()}
    for (j, p), _v in table.items():
        db.session.add(Assignment(round_id=rnd.id, judge_id=judges[j].id, product_id=products[p].id))
    db.session.commit()
    open_scoring(ed, rnd, org)
    for (j, p), v in table.items():
        submit(ed, rnd, judges[j], products[p], {"overall": v})
    return rnd, products, keep


def order(st, keep):
    rows = [r for b in st.blocks for r in b.rows if r.product.id in keep]
    return [r.product.title[-1] for r in sorted(rows, key=lambda r: -r.score)]


def test_normalization_keeps_a_harsh_judge_from_sinking_a_product(scene, harsh_case):
    rnd, products, keep = harsh_case
    st = results.round_standings(scene.edition, rnd)
    assert st.provisional and st.method == "normalized"
    assert order(st, keep) == ["A", "B", "C", "D", "E"]
    services.update_round(scene.organizer, scene.edition, rnd, {"method": "mean"})
    assert order(results.round_standings(scene.edition, rnd), keep) == ["B", "A", "C", "E", "D"]


def test_equal_scores_share_a_rank_and_drafts_do_not_count(scene):
    from techfest.judging import scoring

    ed, org = scene.edition, scene.organizer
    agri = [p for p in scene.products if p.category_id == scene.categories[1].id]
    rnd = make_round(ed, org, categories=[scene.categories[1]], judges_per_product=3, method="mean")
    services.assign_judges(org, ed, rnd)
    open_scoring(ed, rnd, org)
    judges = {j.id: j for j in scene.judges}
    value = {agri[0].id: 8, agri[1].id: 8, agri[2].id: 5}
    for s in db.session.scalars(db.select(Assignment).where(Assignment.round_id == rnd.id)).all():
        submit(ed, rnd, judges[s.judge_id], next(p for p in agri if p.id == s.product_id), value[s.product_id])
    # a fourth judge leaves a harsh draft on the first product: it does not count until submitted
    assigned = {s.judge_id for s in db.session.scalars(db.select(Assignment).where(
        Assignment.round_id == rnd.id, Assignment.product_id == agri[0].id))}
    extra = next(j for j in scene.judges if j.id not in assigned and j.organisation_id != agri[0].organisation_id)
    services.add_assignment(org, ed, rnd, agri[0].id, extra.id, force=True)
    scoring.save_sheet(extra, ed, rnd, agri[0].id, {c.key: 1 for c in rnd.criteria}, "")
    st = results.round_standings(ed, rnd)
    rows = st.blocks[0].rows
    assert sorted((r.product.id, r.rank, r.score) for r in rows) == [
        (agri[0].id, 1, 8.0), (agri[1].id, 1, 8.0), (agri[2].id, 3, 5.0)]
    assert st.sheets_open == 1 and all(r.judges == 3 for r in rows)
    scoring.save_sheet(extra, ed, rnd, agri[0].id, {c.key: 1 for c in rnd.criteria}, "", submit=True)
    rows = results.round_standings(ed, rnd).blocks[0].rows
    assert [(r.product.id, r.rank) for r in rows][0] == (agri[1].id, 1)
    assert next(r for r in rows if r.product.id == agri[0].id).judges == 4


def closed_round(scene, **data):
    """All six products judged by 3 judges with distinct, consistent scores, scoring closed."""
    ed, org = scene.edition, scene.organizer
    rnd = make_round(ed, org, categories=scene.categories, judges_per_product=3, **data)
    services.assign_judges(org, ed, rnd)
    open_scoring(ed, rnd, org)
    judges = {j.id: j for j in scene.judges}
    products = {p.id: p for p in scene.products}
    quality = {p.id: 9 - i for i, p in enumerate(scene.products)}       # 9, 8, 7 | 6, 5, 4
    for s in db.session.scalars(db.select(Assignment).where(Assignment.round_id == rnd.id)).all():
        submit(ed, rnd, judges[s.judge_id], products[s.product_id], quality[s.product_id])
    services.transition_round(org, ed, rnd, "closed")
    return rnd


def test_awards_follow_the_rules_and_are_audited(scene):
    ed, org = scene.edition, scene.organizer
    rnd = closed_round(scene)
    p = scene.products
    gold = results.grant_award(org, ed, rnd, p[0].id, "gold", citation="Giải pháp đột phá cho đóng tàu.")
    with pytest.raises(Conflict, match="already has a gold award: revoke"):
        results.grant_award(org, ed, rnd, p[1].id, "gold")
    with pytest.raises(Conflict, match="already has a medal \\(gold award\\)"):
        results.grant_award(org, ed, rnd, p[0].id, "silver")
    results.grant_award(org, ed, rnd, p[3].id, "gold")                 # another category: fine
    with pytest.raises(ValidationFailed) as exc:
        results.grant_award(org, ed, rnd, p[2].id, "special")
    assert "prize_name" in exc.value.fields
    results.grant_award(org, ed, rnd, p[0].id, "special", prize_name="Giải Sản phẩm vì cộng đồng")
    results.revoke_award(org, ed, rnd, gold.id)
    log = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action.in_(
        [AuditAction.AWARD_GRANTED, AuditAction.AWARD_REVOKED])).order_by(AuditEntry.id)).all()
    assert [(e.action, e.product_id, e.actor_id) for e in log] == [
        (AuditAction.AWARD_GRANTED, p[0].id, org.id), (AuditAction.AWARD_GRANTED, p[3].id, org.id),
        (AuditAction.AWARD_GRANTED, p[0].id, org.id), (AuditAction.AWARD_REVOKED, p[0].id, org.id)]
    assert "special: Giải Sản phẩm vì cộng đồng" in log[2].new_value


def test_awards_wait_for_scoring_to_close(scene):
    ed, org = scene.edition, scene.organizer
    rnd = make_round(ed, org, categories=scene.categories)
    with pytest.raises(InvalidTransition):
        results.grant_award(org, ed, rnd, scene.products[0].id, "gold")


def test_clear_places_are_awarded_and_contested_ones_left_to_the_jury(scene):
    ed, org = scene.edition, scene.organizer
    rnd = closed_round(scene)
    st = results.round_standings(ed, rnd)
    assert not st.provisional
    n = results.award_clear_places(org, ed, rnd)
    awards = {a.product_id: a.kind for a in results.awards_for(rnd)}
    flagged = {r.product.id for b in st.blocks for r in b.rows if r.flagged}
    assert n == len(awards) and not (set(awards) & flagged)
    for b in st.blocks:       # every unflagged podium place got its medal, in rank order
        for place, r in enumerate(b.rows[:3], start=1):
            if not r.flagged:
                assert awards[r.product.id] == ["gold", "silver", "bronze"][place - 1]


def test_published_results_page_certificates_and_csv(scene, client, browser):
    ed, org = scene.edition, scene.organizer
    rnd = closed_round(scene)
    winner = scene.products[0]
    award = results.grant_award(org, ed, rnd, winner.id, "gold", citation="Giải pháp đột phá cho đóng tàu.")
    results.grant_award(org, ed, rnd, scene.products[4].id, "special", prize_name="Giải Hợp tác quốc tế",
                        prize_name_en="International cooperation prize")
    public = f"/editions/hp/awards/{rnd.slug}"
    assert client.get(public).status_code == 404                      # not published yet
    assert client.get(f"{public}/{award.code}.pdf").status_code == 404
    assert client.get(f"/api/v1/editions/hp/judging/rounds/{rnd.slug}/results").status_code == 404
    services.transition_round(org, ed, rnd, "published")
    html = client.get(public + "?lang=en").get_data(as_text=True)
    assert winner.title in html and winner.organisation.name in html and "Gold award" in html
    assert "International cooperation prize" in html
    assert "Giải Hợp tác quốc tế" in client.get(public + "?lang=vi").get_data(as_text=True)
    assert scene.products[1].title not in html                        # not awarded: not on the page
    api = client.get(f"/api/v1/editions/hp/judging/rounds/{rnd.slug}/results").json
    assert {(a["kind"], a["product"]["id"]) for a in api["awards"]} == {("gold", winner.id),
                                                                        ("special", scene.products[4].id)}
    assert api["awards"][0]["certificate"].endswith(f"/{award.code}.pdf")
    # the certificate: a PDF whose text keeps every Vietnamese mark, fonts embedded
    resp = client.get(f"{public}/{award.code}.pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(resp.data))
    assert len(reader.pages) == 1
    text = unicodedata.normalize("NFC", reader.pages[0].extract_text())
    for expected in (winner.title, winner.organisation.name, "Cơ khí chế tạo", "Hải Phòng, ngày 27 tháng 11 năm 2026",
                     "Giải pháp đột phá cho đóng tàu.", award.code):
        assert expected in text, expected
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert fonts and all("Techfest" in f or "Noto" in f for f in fonts)
    for f in reader.pages[0]["/Resources"]["/Font"].values():
        descendant = f.get_object().get("/DescendantFonts")
        desc = (descendant[0].get_object() if descendant else f.get_object())["/FontDescriptor"]
        assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    # organizers: every certificate in one PDF, one page per winner, and the CSV exports
    login(browser, org)
    all_pdf = browser.get(f"/editions/hp/manage/judging/rounds/{rnd.slug}/certificates.pdf")
    assert len(PdfReader(io.BytesIO(all_pdf.data)).pages) == 2
    data = browser.get(f"/editions/hp/manage/judging/rounds/{rnd.slug}/export/results.csv").data
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Category", "Rank", "Product"]
    line = next(r for r in rows if r[2] == winner.title)
    assert (line[0], line[1], line[8]) == ("Mechanical engineering", "1", "3") and "Gold award" in line[10]
    scores = browser.get(f"/editions/hp/manage/judging/rounds/{rnd.slug}/export/scores.csv").data.decode("utf-8-sig")
    assert "innovation" in scores.splitlines()[0] and scene.judges[1].name in scores
    assert browser.get(f"/editions/hp/manage/judging/rounds/{rnd.slug}/export/other.csv").status_code == 404


def test_withdrawing_the_publication_takes_the_page_down(scene, client):
    ed, org = scene.edition, scene.organizer
    rnd = closed_round(scene)
    results.grant_award(org, ed, rnd, scene.products[0].id, "gold")
    services.transition_round(org, ed, rnd, "published")
    assert client.get(f"/editions/hp/awards/{rnd.slug}").status_code == 200
    with pytest.raises(InvalidTransition):
        results.grant_award(org, ed, rnd, scene.products[1].id, "silver")
    services.transition_round(org, ed, rnd, "closed")
    assert client.get(f"/editions/hp/awards/{rnd.slug}").status_code == 404
    assert db.session.scalar(db.select(db.func.count()).select_from(Award)) == 1


def test_organizer_results_page_shows_intervals_judges_and_flags(scene, browser):
    rnd = closed_round(scene, podium=2)
    login(browser, scene.organizer)
    html = browser.get(f"/editions/hp/manage/judging/rounds/{rnd.slug}/results").get_data(as_text=True)
    st = results.round_standings(scene.edition, rnd)
    for block in st.blocks:
        assert block.category.name_en in html
        assert f"Award line: {block.line:.2f}" in html
        for r in block.rows:
            assert r.product.title in html and f"{r.low:.2f}–{r.high:.2f}" in html
    assert html.count('class="tf-interval"') == 6
    assert html.count(">check<") == sum(b.flagged for b in st.blocks)
