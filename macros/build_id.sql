{#- The id of the build that made the row (SIBUDGET_BUILD_ID, set by `sibudget build`; the
    same for every mart of one release, so a reader can tell that what it read is one build).
    Read when the model runs, not when dbt parses it: a new id per build then leaves dbt's
    partial parse valid (read at parse time, every model that calls this was parsed again at
    every build). -#}
{% macro build_id() -%}
    {%- if execute -%}
    cast('{{ env_var("SIBUDGET_BUILD_ID", "unversioned") }}' as {{ text_type() }})
    {%- else -%}
    cast('unversioned' as {{ text_type() }})
    {%- endif -%}
{%- endmacro %}
