{#- True when a normalised e-mail is a household's shared address: it matches a pattern of the var
    crosschannel__household_email_patterns (famille.dupont@, dupont.famille2@) or its local part
    is "les" and the record's last name (lesdupont@, les-dubois-martin3@), digits and separators
    aside. Such an address is written by every member of a family, so it confirms nobody alone. -#}
{% macro is_household_email(normalized_email, normalized_last_name) -%}
    (
        {{ crosschannel.matches_any_pattern(normalized_email, var('crosschannel__household_email_patterns')) }}
        or coalesce(
            {{ crosschannel.letters_only("split_part(" ~ normalized_email ~ ", '@', 1)") }}
            = 'les' || replace({{ normalized_last_name }}, ' ', ''),
            false
        )
    )
{%- endmacro %}
