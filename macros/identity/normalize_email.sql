{#- An e-mail address in match form: trimmed and lowercased; NULL when the value is not an
    e-mail (no single @, spaces inside, no dotted domain). -#}
{% macro normalize_email(column_name) -%}
    {{- return(adapter.dispatch('normalize_email', 'crosschannel')(column_name)) -}}
{%- endmacro %}

{% macro default__normalize_email(column_name) -%}
    case
        when regexp_full_match(lower(trim({{ column_name }})), '[a-z0-9._%+''-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}')
            then lower(trim({{ column_name }}))
    end
{%- endmacro %}

{% macro spark__normalize_email(column_name) -%}
    case
        when lower(trim({{ column_name }})) rlike '^[a-z0-9._%+''-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}$'
            then lower(trim({{ column_name }}))
    end
{%- endmacro %}
