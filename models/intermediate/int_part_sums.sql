{#- One row per document × fiscal year × phase × fund × total line with printed parts: the
    printed total beside the sum of its parts (its catalogue part lines and its unlisted items,
    int_part_lines_paired), whether the parts are exhaustive (seed exhaustive_parts: the total
    is printed with its marker part, 收入合计 with 收入小计, 收入小计 with 其他收入), and the
    rounding tolerance of the parts alone and of the parts with the total. Written once, read
    by the two parts rules (parts_sum_within_total, parts_sum_to_total). -#}
with

part_lines as (

    select * from {{ ref('int_part_lines_paired') }}

),

exhaustive_parts as (

    select * from {{ ref('exhaustive_parts') }}

),

marked as (

    select
        part_lines.*,
        exhaustive_parts.marker_line_code is not null as is_marker
    from part_lines
    left join exhaustive_parts
        on
            part_lines.parent_line_code = exhaustive_parts.total_line_code
            and part_lines.line_code = exhaustive_parts.marker_line_code

),

final as (

    select
        document_id,
        region_code,
        scope,
        fiscal_year,
        phase_code,
        table_code,
        fund_code,
        parent_line_code,
        cast(coalesce(max(total_wan_yuan), 0) as decimal(24, 6)) as total_wan_yuan,
        cast(coalesce(sum(amount_wan_yuan), 0) as decimal(24, 6)) as sum_of_parts_wan_yuan,
        {{ rounding_tolerance('sum(rounding_unit_wan_yuan)') }} as parts_tolerance_wan_yuan,
        {{ rounding_tolerance('sum(rounding_unit_wan_yuan) + max(total_rounding_unit_wan_yuan)') }}
            as parts_and_total_tolerance_wan_yuan,
        bool_or(is_blank) or bool_or(total_is_blank) as has_blank_terms,
        coalesce(bool_or(is_marker), false) as is_exhaustive,
        {{ as_text('min(total_source_line)') }} || ', '
        || {{ text_agg(as_text('source_line'), "', '", order_by=['source_line']) }} as source_lines
    from marked
    group by
        document_id, region_code, scope, fiscal_year, phase_code, table_code, fund_code,
        parent_line_code

)

select * from final
