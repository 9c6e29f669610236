{#- The results of rule `rule_id`, one per row of `relation` (a CTE of the rule model): each
    column of the finding contract given by name as a SQL expression over that relation; 'null'
    where it does not apply. The key columns default to the relation's columns of the same name.
    difference defaults to actual - expected. A rule is judged either by is_satisfied (presence
    rules) or by difference and tolerance (macro finding_status). The finding id is the rule and
    the subject: document, year, phase, table, fund, line, compared document and phase, and
    subject_key where those do not tell subjects apart (the narrative line of a stated figure). -#}
{% macro rule_findings(
    relation,
    rule_id,
    document_id='document_id',
    region_code='region_code',
    scope='scope',
    fiscal_year='fiscal_year',
    phase_code='phase_code',
    table_code='table_code',
    fund_code='fund_code',
    line_code='line_code',
    compared_document_id='null',
    compared_fiscal_year='null',
    compared_phase_code='null',
    subject_key='null',
    expected='null',
    actual='null',
    difference=none,
    tolerance='null',
    is_satisfied='null',
    has_blank_terms='false',
    source_lines='null',
    compared_source_lines='null',
    severity_override='null'
) -%}
    {%- if difference is none -%}
        {%- set difference = 'null' if expected == 'null' or actual == 'null'
            else '(' ~ actual ~ ') - (' ~ expected ~ ')' -%}
    {%- endif -%}
    {%- set given = {
        'rule_id': "'" ~ rule_id ~ "'",
        'severity_override': severity_override,
        'document_id': document_id,
        'region_code': region_code,
        'scope': scope,
        'fiscal_year': fiscal_year,
        'phase_code': phase_code,
        'table_code': table_code,
        'fund_code': fund_code,
        'line_code': line_code,
        'compared_document_id': compared_document_id,
        'compared_fiscal_year': compared_fiscal_year,
        'compared_phase_code': compared_phase_code,
        'expected_wan_yuan': expected,
        'actual_wan_yuan': actual,
        'difference_wan_yuan': difference,
        'tolerance_wan_yuan': tolerance,
        'is_satisfied': is_satisfied,
        'has_blank_terms': 'coalesce(' ~ has_blank_terms ~ ', false)',
        'source_lines': source_lines,
        'compared_source_lines': compared_source_lines,
    } -%}
    select
        concat_ws(
            '|',
            subjects.rule_id,
            subjects.document_id,
            coalesce({{ as_text('subjects.fiscal_year') }}, '-'),
            coalesce(subjects.phase_code, '-'),
            coalesce(subjects.table_code, '-'),
            subjects.fund_code,
            coalesce(subjects.line_code, '-'),
            coalesce(subjects.compared_document_id, '-'),
            coalesce(subjects.compared_phase_code, '-'),
            coalesce(subjects.subject_key, '-')
        ) as finding_id,
        {%- for name, data_type in rule_finding_columns() if name not in ('finding_id', 'status') %}
        subjects.{{ name }},
        {%- endfor %}
        case
            when subjects.is_satisfied then 'passed'
            when not subjects.is_satisfied then 'failed'
            else {{ finding_status('subjects.difference_wan_yuan', 'subjects.tolerance_wan_yuan') }}
        end as status
    from (
        select
            {%- for name, data_type in rule_finding_columns() if name in given %}
            cast({{ given[name] }} as {{ data_type }}) as {{ name }},
            {%- endfor %}
            {{ as_text(subject_key) }} as subject_key
        from {{ relation }}
    ) as subjects
{%- endmacro %}
