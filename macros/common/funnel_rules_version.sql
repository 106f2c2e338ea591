{#- A scalar subquery: a hash of every rule of the seed funnel_stage_rules (stage, rank, activity,
    count), the same whatever the seed's row order. int_funnel__stages keeps it on its rows, so that
    an incremental run after the rules changed computes every subject again. -#}
{% macro funnel_rules_version() -%}
    (
        select {{ dbt.hash(crosschannel.ordered_path('rule_text', 'rule_text')) }}
        from (
            select
                cast(stage_rank as {{ dbt.type_string() }}) || '|' || stage || '|' || activity_source || '|'
                || activity_type || '|' || cast(min_per_category_month as {{ dbt.type_string() }}) as rule_text
            from {{ ref('funnel_stage_rules') }}
        ) as rules
    )
{%- endmacro %}
