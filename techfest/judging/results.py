"""Results: the ranking per category (live while scoring, stored at closing), judges'
progress, awards, the public results, certificates' data and CSV exports."""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from techfest.core.db import db, utcnow
from techfest.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from techfest.core.search import fold

from . import ranking, standings, workflow
from .models import MEDALS, Assignment, AuditAction, Award, AwardKind, JudgingRound, RoundResult, Score, SheetStatus
from .services.common import (_, _audit, _lock_round, _round_product, booth_codes, categories_of, edition_judges,
                              eligible_products, products_by_ids)
from .services.rounds import get_round, rounds_for
from .workflow import RoundStatus

logger = logging.getLogger(__name__)

BOOTSTRAP = 200              # resamples of the ranking's intervals (deterministic: seed 0)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


# --- ranking ---------------------------------------------------------------------------------

@dataclass
class StandingRow:
    product: Any
    booth: str | None
    rank: int
    score: float
    low: float
    high: float
    judges: int
    flagged: bool
    awards: list[Award] = field(default_factory=list)


@dataclass
class CategoryBlock:
    category: Any                       # Category or None
    line: float | None
    rows: list[StandingRow]
    unscored: list[Any]                 # products without a submitted sheet

    @property
    def flagged(self) -> int:
        return sum(1 for r in self.rows if r.flagged)


@dataclass
class RoundStandings:
    round: JudgingRound
    provisional: bool                   # computed live (scoring still open) or stored at closing
    method: str
    interval: str
    blocks: list[CategoryBlock]
    judges: int                         # judges with at least one submitted sheet
    sheets_submitted: int
    sheets_open: int                    # assigned sheets not submitted (not counted)
    lo: float
    hi: float

    @property
    def products_ranked(self) -> int:
        return sum(len(b.rows) for b in self.blocks)


def _ranking_inputs(rnd: JudgingRound, product_ids: set[int]) -> tuple[list, list, int]:
    criteria = [ranking.Criterion(c.key, float(c.weight), float(c.min_value), float(c.max_value))
                for c in rnd.criteria]
    key_of = {c.id: c.key for c in rnd.criteria}
    rows = db.session.execute(
        select(Score.judge_id, Score.product_id, Score.criterion_id, Score.value)
        .join(Assignment, Assignment.id == Score.assignment_id)
        .where(Assignment.round_id == rnd.id, Assignment.status == SheetStatus.SUBMITTED)).all()
    scores = [ranking.Score(str(j), str(p), key_of[c], float(v)) for j, p, c, v in rows
              if p in product_ids and c in key_of]
    return criteria, scores, len({s.judge for s in scores})


def compute_ranking(edition, rnd: JudgingRound, *, bootstrap: int = BOOTSTRAP):
    """Rank the round's products from submitted sheets (whole round at once, so judges are
    calibrated over all their products). Returns (RankingResult, products by id, judges)."""
    products = eligible_products(edition, rnd)
    by_id = {p.id: p for p in products}
    criteria, scores, judges = _ranking_inputs(rnd, set(by_id))
    if not criteria:
        return None, by_id, 0
    try:
        result = ranking.rank(criteria, scores, str(rnd.method), bootstrap=bootstrap, seed=0)
    except ranking.InvalidInput as exc:  # pragma: no cover - the database constraints prevent it
        logger.error("ranking of round %s refused its input: %s", rnd.id, exc)
        raise Conflict(_("The scores of this round cannot be ranked: %(error)s", error=str(exc))) from None
    return result, by_id, judges


def _scale(rnd: JudgingRound) -> tuple[float, float]:
    total = sum(c.weight for c in rnd.criteria) or 1
    lo = sum(c.weight * c.min_value for c in rnd.criteria) / total
    hi = sum(c.weight * c.max_value for c in rnd.criteria) / total
    return lo, hi


def _sheet_counts(rnd: JudgingRound, product_ids: set[int]) -> tuple[int, int]:
    rows = db.session.execute(select(Assignment.product_id, Assignment.status)
                              .where(Assignment.round_id == rnd.id)).all()
    submitted = sum(1 for p, s in rows if p in product_ids and s == SheetStatus.SUBMITTED)
    return submitted, sum(1 for p, _s in rows if p in product_ids) - submitted


