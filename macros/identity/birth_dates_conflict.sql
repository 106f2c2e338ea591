{#- True when two birth dates are both known and differ, unless one is the other with day and
    month swapped (04/07 typed for 07/04). NULL-safe: an unknown date conflicts with nothing. -#}
{% macro birth_dates_conflict(birth_date_a, birth_date_b) -%}
    coalesce(
        {{ birth_date_a }} <> {{ birth_date_b }}
        and not (
            extract(year from {{ birth_date_a }}) = extract(year from {{ birth_date_b }})
            and extract(month from {{ birth_date_a }}) = extract(day from {{ birth_date_b }})
            and extract(day from {{ birth_date_a }}) = extract(month from {{ birth_date_b }})
        ),
        false
    )
{%- endmacro %}
