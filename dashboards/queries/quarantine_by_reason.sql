-- Raw rows staging quarantined, by table and reason.
select source_table as raw_table, quarantine_reason as reason, count(*) as rows
from staging.stg_quality__quarantined_rows
group by all
order by rows desc, raw_table, reason
