{#- The columns of a printed amount in 万元, from the relation `printed` (with the columns of
    printed_amount_columns) joined to the units seed as `units`: unit code and factor, the blank
    flag, the amount and its rounding unit in 万元, exact. -#}
{% macro amount_in_wan_yuan_columns(printed, units) -%}
    {{ units }}.unit_code,
    {{ units }}.wan_yuan_per_unit,
    {{ printed }}.amount_status in ('blank', 'dash') as is_blank,
    cast(
        {{ printed }}.amount_printed_unit * {{ units }}.wan_yuan_per_unit as decimal(24, 6)
    ) as amount_wan_yuan,
    cast(
        {{ printed }}.rounding_unit_printed_unit * {{ units }}.wan_yuan_per_unit as decimal(24, 6)
    ) as rounding_unit_wan_yuan
{%- endmacro %}