def store_results(edition, rnd: JudgingRound) -> None:
    """Store the ranking at closing (joins the caller's transaction)."""
    db.session.execute(delete(RoundResult).where(RoundResult.round_id == rnd.id))
    result, by_id, _judges = compute_ranking(edition, rnd)
    if result is None:
        rnd.ranking_note = ""
        return
    rows = [standings.Ranked(r.product, r.score, r.low, r.high, r.judges) for r in result.ranking]
    category_of = {str(pid): (str(p.category_id) if p.category_id else None) for pid, p in by_id.items()}
    for cat, block in standings.by_category(rows, category_of, rnd.podium).items():
        for s in block.rows:
            db.session.add(RoundResult(round_id=rnd.id, product_id=int(s.product),
                                       category_id=int(cat) if cat else None, rank=s.rank, score=s.score,
                                       low=s.low, high=s.high, judges=s.judges, flagged=s.flagged, line=block.line))
    note = result.interval
    if result.components and result.components > 1:
        note += f"; {result.components} components"
    rnd.ranking_note = note[:300]
    db.session.flush()


def round_standings(edition, rnd: JudgingRound) -> RoundStandings:
    """The ranking per category: stored at closing (closed/published rounds), else live."""
    products = eligible_products(edition, rnd)
    by_id = {p.id: p for p in products}
    codes = booth_codes(edition, products)
    awards: dict[int, list[Award]] = {}
    for a in awards_for(rnd):
        awards.setdefault(a.product_id, []).append(a)
    lo, hi = _scale(rnd)
    submitted, open_sheets = _sheet_counts(rnd, set(by_id))
    raw: dict[int | None, tuple[float | None, list[StandingRow]]] = {}
    if rnd.status in (RoundStatus.CLOSED, RoundStatus.PUBLISHED):
        provisional = False
        stored = list(db.session.scalars(select(RoundResult).where(RoundResult.round_id == rnd.id)
                                         .order_by(RoundResult.category_id, RoundResult.rank, RoundResult.product_id)))
        extra = products_by_ids(r.product_id for r in stored if r.product_id not in by_id)
        for r in stored:
            product = by_id.get(r.product_id) or extra.get(r.product_id)
            if product is None:
                continue
            line, items = raw.setdefault(r.category_id, (r.line, []))
            items.append(StandingRow(product, codes.get(r.product_id, getattr(product, "booth_code", None)), r.rank,
                                     r.score, r.low, r.high, r.judges, r.flagged, awards.get(r.product_id, [])))
        judges = len(set(db.session.scalars(select(Assignment.judge_id).where(
            Assignment.round_id == rnd.id, Assignment.status == SheetStatus.SUBMITTED))))
        method, interval = str(rnd.method), rnd.ranking_note
    else:
        provisional = True
        result, _by_id, judges = compute_ranking(edition, rnd)
        method = str(rnd.method)
        interval = result.interval if result else ""
        if result is not None:
            rows = [standings.Ranked(r.product, r.score, r.low, r.high, r.judges) for r in result.ranking]
            category_of = {str(pid): (str(p.category_id) if p.category_id else None) for pid, p in by_id.items()}
            for cat, block in standings.by_category(rows, category_of, rnd.podium).items():
                cid = int(cat) if cat else None
                raw[cid] = (block.line, [StandingRow(by_id[int(s.product)], codes.get(int(s.product)), s.rank,
                                                     s.score, s.low, s.high, s.judges, s.flagged,
                                                     awards.get(int(s.product), [])) for s in block.rows])
    ranked_ids = {row.product.id for _line, rows in raw.values() for row in rows}
    categories = {c.id: c for c in categories_of(edition)}
    wanted = rnd.category_ids or {p.category_id for p in products}
    blocks = []
    for cid in sorted(set(raw) | {c for c in wanted}, key=lambda c: (
            categories[c].position if c in categories else 10 ** 6, categories[c].name if c in categories else "",
            c or 0)):
        line, rows = raw.get(cid, (None, []))
        unscored = sorted((p for p in products if p.category_id == cid and p.id not in ranked_ids),
                          key=lambda p: (p.title_folded, p.id))
        if rows or unscored or cid in (rnd.category_ids or set()):
            blocks.append(CategoryBlock(categories.get(cid), line, rows, unscored))
    return RoundStandings(rnd, provisional, method, interval, blocks, judges, submitted, open_sheets, lo, hi)


