{#- The id of the build that made the row (SIBUDGET_BUILD_ID, set by `sibudget build`; the
    same for every mart of one release, so a reader can tell that what it read is one build). -#}
{% macro build_id() -%}
    cast('{{ env_var("SIBUDGET_BUILD_ID", "unversioned") }}' as varchar)
{%- endmacro %}
