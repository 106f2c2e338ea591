-- Members of each audience by why they are in, targetable (consent applied) or not.
select
    audience_name || ' - ' || reason_code as audience_reason,
    case when is_targetable then 'targetable' else 'held back by consent' end as consent,
    count(*) as members
from marts.mart_audiences
group by all
order by audience_reason, consent
