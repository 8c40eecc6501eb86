"""``pk__any_of=[…]``: membership in a list of record numbers bound as one parameter.

``pk__in=[…]`` writes one placeholder per value, so a long list makes a long statement to send
and plan (a coordinator's grants can name thousands of records), and SQLite has a limit on
placeholders (32,766 in its default build, 250,000 in some). This lookup binds the whole list
as one value: a ``bigint[]`` on PostgreSQL
(``= ANY(%s)``, which the planner combines with other indexed conditions in a bitmap scan) and
a JSON array on SQLite (``IN (SELECT value FROM json_each(%s))``).
"""

import json

from django.db.models import Field, ForeignObject, Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [int(value) for value in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, values)
        sql = f"{lhs} IN (SELECT value FROM json_each(%s))"  # noqa: S608 - lhs is a column
        return sql, (*lhs_params, json.dumps(values))


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # related fields keep a lookup table of their own
