{#- Every raw row that staging could not type or that broke a rule, with what arrived. -#}
with

quarantined as (
    {% for table in crosschannel.staged_raw_tables() %}
        select
            '{{ table.raw }}' as source_table,
            record_key,
            quarantine_reason,
            quarantine_column,
            raw_record
        from {{ ref(table.checked) }}
        where quarantine_reason is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        source_table,
        record_key,
        quarantine_reason,
        quarantine_column,
        raw_record
    from quarantined
)

select * from final
