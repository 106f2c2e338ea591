-- Every raw row is staged, superseded by a newer version, quarantined or erased: none is lost.
select
    source_table,
    raw_rows,
    staged_rows,
    superseded_rows,
    quarantined_rows,
    erased_rows,
    unaccounted_rows
from {{ ref('stg_quality__row_reconciliation') }}
where unaccounted_rows != 0
