{#- The retention and LTV columns of a cohort curve, one row per period since acquisition, from the
    period's active customers, orders, revenue and margin over the customers observed in it: the
    retention rates, revenue and margin, per customer in the period and cumulated over `window` (a
    named window of the periods up to the current one). Amounts per customer are computed in cents;
    the cumulated value adds the periods' values per customer, so that a pooled curve counts each
    period over the customers who lived it. -#}
{% macro retention_and_ltv_columns(customers, window) -%}
        active_customers,
        cast(active_customers as double) / {{ customers }} as retention_rate,
        active_at_or_after,
        cast(active_at_or_after as double) / {{ customers }} as unbounded_retention_rate,
        orders,
        cast(revenue_eur as decimal(38, 2)) as revenue_eur,
        cast(margin_eur as decimal(38, 2)) as margin_eur,
    {%- for measure in ['revenue', 'margin'] %}
        cast(
            {{ crosschannel.cents_to_eur('cast(' ~ measure ~ '_eur * 100 as bigint) / ' ~ customers) }}
            as decimal(38, 2)
        ) as {{ measure }}_per_customer_eur,
    {%- endfor %}
    {%- for measure in ['revenue', 'margin'] %}
        cast(
            {{ crosschannel.cents_to_eur(
                'sum(cast(' ~ measure ~ '_eur * 100 as bigint) / ' ~ customers ~ ') over ' ~ window
            ) }} as decimal(38, 2)
        ) as cumulative_{{ measure }}_per_customer_eur{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
