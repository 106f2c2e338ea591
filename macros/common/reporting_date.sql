{#- The calendar date, in crosschannel__reporting_timezone, of a UTC timestamp: reports count a
    day as the business lives it (an order at 23:30 UTC in summer is the next day in Paris). -#}
{% macro reporting_date(utc_timestamp) -%}
    {{- return(adapter.dispatch('reporting_date', 'crosschannel')(utc_timestamp)) -}}
{%- endmacro %}

{% macro default__reporting_date(utc_timestamp) -%}
    cast(timezone('{{ var("crosschannel__reporting_timezone") }}', timezone('UTC', {{ utc_timestamp }})) as date)
{%- endmacro %}

{% macro spark__reporting_date(utc_timestamp) -%}
    to_date(from_utc_timestamp({{ utc_timestamp }}, '{{ var("crosschannel__reporting_timezone") }}'))
{%- endmacro %}
