{#- The one place where a printed amount becomes a number: DECIMAL(24,6) in the printed unit,
    exact (no float on the way). Blank and dash give null (arithmetic treats them as 0 and the
    status keeps them flagged); malformed text gives null and status 'malformed', which the
    amount_parses pipeline test turns into a failure naming the file and line. -#}
{% macro parse_printed_amount(amount_text) -%}
    {%- set normalised = normalise_printed_amount(amount_text) -%}
    cast(
        case
            when ({{ printed_amount_status(amount_text) }}) <> 'number' then null
            when {{ normalised }} like '(%)'
                then -cast(replace(replace({{ normalised }}, '(', ''), ')', '') as decimal(24, 6))
            else cast({{ normalised }} as decimal(24, 6))
        end
        as decimal(24, 6)
    )
{%- endmacro %}
