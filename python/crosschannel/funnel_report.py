"""How well the funnel stages recover the generator's truth, person by person and month by month.

The truth's definition (truth/metadata.json, funnel_stage) is written out again here as an
independent oracle, over the activities the build extracted (intermediate.int_funnel__activities):

- per subject (customer, cookie, audience key), the oracle must give exactly the stage of
  marts.fct_funnel_stages for every month: the seed's rules are the truth's definition;
- per true person (each activity mapped to its person through the truth), the oracle must give
  the stage of truth/funnel_stages.csv for every month, but where the truth counts product views
  of a category the build cannot know: a product whose catalogue row staging quarantined.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

# The truth's definition, one case per stage (ranks 1 aware .. 5 buyer), over activities that carry
# a grouping column `holder` (a person or a subject).
_ORACLE = """
    with ranked as (
        select
            holder,
            activity_month,
            activity_type,
            product_category,
            case
                when activity_source = 'order' and activity_type = 'confirmed' then 5
                when activity_source = 'lead' then 4
                when activity_type in ('lead_start', 'lead_submit') then 4
                when activity_type = 'add_to_cart' then 3
                when activity_type = 'product_view'
                    and product_category is not null
                    and count(*) over (
                        partition by holder, activity_month, activity_type, product_category
                    ) >= 3 then 3
                when activity_type = 'product_view' then 2
                when activity_type in ('impression', 'open') then 1
            end as stage_rank
        from {activities}
    )
    select holder, activity_month, max(stage_rank) as stage_rank
    from ranked
    group by holder, activity_month
