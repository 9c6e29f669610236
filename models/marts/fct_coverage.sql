{#- One row per region × scope × fiscal year × phase for the places (region and scope) the
    warehouse holds, every year from the place's first to its last disclosure (a place's rows
    depend on its own documents only, so that a refresh of the place rebuilds them whole):
    whether a disclosure is held, its document, its gate status and its findings by severity,
    or, for a phase every place publishes each year (seed phases, expected_every_year: the
    budget, the final account), that it is missing; and one state for the report's matrix and
    BI, the worst of the disclosure (coverage_state). The periods of execution reports
    (execution_01_06 …) have a row where a report of them is held. -#}
with

documents as (

    select * from {{ ref('dim_documents') }}

),

findings as (

    select * from {{ ref('fct_quality_findings') }}

),

phases as (

    select * from {{ ref('dim_phases') }}

),

places as (

    select
        region_code,
        scope,
        min(fiscal_year) as first_fiscal_year,
        max(fiscal_year) as last_fiscal_year
    from documents
    group by region_code, scope

),

expected as (

    select
        places.region_code,
        places.scope,
        cast(years.fiscal_year as integer) as fiscal_year,
        phases.phase_code,
        phases.phase_kind,
        phases.expected_every_year
    from places
    cross join phases
    {{ join_integer_series(
        'places.first_fiscal_year', 'places.last_fiscal_year', 'years', 'fiscal_year'
    ) }}

),

finding_counts as (

    select
        document_id,
        sum(case when status = 'failed' and severity = 'error' then 1 else 0 end)
            as failed_errors,
        sum(case when status = 'failed' and severity = 'warning' then 1 else 0 end)
            as failed_warnings,
        sum(case when status = 'failed' and severity = 'info' then 1 else 0 end)
            as failed_infos,
        sum(case when status = 'within_tolerance' then 1 else 0 end) as within_tolerance,
        sum(case when status = 'failed' and is_acknowledged then 1 else 0 end)
            as acknowledged,
        bool_or(blocks_publication) as blocks_publication
    from findings
    group by document_id

),

coverage as (

    select
        expected.region_code,
        expected.scope,
        expected.fiscal_year,
        expected.phase_code,
        expected.phase_kind,
        expected.expected_every_year as is_expected,
        documents.document_id,
        case
            when documents.document_id is not null then 'held'
            when expected.expected_every_year then 'missing'
            else 'not_published'
        end as coverage_status,
        case
            when documents.document_id is null then null
            when coalesce(finding_counts.blocks_publication, false) then 'blocks'
            when coalesce(finding_counts.acknowledged, 0) > 0 then 'passes_acknowledged'
            else 'passes'
        end as gate_status,
        cast(coalesce(finding_counts.failed_errors, 0) as integer) as failed_errors,
        cast(coalesce(finding_counts.failed_warnings, 0) as integer) as failed_warnings,
        cast(coalesce(finding_counts.failed_infos, 0) as integer) as failed_infos,
        cast(coalesce(finding_counts.within_tolerance, 0) as integer) as within_tolerance,
        cast(coalesce(finding_counts.acknowledged, 0) as integer) as acknowledged_errors,
        {{ build_id() }} as build_id
    from expected
    left join documents
        on
            expected.region_code = documents.region_code
            and expected.scope = documents.scope
            and expected.fiscal_year = documents.fiscal_year
            and expected.phase_code = documents.document_kind
    left join finding_counts
        on documents.document_id = finding_counts.document_id

),

final as (

    select
        region_code,
        scope,
        fiscal_year,
        phase_code,
        is_expected,
        document_id,
        coverage_status,
        gate_status,
        failed_errors,
        failed_warnings,
        failed_infos,
        within_tolerance,
        acknowledged_errors,
        build_id,
        case
            when coverage_status <> 'held' then coverage_status
            when gate_status = 'blocks' then 'blocks'
            when failed_warnings > 0 then 'warns'
            when gate_status = 'passes_acknowledged' then 'acknowledged'
            else 'passes'
        end as coverage_state
    from coverage
    -- a period of a report of execution (execution_01_06) is a row where a report of it is
    -- held: no place is expected to publish every month's
    where phase_kind = phase_code or coverage_status = 'held'

)

select * from final
