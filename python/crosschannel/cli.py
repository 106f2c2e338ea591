"""The `crosschannel` command line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import click
import duckdb
import typer
import yaml
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table
from typer.core import TyperGroup

from crosschannel.raw_files import ENCODING_VAR
from crosschannel.runner import (
    WITHOUT_UNIT_TESTS,
    ProjectError,
    default_database_path,
    find_project_dir,
    project_vars,
    raw_files_vars,
    run_dbt,
)
from crosschannel.summary import BuildSummary, read_summary

if TYPE_CHECKING:
    from crosschannel.benchmark import DailyRun, ModelTiming, NodeShare

console = Console()


class _OneLineErrors(TyperGroup):
    """Runs a command and reports a filesystem or database error as one line saying what to do; the
    traceback only with --debug. Errors the commands foresee are reported by them, more precisely."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (OSError, duckdb.Error) as error:
            if ctx.params.get("debug"):
                raise
            console.print(f"[bold red]error:[/] {_one_line(error)}", soft_wrap=True)
            raise typer.Exit(code=1) from None


def _one_line(error: OSError | duckdb.Error) -> str:
    """What went wrong and what to do, in one line."""
    if isinstance(error, OSError):
        where = f": {error.filename}" if error.filename else ""
        return (
            f"{error.strerror or error}{where} (choose a path you can write to, or check that it exists; "
            "--debug shows the traceback)"
        )
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"database: {first_line} (is the --database file a crosschannel build? --debug shows the traceback)"


app = typer.Typer(
    cls=_OneLineErrors,
    help="Single customer view and cross-channel marketing marts for retail networks.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the Python traceback of an error instead of one line.")
    ] = False,
) -> None:
    """Single customer view and cross-channel marketing marts for retail networks."""

ProjectDirOption = Annotated[
    Path | None,
    typer.Option(
        "--project-dir",
        help="The crosschannel dbt project (default: found from the current directory, else the one installed).",
    ),
]
DatabaseOption = Annotated[
    Path | None,
    typer.Option(
        "--database",
        help="DuckDB file to build (default: $CROSSCHANNEL_DUCKDB_PATH or crosschannel.duckdb in the project).",
    ),
]


Report = TypeVar("Report")


def _fail(message: str) -> typer.Exit:
    console.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    return typer.Exit(code=1)


# The project this package was installed from (an editable install), used outside any project folder.
_INSTALLED_PROJECT = Path(__file__).resolve().parents[2]


def _project_and_database(project_dir: Path | None, database: Path | None) -> tuple[Path, Path]:
    """The dbt project (--project-dir, else found from the current directory, else the one this package
    was installed from) and its DuckDB file."""
    try:
        project = find_project_dir((project_dir or Path.cwd()).resolve())
    except ProjectError as error:
        if project_dir is not None or not (_INSTALLED_PROJECT / "dbt_project.yml").is_file():
            raise _fail(str(error)) from None
        project = _INSTALLED_PROJECT
    return project, (database or default_database_path(project)).resolve()


def _database(project_dir: Path | None, database: Path | None) -> Path:
    """The built DuckDB file a command reads (--database, else the project's default), or a one-line error
    when there is none or it holds no build."""
    database_path = database.resolve() if database else _project_and_database(project_dir, None)[1]
    if not database_path.is_file():
        raise _fail(f"no database at {database_path}: run `crosschannel build` first, or pass --database")
    with duckdb.connect(str(database_path), read_only=True) as connection:
        (built_tables,) = connection.execute(
            "select count(*) from information_schema.tables where table_schema in ('staging', 'marts')"
        ).fetchone() or (0,)
    if not built_tables:
        raise _fail(
            f"{database_path} holds no crosschannel build (no staging or marts tables): run "
            f"`crosschannel build --database {database_path}` first"
        )
    return database_path


def _score_against_truth(
    score: Callable[[Path, Path], Report], truth: Path, project_dir: Path | None, database: Path | None
) -> Report:
    """A report scoring the built database against the generator's truth folder, or a clear error."""
    try:
        return score(_database(project_dir, database), truth.resolve())
    except FileNotFoundError as error:
        raise _fail(str(error)) from None


def _measures_table(title: str, rows: Sequence[tuple[str, str]]) -> Table:
    """A two-column table of named measures."""
    table = Table(title=title, box=box.SIMPLE_HEAD, show_header=False)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for row in rows:
        table.add_row(*row)
    return table


RAW_SOURCES = ("seeds", "files", "warehouse")
_VARS_EXAMPLE = "'{crosschannel__source_timezone: UTC}'"


def _checked_vars(project: Path, text: str | None) -> dict[str, Any]:
    """--vars as a mapping of the project's vars (those dbt_project.yml declares), or a one-line error."""
    if not text:
        return {}
    try:
        given = yaml.safe_load(text)
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or "it does not parse"
        raise _fail(f"--vars is not YAML ({problem}): write a mapping, for example {_VARS_EXAMPLE}") from None
    if not isinstance(given, dict):
        raise _fail(f"--vars must be a mapping of vars to values, for example {_VARS_EXAMPLE}, got {text!r}")
    declared = project_vars(project)
    unknown = sorted(str(name) for name in given if name not in declared)
    if unknown:
        raise _fail(f"--vars names no var of the project: {', '.join(unknown)} (the vars are listed in docs/vars.md)")
    return given


def _build_arguments(
    project: Path,
    raw_path: Path | None,
    raw_source: str | None,
    raw_schema: str | None,
    raw_encoding: str | None,
    vars_text: str | None,
    full_refresh: bool,
) -> tuple[dict[str, Any] | None, tuple[str, ...]]:
    """The dbt vars and options of `build` and `publish`: where the raw tables come from, then --vars."""
    source = raw_source or ("files" if raw_path else None)
    if source is not None and source not in RAW_SOURCES:
        raise _fail(f"--raw-source must be one of {', '.join(RAW_SOURCES)}, got {raw_source!r}")
    if source == "files" and raw_path is None:
        raise _fail("--raw-source files reads a folder: pass --raw-path <folder>")
    if raw_path is not None and source != "files":
        raise _fail(f"--raw-path is a folder of files, but --raw-source is {source}")
    if raw_schema is not None and source != "warehouse":
        raise _fail("--raw-schema is read with --raw-source warehouse")
    dbt_vars: dict[str, Any] = raw_files_vars(raw_path.resolve()) if raw_path else {}
    if source == "warehouse":
        dbt_vars["crosschannel__raw_source"] = "warehouse"
    if raw_schema is not None:
        dbt_vars["crosschannel__raw_schema"] = raw_schema
    if raw_encoding is not None:
        dbt_vars["crosschannel__raw_encoding"] = raw_encoding
    dbt_vars.update(_checked_vars(project, vars_text))
    options = (
        *(WITHOUT_UNIT_TESTS if dbt_vars.get("crosschannel__raw_source", "seeds") != "seeds" else ()),
        *(("--full-refresh",) if full_refresh else ()),
    )
    return dbt_vars or None, options


