{#- A computed amount in euros (an estimate, an interval end, a standard error) as the marts'
    money type, DECIMAL(18, 2), rounded to the cent as cents_to_eur rounds: the same on every engine. -#}
{% macro money_eur(amount_eur) -%}
    cast({{ crosschannel.cents_to_eur('(' ~ amount_eur ~ ') * 100') }} as decimal(18, 2))
{%- endmacro %}
