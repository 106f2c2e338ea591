{#- The CRM enriched with web behaviour: one row per staged back-office record (web account, store
    card, CRM contact), keyed by the back office's own id so that each back office loads it onto
    its own records. Every record of one customer carries the customer's segments: funnel stage,
    web behaviour as of the end of the data (int_activation__customer_behaviour), score deciles
    and consent. Ids and segments only: no contact detail. A record whose customer has no web
    activity has zero visits and 'none' for its interests. -#}
with

records as (
    select
        source_system,
        source_record_id,
        customer_id
    from {{ ref('dim_customer_source_records') }}
    where source_system in ('web', 'store', 'crm') and is_staged_record
),

behaviour as (
    select
        customer_id,
        as_of_at,
        days_since_last_visit,
        days_since_last_research,
        visits_30d,
        visits_90d,
        product_views_30d,
        product_views_90d,
        main_interest_category,
        last_viewed_product_id,
        researched_not_bought_product_id,
        has_unfinished_online_lead
    from {{ ref('int_activation__customer_behaviour') }}
),

funnel_stages as (
    select
        customer_id,
        stage,
        stage_reached_at,
        row_number() over (partition by customer_id order by stage_month desc) as recency_rank
    from {{ ref('int_funnel__stages') }}
    where subject_type = 'customer'
),

propensity as (
    select
        customer_id,
        propensity_decile
    from {{ ref('fct_customer_propensity') }}
),

uplift as (
    select
        customer_id,
        uplift_decile
    from {{ ref('fct_customer_uplift') }}
),

lookalike as (
    select
        subject_id as customer_id,
        min(lookalike_decile) as lookalike_decile
    from {{ ref('fct_lookalike_scores') }}
    where subject_type = 'customer'
    group by subject_id
),

consent as (
    select
        customer_id,
        consent_state
    from {{ ref('int_customers__consent') }}
),

final as (
    select
        records.source_system,
        records.source_record_id,
        records.customer_id,
        coalesce(funnel_stages.stage, 'none') as funnel_stage,
        funnel_stages.stage_reached_at as funnel_stage_reached_at,
        coalesce(behaviour.main_interest_category, 'none') as main_interest_category,
        coalesce(behaviour.last_viewed_product_id, 'none') as last_viewed_product_id,
        coalesce(behaviour.researched_not_bought_product_id, 'none') as researched_not_bought_product_id,
        round(behaviour.days_since_last_visit, 1) as days_since_last_visit,
        round(behaviour.days_since_last_research, 1) as days_since_last_research,
        coalesce(behaviour.visits_30d, 0) as visits_30d,
        coalesce(behaviour.visits_90d, 0) as visits_90d,
        coalesce(behaviour.product_views_30d, 0) as product_views_30d,
        coalesce(behaviour.product_views_90d, 0) as product_views_90d,
        coalesce(behaviour.has_unfinished_online_lead, false) as has_unfinished_online_lead,
        propensity.propensity_decile,
        uplift.uplift_decile,
        lookalike.lookalike_decile,
        coalesce(consent.consent_state, 'not_opted_in') as consent_state
    from records
    left join behaviour on records.customer_id = behaviour.customer_id
    left join funnel_stages on records.customer_id = funnel_stages.customer_id and funnel_stages.recency_rank = 1
    left join propensity on records.customer_id = propensity.customer_id
    left join uplift on records.customer_id = uplift.customer_id
    left join lookalike on records.customer_id = lookalike.customer_id
    left join consent on records.customer_id = consent.customer_id
)

select * from final
