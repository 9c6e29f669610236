{#- The fund names contained in a label, ranked: a select over the CTE `labelled` joined to the
    CTE `fund_aliases` (int_fund_aliases), one row per row of `labelled` (identified by `keys`)
    and name found in its `label` column that was in use in the row's `fiscal_year` (a fund's
    old names map only in the years they were used). alias_rank 1 is the longest name; when two
    funds have a name of that length, is_ambiguous is true. Used wherever a printed label is
    mapped to a fund, so that tables and narrative map alike. -#}
{% macro fund_alias_candidates(labelled, keys, label, fiscal_year='fiscal_year') -%}
    select
        {%- for key in keys %}
        {{ labelled }}.{{ key }},
        {%- endfor %}
        fund_aliases.fund_code,
        fund_aliases.alias_zh,
        row_number() over (
            partition by {% for key in keys %}{{ labelled }}.{{ key }}{{ ", " if not loop.last }}{% endfor %}
            order by length(fund_aliases.alias_zh) desc, fund_aliases.fund_code
        ) as alias_rank,
        max(fund_aliases.fund_code) over (
            partition by
                {% for key in keys %}{{ labelled }}.{{ key }}, {% endfor %}length(fund_aliases.alias_zh)
        )
        <> min(fund_aliases.fund_code) over (
            partition by
                {% for key in keys %}{{ labelled }}.{{ key }}, {% endfor %}length(fund_aliases.alias_zh)
        ) as is_ambiguous
    from {{ labelled }}
    inner join fund_aliases
        on
            position(fund_aliases.alias_zh in {{ labelled }}.{{ label }}) > 0
            and {{ labelled }}.{{ fiscal_year }}
            between fund_aliases.first_fiscal_year and fund_aliases.last_fiscal_year
{%- endmacro %}
