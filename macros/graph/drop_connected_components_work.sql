{#- Post-hook of a model calling connected_components: drops its work tables, one statement each
    (Spark runs one statement per call). -#}
{% macro drop_connected_components_work() -%}
    {%- if execute -%}
        {%- for name in ['numbers', 'labels', 'label_edges', 'hooks', 'jumps'] -%}
            {%- do run_query('drop table if exists ' ~ crosschannel.connected_components_work_relation(name)) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
