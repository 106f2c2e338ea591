{#- Euros to the cent from an amount in cents, halves rounded away from zero. The cents are rounded,
    not the euros to two places, so that every engine gives the same cent: DuckDB rounds a double's
    binary value and Spark its shortest decimal form, which disagree when it ends in half a cent. -#}
{% macro cents_to_eur(cents) -%}
    cast(cast(round({{ cents }}) as bigint) as decimal(18, 0)) * cast(0.01 as decimal(3, 2))
{%- endmacro %}
