{#- A name as it sounds in French, for blocking and for telling a misheard spelling from another
    name: Dupont = Dupond = Dupon, Renault = Renaud = Reno, Gauthier = Gautier, Philippe =
    Filippe, Mathieu = Matthieu, Lefebvre = Lefevre, Cathy = Kathy; but Jean <> Jeanne and
    Michel <> Michelle: a final e is kept, so that a man and a woman of one household sharing an
    e-mail are not taken for one person. Deterministic rewriting of
    the name in match form (crosschannel.normalize_name): spaces dropped; doubled letters single;
    letter groups that sound alike written one way (ph = f, qu = k, soft c = s, soft g = j, eau =
    au = o, ai = ei = e, en = an, y = i...); mute h dropped; the mute endings (-ault, -er, -d, -t,
    -s, -x, -z) dropped. Two names with the same key may still be two people's (Dominique,
    Camille): the key finds candidates, it does not prove a match. NULL stays NULL. Nested regexp_replace calls
    without backreferences, so the same rewriting runs on DuckDB (RE2) and Spark. -#}
{% macro french_phonetic_key(normalized_name, stage=none) -%}
    {#- The rewrites in order, in four stages: a model applies the stages in successive CTEs
        (stage=1..4) so that no expression nests more than ten calls deep; without a stage, all of
        them at once. Each step: a regular expression and its replacement, or a translate. -#}
    {%- set stages = [
        [("' '", "''"), ("'ll+'", "'l'"), ("'nn+'", "'n'"), ("'mm+'", "'m'"), ("'tt+'", "'t'"),
            ("'ss+'", "'s'"), ("'rr+'", "'r'"), ("'pp+'", "'p'")],
        [("'ff+'", "'f'"), ("'bb+'", "'b'"), ("'dd+'", "'d'"), ("'gg+'", "'g'"), ("'kk+'", "'k'"),
            ("'vv+'", "'v'"), ("'ault$'", "'o'"), ("'bv'", "'v'"), ("'chr'", "'kr'"), ("'coi'", "'soi'")],
        [("'ph'", "'f'"), ("'ce'", "'se'"), ("'ci'", "'si'"), ("'cy'", "'sy'"), ("'ge'", "'je'"),
            ("'gi'", "'ji'"), ("'gy'", "'jy'"), ("'gu'", "'g'"), ("'s?ch'", "'x'"), ("'c?qu|ck|c|q'", "'k'")],
        [("'e?au'", "'o'"), ("'[ae][iy]'", "'e'"), ("'en'", "'an'"), ("'em'", "'am'"),
            ("translate", "'ywz', 'ivs'"), ("'h'", "''"), ("'er$'", "'e'"), ("'[dtsxz]$'", "''")],
    ] -%}
    {%- set chosen = stages if stage is none else [stages[stage - 1]] -%}
    {%- set ns = namespace(expression=normalized_name) -%}
    {%- for steps in chosen -%}
        {%- for pattern, replacement in steps -%}
            {%- if pattern == 'translate' -%}
                {%- set ns.expression = 'translate(' ~ ns.expression ~ ', ' ~ replacement ~ ')' -%}
            {%- else -%}
                {%- set ns.expression = crosschannel.regex_replace_all(ns.expression, pattern, replacement) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if stage is none or stage == stages | length -%}
        nullif({{ ns.expression }}, '')
    {%- else -%}
        {{ ns.expression }}
    {%- endif -%}
{%- endmacro %}
