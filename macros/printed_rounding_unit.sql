{#- The rounding unit of a printed number, in its printed unit: 1 for "280,645", 0.01 for
    "12.34". Blank and dash are exact zeros: unit 0. -#}
{% macro printed_rounding_unit(amount_text) -%}
    {%- set normalised = normalise_printed_amount(amount_text) -%}
    case
        when ({{ printed_amount_status(amount_text) }}) <> 'number' then cast(0 as decimal(24, 6))
        when position('.' in {{ normalised }}) = 0 then cast(1 as decimal(24, 6))
        else cast(
            case length(replace({{ normalised }}, ')', '')) - position('.' in {{ normalised }})
                when 1 then 0.1
                when 2 then 0.01
                when 3 then 0.001
                when 4 then 0.0001
                when 5 then 0.00001
                else 0.000001
            end as decimal(24, 6))
    end
{%- endmacro %}
