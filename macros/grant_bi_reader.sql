{#- Run after every dbt invocation (on-run-end): on PostgreSQL, the role `sibudget_bi` (login,
    read only) may select from the marts and nothing else; granted again after every build,
    since the marts are recreated. DuckDB has no roles: BI opens the file read-only. -#}
{% macro grant_bi_reader() -%}
    {{ return(adapter.dispatch('grant_bi_reader', 'sibudget')()) }}
{%- endmacro %}

{% macro default__grant_bi_reader() -%}
    {%- set role = env_var('SIBUDGET_BI_ROLE', 'sibudget_bi') -%}
    do $$
    begin
        if not exists (select 1 from pg_roles where rolname = '{{ role }}') then
            create role {{ role }} login password '{{ env_var("SIBUDGET_BI_PASSWORD", "sibudget_bi") }}';
        end if;
    exception
        when duplicate_object or unique_violation then null;  -- another build created it first
    end
    $$;
    create schema if not exists marts;
    grant usage on schema marts to {{ role }};
    grant select on all tables in schema marts to {{ role }};
{%- endmacro %}

{% macro duckdb__grant_bi_reader() -%}
    select 1 as no_roles_in_duckdb
{%- endmacro %}
