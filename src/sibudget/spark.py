"""The Spark target: a cluster reached through its Thrift server (profiles.yml's `spark` target;
scripts/start-spark starts one on this machine). What dbt-duckdb reads from the files with
read_csv, Spark reads from CSV tables over the same globs, registered here before dbt runs; what
the DuckDB release exports, Spark writes here as Parquet (sibudget.build reads it back into the
release's DuckDB file, so that the gate, the expectations and BI read a Spark build as they read
a DuckDB one)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sibudget.disclosure_files import DISCLOSURE_FILES
from sibudget.load_postgres import SOURCE_TABLES

CSV_OPTIONS = {
    "header": "true",
    "mode": "FAILFAST",
    "multiLine": "true",
    "quote": '"',
    "escape": '"',
    "encoding": "UTF-8",
}
"""How Spark reads a disclosure file: as written (RFC 4180, UTF-8), a malformed row stops the
read instead of becoming nulls."""


class SparkError(Exception):
    """The Spark Thrift server cannot be reached or refused a statement."""


def cluster_dir() -> Path:
    """The folder scripts/start-spark keeps the cluster in (its pid files, logs, metastore and
    pyspark): $SIBUDGET_SPARK_DIR, by default sibudget-spark in the temporary folder, as the
    script says."""
    default = Path(tempfile.gettempdir()) / "sibudget-spark"
    return Path(os.environ.get("SIBUDGET_SPARK_DIR", default))


def schema_prefix() -> str:
    """SIBUDGET_SPARK_SCHEMA_PREFIX: put before every schema the project writes on Spark (macro
    generate_schema_name), so that two builds on one cluster (CI beside a developer) keep apart."""
    return os.environ.get("SIBUDGET_SPARK_SCHEMA_PREFIX", "")


def connection_parameters() -> dict[str, Any]:
    """Where the Thrift server is: as profiles.yml's spark target reads it."""
    return {
        "host": os.environ.get("SIBUDGET_SPARK_HOST", "127.0.0.1"),
        "port": int(os.environ.get("SIBUDGET_SPARK_THRIFT_PORT", "10009")),
    }


@contextmanager
def cursor() -> Iterator[Any]:
    """A cursor on the Thrift server; SparkError, naming the server and the way out, when it
    does not answer."""
    from pyhive import hive

    parameters = connection_parameters()
    try:
        connection = hive.connect(username="sibudget", **parameters)
    except Exception as error:  # thrift's transport errors have no common base
        raise SparkError(
            f"the Spark Thrift server at {parameters['host']}:{parameters['port']} does not "
            f"answer ({error}): run scripts/start-spark"
        ) from error
    try:
        yield connection.cursor()
    finally:
        connection.close()


def spark_text(text: str) -> str:
    """`text` as a Spark SQL string literal (Spark reads backslash escapes in literals)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def register_disclosures(data_dir: Path) -> list[str]:
    """The source tables of schema <prefix>disclosures over the files under `data_dir`: per file
    kind, a CSV table over the glob `<data_dir>/*/<file>` with every column text (the file's
    header, DISCLOSURE_FILES) and a view of it that adds each row's file as source_file, as
    DuckDB's read_csv gives it. Replaced each time; the files are read when dbt reads the view.
    The tables' names."""
    schema = schema_prefix() + "disclosures"
    created = []
    with cursor() as spark:
        spark.execute(f"create database if not exists {schema}")
        for file_name, columns in DISCLOSURE_FILES.items():
            table = f"{schema}.{SOURCE_TABLES[file_name]}"
            definition = ", ".join(f"{column} string" for column in columns)
            options = ", ".join(f"{key} {spark_text(value)}" for key, value in CSV_OPTIONS.items())
            glob = f"{data_dir.resolve()}/*/{file_name}"
            spark.execute(f"drop view if exists {table}")
            spark.execute(f"drop table if exists {table}_files")
            spark.execute(
                f"create table {table}_files ({definition}) using csv "
                f"options (path {spark_text(glob)}, {options})"
            )
            spark.execute(
                f"create view {table} as select {', '.join(columns)}, "
                f"{SOURCE_FILE} as source_file from {table}_files"
            )
            created.append(table)
    return created


SOURCE_FILE = (
    "url_decode(replace(regexp_replace(_metadata.file_path, '^file:(//)?', ''), '+', '%2B'))"
)
"""A row's file as a path: Spark gives a URI (file:///…, with %-escapes)."""


def table_names(schema: str) -> list[str]:
    """The tables of schema <prefix>`schema`, sorted."""
    with cursor() as spark:
        spark.execute(f"show tables in {schema_prefix()}{schema}")
        return sorted(row[1] for row in spark.fetchall() if not row[2])


def export_tables(schema: str, folder: Path) -> dict[str, Path]:
    """Each table of schema <prefix>`schema` written by Spark as Parquet into
    `folder/<table>/` (one file: a mart or a seed is small beside the files it is built from);
    the folders, by table."""
    written = {}
    names = table_names(schema)
    with cursor() as spark:
        for name in names:
            target = folder / name
            shutil.rmtree(target, ignore_errors=True)
            spark.execute(
                f"insert overwrite directory {spark_text(str(target.resolve()))} using parquet "
                f"select /*+ coalesce(1) */ * from {schema_prefix()}{schema}.{name}"
            )
            written[name] = target
    return written


def load_tables(schemas: dict[str, dict[str, Path]], warehouse: Path) -> dict[str, int]:
    """A DuckDB file at `warehouse` holding, in each schema of `schemas`, its tables read from
    the Parquet files Spark wrote (folders by table): the marts and the seeds (schema
    reference) that the gate, the expectations and BI read. The rows per schema.table."""
    import duckdb

    from sibudget.warehouse import sql_text

    warehouse.unlink(missing_ok=True)
    connection = duckdb.connect(str(warehouse))
    counts = {}
    try:
        for schema, folders in schemas.items():
            connection.execute(f"create schema {schema}")
            for name, folder in sorted(folders.items()):
                files = sorted(folder.glob("*.parquet"))
                if not files:
                    raise SparkError(f"Spark wrote no Parquet file for {schema}.{name} in {folder}")
                listed = ", ".join(sql_text(str(path)) for path in files)
                connection.execute(
                    f"create table {schema}.{name} as select * from read_parquet([{listed}])"
                )
                counted = connection.execute(f"select count(*) from {schema}.{name}").fetchone()
                counts[f"{schema}.{name}"] = int(counted[0]) if counted else 0
        connection.execute("checkpoint")
    finally:
        connection.close()
    return counts


def failing_rows(relation: str, limit: int) -> list[dict[str, Any]]:
    """The rows a failed dbt test stored in `relation` on Spark (store_failures), at most
    `limit`."""
    with cursor() as spark:
        try:
            spark.execute(f"select * from {relation} limit {int(limit)}")
        except Exception as error:  # pyhive's OperationalError carries Spark's message
            raise SparkError(str(error)) from error
        names = [column[0].split(".")[-1] for column in spark.description]
        return [dict(zip(names, row, strict=True)) for row in spark.fetchall()]
