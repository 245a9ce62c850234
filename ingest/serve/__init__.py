"""Getting answers out of the published warehouse: the mart catalogue (descriptions, keys, units,
types), exports, the PostgreSQL publish and the HTML report."""
