-- Online lead share per month: leads started on the web (or by a visitor who researched online)
-- over all leads.
select
    conversion_month as month,
    sum(started_online) / sum(conversions) as online_lead_share,
    sum(conversions) as leads
from marts.mart_online_share_monthly
where conversion_kind = 'lead'
group by conversion_month
order by conversion_month
