"""Estimated ROPO share of confirmed offline orders per period, with its interval (crosschannel.ropo_estimate)."""

from crosschannel.ropo_estimate import ropo_estimate


def model(dbt, session):
    dbt.config(materialized="table")
    orders = dbt.ref("int_journeys__ropo_orders").filter("order_status = 'confirmed'")
    customers = dbt.ref("int_journeys__customer_web_capture")
    return ropo_estimate(
        orders.project("customer_id, ordered_at, revenue_eur, is_ropo, has_logged_in_research").to_arrow_table(),
        customers.to_arrow_table(),
        draws=int(dbt.config.get("draws")),
        seed=int(dbt.config.get("seed")),
    )
