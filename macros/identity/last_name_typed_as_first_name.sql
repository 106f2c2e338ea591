{#- True when one record knows only a last name and the other carries that name as its first
    name, exactly, one typing error apart or sounding the same (crosschannel.name_comparison): a
    card holding only Rousseau against Rousseau Sarah, the names typed in each other's fields. A
    swap that crosses_names (crosschannel.names_swapped) cannot show with one first name unknown.
    False when both first names are known or a name is unknown. -#}
{% macro last_name_typed_as_first_name(
    first_name_a, last_name_a, first_name_b, last_name_b,
    first_name_sound_a, last_name_sound_a, first_name_sound_b, last_name_sound_b
) -%}
    coalesce(
        (
            {{ first_name_a }} is null
            and {{ crosschannel.name_comparison(last_name_a, first_name_b, last_name_sound_a, first_name_sound_b) }}
            <> 'differs'
        )
        or (
            {{ first_name_b }} is null
            and {{ crosschannel.name_comparison(last_name_b, first_name_a, last_name_sound_b, first_name_sound_a) }}
            <> 'differs'
        ),
        false
    )
{%- endmacro %}