RawPathOption = Annotated[
    Path | None,
    typer.Option(help="Read the raw tables from this folder of <table>.csv / <table>.parquet instead of the seeds."),
]
RawSourceOption = Annotated[
    str | None,
    typer.Option(help="Where the raw tables come from: seeds (default), files (with --raw-path) or warehouse."),
]
RawSchemaOption = Annotated[
    str | None, typer.Option(help="The warehouse schema holding the raw tables (with --raw-source warehouse).")
]
RawEncodingOption = Annotated[
    str | None, typer.Option(help="Character encoding of raw CSV files: utf-8 (default), cp1252, latin-1...")
]
VarsOption = Annotated[
    str | None,
    typer.Option(
        "--vars",
        help="More dbt vars as a YAML mapping, for example '{crosschannel__source_timezone: UTC}' (see docs/vars.md).",
    ),
]
FullRefreshOption = Annotated[
    bool,
    typer.Option(
        "--full-refresh",
        help="Rebuild the incremental models from nothing (after rows were removed from the raw tables, or a "
        "change of the session vars or channel rules); customer ids are kept.",
    ),
]


@app.command()
def generate(
    persons: Annotated[int, typer.Option(min=1, help="Number of simulated persons.")] = 2000,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same files.")] = 42,
    out: Annotated[Path, typer.Option(help="Folder to write the 12 raw tables and truth/ into.")] = Path("generated"),
    file_format: Annotated[str, typer.Option("--format", help="csv or parquet.", case_sensitive=False)] = "csv",
    settings: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Change a parameter of the simulated world, name=value (repeatable), for example "
            "--set login_cookie_share=0.35; recorded in truth/metadata.json.",
        ),
    ] = None,
    world: Annotated[
        str,
        typer.Option(
            "--preset",
            help="A named world the --set values then change: default, or messy (card files typed by busy "
            "clerks: name, date, postal-code and swapped-name errors, e-mails left out).",
        ),
    ] = "default",
) -> None:
    """Write the 12 raw contract tables and the ground truth for a simulated retail network."""
    fmt = file_format.lower()
    if fmt not in ("csv", "parquet"):
        raise _fail(f"--format must be csv or parquet, got {file_format!r}")
    from crosschannel.generator import generate as generate_files
    from crosschannel.generator.config import parse_settings, preset, with_overrides

    try:
        parameters = with_overrides(parse_settings(settings or []), preset(world))
    except ValueError as error:
        raise _fail(str(error)) from error

    chosen: Literal["csv", "parquet"] = "csv" if fmt == "csv" else "parquet"
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("persons", total=persons)
        summary = generate_files(
            persons=persons,
            seed=seed,
            out_dir=out,
            file_format=chosen,
            progress=lambda done: progress.advance(task, done),
            parameters=parameters,
        )
    table = Table(title=f"Generated {summary.persons:,} persons (seed {summary.seed}) in {summary.out_dir}")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in summary.rows_per_table.items():
        table.add_row(name, f"{rows:,}")
    console.print(table)


@app.command()
def build(
    project_dir: ProjectDirOption = None,
    database: DatabaseOption = None,
    raw_path: RawPathOption = None,
    raw_source: RawSourceOption = None,
    raw_schema: RawSchemaOption = None,
    raw_encoding: RawEncodingOption = None,
    dbt_vars_text: VarsOption = None,
    full_refresh: FullRefreshOption = False,
) -> None:
    """Build the whole project (dbt build) into a DuckDB file and print what was built."""
    from crosschannel.storage import STORAGE_VERSION_VAR, StorageError, create_database_file

    project, database_path = _project_and_database(project_dir, database)
    dbt_vars, options = _build_arguments(
        project, raw_path, raw_source, raw_schema, raw_encoding, dbt_vars_text, full_refresh
    )
    try:
        create_database_file(database_path, str(project_vars(project, dbt_vars)[STORAGE_VERSION_VAR]))
    except StorageError as error:
        raise _fail(str(error)) from None
    run = run_dbt(["build", *options], project, database_path, dbt_vars)
    if not run.success:
        raise _fail(f"dbt build failed{': ' + run.error if run.error else ''} (see the log above)")
    _print_summary(read_summary(database_path))


@app.command("identity-report")
def identity_report_command(
    truth: Annotated[Path, typer.Option(help="The generator's truth/ folder of the data that was built.")],
    project_dir: ProjectDirOption = None,
    database: DatabaseOption = None,
) -> None:
    """Score the built customers against the generator's truth: pairwise precision and recall, the
    recall ceiling (missed pairs whose customers share nothing but names set aside),
    recall by the kind of typing error the truth says a pair's records carry, and the links of
    each rule that join two people."""
    from crosschannel.identity_report import identity_report

    report = _score_against_truth(identity_report, truth, project_dir, database)
    rows = [
        ("records scored", f"{report.records:,}"),
        ("persons (truth) / customers (built)", f"{report.persons:,} / {report.customers:,}"),
        ("pairwise precision", f"{report.precision:.4f}"),
        ("pairwise recall", f"{report.recall:.4f}"),
        ("missed pairs sharing nothing but names", f"{report.name_only_missed_pairs:,}"),
        ("recall ceiling (every other pair found)", f"{report.recall_ceiling:.4f}"),
        ("recall within reach (less those pairs)", f"{report.recall_within_reach:.4f}"),
        ("persons recovered exactly", f"{report.exact_share:.2%}"),
        ("largest customer (records)", f"{report.largest_customer_records:,}"),
    ]
    console.print(_measures_table("Identity resolution against the truth", rows))
    if report.recall_by_error:
        table = Table(title="Recall by typing error (pairs where either record carries it)", box=box.SIMPLE_HEAD)
        for column in ("error kind", "records", "true pairs", "found", "recall"):
            table.add_column(column, justify="left" if column == "error kind" else "right")
        for error in report.recall_by_error:
            table.add_row(
                error.error_kind,
                f"{error.records:,}",
                f"{error.true_pairs:,}",
                f"{error.correct_pairs:,}",
                f"{error.recall:.4f}",
            )
        console.print(table)
    if report.links_by_rule:
        title = "Links by rule: between two scored records, and those joining two people"
        table = Table(title=title, box=box.SIMPLE_HEAD)
        for column in ("rule", "key type", "links", "two people", "share"):
            text = column in ("rule", "key type")
            # Folded, not cut: the names are what the reader traces.
            table.add_column(column, justify="left" if text else "right", overflow="fold" if text else "ellipsis")
        for rule in report.links_by_rule:
            table.add_row(
                rule.link_rule, rule.key_type, f"{rule.links:,}", f"{rule.false_links:,}", f"{rule.false_share:.2%}"
            )
        console.print(table)


