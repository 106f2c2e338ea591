{#- A UTC timestamp from an ISO-8601 string. A value with an offset (`Z`, `+02:00`, `+0200`)
    is converted with it; a value without one is local time in crosschannel__source_timezone.
    Local times in a daylight-saving gap or overlap resolve as the database's time-zone library
    does (DuckDB/ICU: a 02:30 that does not exist reads as 03:30 summer time; one that exists
    twice reads as the second, winter-time, instant). -#}
{% macro parse_utc_timestamp(column_name) -%}
    {{- return(adapter.dispatch('parse_utc_timestamp', 'crosschannel')(column_name)) -}}
{%- endmacro %}

{#- Standard SQL's at time zone: a value with an offset is cast with it and read in UTC; one without
    is read as a local time of the source time zone, then in UTC. -#}
{% macro default__parse_utc_timestamp(column_name) -%}
    {%- set with_offset -%}
        '\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|z|[+-]\d{2}(:?\d{2})?)$'
    {%- endset -%}
    case
        when {{ crosschannel.regex_matches(column_name, with_offset) }}
            then cast({{ crosschannel.cast_or_null(column_name, 'timestamp with time zone') }} at time zone 'UTC' as timestamp)
        else cast(
            ({{ crosschannel.cast_or_null(column_name, 'timestamp') }} at time zone '{{ var("crosschannel__source_timezone") }}')
            at time zone 'UTC' as timestamp
        )
    end
{%- endmacro %}

{% macro duckdb__parse_utc_timestamp(column_name) -%}
    case
        when regexp_matches({{ column_name }}, '\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|z|[+-]\d{2}(:?\d{2})?)$')
            then timezone('UTC', {{ crosschannel.cast_or_null(column_name, 'timestamptz') }})
        else timezone('UTC', timezone('{{ var("crosschannel__source_timezone") }}', {{ crosschannel.cast_or_null(column_name, 'timestamp') }}))
    end
{%- endmacro %}

{#- Spark reads an offset itself when casting; a value without one is a local time of the source
    time zone (a 02:30 in the spring gap reads as 03:30 summer time, as on DuckDB). -#}
{% macro spark__parse_utc_timestamp(column_name) -%}
    case
        when {{ column_name }} rlike '\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?\\s*(Z|z|[+-]\\d{2}(:?\\d{2})?)$'
            then {{ crosschannel.cast_or_null(column_name, 'timestamp') }}
        else to_utc_timestamp({{ crosschannel.cast_or_null(column_name, 'timestamp') }}, '{{ var("crosschannel__source_timezone") }}')
    end
{%- endmacro %}