"""

_STAGE_RANKS = "case stage when 'aware' then 1 when 'looker' then 2 when 'considerer' then 3 when 'intender' then 4 when 'buyer' then 5 end"


@dataclass(frozen=True)
class FunnelReport:
    subject_months: int
    subject_months_agreeing: int
    truth_person_months: int
    person_months_agreeing: int
    person_months_uncategorised_views: int
    person_months_unexplained: int
    activities_without_person: int
    clean_person_months: int
    clean_person_months_agreeing: int

    @property
    def clean_agreement(self) -> float:
        return self.clean_person_months_agreeing / self.clean_person_months if self.clean_person_months else 1.0


def funnel_report(database_path: Path, truth_dir: Path) -> FunnelReport:
    """Score fct_funnel_stages of a built database against truth_dir (funnel_stages, identity, campaign members)."""
    for name in ("funnel_stages.csv", "identity.csv", "campaign_members.csv"):
        if not (truth_dir / name).is_file():
            raise FileNotFoundError(f"no ground truth at {truth_dir / name}")
    if not database_path.is_file():
        raise FileNotFoundError(f"no built database at {database_path}")
    with duckdb.connect(str(database_path), read_only=True) as con:
        _load_truth(con, truth_dir)
        subject_months, subject_agreeing = _one(
            con,
            f"""
            with oracle as ({_ORACLE.format(activities="(select subject_type || ':' || subject_id as holder, * from intermediate.int_funnel__activities)")})
            select count(*), count(case when built.stage_rank = oracle.stage_rank then 1 end)
            from oracle
            full join marts.fct_funnel_stages as built
                on oracle.holder = built.subject_type || ':' || built.subject_id
                and oracle.activity_month = built.stage_month
            """,
        )
        con.execute(
            f"""
            create temp table person_oracle as
            {_ORACLE.format(activities="(select person_id as holder, * from person_activities where person_id is not null)")}
            """
        )
        scored = con.execute(
            """
            with compared as (
                select
                    truth.person_id,
                    truth.activity_month,
                    truth.stage_rank as true_rank,
                    oracle.stage_rank as oracle_rank
                from truth_stages as truth
                full join person_oracle as oracle
                    on truth.person_id = oracle.holder and truth.activity_month = oracle.activity_month
            ),
            -- Views of products staging does not know: with them, the month's best category may
            -- reach the 3 views of a considerer that the truth, knowing every category, counts.
            views as (
                select
                    person_id,
                    activity_month,
                    count(case when product_category is null then 1 end) as uncategorised,
                    max(views_in_category) as best_category
                from (
                    select
                        person_id,
                        activity_month,
                        product_category,
                        count(*) over (partition by person_id, activity_month, product_category) as views_in_category
                    from person_activities
                    where activity_type = 'product_view'
                ) as counted
                group by person_id, activity_month
            )
            select
                count(case when compared.true_rank is not null then 1 end),
                count(case when compared.true_rank = compared.oracle_rank then 1 end),
                count(case when compared.true_rank = 3 and compared.oracle_rank = 2
                    and views.uncategorised > 0 and views.best_category + views.uncategorised >= 3 then 1 end),
                count(case when compared.true_rank is distinct from compared.oracle_rank
                    and not coalesce(compared.true_rank = 3 and compared.oracle_rank = 2
                        and views.uncategorised > 0 and views.best_category + views.uncategorised >= 3, false) then 1 end)
            from compared
            left join views
                on compared.person_id = views.person_id and compared.activity_month = views.activity_month
            """
        ).fetchone()
        assert scored is not None
        without_person = _one(con, "select count(*) from person_activities where person_id is null")[0]
        clean_months, clean_agreeing = _one(
            con,
            """
            with subjects_of_person as (
                select person_id, min(subject_type || ':' || subject_id) as subject
                from person_activities
                group by person_id
                having count(distinct subject_type || ':' || subject_id) = 1
            ),
            persons_of_subject as (
                select subject_type || ':' || subject_id as subject
                from person_activities
                group by 1
                having count(distinct person_id) = 1 and count(person_id) = count(*)
            ),
            clean as (
                select subjects_of_person.person_id, subjects_of_person.subject
                from subjects_of_person
                inner join persons_of_subject on subjects_of_person.subject = persons_of_subject.subject
            )
            select count(*), count(case when built.stage_rank = truth.stage_rank then 1 end)
            from truth_stages as truth
            inner join clean on truth.person_id = clean.person_id
            left join marts.fct_funnel_stages as built
                on clean.subject = built.subject_type || ':' || built.subject_id
                and truth.activity_month = built.stage_month
            """,
        )
    return FunnelReport(
        subject_months=subject_months,
        subject_months_agreeing=subject_agreeing,
        truth_person_months=int(scored[0]),
        person_months_agreeing=int(scored[1]),
        person_months_uncategorised_views=int(scored[2]),
        person_months_unexplained=int(scored[3]),
        activities_without_person=without_person,
        clean_person_months=clean_months,
        clean_person_months_agreeing=clean_agreeing,
    )


def _load_truth(con: duckdb.DuckDBPyConnection, truth_dir: Path) -> None:
    """Truth stages, and every extracted activity with its true person (a touch through its campaign's member with
    that key, compared trimmed and case-folded)."""
    con.execute(
        f"""
        create temp table truth_stages as
        select person_id, cast(month || '-01' as date) as activity_month, {_STAGE_RANKS} as stage_rank
        from read_csv(?, all_varchar = true)
        """,
        [str(truth_dir / "funnel_stages.csv")],
    )
    con.execute(
        """
        create temp table person_activities as
        with records as (
            select record_type, record_id, person_id from read_csv(?, all_varchar = true)
        ),
        members as (
            select campaign_id, audience_key_type, lower(trim(audience_key)) as audience_key, min(person_id) as person_id
            from read_csv(?, all_varchar = true)
            group by 1, 2, 3
            having count(distinct person_id) = 1
        )
        select activities.*, coalesce(cookies.person_id, leads.person_id, orders.person_id, members.person_id) as person_id
        from intermediate.int_funnel__activities as activities
        left join records as cookies
            on activities.activity_source = 'web_event' and cookies.record_type = 'cookie'
            and activities.cookie_id = cookies.record_id
        left join records as leads
            on activities.activity_source = 'lead' and leads.record_type = 'lead'
            and activities.activity_id = leads.record_id
        left join records as orders
            on activities.activity_source = 'order' and orders.record_type = 'order'
            and activities.activity_id = orders.record_id
        left join members
            on activities.activity_source = 'campaign_touch'
            and activities.campaign_id = members.campaign_id
            and activities.audience_key_type = members.audience_key_type
            and lower(trim(activities.audience_key)) = members.audience_key
        """,
        [str(truth_dir / "identity.csv"), str(truth_dir / "campaign_members.csv")],
    )


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[int, ...]:
    row = con.execute(sql).fetchone()
    assert row is not None
    return tuple(int(value or 0) for value in row)
