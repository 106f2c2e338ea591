"""The p-values of every campaign's comparison (crosschannel.incrementality)."""

from crosschannel.incrementality import campaign_p_values


def model(dbt, session):
    dbt.config(materialized="table")
    return campaign_p_values(dbt.ref("int_campaigns__estimates").to_arrow_table())
