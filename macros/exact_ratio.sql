{#- numerator / denominator as DECIMAL(18, scale), computed exactly on integers and rounded
    half-even (banker's rounding); null when the denominator is null or 0. Both arguments are
    amounts with at most six decimals (DECIMAL(24,6)). DuckDB's decimal division would go
    through DOUBLE, so DuckDB divides hugeints (//); the default (PostgreSQL) divides exact
    numerics with div() and mod(). -#}
{% macro exact_ratio(numerator, denominator, scale) -%}
    {{ return(adapter.dispatch('exact_ratio', 'sibudget')(numerator, denominator, scale)) }}
{%- endmacro %}

{% macro duckdb__exact_ratio(numerator, denominator, scale) -%}
    {%- set n = "cast(cast(" ~ numerator ~ " as decimal(24, 6)) * 1000000 * " ~ (10 ** scale) ~ " as hugeint)" -%}
    {%- set d = "cast(cast(" ~ denominator ~ " as decimal(24, 6)) * 1000000 as hugeint)" -%}
    {%- set quotient = "(" ~ n ~ " // " ~ d ~ ")" -%}
    {%- set twice_remainder = "(2 * abs(" ~ n ~ " % " ~ d ~ "))" -%}
    {%- set direction = "(sign(" ~ n ~ ") * sign(" ~ d ~ "))" -%}
    {%- set step = "1" if scale == 0 else "0." ~ ("0" * (scale - 1)) ~ "1" -%}
    case
        when {{ denominator }} is null or {{ denominator }} = 0 then null
        else cast(
            cast(
                {{ quotient }}
                + case
                    when {{ twice_remainder }} > abs({{ d }}) then {{ direction }}
                    when {{ twice_remainder }} = abs({{ d }}) and {{ quotient }} % 2 <> 0
                        then {{ direction }}
                    else 0
                end
                as decimal(38, 0)
            ) * cast({{ step }} as decimal(38, {{ scale }}))
            as decimal(18, {{ scale }})
        )
    end
{%- endmacro %}


{% macro default__exact_ratio(numerator, denominator, scale) -%}
    {%- set n = "(cast(" ~ numerator ~ " as numeric(38, 6)) * 1000000 * " ~ (10 ** scale) ~ ")" -%}
    {%- set d = "(cast(" ~ denominator ~ " as numeric(38, 6)) * 1000000)" -%}
    {%- set quotient = "div(" ~ n ~ ", " ~ d ~ ")" -%}
    {%- set twice_remainder = "(2 * abs(mod(" ~ n ~ ", " ~ d ~ ")))" -%}
    {%- set direction = "(sign(" ~ n ~ ") * sign(" ~ d ~ "))" -%}
    {%- set step = "1" if scale == 0 else "0." ~ ("0" * (scale - 1)) ~ "1" -%}
    case
        when {{ denominator }} is null or {{ denominator }} = 0 then null
        else cast(
            cast(
                {{ quotient }}
                + case
                    when {{ twice_remainder }} > abs({{ d }}) then {{ direction }}
                    when {{ twice_remainder }} = abs({{ d }}) and mod({{ quotient }}, 2) <> 0
                        then {{ direction }}
                    else 0
                end
                as decimal(38, 0)
            ) * cast({{ step }} as decimal(38, {{ scale }}))
            as decimal(18, {{ scale }})
        )
    end
{%- endmacro %}
