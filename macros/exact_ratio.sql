{#- numerator / denominator as DECIMAL(18, scale), computed exactly on integers and rounded
    half-even (banker's rounding); null when the denominator is null or 0. Both arguments are
    amounts with at most six decimals (DECIMAL(24,6)), so that times 10^6 they are integers.
    Division of decimals goes through DOUBLE on DuckDB, so no engine divides decimals here:
    only integer_quotient and exact_integer differ between the engines; the sign is a case, since
    sign() gives a DOUBLE on Spark. -#}
{% macro exact_ratio(numerator, denominator, scale) -%}
    {%- set n = exact_integer("(" ~ numerator ~ ") * 1000000 * " ~ (10 ** scale)) -%}
    {%- set d = exact_integer("(" ~ denominator ~ ") * 1000000") -%}
    {%- set quotient = integer_quotient(n, d) -%}
    {%- set twice_remainder = "(2 * abs(" ~ n ~ " % " ~ d ~ "))" -%}
    {%- set direction = "(" ~ sign_of(n) ~ " * " ~ sign_of(d) ~ ")" -%}
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

{% macro sign_of(expression) -%}
    (case when {{ expression }} > 0 then 1 when {{ expression }} < 0 then -1 else 0 end)
{%- endmacro %}
