{#- One share of an amount in euros, rounded to the cent so that the shares of a partition add up to
    the amount: every share is rounded (cents_to_eur) and the first share in `order_by` (the largest,
    by the caller's order) takes the remainder. A select-list expression with window functions: the
    rows of one partition are the shares of one amount. -#}
{% macro cent_split(amount_eur, share, partition_by, order_by) -%}
    {%- set window = ('partition by ' ~ partition_by ~ ' ' if partition_by else '') -%}
    {%- set rounded -%}
        cast({{ crosschannel.cents_to_eur('cast(' ~ amount_eur ~ ' * 100 as bigint) * ' ~ share) }} as decimal(18, 2))
    {%- endset -%}
    case
        when row_number() over ({{ window }}order by {{ order_by }}) = 1
            then {{ amount_eur }} - (sum({{ rounded }}) over ({{ window | trim }}) - {{ rounded }})
        else {{ rounded }}
    end
{%- endmacro %}
