{#- The printed amount text with its print-only characters removed: thousands separators
    (, and full-width ，), white space; full-width digits, point, minus, parentheses, the
    typographic minus and △ (the minus sign of Chinese financial statements: △4,821) turned
    into ASCII. Blank stays blank (''), null stays null. Python's twins: sibudget.ingest
    tables.PRINTED_NUMBER and placement._number. -#}
{% macro normalise_printed_amount(amount_text) -%}
    translate(
        {{ regex_replace_all("coalesce(" ~ amount_text ~ ", '')", regex_literal('[,，\\s　]'), "''") }},
        '０１２３４５６７８９．－−（）△',
        '0123456789.--()-'
    )
{%- endmacro %}
