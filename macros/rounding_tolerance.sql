{#- The tolerance of an identity between printed figures: half the rounding unit of each
    printed term on the computed side, added up (for whole 万元 and two terms: 1 万元).
    Blank terms are exact and add nothing. -#}
{% macro rounding_tolerance(sum_of_rounding_units) -%}
    cast(0.5 * ({{ sum_of_rounding_units }}) as decimal(24, 6))
{%- endmacro %}