@app.command("ropo-report")
def ropo_report_command(
    truth: Annotated[Path, typer.Option(help="The generator's truth/ folder of the data that was built.")],
    project_dir: ProjectDirOption = None,
    database: DatabaseOption = None,
) -> None:
    """Score the ROPO and reverse ROPO facts against the generator's truth, order by order."""
    from crosschannel.ropo_report import ropo_report

    report = _score_against_truth(ropo_report, truth, project_dir, database)
    table = Table(title="ROPO against the truth", box=box.SIMPLE_HEAD)
    table.add_column("measure")
    table.add_column("ROPO (store and call-centre orders)", justify="right")
    table.add_column("reverse ROPO (web orders)", justify="right")
    table.add_row("orders scored", f"{report.ropo.orders:,}", f"{report.reverse_ropo.orders:,}")
    table.add_row("share, built", f"{report.ropo.built_share:.2%}", f"{report.reverse_ropo.built_share:.2%}")
    table.add_row("share, truth", f"{report.ropo.true_share:.2%}", f"{report.reverse_ropo.true_share:.2%}")
    table.add_row("precision of the flag", f"{report.ropo.precision:.4f}", f"{report.reverse_ropo.precision:.4f}")
    table.add_row("recall of the flag", f"{report.ropo.recall:.4f}", f"{report.reverse_ropo.recall:.4f}")
    identifiable = report.identifiable_ropo
    table.add_row("identifiable share, truth", f"{identifiable.true_share:.2%}", "")
    table.add_row("precision against identifiable", f"{identifiable.precision:.4f}", "")
    table.add_row("recall against identifiable", f"{identifiable.recall:.4f}", "")
    table.add_row(
        "orders of persons the identity graph splits or merges (not scored above)",
        f"{report.identity_split_orders:,}",
        "",
    )
    table.add_row("research site agrees", f"{report.research_site_agreement:.2%}", "")
    table.add_row("product match agrees", f"{report.product_match_agreement:.2%}", "")
    console.print(table)


WorldSettingsOption = Annotated[
    list[str] | None,
    typer.Option("--set", help="A generator parameter fixed in every world, name=value (repeatable)."),
]


def _checked_settings(settings: list[str] | None) -> dict[str, str]:
    """--set values by name, each checked against the generator's parameters (a clear error otherwise)."""
    from crosschannel.generator.config import parse_settings, with_overrides

    try:
        parsed = parse_settings(settings or [])
        with_overrides(parsed)
    except ValueError as error:
        raise _fail(str(error)) from error
    return parsed


@app.command("ropo-grid")
def ropo_grid_command(
    persons: Annotated[int, typer.Option(min=100, help="Simulated persons per world.")] = 50_000,
    seed: Annotated[int, typer.Option(help="Random seed of every world.")] = 11,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Folder for the worlds' files and databases, reused when made the same way "
            "(default: generated/ropo-grid in the project)."
        ),
    ] = None,
    login_shares: Annotated[
        str, typer.Option(help="Comma-separated login_cookie_share values of the grid.")
    ] = "0.35,0.65,0.85",
    ropo_shares: Annotated[
        str, typer.Option(help="Comma-separated ropo_store_order_share values of the grid.")
    ] = "0.25,0.40,0.55",
    settings: WorldSettingsOption = None,
    project_dir: ProjectDirOption = None,
) -> None:
    """Estimated ROPO against the truth in a grid of simulated worlds: truth, identified, estimate, interval."""
    from crosschannel.generator.config import with_overrides
    from crosschannel.ropo_grid import SHARE_TARGET, WorldResult, default_worlds, run_grid

    fixed = _checked_settings(settings)
    try:
        worlds = default_worlds(_shares(login_shares), _shares(ropo_shares), tuple(fixed.items()))
        for world in worlds:
            with_overrides(dict(world.settings))
    except ValueError as error:
        raise _fail(str(error)) from error
    project = _project_and_database(project_dir, None)[0]
    folder = (out or project / "generated" / "ropo-grid").resolve()
    names = ", ".join(name for name, _ in worlds[0].settings) if worlds else ""
    table = Table(
        title=f"ROPO estimate against the truth: {len(worlds)} worlds of {persons:,} persons (seed {seed})",
        caption=f"world = {names}",
        box=box.SIMPLE_HEAD,
    )
    columns = (
        "world", "truth", "identified", "estimate [95%]", "error", "covers",
        "true mult.", "estimated mult. [95%]", "covers",
    )
    for column in columns:
        table.add_column(column, justify="left" if column == "world" else "right")

    def show(result: WorldResult) -> None:
        score = result.score
        label = ", ".join(value for _, value in result.world.settings)
        console.print(f"built {label}")
        table.add_row(
            label,
            f"{score.true_share:.3f}",
            f"{score.identified_share:.3f}",
            f"{_number(score.estimated_share)} [{score.share_low:.3f}, {score.share_high:.3f}]",
            "" if score.error is None else f"{score.error:+.3f}",
            "yes" if score.covers else "NO",
            _number(score.true_multiplier),
            f"{_number(score.estimated_multiplier)} "
            f"[{_number(score.multiplier_low)}, {_number(score.multiplier_high)}]",
            "yes" if score.multiplier_covers else "NO",
        )

    try:
        results = run_grid(project, folder, worlds, persons, seed, progress=show)
    except RuntimeError as error:
        raise _fail(str(error)) from error
    console.print(table)
    errors = [abs(result.score.error) for result in results if result.score.error is not None]
    console.print(
        f"largest error {max(errors, default=float('nan')):.3f} (target {SHARE_TARGET}); share interval covers "
        f"the truth in {sum(result.score.covers for result in results)} of {len(results)} worlds, the "
        f"multiplier's in {sum(result.score.multiplier_covers for result in results)} of {len(results)}"
    )


