{#- Classifies a printed amount: 'blank' (nothing printed), 'dash' (only dashes: nothing),
    'number' (a number, optionally negative by a minus sign or by parentheses, with at most
    six decimals) or 'malformed' (anything else: a pipeline failure, rule amount_parses). -#}
{% macro printed_amount_status(amount_text) -%}
    {%- set normalised = normalise_printed_amount(amount_text) -%}
    case
        when {{ normalised }} = '' then 'blank'
        when {{ matches_whole(normalised, "'[-—–~]+'") }} then 'dash'
        when {{ matches_whole(normalised, "'-?[0-9]{1,18}([.][0-9]{1,6})?'") }} then 'number'
        when {{ matches_whole(normalised, "'[(][0-9]{1,18}([.][0-9]{1,6})?[)]'") }} then 'number'
        else 'malformed'
    end
{%- endmacro %}
