{#- Where every raw row went: staged (the newest valid version of a record), superseded (an
    older version or a re-delivered copy), quarantined, or erased (a row of a person on the
    erasure suppression list, of which nothing is kept). Raw rows are counted on the raw
    relation itself, so the balance is a real check of the staging models. -#}
with

quarantined as (
    select
        source_table,
        count(*) as quarantined_rows
    from {{ ref('stg_quality__quarantined_rows') }}
    group by source_table
),

counted as (
    {% for table in crosschannel.staged_raw_tables() %}
        select
            '{{ table.raw }}' as source_table,
            (select count(*) from {{ crosschannel.raw_table(table.raw) }}) as raw_rows,
            (select count(*) from {{ ref(table.staged) }}) as staged_rows,
            (
                select count(*) from {{ ref(table.checked) }}
                where quarantine_reason is null and version_rank > 1
            ) as superseded_rows,
            (
                select count(*) from {{ ref(table.checked) }}
                where is_erased
            ) as erased_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        counted.source_table,
        counted.raw_rows,
        counted.staged_rows,
        counted.superseded_rows,
        coalesce(quarantined.quarantined_rows, 0) as quarantined_rows,
        counted.erased_rows,
        counted.raw_rows
        - counted.staged_rows
        - counted.superseded_rows
        - coalesce(quarantined.quarantined_rows, 0)
        - counted.erased_rows as unaccounted_rows
    from counted
    left join quarantined on counted.source_table = quarantined.source_table
)

select * from final