@app.command()
def calibrate(
    worlds: Annotated[int, typer.Option(min=1, help="Simulated worlds (seeds seed, seed+1, ...).")] = 8,
    persons: Annotated[int, typer.Option(min=100, help="Simulated persons per world.")] = 12_000,
    seed: Annotated[int, typer.Option(help="Seed of the first world and of the parameter draws.")] = 100,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Folder for the worlds' files and databases, reused when made the same way "
            "(default: generated/calibrate in the project)."
        ),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the summary and every comparison to this JSON file.")
    ] = None,
    settings: WorldSettingsOption = None,
    project_dir: ProjectDirOption = None,
) -> None:
    """Every headline estimate against the truth in simulated worlds: coverage, standardised error, width."""
    import json

    from crosschannel.calibrate import draw_worlds, report_json, run_calibration, summarise
    from crosschannel.generator.config import with_overrides

    fixed = _checked_settings(settings)
    try:
        drawn = draw_worlds(worlds, seed, tuple(fixed.items()))
        for world in drawn:
            with_overrides(dict(world.settings))
    except ValueError as error:
        raise _fail(str(error)) from error
    project = _project_and_database(project_dir, None)[0]
    folder = (out or project / "generated" / "calibrate").resolve()
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("worlds built and compared", total=len(drawn))
        try:
            comparisons = run_calibration(
                project, folder, drawn, persons, progress=lambda world, found: progress.advance(task)
            )
        except (RuntimeError, OSError) as error:
            raise _fail(str(error)) from error
    table = Table(
        title=f"Estimates against the truth: {len(drawn)} worlds of {persons:,} persons (seeds {seed}-{seed + worlds - 1})",
        caption="coverage of the 95% intervals; standardised error = (estimate - truth) / standard error",
        box=box.SIMPLE_HEAD,
    )
    for column in ("level", "estimate", "n", "coverage", "mean std. error", "mean abs. error", "mean width", "unbounded"):
        table.add_column(column, justify="left" if column in ("level", "estimate") else "right", no_wrap=True)
    for row in summarise(comparisons):
        table.add_row(
            row.level,
            row.estimate_name,
            f"{row.estimates:,}",
            f"{row.coverage:.1%}",
            "" if row.mean_standardised_error is None else f"{row.mean_standardised_error:+.3f}",
            "" if row.mean_absolute_error is None else f"{row.mean_absolute_error:.4g}",
            "" if row.mean_interval_width is None else f"{row.mean_interval_width:.4g}",
            f"{row.unbounded_intervals:,}",
        )
    console.print(table, width=max(console.width, 130))
    if json_out is not None:
        try:
            json_out.write_text(json.dumps(report_json(drawn, persons, comparisons), indent=2), encoding="utf-8")
        except OSError as error:
            raise _fail(f"cannot write {json_out}: {error.strerror}") from error
        console.print(f"written to {json_out}")


