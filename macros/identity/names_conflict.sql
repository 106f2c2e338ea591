{#- True when two known names say two people: they differ (crosschannel.name_comparison) by more
    than two typing errors (crosschannel.within_two_edits), or by two in a name shorter than five
    letters. A clerk typing by ear can make two errors in one name (Dubois typed Duboit on one card,
    Dubios on the other), and on a shared e-mail or mobile those are one person. Two errors in a
    short name are another name (Theo / Matheo, Ines / Yves, Zoe / Noel): five letters keep three
    of them right. NULL when either name is unknown. -#}
{% macro names_conflict(name_a, name_b, sound_a, sound_b) -%}
    (
        {{ crosschannel.name_comparison(name_a, name_b, sound_a, sound_b) }} = 'differs'
        and not (
            least(length({{ name_a }}), length({{ name_b }})) >= 5
            and {{ crosschannel.within_two_edits(name_a, name_b) }}
        )
    )
{%- endmacro %}
