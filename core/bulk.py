"""Inserting many new rows at once: bulk_create's outcome, by COPY on PostgreSQL; reading many rows of integers
as an array, by COPY too; and computing over many rows without the cyclic garbage collector.

bulk_create on PostgreSQL sends each batch as one INSERT ... UNNEST of one array per column, and psycopg
quotes those arrays in Python, element by element: for 100,000 audit entries, whose JSON is full of quotes
that each need escaping, that took longer than everything else an import does (docs/benchmarks.md). COPY
streams the rows instead, each value adapted by psycopg's C code. Elsewhere (SQLite) bulk_create is fast.
"""

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import psycopg
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet

BATCH = 1000


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector while a computation builds millions of objects that live until
    it ends. The collector runs every 700 allocations net and, every so often, walks every object alive: at a
    million cadres that is most of a gigabyte, walked again and again for nothing, since rows, tuples and
    Decimals form no cycles (a third of an incentive computation's CPU at 50,000 people). Reference counting
    still frees everything as usual; the collector runs again on leaving. It is the whole process's collector,
    so this is for jobs and one-off runs, not for a request among others in a threaded server."""
    if not gc.isenabled():  # nested, or paused by the caller: leave it as found
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def insert(model: type[Model], objects: list[Model]) -> None:
    """Save `objects` (new instances of `model`, without ids) as bulk_create would: no signals, no save(),
    each value prepared by its field as an INSERT prepares it (auto_now, encryption), the ids set on them.
    COPY returns no ids, so they are drawn from the table's sequence first, as an INSERT would draw them."""
    if not objects:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        model.objects.using(alias).bulk_create(objects, batch_size=BATCH)
        return
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [connection.ops.quote_name(model._meta.db_table), pk.column, len(objects)])
        for obj, (pk_value,) in zip(objects, cursor.fetchall(), strict=True):
            setattr(obj, pk.attname, pk_value)
    fields = model._meta.concrete_fields
    _copy(connection, model, fields, ([field.get_db_prep_save(field.pre_save(obj, True), connection)
                                       for field in fields] for obj in objects))
    for obj in objects:
        obj._state.adding, obj._state.db = False, alias


def insert_rows(model: type[Model], shared: dict, varying: Sequence[str], rows: Iterable[Sequence]) -> None:
    """New records of `model` that differ only in the fields named in `varying` (each row gives their values,
    in that order, as their columns hold them: an id for a foreign key, no auto_now); every other field is as
    `shared` sets it, or its default, the same for all. No instance is built for each row and the values the
    same for all are prepared for the database once, so nothing is returned (not the ids)."""
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        model.objects.using(alias).bulk_create([model(**shared, **dict(zip(varying, row, strict=True)))
                                                for row in rows], batch_size=BATCH)
        return
    template = model(**shared)
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    place = {name: n for n, name in enumerate(varying)}
    fixed = {field.name: field.get_db_prep_save(field.pre_save(template, True), connection)
             for field in fields if field.name not in place}
    plan = [(place.get(field.name), field, fixed.get(field.name)) for field in fields]
    prepared = ([value if n is None else field.get_db_prep_save(row[n], connection) for n, field, value in plan]
                for row in rows)
    _copy(connection, model, fields, prepared)


def _copy(connection, model: type[Model], fields: list, rows: Iterable[list]) -> None:
    quote = connection.ops.quote_name
    copy_rows(connection, quote(model._meta.db_table), [quote(field.column) for field in fields], rows)


def copy_rows(connection, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Rows (values already of the columns' types) into `table`'s `columns` (both quoted) as one COPY stream:
    PostgreSQL only."""
    # psycopg's own cursor, so its errors are made Django's here (a clash on a unique column: IntegrityError).
    with connection.cursor() as cursor, connection.wrap_database_errors, \
            cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


# PostgreSQL's binary form of a one-dimensional array (array_send): its dimensions, a flag for nulls, the
# elements' type, the length and lower bound, then each element's length before its value (big-endian).
_ARRAY_HEADER = np.dtype([("dimensions", ">i4"), ("nulls", ">i4"), ("type", ">i4"), ("length", ">i4"),
                          ("lower", ">i4")])
_ARRAY_ELEMENT = np.dtype([("length", ">i4"), ("value", ">i8")])


def integer_rows(queryset: QuerySet, *fields: str) -> np.ndarray:
    """The `fields` (integer columns, none null) of every row of `queryset`, as an (n x len(fields)) int64 array.
    On PostgreSQL each column comes as one array in its binary form, read straight into numpy: at a million
    cadres, the five million skill rows the allocation reads took 3 s as Python tuples (values_list)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        rows = list(queryset.values_list(*fields))
        if any(value is None for row in rows for value in row):
            raise ValueError("integer_rows reads integer columns without nulls")
        return np.array(rows, dtype=np.int64).reshape(-1, len(fields))
    try:
        sql, params = queryset.values_list(*fields).query.sql_with_params()
    except EmptyResultSet:  # a condition no row can meet (none(), an empty __in)
        return np.empty((0, len(fields)), dtype=np.int64)
    names = [f"c{n}" for n in range(len(fields))]
    connection.ensure_connection()
    with connection.wrap_database_errors:
        # The statement with its values in it, as Django's cursor would send it (it binds them on the client); run
        # by a plain psycopg cursor, which can take the result in binary: the arrays' bytes as they are, not
        # spelt out in hexadecimal (twice the size, and decoded again here).
        with psycopg.ClientCursor(connection.connection) as composer:
            statement = composer.mogrify(f"SELECT {', '.join(f'array_send(array_agg({n}::int8))' for n in names)} "
                                         f"FROM ({sql}) AS q ({', '.join(names)})", params)
        with psycopg.Cursor(connection.connection) as cursor:
            # One pass of the aggregates over the rows: every column's array is in the same row order.
            arrays = cursor.execute(statement, binary=True).fetchone()
    columns = []
    for data in arrays:
        if data is None:  # no rows
            return np.empty((0, len(fields)), dtype=np.int64)
        header = np.frombuffer(data, _ARRAY_HEADER, count=1)[0]
        if header["nulls"]:
            raise ValueError("integer_rows reads integer columns without nulls")
        columns.append(np.frombuffer(data, _ARRAY_ELEMENT, offset=_ARRAY_HEADER.itemsize)["value"].astype(np.int64))
    return np.stack(columns, axis=1)
