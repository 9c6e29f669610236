{#- Run after every dbt invocation (on-run-end): on PostgreSQL, the role SIBUDGET_BI_ROLE
    (default sibudget_bi, created with its password by scripts/start-postgres) may connect to
    this database and select from the marts, nothing else; granted again after every build,
    since the marts are recreated. The role name reaches SQL as a quoted literal and the grants
    quote it as an identifier (format %I), so any name is safe. A missing role stops the run
    with what to do. DuckDB has no roles (BI opens the file read-only), nor has the Spark Thrift
    server started by scripts/start-spark. -#}
{% macro grant_bi_reader() -%}
    {{ return(adapter.dispatch('grant_bi_reader', 'sibudget')()) }}
{%- endmacro %}

{% macro postgres__grant_bi_reader() -%}
    {%- set role = env_var('SIBUDGET_BI_ROLE', 'sibudget_bi') -%}
    create schema if not exists marts;
    do $grant_bi_reader$
    declare
        bi_role text := '{{ role | replace("'", "''") }}';
    begin
        if not exists (select 1 from pg_roles where rolname = bi_role) then
            raise exception 'the BI role % does not exist: run scripts/start-postgres', bi_role;
        end if;
        execute format('grant connect on database %I to %I', current_database(), bi_role);
        execute format('grant usage on schema marts to %I', bi_role);
        execute format('grant select on all tables in schema marts to %I', bi_role);
    end
    $grant_bi_reader$;
{%- endmacro %}

{% macro default__grant_bi_reader() -%}
    select 1 as no_roles_here
{%- endmacro %}
