{#- A text cast to `data_type` when it has that type's form, else null (the staging tests then
    name the row): the same on every engine (PostgreSQL has no try_cast). Types: integer,
    date (YYYY-MM-DD), decimal(24, 6). -#}
{% macro text_to(expression, data_type) -%}
    {%- set forms = {
        'integer': '^-?[0-9]{1,9}$',
        'date': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
        'decimal(24, 6)': '^-?[0-9]{1,18}([.][0-9]{1,6})?$',
    } -%}
    case
        when {{ regex_matches('trim(' ~ expression ~ ')', regex_literal(forms[data_type])) }}
            then cast(trim({{ expression }}) as {{ data_type }})
    end
{%- endmacro %}
