{#- A hash of a row's values and of the rule that computes from them: an incremental model keeps a
    row whose fingerprint has not changed and computes again one whose has. Each value is written
    with its length (a missing one as '~'), so that no two different rows write the same text;
    rule_text is folded in so that a changed rule (a var, the salt, a macro's code) changes every
    fingerprint and nothing computed under the old rule is kept. -#}
{% macro change_fingerprint(column_expressions, rule_text) -%}
    {%- set parts = ["'" ~ local_md5(rule_text) ~ "'"] -%}
    {%- for expression in column_expressions -%}
        {%- set text_value = 'cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ ')' -%}
        {%- do parts.append(
            "coalesce(cast(length(" ~ text_value ~ ") as " ~ dbt.type_string() ~ ") || ':' || " ~ text_value ~ ", '~')"
        ) -%}
    {%- endfor -%}
    {{ dbt.hash(parts | join(" || '|' || ")) }}
{%- endmacro %}
