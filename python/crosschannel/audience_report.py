"""How well an intent audience of mart_audiences recovers the generator's truth of intenders.

truth/intents.csv gives each person's latest intent (a product view or lead start) and latest
conversion, on any of their cookies. At the audience's end of data T (mart_audiences.as_of_at) and
window W (audience_rules.window_days), a person is a true intender without conversion when their
latest intent is after T - W and after their latest conversion.

Every member of the audience (all rows, whatever consent says: consent is a filter on top) stands
for one person: a cookie for the person the truth gives it, a customer for the person most of its
records and cookies belong to (ties: the smallest person_id). Precision is the share of members
whose person is a true intender; recall the share of true intenders with at least one member.

Each miss is explained. A member whose person is not a true intender either converted since the
research through something the build does not tie to that member (`conversion_not_tied`: a store
purchase after research on an anonymous cookie, an order left without a customer), or stands for
research the truth gives another person (`research_of_another_person`: a merge, a shared cookie).
A true intender without a member either has no research the build kept in the window
(`research_not_staged`: quarantined events or products) or has a conversion the build ties to
them after it (`converted_per_build`: another person's order on a merged customer).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from crosschannel.identity_report import TRUTH_RECORD_TYPES_SQL


@dataclass(frozen=True)
class AudienceReport:
    audience_name: str
    window_days: int
    members: int
    correct_members: int
    true_intenders: int
    found_intenders: int
    false_members_by_reason: tuple[tuple[str, int], ...]
    missed_intenders_by_reason: tuple[tuple[str, int], ...]

    @property
    def precision(self) -> float:
        return self.correct_members / self.members if self.members else 1.0

    @property
    def recall(self) -> float:
        return self.found_intenders / self.true_intenders if self.true_intenders else 1.0


def audience_report(database_path: Path, truth_dir: Path, audience_name: str = "retargeting") -> AudienceReport:
    """Score the members of one intent audience of a built database against truth_dir/intents.csv."""
    intents_file, identity_file = truth_dir / "intents.csv", truth_dir / "identity.csv"
    for path in (intents_file, identity_file):
        if not path.is_file():
            raise FileNotFoundError(f"no ground truth at {path}")
    if not database_path.is_file():
        raise FileNotFoundError(f"no built database at {database_path}")
    with duckdb.connect(str(database_path), read_only=True) as con:
        rule = con.execute(
            "select window_days from reference.audience_rules where audience_name = ? and window_days is not null",
            [audience_name],
        ).fetchone()
        if rule is None:
            raise ValueError(f"no intent audience named {audience_name!r} in reference.audience_rules")
        window_days = int(rule[0])
        con.execute(
            """
            create temp table truth_identity as
            select record_type, record_id, person_id from read_csv(?, all_varchar = true)
            """,
            [str(identity_file)],
        )
        con.execute(
            """
            create temp table true_intenders as
            with
            as_of as (select max(as_of_at) as as_of_at from marts.mart_audiences),
            intents as (
                select
                    person_id,
                    cast(last_intent_at_utc as timestamp) as last_intent_at,
                    cast(nullif(last_conversion_at_utc, '') as timestamp) as last_conversion_at
                from read_csv(?, all_varchar = true)
            )
            select intents.person_id
            from intents
            cross join as_of
            where
                intents.last_intent_at > as_of.as_of_at - to_days(?)
                and (intents.last_conversion_at is null or intents.last_intent_at > intents.last_conversion_at)
            """,
            [str(intents_file), window_days],
        )
        con.execute(
            f"""
            create temp table member_persons as
            with
            record_types (record_type, source_system) as (values {TRUTH_RECORD_TYPES_SQL}),
            members as (
                select distinct member_type, member_id
                from marts.mart_audiences
                where audience_name = ?
            ),
            customer_persons as (
                select records.customer_id, truth_identity.person_id
                from marts.dim_customer_source_records as records
                inner join record_types on records.source_system = record_types.source_system
                inner join truth_identity
                    on records.source_record_id = truth_identity.record_id
                    and truth_identity.record_type = record_types.record_type
                union all
                select cookies.customer_id, truth_identity.person_id
                from marts.dim_customer_cookies as cookies
                inner join truth_identity
                    on truth_identity.record_type = 'cookie' and cookies.cookie_id = truth_identity.record_id
            ),
            customer_votes as (
                select
                    customer_id,
                    person_id,
                    row_number() over (partition by customer_id order by count(*) desc, person_id) as vote_rank
                from customer_persons
                group by customer_id, person_id
            ),
            customer_majority as (
                select customer_id, person_id from customer_votes where vote_rank = 1
            )
            select
                members.member_type,
                members.member_id,
                coalesce(cookie_truth.person_id, customer_majority.person_id) as person_id
            from members
            left join truth_identity as cookie_truth
                on members.member_type = 'cookie'
                and cookie_truth.record_type = 'cookie'
                and members.member_id = cookie_truth.record_id
            left join customer_majority
                on members.member_type = 'customer' and members.member_id = customer_majority.customer_id
            """,
            [audience_name],
        )
        counts = con.execute(
            """
            select
                (select count(*) from member_persons),
                (select count(*) from member_persons inner join true_intenders using (person_id)),
                (select count(*) from true_intenders),
                (select count(*) from true_intenders
                 where person_id in (select person_id from member_persons))
            """
        ).fetchone()
        assert counts is not None
        false_members = con.execute(
            """
            with intents as (
                select person_id, last_intent_at_utc, nullif(last_conversion_at_utc, '') as last_conversion_at_utc
                from read_csv(?, all_varchar = true)
            )
            select
                case
                    when intents.last_conversion_at_utc >= intents.last_intent_at_utc then 'conversion_not_tied'
                    else 'research_of_another_person'
                end as reason,
                count(*)
            from member_persons
            left join intents using (person_id)
            where member_persons.person_id not in (select person_id from true_intenders)
               or member_persons.person_id is null
            group by reason
            order by reason
            """,
            [str(intents_file)],
        ).fetchall()
        missed = con.execute(
            """
            with
            as_of as (select max(as_of_at) as as_of_at from marts.mart_audiences),
            missed as (
                select person_id from true_intenders
                where person_id not in (select person_id from member_persons where person_id is not null)
            ),
            staged_research as (
                select distinct truth_identity.person_id
                from intermediate.int_web__sessionized_events as events
                inner join intermediate.int_web__sessions as sessions on events.session_id = sessions.session_id
                inner join staging.stg_sales__products as products on events.product_id = products.product_id
                inner join truth_identity
                    on truth_identity.record_type = 'cookie' and sessions.cookie_id = truth_identity.record_id
                cross join as_of
                where events.event_type in ('product_view', 'lead_start')
                    and events.event_at > as_of.as_of_at - to_days(?)
            )
            select
                case when staged_research.person_id is null then 'research_not_staged' else 'converted_per_build' end
                    as reason,
                count(*)
            from missed
            left join staged_research using (person_id)
            group by reason
            order by reason
            """,
            [window_days],
        ).fetchall()
    return AudienceReport(
        audience_name=audience_name,
        window_days=window_days,
        members=int(counts[0]),
        correct_members=int(counts[1]),
        true_intenders=int(counts[2]),
        found_intenders=int(counts[3]),
        false_members_by_reason=tuple((str(reason), int(n)) for reason, n in false_members),
        missed_intenders_by_reason=tuple((str(reason), int(n)) for reason, n in missed),
    )
