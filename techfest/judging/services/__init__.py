"""Judging use-cases. Each public function that writes is one transaction; the actor and the
edition are explicit; nothing here reads the request.

The pure modules do the thinking: :mod:`..assignment` (who judges what), :mod:`..ranking`
(scores to a defensible ranking with intervals), :mod:`..standings` (per category, award line,
walking order) and :mod:`..workflow` (round statuses). These modules load rows, convert them to
their dataclasses, call them and store or show the result:

* :mod:`.common`: the adapters through which judging reads other domains (products,
  categories, judges, booth codes), the audit log and the round lock;
* :mod:`.rounds`: rounds, their status steps and their rubric;
* :mod:`.judges`: judges' conflicts of interest and expertise, and the scores a judge gave
  (privacy export);
* :mod:`.assignments`: who judges what (the engine, the matrix, changes by hand);
* :mod:`.counts`: aggregate counts other domains read (reports).

The judges' scoring is :mod:`techfest.judging.scoring`; the ranking, awards, publication,
exports and certificates are :mod:`techfest.judging.results`.

The views, the API, other domains and the tests use this package's namespace
(``services.create_round``, ``services.assign_judges``, ...), re-exported below. Code inside
judging imports a name from the module that defines it (``.common``, ``.rounds``...): a test
that patches ``services.<name>`` changes what those outside callers run, not the calls made
between these modules.
"""
from .assignments import (AssignResult, Matrix, MatrixRow, add_assignment, assign_judges, assignment_matrix,
                          remove_assignment, round_assignments)
from .common import (audit_query, booth_codes, categories_of, edition_judges, eligible_products, is_judge,
                     products_by_ids, walking_order)
from .counts import award_counts_by_edition, award_counts_by_kind, participation_counts
from .judges import (JudgeProfile, JudgeScore, conflict_organisations, is_conflicted, judge_profile, scores_of_judge,
                     set_judge_profile)
from .rounds import (DEFAULT_RUBRIC, RANKING_FIELDS, RUBRIC_FIELDS, add_criterion, create_round, delete_criterion,
                     get_criterion, get_round, rounds_for, transition_round, update_criterion, update_round)

__all__ = [
    "AssignResult", "Matrix", "MatrixRow", "add_assignment", "assign_judges", "assignment_matrix", "remove_assignment",
    "round_assignments",
    "audit_query", "booth_codes", "categories_of", "edition_judges", "eligible_products", "is_judge",
    "products_by_ids", "walking_order",
    "award_counts_by_edition", "award_counts_by_kind", "participation_counts",
    "JudgeProfile", "JudgeScore", "conflict_organisations", "is_conflicted", "judge_profile", "scores_of_judge",
    "set_judge_profile",
    "DEFAULT_RUBRIC", "RANKING_FIELDS", "RUBRIC_FIELDS", "add_criterion", "create_round", "delete_criterion",
    "get_criterion", "get_round", "rounds_for", "transition_round", "update_criterion", "update_round",
]
