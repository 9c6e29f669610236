{#- The rounding unit of a printed figure's statement, in 万元: the finest precision the
    statement's figures actually show (DOMAIN: "4624.1" among two-decimal figures is rounded to
    0.01), lifted to the next coarser unit of money (seed units) when every figure of the
    statement is a whole multiple of it (a table printed in 元 whose figures are all whole 万元
    is rounded to 万元), so that one document printed in 元 or in 万元 is judged alike. A
    statement is the rows sharing `partition_by` (a table; the figures of a narrative in one
    unit). Over a relation with the columns of amount_in_wan_yuan_columns and
    coarser_unit_wan_yuan (the next coarser unit of money). Blank, dash and ratios: 0. Typed
    DECIMAL(24, 6) on every adapter (PostgreSQL widens a case of mixed numerics to bare numeric). -#}
{% macro statement_rounding_unit(partition_by) -%}
    {%- set window = 'over (partition by ' ~ partition_by | join(', ') ~ ')' -%}
    {%- set is_money_figure = "amount_status = 'number' and wan_yuan_per_unit is not null" -%}
    cast(case
        when not ({{ is_money_figure }}) then 0
        when
            coarser_unit_wan_yuan is not null
            and bool_and(
                not ({{ is_money_figure }}) or amount_wan_yuan % coarser_unit_wan_yuan = 0
            ) {{ window }}
            then coarser_unit_wan_yuan
        else min(
            case when {{ is_money_figure }} then printed_rounding_unit_wan_yuan end
        ) {{ window }}
    end as decimal(24, 6))
{%- endmacro %}
