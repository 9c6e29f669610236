{#- dbt-duckdb's seed loading (its duckdb__load_csv_rows, fast path) with the seed file's path as
    a SQL literal: dbt-duckdb 1.x writes the path between quotes as it is, so a project under a
    folder whose name has an apostrophe (/home/o'brien/…) fails to load every seed. The rows are
    loaded as dbt-duckdb loads them, by one COPY of the file; every seed here takes that path
    (none sets `fast: false`), and a seed that did would be refused by name, not loaded another
    way. Tested by test_refresh's test_without_the_compiled_project_the_refresh_runs_dbt_alike. -#}
{% macro duckdb__load_csv_rows(model, agate_table) %}
    {%- if not config.get('fast', true) -%}
        {{ exceptions.raise_compiler_error(
            "seed " ~ model.name ~ ": `fast: false` is not supported (macros/load_csv_rows.sql)") }}
    {%- endif -%}
    {%- set seed_file_path = adapter.get_seed_file_path(model) -%}
    {%- set delimiter = config.get('delimiter', ',') -%}
    {% set sql %}
      COPY {{ this.render() }} FROM '{{ seed_file_path | replace("'", "''") }}' (FORMAT CSV, HEADER TRUE, DELIMITER '{{ delimiter | replace("'", "''") }}')
    {% endset %}
    {% do adapter.add_query(sql, abridge_sql_log=True) %}
    {{ return(sql) }}
{% endmacro %}
