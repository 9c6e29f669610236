{#- The status of a rule result from its difference and tolerance: 'passed' when the
    difference is 0, 'within_tolerance' when it is not 0 but within the tolerance (reported
    with severity info), 'failed' beyond it. A null difference (nothing to compare) fails. -#}
{% macro finding_status(difference, tolerance) -%}
    case
        when {{ difference }} = 0 then 'passed'
        when abs({{ difference }}) <= {{ tolerance }} then 'within_tolerance'
        else 'failed'
    end
{%- endmacro %}
