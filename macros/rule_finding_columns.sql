{#- The finding contract: the columns every rule model emits, in this order, with their types.
    Written once: rule_findings emits them, union_rule_findings selects them by name. -#}
{% macro rule_finding_columns() -%}
    {{ return([
        ('finding_id', text_type()),
        ('rule_id', text_type()),
        ('severity_override', text_type()),
        ('document_id', text_type()),
        ('region_code', text_type()),
        ('scope', text_type()),
        ('fiscal_year', 'integer'),
        ('phase_code', text_type()),
        ('table_code', text_type()),
        ('fund_code', text_type()),
        ('line_code', text_type()),
        ('compared_document_id', text_type()),
        ('compared_fiscal_year', 'integer'),
        ('compared_phase_code', text_type()),
        ('expected_wan_yuan', 'decimal(24, 6)'),
        ('actual_wan_yuan', 'decimal(24, 6)'),
        ('difference_wan_yuan', 'decimal(24, 6)'),
        ('tolerance_wan_yuan', 'decimal(24, 6)'),
        ('is_satisfied', 'boolean'),
        ('has_blank_terms', 'boolean'),
        ('source_lines', text_type()),
        ('compared_source_lines', text_type()),
        ('status', text_type()),
    ]) }}
{%- endmacro %}
