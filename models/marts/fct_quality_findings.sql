with

evaluations as (

    select * from {{ ref('int_rule_evaluations') }}

),

finding_places as (

    select * from {{ ref('int_finding_places') }}

),

known_publisher_errors as (

    select * from {{ ref('known_publisher_errors') }}

),

acknowledged as (

    select
        evaluations.finding_id,
        {{ text_agg(
            'known_publisher_errors.reason', "'; '", order_by=['known_publisher_errors.reason']
        ) }} as acknowledgement_reason
    from evaluations
    inner join known_publisher_errors
        on
            evaluations.document_id = known_publisher_errors.document_id
            and evaluations.rule_id = known_publisher_errors.rule_id
            and (
                known_publisher_errors.fund_code is null
                or evaluations.fund_code = known_publisher_errors.fund_code
            )
    where evaluations.status = 'failed'
    group by evaluations.finding_id

),

final as (

    select
        evaluations.finding_id,
        evaluations.rule_id,
        evaluations.rule_name,
        evaluations.failure_kind,
        evaluations.status,
        case evaluations.status
            when 'passed' then 'none'
            when 'within_tolerance' then 'info'
            else evaluations.severity_if_failed
        end as severity,
        acknowledged.finding_id is not null as is_acknowledged,
        acknowledged.acknowledgement_reason,
        evaluations.status = 'failed'
        and evaluations.severity_if_failed = 'error'
        and acknowledged.finding_id is null as blocks_publication,
        evaluations.document_id,
        evaluations.region_code,
        evaluations.scope,
        evaluations.fiscal_year,
        evaluations.phase_code,
        evaluations.table_code,
        evaluations.fund_code,
        evaluations.line_code,
        evaluations.compared_document_id,
        evaluations.compared_fiscal_year,
        evaluations.compared_phase_code,
        evaluations.expected_wan_yuan,
        evaluations.actual_wan_yuan,
        evaluations.difference_wan_yuan,
        evaluations.tolerance_wan_yuan,
        evaluations.has_blank_terms,
        evaluations.source_lines,
        evaluations.compared_source_lines,
        finding_places.source_places,
        finding_places.compared_source_places,
        {{ build_id() }} as build_id
    from evaluations
    left join acknowledged
        on evaluations.finding_id = acknowledged.finding_id
    left join finding_places
        on evaluations.finding_id = finding_places.finding_id

)

select * from final
