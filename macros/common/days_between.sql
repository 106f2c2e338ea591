{#- Days, with their fraction, from one timestamp to another, as a double on every engine (Spark
    divides a whole number by 86400.0 as a decimal of 7 places: the seconds are made a double first). -#}
{% macro days_between(start_timestamp, end_timestamp) -%}
    cast({{ crosschannel.seconds_between(start_timestamp, end_timestamp) }} as double) / 86400.0
{%- endmacro %}
