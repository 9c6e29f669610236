{#- The columns of a printed amount in 万元, from the relation `printed` (with the columns of
    printed_amount_columns) joined to the units seed as `units`: unit code and factor, the blank
    flag, the amount and the figure's own printed precision in 万元, exact (the rounding unit of
    its statement is macro statement_rounding_unit's), and the next coarser unit of money. -#}
{% macro amount_in_wan_yuan_columns(printed, units) -%}
    {{ units }}.unit_code,
    {{ units }}.wan_yuan_per_unit,
    {{ printed }}.amount_status in ('blank', 'dash') as is_blank,
    cast(
        {{ printed }}.amount_printed_unit * {{ units }}.wan_yuan_per_unit as decimal(24, 6)
    ) as amount_wan_yuan,
    cast(
        {{ printed }}.rounding_unit_printed_unit * {{ units }}.wan_yuan_per_unit as decimal(24, 6)
    ) as printed_rounding_unit_wan_yuan,
    (
        select min(coarser.wan_yuan_per_unit)
        from {{ ref('units') }} as coarser
        where
            coarser.unit_kind = 'money'
            and coarser.wan_yuan_per_unit > {{ units }}.wan_yuan_per_unit
    ) as coarser_unit_wan_yuan
{%- endmacro %}
