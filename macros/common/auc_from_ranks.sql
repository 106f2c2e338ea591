{#- The area under the ROC curve of a group's predictions from the Mann-Whitney rank sum: the
    chance that a positive outranks a negative, ties counting half. outcome is 1 or 0, rank the
    prediction's tie-averaged rank in the group (see tied_rank). NULL without both outcomes. -#}
{% macro auc_from_ranks(outcome, rank) -%}
    (sum(case when {{ outcome }} = 1 then {{ rank }} else 0 end) - sum({{ outcome }}) * (sum({{ outcome }}) + 1) / 2.0)
    / nullif(cast(sum({{ outcome }}) as double) * (count(*) - sum({{ outcome }})), 0)
{%- endmacro %}