def _shares(text: str) -> list[float]:
    try:
        return [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ValueError(f"expected comma-separated numbers, got {text!r}") from None


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


@app.command("funnel-report")
def funnel_report_command(
    truth: Annotated[Path, typer.Option(help="The generator's truth/ folder of the data that was built.")],
    project_dir: ProjectDirOption = None,
    database: DatabaseOption = None,
) -> None:
    """Score the funnel stages against the generator's truth, per subject and per true person."""
    from crosschannel.funnel_report import funnel_report

    report = _score_against_truth(funnel_report, truth, project_dir, database)
    rows = [
        ("subject-months as the definition gives", f"{report.subject_months_agreeing:,} of {report.subject_months:,}"),
        (
            "person-months agreeing with the truth",
            f"{report.person_months_agreeing:,} of {report.truth_person_months:,}",
        ),
        ("  differing by views of products staging quarantined", f"{report.person_months_uncategorised_views:,}"),
        ("  differing otherwise", f"{report.person_months_unexplained:,}"),
        ("activities of no true person", f"{report.activities_without_person:,}"),
        (
            "months of persons resolved whole, agreeing",
            f"{report.clean_person_months_agreeing:,} of {report.clean_person_months:,} ({report.clean_agreement:.2%})",
        ),
    ]
    console.print(_measures_table("Funnel stages against the truth", rows))


@app.command()
def docs(
    out: Annotated[Path, typer.Option(help="Folder to write the site into (its index.html is the whole site).")] = Path(
        "dbt-docs"
    ),
    project_dir: ProjectDirOption = None,
    database: DatabaseOption = None,
) -> None:
    """Write the dbt docs site (every model, column, test, exposure and metric) as one static page."""
    from crosschannel.docs_site import build_docs_site

    project, database_path = _project_and_database(project_dir, database)
    try:
        page = build_docs_site(project, database_path, out.resolve())
    except (FileNotFoundError, ProjectError) as error:
        raise _fail(str(error)) from None
    console.print(f"Docs site written to {page} (open it in a browser, no server needed)")


@app.command()
def export(
    out: Annotated[Path, typer.Option(help="Folder to write one <mart>.parquet per mart into.")] = Path("export"),
    project_dir: ProjectDirOption = None,
    database: DatabaseOption = None,
) -> None:
    """Export every BI mart (schema marts, never pii) to Parquet, reading the database read-only."""
    from crosschannel.export import export_marts

    database_path = _database(project_dir, database)
    try:
        files = export_marts(database_path, out.resolve())
    except (FileNotFoundError, duckdb.Error) as error:
        raise _fail(f"cannot export the marts: {error}") from None
    console.print(f"{len(files)} marts written to {out.resolve()}")


@app.command("export-crm")
def export_crm(
    out: Annotated[Path, typer.Option(help="Folder to write crm_enrichment_<back office>.csv / .parquet into.")] = Path(
        "export"
    ),
    project_dir: ProjectDirOption = None,
    database: DatabaseOption = None,
) -> None:
    """Export the CRM enrichment (mart_crm_enrichment) for each back office to load onto its own records:
    one CSV and one Parquet file per back office (web, store, crm), ids and segments only."""
    from crosschannel.export import export_crm_enrichment

    database_path = _database(project_dir, database)
    try:
        rows = export_crm_enrichment(database_path, out.resolve())
    except (FileNotFoundError, duckdb.Error) as error:
        raise _fail(f"cannot export the CRM enrichment: {error}") from None
    said = ", ".join(f"{back_office} {count:,}" for back_office, count in rows.items())
    console.print(f"CRM enrichment written to {out.resolve()}: {said} records")


@app.command("export-audiences")
def export_audiences_command(
    out: Annotated[Path, typer.Option(help="Folder to write audience_<name>.csv / .parquet into.")] = Path("export"),
    project_dir: ProjectDirOption = None,
    database: DatabaseOption = None,
) -> None:
    """Export each audience of mart_audiences (seed audience_rules) for the advertising and CRM tools:
    its targetable members (consent applied) with their reason codes, cookie and customer ids only."""
    from crosschannel.export import export_audiences

    database_path = _database(project_dir, database)
    try:
        rows = export_audiences(database_path, out.resolve())
    except (FileNotFoundError, duckdb.Error) as error:
        raise _fail(f"cannot export the audiences: {error}") from None
    said = ", ".join(f"{name} {count:,}" for name, count in rows.items())
    console.print(f"audiences written to {out.resolve()}: {said} members")


@app.command("audience-report")
def audience_report_command(
    truth: Annotated[Path, typer.Option(help="The generator's truth/ folder of the data that was built.")],
    audience_name: Annotated[
        str, typer.Option("--audience", help="The intent audience to score (audience_rules.audience_name).")
    ] = "retargeting",
    project_dir: ProjectDirOption = None,
    database: DatabaseOption = None,
) -> None:
    """Score an intent audience against the generator's truth of intenders without conversion:
    precision over members, recall over persons, and every miss by its reason."""
    from crosschannel.audience_report import audience_report

    try:
        report = audience_report(_database(project_dir, database), truth.resolve(), audience_name)
    except (FileNotFoundError, ValueError) as error:
        raise _fail(str(error)) from None
    rows = [
        ("window (days)", f"{report.window_days}"),
        ("members (customers and anonymous cookies)", f"{report.members:,}"),
        ("true intenders without conversion (persons)", f"{report.true_intenders:,}"),
        ("precision (members whose person is one)", f"{report.precision:.4f}"),
        ("recall (true intenders with a member)", f"{report.recall:.4f}"),
        *((f"member not an intender: {reason}", f"{count:,}") for reason, count in report.false_members_by_reason),
        *((f"intender missed: {reason}", f"{count:,}") for reason, count in report.missed_intenders_by_reason),
    ]
    console.print(_measures_table(f"Audience {report.audience_name} against the truth", rows))


@app.command()
def audience(
    out: Annotated[Path, typer.Option(help="CSV file to write.")] = Path("audience.csv"),
    project_dir: ProjectDirOption = None,
    database: DatabaseOption = None,
) -> None:
    """Export the consented lookalike audience: hashed e-mails and phones only, opted-in non-buyers."""
    from crosschannel.export import export_audience

    database_path = _database(project_dir, database)
    try:
        rows = export_audience(database_path, out.resolve())
    except (FileNotFoundError, duckdb.Error) as error:
        raise _fail(f"cannot export the audience: {error}") from None
    console.print(f"{rows:,} consented customers written to {out.resolve()} (SHA-256 of e-mail and phone only)")


DataDocsOption = Annotated[
    Path | None,
    typer.Option(
        "--data-docs", help="Folder of the Great Expectations context and Data Docs (default: <project>/quality)."
    ),
]


@app.command()
def check(
    project_dir: ProjectDirOption = None,
    database: DatabaseOption = None,
    data_docs: DataDocsOption = None,
    against: Annotated[
        Path | None,
        typer.Option(
            "--against",
            help="Compare with this published database, as publish does: volumes, shares, order value, new NULLs.",
        ),
    ] = None,
) -> None:
    """Run the Great Expectations checkpoints on a built database and rebuild the Data Docs."""
    from crosschannel.gate import GateSettings
    from crosschannel.quality import run_checks

    project = _project_and_database(project_dir, None)[0]
    database_path = _database(project_dir, database)
    if against is not None and not against.is_file():
        raise _fail(f"no published database at {against}")
    try:
        report = run_checks(
            database_path,
            (data_docs or project / "quality").resolve(),
            published=against.resolve() if against else None,
            settings=GateSettings.from_project(project),
        )
    except (FileNotFoundError, duckdb.Error) as error:
        raise _fail(f"cannot run the checks: {error}") from None
    table = Table(title="Quality checks", box=box.SIMPLE_HEAD)
    for column in ("check", "rows", "expectations", "failed"):
        table.add_column(column, justify="left" if column in ("check", "failed") else "right")
    for outcome in report.outcomes:
        table.add_row(
            f"{outcome.layer}.{outcome.name}",
            f"{outcome.rows:,}",
            str(outcome.evaluated),
            ", ".join(outcome.failed) or "-",
        )
    console.print(table)
    for note in report.notes:
        console.print(f"note: {note}")
    console.print(f"Data Docs: {report.data_docs_index}")
    if not report.success:
        raise _fail("quality checks failed")


@app.command()
def publish(
    project_dir: ProjectDirOption = None,
    database: Annotated[
        Path | None,
        typer.Option("--database", help="The published DuckDB file BI tools read (default: as for build)."),
    ] = None,
    raw_path: RawPathOption = None,
    raw_source: RawSourceOption = None,
    raw_schema: RawSchemaOption = None,
    raw_encoding: RawEncodingOption = None,
    dbt_vars_text: VarsOption = None,
    data_docs: DataDocsOption = None,
    full_refresh: FullRefreshOption = False,
) -> None:
    """Build and test a copy of the published database, run the checks, and swap it in only if all pass."""
    from crosschannel.publish import publish as publish_database

    project, database_path = _project_and_database(project_dir, database)
    dbt_vars, options = _build_arguments(
        project, raw_path, raw_source, raw_schema, raw_encoding, dbt_vars_text, full_refresh
    )
    result = publish_database(project, database_path, (data_docs or project / "quality").resolve(), dbt_vars, options)
    if not result.published:
        raise _fail(f"not published, the published database is unchanged: {result.reason}")
    console.print(result.reason)


@app.command()
def erase(
    email: Annotated[str | None, typer.Option(help="Erase every customer whose records carry this e-mail.")] = None,
    customer_id: Annotated[str | None, typer.Option("--customer-id", help="Erase this customer (CU...).")] = None,
    project_dir: ProjectDirOption = None,
    database: Annotated[
        Path | None,
        typer.Option("--database", help="The published DuckDB file BI tools read (default: as for build)."),
    ] = None,
    raw_path: Annotated[
        Path | None,
        typer.Option(help="The folder of raw files the project reads (default: the bundled seeds)."),
    ] = None,
    data_docs: DataDocsOption = None,
) -> None:
    """Erase a person: suppress their keys for good, rewrite the raw files without them, rebuild, log."""
    from crosschannel.erasure import ErasureError
    from crosschannel.erasure import erase as erase_person

    project, database_path = _project_and_database(project_dir, database)
    try:
        result = erase_person(
            project,
            database_path,
            (data_docs or project / "quality").resolve(),
            customer_id=customer_id,
            email=email,
            raw_path=raw_path.resolve() if raw_path else None,
        )
    except (ErasureError, ProjectError, duckdb.Error) as error:
        raise _fail(f"nothing erased: {error}") from None
    console.print(
        _measures_table(
            f"Erasure {result.erasure_id}",
            [
                ("customers erased", ", ".join(result.customer_ids) or "none carried the e-mail"),
                *((f"{kind} keys suppressed", str(count)) for kind, count in result.keys_suppressed.items()),
                *((f"{table} rows removed", f"{rows:,}") for table, rows in result.raw_rows_removed.items()),
                ("raw files rewritten in", result.raw_folder or "none (a warehouse schema is not the project's)"),
            ],
        )
    )
    if not result.published:
        raise _fail(
            "the person is suppressed and gone from the raw files, but the rebuild was not published "
            f"(the published database still holds them until a publish passes): {result.publish_message}"
        )
    console.print(result.publish_message)


@app.command()
def bench(
    persons: Annotated[int, typer.Option(help="Simulated persons (generated once, then reused).")],
    seed: Annotated[int, typer.Option(help="Generator seed.")] = 7,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Folder of the generated files (default: generated/bench-<persons>-<seed> in the project)."),
    ] = None,
    result_file: Annotated[
        Path | None, typer.Option("--json", help="Where to write the result (default: <data-dir>/bench-result.json).")
    ] = None,
    top: Annotated[int, typer.Option(help="Slowest nodes to list.")] = 15,
    memory_limit: Annotated[
        str | None,
        typer.Option(help="DuckDB memory limit for the build, e.g. 1GB (default: the profile's, 15% of the machine)."),
    ] = None,
    daily: Annotated[
        bool,
        typer.Option(
            help="Also time a daily run: build the files without the last day of events, orders and leads, "
            "append that day, time the incremental build; then build the project on the tables without a row "
            "(what every run costs whatever the data)."
        ),
    ] = False,
    project_dir: ProjectDirOption = None,
) -> None:
    """Time a full dbt build from generated files: per model, wall, peak memory, rows, floor ratio."""
    import shutil

    from crosschannel.benchmark import (
        BenchResult,
        daily_shares,
        day_share,
        model_timings,
        raw_scan_seconds,
        run_build,
        share_beyond_fixed_cost,
        table_rows,
    )
    from crosschannel.generator import generate as generate_data

    project = find_project_dir((project_dir or Path.cwd()).resolve())
    folder = (data_dir or project / "generated" / f"bench-{persons}-{seed}").resolve()
    metadata = folder / "truth" / "metadata.json"
    if not (metadata.is_file() and f'"persons": {persons},' in metadata.read_text(encoding="utf-8")):
        console.print(f"generating {persons:,} persons (seed {seed}) into {folder}")
        generate_data(persons=persons, seed=seed, out_dir=folder, file_format="parquet")
    database, target = folder / "bench.duckdb", folder / "bench-target"
    for stale in (database, folder / "bench.duckdb.wal"):
        stale.unlink(missing_ok=True)
    shutil.rmtree(target, ignore_errors=True)
    floor = raw_scan_seconds(folder)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("dbt build", total=None)
        build = run_build(
            project,
            database,
            folder,
            target,
            lambda done, total: progress.update(task, completed=done, total=total),
            memory_limit,
        )
    result = BenchResult(
        persons=persons,
        seed=seed,
        data_dir=str(folder),
        raw_scan_seconds=floor,
        build_seconds=build.seconds,
        build_cpu_seconds=build.cpu_seconds,
        peak_rss_bytes=build.peak_rss_bytes,
        success=build.success,
        memory_limit=memory_limit,
        timings=model_timings(target, build.memory_samples) if (target / "run_results.json").is_file() else [],
        rows=table_rows(database) if database.is_file() else {},
        daily=_daily_run(project, folder, memory_limit) if daily and build.success else None,
    )
    output = (result_file or folder / "bench-result.json").resolve()
    output.write_text(result.to_json(), encoding="utf-8")
    console.print(_slowest_nodes(f"Slowest of {len(result.timings)} nodes", result.timings[:top]))
    by_memory = sorted(result.timings, key=lambda timing: timing.peak_rss_bytes or 0, reverse=True)
    console.print(_slowest_nodes("Nodes running at the highest memory (either dbt thread's)", by_memory[:5]))
    console.print(
        f"{persons:,} persons: build {build.seconds:.1f} s, CPU {build.cpu_seconds:.0f} s "
        f"({result.cpu_share:.0%} of {result.cores} cores busy), peak memory {build.peak_rss_bytes / 2**30:.2f} GiB, "
        f"raw scan {floor:.1f} s, build / scan = {result.floor_ratio:.1f}; {sum(result.rows.values()):,} rows in "
        f"{len(result.rows)} tables; result in {output}"
    )
    if result.daily is not None:
        console.print(_daily_shares(daily_shares(result.timings, result.daily.timings)[:top]))
        console.print(
            f"daily run (appending {result.daily.day}): {result.daily.build_seconds:.1f} s, "
            f"{result.daily.build_seconds / result.daily.before_build_seconds:.1%} of the full build without the day "
            f"({result.daily.before_build_seconds:.1f} s, the same Parquet files), "
            f"{result.daily.build_seconds / build.seconds:.1%} of the full build above; "
            f"peak memory {result.daily.peak_rss_bytes / 2**30:.2f} GiB"
        )
        if result.daily.empty_build_seconds is not None:
            beyond = share_beyond_fixed_cost(
                result.daily.build_seconds, result.daily.before_build_seconds, result.daily.empty_build_seconds
            )
            console.print(
                f"the same project on tables without a row: {result.daily.empty_build_seconds:.1f} s "
                f"({result.daily.empty_build_seconds / result.daily.before_build_seconds:.1%} of the full build "
                "without the day: dbt running every node and test, whatever the data); "
                + (
                    "the full build takes no longer than that"
                    if beyond is None
                    else f"beyond it, the daily run takes {beyond:.1%} of the full build's time"
                )
            )
        if result.daily.unchanged_build_seconds is not None:
            console.print(
                f"the daily run again, nothing new: {result.daily.unchanged_build_seconds:.1f} s "
                f"({result.daily.unchanged_build_seconds / result.daily.before_build_seconds:.1%} of the full build "
                "without the day: what a scheduled run costs whatever the day holds); the day's rows cost "
                f"{day_share(result.daily.build_seconds, result.daily.unchanged_build_seconds):.1%} of the daily run"
            )
    if not build.success or (result.daily is not None and not result.daily.success):
        logs = (
            "(bench-target, daily-target-before, daily-target, daily-target-unchanged, daily-target-empty)"
            "/logs/dbt.log"
        )
        raise _fail(f"dbt build failed: see {folder} {logs}")