# --- progress --------------------------------------------------------------------------------

@dataclass
class JudgeProgress:
    judge: Any
    assigned: int
    submitted: int
    drafts: int


def round_progress(edition, rnd: JudgingRound) -> list[JudgeProgress]:
    judges = {j.id: j for j in edition_judges(edition)}
    counts: dict[int, list[int]] = {}
    for judge_id, status in db.session.execute(select(Assignment.judge_id, Assignment.status)
                                               .where(Assignment.round_id == rnd.id)):
        c = counts.setdefault(judge_id, [0, 0, 0])
        c[0] += 1
        c[1] += status == SheetStatus.SUBMITTED
        c[2] += status == SheetStatus.DRAFT
    from techfest.accounts.models import User

    extra = {jid: db.session.get(User, jid) for jid in set(counts) - set(judges)}
    people = {**extra, **judges}
    return [JudgeProgress(people[jid], *counts.get(jid, [0, 0, 0]))
            for jid in sorted(people, key=lambda i: (people[i].name_folded, i))]


# --- awards ----------------------------------------------------------------------------------

def awards_for(rnd: JudgingRound) -> list[Award]:
    order = {k: i for i, k in enumerate(list(MEDALS) + [AwardKind.SPECIAL])}
    rows = list(db.session.scalars(select(Award).where(Award.round_id == rnd.id)
                                   .options(joinedload(Award.product), joinedload(Award.category))))
    return sorted(rows, key=lambda a: (a.kind == AwardKind.SPECIAL,
                                       a.category.position if a.category else 0, a.category_id or 0,
                                       order[a.kind], a.prize_folded, a.id))


def _award_name(kind) -> str:
    """The award's name for messages (works outside a request, unlike the lazy labels)."""
    return {AwardKind.GOLD: _("gold award"), AwardKind.SILVER: _("silver award"),
            AwardKind.BRONZE: _("bronze award")}.get(kind, _("special prize"))


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(10))


def grant_award(actor, edition, rnd: JudgingRound, product_id, kind: str, *, prize_name: str = "",
                prize_name_en: str = "", citation: str = "") -> Award:
    """Gold/silver/bronze in the product's category (one of each per category, one medal per
    product) or a named special prize. Only while scoring is closed and before publication."""
    if rnd.edition_id != edition.id:
        raise NotFound(_("Judging round not found."))
    rnd = _lock_round(rnd)
    if not workflow.awards_editable(rnd.status):
        raise InvalidTransition(_("Awards are decided after scoring closes and before the results are published."))
    errors: dict[str, list[str]] = {}
    if kind not in AwardKind.__members__.values():
        errors["kind"] = [_("Not a valid choice.")]
    prize_name = (prize_name or "").strip()
    prize_name_en = (prize_name_en or "").strip()
    citation = (citation or "").strip()
    if kind == AwardKind.SPECIAL and not prize_name:
        errors["prize_name"] = [_("Name the special prize.")]
    for key, value, limit in (("prize_name", prize_name, 200), ("prize_name_en", prize_name_en, 200),
                              ("citation", citation, 500)):
        if len(value) > limit:
            errors.setdefault(key, []).append(_("At most %(max)s characters.", max=limit))
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    kind = AwardKind(kind)
    product = _round_product(edition, rnd, product_id)
    if kind in MEDALS:
        ranked = db.session.scalar(select(RoundResult.id).where(RoundResult.round_id == rnd.id,
                                                                RoundResult.product_id == product.id))
        if ranked is None:
            raise Conflict(_("“%(product)s” has no score: it cannot get a medal.", product=product.title))
        if product.category_id is None:
            raise Conflict(_("“%(product)s” has no category.", product=product.title))
        place = db.session.scalar(select(Award).where(Award.round_id == rnd.id, Award.kind == kind,
                                                      Award.category_id == product.category_id))
        if place is not None:
            raise Conflict(_("This category already has a %(award)s: revoke it first.",
                             award=_award_name(place.kind)), {"kind": [_("Already awarded in this category.")]})
        medal = db.session.scalar(select(Award).where(Award.round_id == rnd.id, Award.product_id == product.id,
                                                      Award.kind != AwardKind.SPECIAL))
        if medal is not None:
            raise Conflict(_("“%(product)s” already has a medal (%(award)s).", product=product.title,
                             award=_award_name(medal.kind)), {"kind": [_("This product already has a medal.")]})
        prize_name = prize_name_en = ""
    award = Award(round_id=rnd.id, product_id=product.id, kind=kind,
                  category_id=product.category_id if kind in MEDALS else None,
                  prize_name=prize_name, prize_name_en=prize_name_en, prize_folded=fold(prize_name),
                  citation=citation, code=_new_code(), decided_by_id=getattr(actor, "id", None), created_at=utcnow())
    db.session.add(award)
    _audit(edition, rnd, actor, AuditAction.AWARD_GRANTED, product_id=product.id,
           new=f"{kind}{': ' + prize_name if prize_name else ''}",
           detail=f"{product.title} — {product.organisation.name}")
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("This award was decided meanwhile by someone else; reload the page.")) from None
    logger.info("award %s (%s) granted to product %s in round %s by user %s", award.id, kind, product.id, rnd.id,
                getattr(actor, "id", None))
    return award


