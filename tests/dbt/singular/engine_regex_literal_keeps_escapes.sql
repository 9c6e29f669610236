{#- Asserts: a regular expression written with regex_literal keeps its backslash escapes on the
    engine that runs it. Spark reads escapes in every string literal, so '\s' written plainly
    reaches its regex engine as 's' and silently matches the letter instead of white space;
    regex_literal doubles the backslashes there. Fails with the results when that returns. -#}
with

results as (

    select
        {{ regex_replace_all("'a b  c s'", regex_literal('\\s'), "''") }} as white_space_removed,
        {{ regex_matches("'x y'", regex_literal('^x\\sy$')) }} as white_space_matched,
        {{ regex_matches("'xsy'", regex_literal('^x\\sy$')) }} as letter_matched

),

final as (

    select *
    from results
    where
        white_space_removed <> 'abcs'
        or not white_space_matched
        or letter_matched

)

select * from final
