{#- A work table of connected_components, in the schema of the model calling it. -#}
{% macro connected_components_work_relation(name) -%}
    {{- return(api.Relation.create(
        database=this.database, schema=this.schema, identifier=this.identifier ~ '__cc_' ~ name
    )) -}}
{%- endmacro %}
