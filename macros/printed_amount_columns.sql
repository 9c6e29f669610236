{#- The columns of a printed amount, in its printed unit: status, value and rounding unit (the
    staging models of every file that prints amounts select these). -#}
{% macro printed_amount_columns(amount_text) -%}
    {{ printed_amount_status(amount_text) }} as amount_status,
    {{ parse_printed_amount(amount_text) }} as amount_printed_unit,
    {{ printed_rounding_unit(amount_text) }} as rounding_unit_printed_unit
{%- endmacro %}
