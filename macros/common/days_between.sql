{#- Days, with their fraction, from one timestamp to another, as a double on every engine (a
    division by 86400.0 is a decimal on Spark). -#}
{% macro days_between(start_timestamp, end_timestamp) -%}
    cast({{ crosschannel.seconds_between(start_timestamp, end_timestamp) }} / 86400.0 as double)
{%- endmacro %}
