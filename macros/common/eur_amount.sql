{#- An amount in EUR from an amount in a currency, at the rates of crosschannel__currency_per_eur
    (units of the currency per euro), rounded to the cent; NULL for a currency without a rate. -#}
{% macro eur_amount(amount, currency) -%}
    cast(round({{ amount }} / case {{ currency }}
        {%- for code, rate in var('crosschannel__currency_per_eur').items() %}
            when '{{ code }}' then {{ rate }}
        {%- endfor %}
        end, 2) as decimal(18, 2))
{%- endmacro %}
