{#- The printed amount text with its print-only characters removed: thousands separators
    (, and full-width ，), white space; full-width digits, point, minus, parentheses and the
    typographic minus turned into ASCII. Blank stays blank (''), null stays null. -#}
{% macro normalise_printed_amount(amount_text) -%}
    translate(
        regexp_replace(coalesce({{ amount_text }}, ''), '[,，\s　]', '', 'g'),
        '０１２３４５６７８９．－−（）',
        '0123456789.--()'
    )
{%- endmacro %}
