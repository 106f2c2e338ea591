-- Subjects moving between funnel stages per month.
select
    transition_month as month,
    from_stage || ' -> ' || to_stage as transition,
    sum(subjects) as subjects
from marts.mart_funnel_transitions_monthly
where movement != 'stayed'
group by all
order by month, transition