def revoke_award(actor, edition, rnd: JudgingRound, award_id) -> None:
    if rnd.edition_id != edition.id:
        raise NotFound(_("Judging round not found."))
    rnd = _lock_round(rnd)
    if not workflow.awards_editable(rnd.status):
        raise InvalidTransition(_("Awards are decided after scoring closes and before the results are published."))
    try:
        award = db.session.scalar(select(Award).where(Award.id == int(award_id), Award.round_id == rnd.id))
    except (TypeError, ValueError):
        award = None
    if award is None:
        raise NotFound(_("Award not found."))
    _audit(edition, rnd, actor, AuditAction.AWARD_REVOKED, product_id=award.product_id,
           old=f"{award.kind}{': ' + award.prize_name if award.prize_name else ''}",
           detail=f"{award.product.title} — code {award.code}")
    db.session.delete(award)
    db.session.commit()
    logger.info("award %s revoked in round %s by user %s", award_id, rnd.id, getattr(actor, "id", None))


def award_clear_places(actor, edition, rnd: JudgingRound) -> int:
    """Grant the medals the ranking decides on its own: for each category, place i goes to the
    product ranked i when it is not tied, not flagged (its interval does not cross the award
    line) and has no medal yet. Contested places are left to the jury. Returns how many."""
    if rnd.edition_id != edition.id:
        raise NotFound(_("Judging round not found."))
    rnd = _lock_round(rnd)
    if not workflow.awards_editable(rnd.status):
        raise InvalidTransition(_("Awards are decided after scoring closes and before the results are published."))
    taken_places = set(db.session.execute(select(Award.category_id, Award.kind).where(
        Award.round_id == rnd.id, Award.kind != AwardKind.SPECIAL)).tuples())
    medalled = set(db.session.scalars(select(Award.product_id).where(Award.round_id == rnd.id,
                                                                    Award.kind != AwardKind.SPECIAL)))
    results = list(db.session.scalars(select(RoundResult).where(RoundResult.round_id == rnd.id)
                                      .order_by(RoundResult.category_id, RoundResult.rank, RoundResult.product_id)))
    by_cat: dict[int | None, list[RoundResult]] = {}
    for r in results:
        by_cat.setdefault(r.category_id, []).append(r)
    products = products_by_ids(r.product_id for r in results)
    granted = 0
    for cid, rows in by_cat.items():
        if cid is None:
            continue
        ranks = [r.rank for r in rows]
        for place, kind in enumerate(MEDALS[:rnd.podium], start=1):
            if place > len(rows) or (cid, kind) in taken_places:
                continue
            row = rows[place - 1]
            tied = ranks.count(row.rank) > 1
            if row.rank != place or tied or row.flagged or row.product_id in medalled:
                continue
            product = products.get(row.product_id)
            award = Award(round_id=rnd.id, product_id=row.product_id, kind=kind, category_id=cid, code=_new_code(),
                          decided_by_id=getattr(actor, "id", None), created_at=utcnow())
            db.session.add(award)
            _audit(edition, rnd, actor, AuditAction.AWARD_GRANTED, product_id=row.product_id, new=str(kind),
                   detail=f"{product.title if product else row.product_id} — clear place {place}")
            medalled.add(row.product_id)
            granted += 1
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("An award was decided meanwhile by someone else; reload the page.")) from None
    logger.info("%s clear places awarded in round %s by user %s", granted, rnd.id, getattr(actor, "id", None))
    return granted