def _slowest_nodes(title: str, timings: Sequence[ModelTiming]) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD)
    table.add_column("node")
    table.add_column("seconds", justify="right")
    table.add_column("peak memory GiB", justify="right")
    for timing in timings:
        peak = "-" if timing.peak_rss_bytes is None else f"{timing.peak_rss_bytes / 2**30:.2f}"
        table.add_row(f"{timing.resource_type}.{timing.name}", f"{timing.seconds:.2f}", peak)
    return table


def _daily_shares(shares: Sequence[NodeShare]) -> Table:
    table = Table(title="Slowest nodes of the daily run, against the full build", box=box.SIMPLE_HEAD)
    for column in ("node", "full build s", "daily run s", "daily / full"):
        table.add_column(column, justify="left" if column == "node" else "right")
    for share in shares:
        table.add_row(
            f"{share.resource_type}.{share.name}",
            f"{share.full_seconds:.2f}",
            f"{share.daily_seconds:.2f}",
            "-" if share.share is None else f"{share.share:.0%}",
        )
    return table


def _daily_run(project: Path, folder: Path, memory_limit: str | None) -> DailyRun:
    """Build the folder's files without their last day into a database of its own, append the day, and
    time the incremental build, then the same build again with nothing new, then the project on tables
    without a row (dbt's fixed cost)."""
    import shutil

    from crosschannel.benchmark import (
        DAILY_TABLES,
        DailyRun,
        last_event_day,
        model_timings,
        run_build,
        write_raw_tables,
    )
    from crosschannel.contract import RAW_TABLES

    raw, database, target = folder / "daily-raw", folder / "daily.duckdb", folder / "daily-target"
    empty_raw, empty_database = folder / "daily-empty-raw", folder / "daily-empty.duckdb"
    for stale in (database, folder / "daily.duckdb.wal", empty_database, folder / "daily-empty.duckdb.wal"):
        stale.unlink(missing_ok=True)
    stale_folders = ("daily-target-before", "daily-target-unchanged", "daily-target-empty")
    for stale_folder in (raw, target, empty_raw, *(folder / name for name in stale_folders)):
        shutil.rmtree(stale_folder, ignore_errors=True)
    day = last_event_day(folder)
    with console.status(f"daily run: building without {day}"):
        write_raw_tables(folder, raw, tuple(RAW_TABLES), before_day=day)
        before = run_build(project, database, raw, folder / "daily-target-before", memory_limit=memory_limit)
    if not before.success:
        return DailyRun(day=day, before_build_seconds=before.seconds, build_seconds=0.0, peak_rss_bytes=0, success=False)
    with console.status(f"daily run: appending {day}, incremental build"):
        write_raw_tables(folder, raw, tuple(DAILY_TABLES))
        incremental = run_build(project, database, raw, target, memory_limit=memory_limit)
    with console.status("daily run: the incremental build again, nothing new (a run's cost whatever the day)"):
        unchanged = run_build(project, database, raw, folder / "daily-target-unchanged", memory_limit=memory_limit)
    with console.status("daily run: the same project on tables without a row (dbt's fixed cost)"):
        write_raw_tables(folder, empty_raw, tuple(RAW_TABLES), empty=True)
        empty = run_build(project, empty_database, empty_raw, folder / "daily-target-empty", memory_limit=memory_limit)
    return DailyRun(
        day=day,
        before_build_seconds=before.seconds,
        build_seconds=incremental.seconds,
        peak_rss_bytes=incremental.peak_rss_bytes,
        success=incremental.success and unchanged.success and empty.success,
        timings=model_timings(target, incremental.memory_samples) if (target / "run_results.json").is_file() else [],
        empty_build_seconds=empty.seconds,
        unchanged_build_seconds=unchanged.seconds,
    )


