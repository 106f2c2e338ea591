-- Where every raw row went: staged, superseded, quarantined or erased (unaccounted must be 0).
select
    source_table as raw_table,
    raw_rows,
    staged_rows,
    superseded_rows,
    quarantined_rows,
    erased_rows,
    unaccounted_rows
from staging.stg_quality__row_reconciliation
order by source_table
