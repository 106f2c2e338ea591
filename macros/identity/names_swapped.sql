{#- True when each record's first name is the other's last name, exactly or within one typing
    error or sounding the same (crosschannel.name_comparison): Claire Roux typed as Roux Claire, or
    heard as Rou Claire, is a swap at typing, not two names. False when the names already agree
    in their own fields, when a name is unknown, or when both names are one (Martin Martin). -#}
{% macro names_swapped(
    first_name_a, last_name_a, first_name_b, last_name_b,
    first_name_sound_a, last_name_sound_a, first_name_sound_b, last_name_sound_b
) -%}
    -- The cheap tests first: a CASE compares the names across fields only for the rows they let through.
    case
        when {{ first_name_a }} = {{ first_name_b }} and {{ last_name_a }} = {{ last_name_b }} then false
        when {{ first_name_a }} = {{ last_name_a }} then false
        else coalesce(
            {{ crosschannel.name_comparison(first_name_a, last_name_b, first_name_sound_a, last_name_sound_b) }}
            <> 'differs'
            and {{ crosschannel.name_comparison(last_name_a, first_name_b, last_name_sound_a, first_name_sound_b) }}
            <> 'differs',
            false
        )
    end
{%- endmacro %}