@app.command("cluster-bench")
def cluster_bench(project_dir: ProjectDirOption = None, database: DatabaseOption = None) -> None:
    """Time the SQL connected components against Splink's on the built graph (needs the bench extra)."""
    from crosschannel.cluster_benchmark import compare_clustering

    try:
        import splink  # noqa: F401
    except ImportError as error:
        raise _fail(f"{error}: install the bench extra of the package (pyproject.toml, bench)") from None
    project, database_path = _project_and_database(project_dir, database)
    result = compare_clustering(project, database_path)
    console.print(
        f"{result.nodes:,} nodes, {result.edges:,} edges\n"
        f"SQL connected_components: {result.sql_seconds:.2f} s, {result.sql_clusters:,} clusters\n"
        f"Splink clustering:        {result.splink_seconds:.2f} s, {result.splink_clusters:,} clusters\n"
        f"same partition: {result.same_partition}"
    )


@app.command()
def dashboards(
    out: Annotated[Path, typer.Option(help="Folder to write the static site into (index.html is the Overview).")] = Path(
        "site"
    ),
    project_dir: ProjectDirOption = None,
    database: DatabaseOption = None,
) -> None:
    """Render the dashboards of dashboards/ (Overview, Agencies, Campaigns, Attribution, Funnel and
    cohorts, Customers, Data quality) from the built marts into a static site that opens offline."""
    from crosschannel.dashboards import DashboardError, build_site

    project = _project_and_database(project_dir, None)[0]
    database_path = _database(project_dir, database)
    try:
        site = build_site(project, database_path, out.resolve())
    except DashboardError as error:
        raise _fail(str(error)) from None
    console.print(f"{len(site.pages)} pages written to {site.index.parent} (open {site.index.name}, no server needed)")


