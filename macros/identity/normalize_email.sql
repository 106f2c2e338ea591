{#- An e-mail address in match form: trimmed and lowercased; NULL when the value is not an
    e-mail (no single @, spaces inside, no dotted domain). One definition for every engine: the
    pattern is anchored and holds no backslash (Spark's literals would eat it). -#}
{% macro normalize_email(column_name) -%}
    case
        when {{ crosschannel.regex_matches(
            "lower(trim(" ~ column_name ~ "))",
            "'^[a-z0-9._%+''-]+@[a-z0-9-]+([.][a-z0-9-]+)*[.][a-z]{2,}$'"
        ) }}
            then lower(trim({{ column_name }}))
    end
{%- endmacro %}
