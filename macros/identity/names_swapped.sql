{#- True when one record's first name is the other's last name and the other way round (Claire
    Roux typed as Roux Claire): a swap at typing, not two names. False when a name is unknown or
    both names are one (Martin Martin). -#}
{% macro names_swapped(first_name_a, last_name_a, first_name_b, last_name_b) -%}
    coalesce(
        {{ first_name_a }} = {{ last_name_b }}
        and {{ last_name_a }} = {{ first_name_b }}
        and {{ first_name_a }} <> {{ last_name_a }},
        false
    )
{%- endmacro %}
