{#- How two names in match form compare: 'agrees' (equal), 'one_edit' (one letter dropped,
    added, changed, or two neighbours swapped: crosschannel.one_edit_apart), 'sounds_alike' (the
    same crosschannel.french_phonetic_key: Dupont / Dupond, Michel / Michelle), else 'differs'.
    NULL when either is unknown: an unknown name agrees or conflicts with nothing. -#}
{% macro name_comparison(name_a, name_b, sound_a, sound_b) -%}
    case
        when {{ name_a }} is null or {{ name_b }} is null then null
        when {{ name_a }} = {{ name_b }} then 'agrees'
        when {{ crosschannel.one_edit_apart(name_a, name_b) }} then 'one_edit'
        when {{ sound_a }} = {{ sound_b }} then 'sounds_alike'
        else 'differs'
    end
{%- endmacro %}