# --- publication -----------------------------------------------------------------------------

def published_rounds(edition) -> list[JudgingRound]:
    return [r for r in rounds_for(edition) if r.status == RoundStatus.PUBLISHED]


def published_round(edition, slug: str) -> JudgingRound:
    rnd = get_round(edition, slug)
    if rnd.status != RoundStatus.PUBLISHED or not edition.is_public:
        raise NotFound(_("Judging round not found."))
    return rnd


@dataclass
class PublicAward:
    award: Award
    product: Any
    booth: str | None
    score: float | None
    rank: int | None


@dataclass
class PublicResults:
    round: JudgingRound
    medals: list[tuple[Any, list[PublicAward]]]     # (category, awards gold→bronze)
    specials: list[PublicAward]
    products_judged: int
    judges: int


def public_results(edition, rnd: JudgingRound) -> PublicResults:
    """What the public results page shows: the awards (with the winners' final scores)."""
    awards = awards_for(rnd)
    results = {r.product_id: r for r in db.session.scalars(select(RoundResult).where(RoundResult.round_id == rnd.id))}
    products = products_by_ids({a.product_id for a in awards})
    codes = booth_codes(edition, products.values())
    medals: dict[int, list[PublicAward]] = {}
    cats: dict[int, Any] = {}
    specials = []
    for a in awards:
        product = products.get(a.product_id, a.product)
        res = results.get(a.product_id)
        item = PublicAward(a, product, codes.get(a.product_id), res.score if res else None, res.rank if res else None)
        if a.kind == AwardKind.SPECIAL:
            specials.append(item)
        else:
            medals.setdefault(a.category_id, []).append(item)
            cats[a.category_id] = a.category
    ordered = sorted(medals, key=lambda c: (cats[c].position if cats[c] else 0, c))
    judges = len(set(db.session.scalars(select(Assignment.judge_id).where(
        Assignment.round_id == rnd.id, Assignment.status == SheetStatus.SUBMITTED))))
    return PublicResults(rnd, [(cats[c], medals[c]) for c in ordered], specials, len(results), judges)


def award_by_code(rnd: JudgingRound, code: str) -> Award:
    award = db.session.scalar(select(Award).where(Award.round_id == rnd.id, Award.code == (code or "")[:16].upper())
                              .options(joinedload(Award.product), joinedload(Award.category)))
    if award is None:
        raise NotFound(_("Certificate not found."))
    return award


# --- exports ---------------------------------------------------------------------------------

def results_table(edition, rnd: JudgingRound, locale: str = "vi") -> tuple[list[str], list[list]]:
    """Header and rows of the results CSV (one row per product, by category and rank)."""
    st = round_standings(edition, rnd)
    header = [_("Category"), _("Rank"), _("Product"), _("Organisation"), _("Booth"), _("Score"), _("Interval low"),
              _("Interval high"), _("Judges"), _("Near the award line"), _("Award"), _("Method")]
    rows = []
    for block in st.blocks:
        cat = block.category.label(locale) if block.category else ""
        for r in block.rows:
            rows.append([cat, r.rank, r.product.display_title(locale), r.product.organisation.name, r.booth or "",
                         f"{r.score:.3f}", f"{r.low:.3f}", f"{r.high:.3f}", r.judges, _("yes") if r.flagged else "",
                         "; ".join(a.display_prize(locale) for a in r.awards), st.method])
        for p in block.unscored:
            rows.append([cat, "", p.display_title(locale), p.organisation.name, "", "", "", "", 0, "", "", st.method])
    return header, rows


