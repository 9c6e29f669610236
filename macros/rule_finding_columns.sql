{#- The finding contract: the columns every rule model emits, in this order, with their types.
    Written once: rule_findings emits them, union_rule_findings selects them by name. -#}
{% macro rule_finding_columns() -%}
    {{ return([
        ('finding_id', 'varchar'),
        ('rule_id', 'varchar'),
        ('severity_override', 'varchar'),
        ('document_id', 'varchar'),
        ('region_code', 'varchar'),
        ('scope', 'varchar'),
        ('fiscal_year', 'integer'),
        ('phase_code', 'varchar'),
        ('table_code', 'varchar'),
        ('fund_code', 'varchar'),
        ('line_code', 'varchar'),
        ('compared_document_id', 'varchar'),
        ('compared_fiscal_year', 'integer'),
        ('compared_phase_code', 'varchar'),
        ('expected_wan_yuan', 'decimal(24, 6)'),
        ('actual_wan_yuan', 'decimal(24, 6)'),
        ('difference_wan_yuan', 'decimal(24, 6)'),
        ('tolerance_wan_yuan', 'decimal(24, 6)'),
        ('is_satisfied', 'boolean'),
        ('has_blank_terms', 'boolean'),
        ('source_lines', 'varchar'),
        ('compared_source_lines', 'varchar'),
        ('status', 'varchar'),
    ]) }}
{%- endmacro %}
