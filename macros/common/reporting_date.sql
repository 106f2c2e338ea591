{#- The calendar date, in crosschannel__reporting_timezone, of a UTC timestamp: reports count a
    day as the business lives it (an order at 23:30 UTC in summer is the next day in Paris). -#}
{% macro reporting_date(utc_timestamp) -%}
    {{- return(adapter.dispatch('reporting_date', 'crosschannel')(utc_timestamp)) -}}
{%- endmacro %}

{#- Standard SQL's at time zone: the timestamp read as UTC, then its local time in the zone. -#}
{% macro default__reporting_date(utc_timestamp) -%}
    cast((({{ utc_timestamp }}) at time zone 'UTC') at time zone '{{ var("crosschannel__reporting_timezone") }}' as date)
{%- endmacro %}

{% macro duckdb__reporting_date(utc_timestamp) -%}
    cast(timezone('{{ var("crosschannel__reporting_timezone") }}', timezone('UTC', {{ utc_timestamp }})) as date)
{%- endmacro %}

{% macro spark__reporting_date(utc_timestamp) -%}
    to_date(from_utc_timestamp({{ utc_timestamp }}, '{{ var("crosschannel__reporting_timezone") }}'))
{%- endmacro %}