def scores_table(edition, rnd: JudgingRound) -> tuple[list[str], list[list]]:
    """Every judge's values, one row per sheet (organizers only: judges never see this)."""
    criteria = list(rnd.criteria)
    header = [_("Judge"), _("Product"), _("Organisation"), _("Status")] + [c.key for c in criteria] + [_("Comment")]
    sheets = list(db.session.scalars(select(Assignment).where(Assignment.round_id == rnd.id)
                                     .options(joinedload(Assignment.judge), selectinload(Assignment.scores))
                                     .order_by(Assignment.judge_id, Assignment.product_id)))
    products = products_by_ids(s.product_id for s in sheets)
    rows = []
    for s in sorted(sheets, key=lambda s: (s.judge.name_folded, products[s.product_id].title_folded
                                           if s.product_id in products else "", s.id)):
        values = {sc.criterion_id: sc.value for sc in s.scores}
        p = products.get(s.product_id)
        rows.append([s.judge.name, p.title if p else s.product_id, p.organisation.name if p else "", s.status_label]
                    + [values.get(c.id, "") for c in criteria] + [s.comment])
    return header, rows


def to_csv(header, rows) -> bytes:
    """UTF-8 with BOM (Excel shows Vietnamese right), CRLF, formula-looking cells neutralised."""
    from techfest.core.csvio import csv_bytes, defuse

    return csv_bytes(header, rows, lambda v: defuse("" if v is None else str(v)))


# --- certificates ----------------------------------------------------------------------------

def _labels(edition) -> dict[str, dict[str, str]]:
    from flask_babel import force_locale
    from flask_babel import gettext as _

    out = {}
    for lang in ("vi", "en"):
        with force_locale(lang):
            out[lang] = {
                "issuer": _("Organizing Committee of %(edition)s", edition=edition.name),
                "title": _("Certificate of award"),
                "awarded_to": _("awarded to the product"),
                "in_round": _("Judging round"),
                "code": _("Verification code"),
                "signature": _("On behalf of the Organizing Committee"),
            }
    return out


def _place_date(edition, lang: str) -> str:
    from babel.dates import format_date
    from flask_babel import force_locale
    from flask_babel import gettext as _

    day = edition.end_date
    pattern = "'ngày' dd 'tháng' MM 'năm' y" if lang == "vi" else "long"
    with force_locale(lang):
        return _("%(city)s, %(date)s", city=edition.city, date=format_date(day, pattern, locale=lang))


def certificate_data(edition, rnd: JudgingRound, awards: list[Award], verify_url: str = "") -> list:
    """One :class:`~.certificates.Certificate` per award (bilingual texts filled in)."""
    from flask_babel import force_locale

    from .certificates import Certificate
    from .models import AWARD_LABELS

    labels = _labels(edition)
    products = products_by_ids(a.product_id for a in awards)
    place_vi, place_en = _place_date(edition, "vi"), _place_date(edition, "en")
    out = []
    for a in awards:
        product = products.get(a.product_id, a.product)
        if a.kind == AwardKind.SPECIAL:
            award_vi, award_en = a.prize_name, a.prize_name_en or a.prize_name
        else:
            with force_locale("vi"):
                award_vi = str(AWARD_LABELS[a.kind])
            with force_locale("en"):
                award_en = str(AWARD_LABELS[a.kind])
        category = a.category
        out.append(Certificate(
            code=a.code, kind=str(a.kind), award_vi=award_vi, award_en=award_en,
            category_vi=category.name if category else "", category_en=(category.name_en or category.name)
            if category else "", product=product.title, product_en=product.title_en or "",
            organisation=product.organisation.name, round_vi=rnd.name, round_en=rnd.name_en or "",
            edition=edition.name, place_date_vi=place_vi, place_date_en=place_en, citation=a.citation,
            verify_url=verify_url, labels=labels))
    return out


def certificates_pdf(edition, rnd: JudgingRound, awards: list[Award], verify_url: str = "") -> bytes:
    from .certificates import render_pdf

    if not awards:
        raise NotFound(_("Certificate not found."))
    return render_pdf(certificate_data(edition, rnd, awards, verify_url), title=f"{rnd.name} — {edition.name}")
