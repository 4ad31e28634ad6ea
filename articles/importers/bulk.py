"""Many rows of one model written at once: PostgreSQL's COPY there, `bulk_create` elsewhere.

An import writes tens of thousands of articles, bylines, tag links and redirects. Building a
model instance per row and letting `bulk_create` prepare every value cost more CPU than the
rest of the import together (see bench/REPORT-importers.md); on PostgreSQL the rows are
streamed with COPY instead, the columns the importer does not set taken once from the model's
defaults. COPY calls no `pre_save`, so a field computed from the row (the article's search
text) must be given by the caller, row by row. Ids are reserved from the table's sequence
first, so the caller knows them without a round trip per row. Errors come out as Django's
DatabaseError, like the ORM's.
"""

from django.db import connection


def fixed_values(model, given):
    """Column -> database value for every column not in `given` (nor the id): the defaults.

    Generated columns (the search document) are the database's to compute, never written.
    A field derived from others of the row (`derived_from`: the search text) has no default
    that could be right for every row: leaving it out is refused.
    """
    template = model()
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in given or field.generated:
            continue
        if getattr(field, "derived_from", None):
            raise ValueError(
                f"{model.__name__}.{field.name} is derived from {', '.join(field.derived_from)}"
                " for each row: give its value with the row."
            )
        # pre_save fills auto_now / auto_now_add fields with the current time.
        value = field.pre_save(template, add=True)
        values[field.column] = field.get_db_prep_save(value, connection)
    return values


class BulkWriter:
    """Insert rows given as tuples of `fields` (attnames); the rest are the model's defaults."""

    def __init__(self, model, fields):
        self.model = model
        self.fields = tuple(fields)
        # Checked on every database, so that a run on SQLite catches a missing derived field.
        fixed = fixed_values(model, self.fields)
        self.fixed = fixed if connection.vendor == "postgresql" else {}

    def insert(self, rows, *, return_ids=False):
        """Write `rows` (a list of tuples); return their new ids in order when asked."""
        if not rows:
            return []
        if connection.vendor != "postgresql":
            objects = [self.model(**dict(zip(self.fields, row, strict=True))) for row in rows]
            self.model.objects.bulk_create(objects)
            return [obj.pk for obj in objects]
        return self._copy(rows, return_ids)

    def _copy(self, rows, return_ids):
        meta = self.model._meta
        columns = [meta.get_field(name).column for name in self.fields] + list(self.fixed)
        fixed = tuple(self.fixed.values())
        ids = []
        quote = connection.ops.quote_name
        with connection.wrap_database_errors, connection.cursor() as wrapper:
            cursor = wrapper.cursor  # psycopg's own cursor: COPY is not in the DB-API
            if return_ids:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [meta.db_table, meta.pk.column, len(rows)],
                )
                ids = [row[0] for row in cursor.fetchall()]
                columns.insert(0, meta.pk.column)
            sql = "COPY {} ({}) FROM STDIN".format(
                quote(meta.db_table), ", ".join(quote(column) for column in columns)
            )
            with cursor.copy(sql) as copy:
                if return_ids:
                    for pk, row in zip(ids, rows, strict=True):
                        copy.write_row((pk, *row, *fixed))
                else:
                    for row in rows:
                        copy.write_row((*row, *fixed))
        return ids


def refresh_statistics(models):
    """ANALYZE the tables after a bulk load (PostgreSQL only).

    Autovacuum analyses a table only some time after it grew; until then the planner still
    believes it holds the few rows it held before, and the next run's look-ups by source id
    scan every imported row instead of using the index.
    """
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