@app.command("validate-raw")
def validate_raw(
    raw_path: Annotated[Path, typer.Option(help="The delivery: a folder of <table>.parquet / <table>.csv.")],
    raw_encoding: RawEncodingOption = None,
    project_dir: ProjectDirOption = None,
) -> None:
    """Check a delivery against the contract without building: every table there and readable in its
    encoding, its columns, and the rows staging's rules would quarantine (counts and an example)."""
    from crosschannel.validate_raw import validate_delivery

    project = _project_and_database(project_dir, None)[0]
    if not raw_path.is_dir():
        raise _fail(f"no folder at {raw_path.resolve()}: pass the folder holding the delivered files")
    encodings = raw_encoding or project_vars(project)[ENCODING_VAR]
    report = validate_delivery(project, raw_path.resolve(), encodings)
    tables = Table(title=f"Delivery {report.folder}", box=box.SIMPLE_HEAD)
    for column in ("raw table", "file", "rows", "finding"):
        tables.add_column(column, justify="right" if column == "rows" else "left", overflow="fold")
    for finding in report.tables:
        said = [f"[red]{finding.problem}[/]"] if finding.problem else []
        if finding.extra_columns:
            said.append(f"extra columns ignored: {', '.join(finding.extra_columns)}")
        tables.add_row(
            finding.table,
            Path(finding.file).name if finding.file else "-",
            f"{finding.rows:,}" if finding.rows is not None else "-",
            "; ".join(said) or "ok",
        )
    console.print(tables)
    if report.rule_breaks:
        breaks = Table(title="Rows staging would quarantine", box=box.SIMPLE_HEAD)
        for column in ("raw table", "reason", "column", "rows", "for example", "delivered value"):
            breaks.add_column(column, justify="right" if column == "rows" else "left", overflow="fold")
        for rule_break in report.rule_breaks:
            breaks.add_row(
                rule_break.table,
                rule_break.reason,
                rule_break.column or "-",
                f"{rule_break.rows:,}",
                rule_break.example_key or "(no key)",
                "(empty)" if rule_break.example_value in (None, "") else repr(rule_break.example_value),
            )
        console.print(breaks)
    elif report.rules_checked:
        console.print("No row breaks a staging rule.")
    if not report.readable:
        raise _fail("the delivery cannot be built as it is: see the findings above")
    if report.rules_error:
        raise _fail(f"staging's rules could not run on the delivery: {report.rules_error}")
    console.print("The delivery can be built; quarantined rows are kept and counted, never lost.")


@app.command()
def reference(
    out: Annotated[Path | None, typer.Option(help="Folder to write into (default: docs/ in the project).")] = None,
    project_dir: ProjectDirOption = None,
) -> None:
    """Write the reference pages generated from their declarations: docs/vars.md (dbt_project.yml's vars
    and their comments) and docs/cli.md (these commands and their options)."""
    from crosschannel.reference import write_reference

    project = _project_and_database(project_dir, None)[0]
    written = write_reference(project, typer.main.get_command(app), (out or project / "docs").resolve())
    console.print(f"Written: {', '.join(str(path) for path in written)}")


@app.command()
def summary(project_dir: ProjectDirOption = None, database: DatabaseOption = None) -> None:
    """Print what the last build produced: rows per table and quarantined rows."""
    database_path = _database(project_dir, database)
    try:
        built = read_summary(database_path)
    except FileNotFoundError as error:
        raise _fail(str(error)) from None
    _print_summary(built)


def _print_summary(built: BuildSummary) -> None:
    balance = Table(
        title=f"Raw rows and where they went ({built.database_path})",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
    )
    balance.add_column("raw table", no_wrap=True)
    for column in ("raw", "staged", "superseded", "quarantined", "erased", "unaccounted"):
        balance.add_column(column, justify="right")
    for row in built.balances:
        balance.add_row(
            row.source_table,
            f"{row.raw_rows:,}",
            f"{row.staged_rows:,}",
            f"{row.superseded_rows:,}",
            f"{row.quarantined_rows:,}",
            f"{row.erased_rows:,}",
            f"[red]{row.unaccounted_rows:,}[/]" if row.unaccounted_rows else "0",
        )
    console.print(balance)
    reasons: dict[str, list[str]] = {}
    for count in built.quarantine:
        reasons.setdefault(count.source_table, []).append(f"{count.quarantine_reason} {count.rows:,}")
    quarantine = Table(
        title="Quarantined rows by reason",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        caption="Each row, with what arrived: staging.stg_quality__quarantined_rows",
    )
    quarantine.add_column("raw table", no_wrap=True)
    quarantine.add_column("reasons")
    for table, counts in reasons.items():
        quarantine.add_row(table, ", ".join(counts))
    console.print(quarantine if reasons else "No quarantined rows.")
