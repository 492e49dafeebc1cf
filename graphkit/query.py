"""SPARQL over a knowledge graph, to pandas; and the named queries analysts ask for most.

:func:`sparql` runs any query on a KnowledgeGraph, a store, a file or an rdflib graph through
Oxigraph, with every graph of the dataset visible (the default graph is their union), and the
ontology loaded so that relation families and labels can be queried. Parameters are passed as
bindings (Oxigraph substitutions), never formatted into the query text, so a value such as
``"} ; DROP ALL ; #`` is only ever a literal.

The named queries are SPARQL files in ``graphkit/queries/`` (data, not code); each has a function
here: :func:`arms_suppliers`, :func:`arms_suppliers_with_evidence`, :func:`allies_and_enemies`,
:func:`conflict_dyads_by_month`, :func:`attributed_to`, :func:`negated_claims`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pyoxigraph as ox
import rdflib

from graphkit.namespaces import ACTOR, DCTERMS, DOC, GK, MENTION, ONTOLOGY, PROV, RDF, SKOS, STATEMENT, XSD
from graphkit.quads import RdfSource, as_quads, is_staging, oxigraph_term

__all__ = [
    "PREFIXES",
    "MissingParameters",
    "QueryParameter",
    "QuerySyntaxError",
    "allies_and_enemies",
    "arms_suppliers",
    "arms_suppliers_with_evidence",
    "attributed_to",
    "check_bindings",
    "conflict_dyads_by_month",
    "load_query",
    "named_queries",
    "negated_claims",
    "parse_bindings",
    "query_parameters",
    "run_named_query",
    "sparql",
    "to_store",
]

QUERY_DIR = Path(__file__).resolve().parent / "queries"

_INTEGERS = {
    str(XSD[t])
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOATS = {str(XSD.decimal), str(XSD.double), str(XSD.float)}

#: What can be queried: any RDF source (:func:`graphkit.quads.as_quads`).
QuerySource = RdfSource

#: Prefixes every query may use without declaring them (as kglab binds its namespaces); a query's
#: own ``PREFIX`` declarations take precedence.
PREFIXES: dict[str, str] = {
    "gk": str(GK),
    "actor": str(ACTOR),
    "statement": str(STATEMENT),
    "doc": str(DOC),
    "mention": str(MENTION),
    "rdf": str(RDF),
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
}

_IRI = re.compile(r"(https?|urn):\S+\Z")


# -- where queries run ----------------------------------------------------------------------------
def to_store(source: QuerySource) -> ox.Store:
    """Return an Oxigraph store to query ``source`` in, with the ontology graph loaded.

    Parameters
    ----------
    source : a pyoxigraph ``Store`` (returned as it is; the ontology is added if missing), a
        store directory (opened read-only), or anything else :func:`graphkit.quads.as_quads`
        reads (a KnowledgeGraph, RDF files, an rdflib graph), copied with its named graphs

    Examples
    --------
    >>> from graphkit.samples import actor_iri, from_triples
    >>> claim = {"modality": "reported", "attributed_to": actor_iri("Russia")}
    >>> kg = from_triples([("Russia", "arms", "Hezbollah", claim)], types={"Hezbollah": "ArmedGroup"})
    >>> store = to_store(kg)  # build once, query many times
    >>> sparql(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/graphkit/ontology#Statement> }")
       n
    0  1
    """
    from graphkit.rdf import ontology_quads

    if isinstance(source, ox.Store):
        if not source.contains_named_graph(ox.NamedNode(ONTOLOGY)):
            source.extend(ontology_quads())
        return source
    if isinstance(source, (str, os.PathLike)) and Path(source).is_dir():
        stored = ox.Store.read_only(os.fspath(source))
        if not any(is_staging(g) for g in stored.named_graphs()):
            return stored
        source = stored  # a crash left a staging graph: copied without it (as_quads drops it)
    store = ox.Store()
    store.bulk_extend(as_quads(source))
    store.extend(ontology_quads())
    return store


# -- bindings and results -------------------------------------------------------------------------
def _term(value: Any, store: ox.Store | None = None) -> Any:
    """Return a Python value as an RDF term: strings are literals, never parsed as SPARQL.

    A string that is the IRI of a node of ``store`` (an actor's ``kg.actors`` key, say) is bound
    as that IRI: it can only have meant the node.
    """
    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return value
    if isinstance(value, rdflib.URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, rdflib.Literal):
        return oxigraph_term(value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(str(XSD.boolean)))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(str(XSD.integer)))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(str(XSD.double)))
    if isinstance(value, Decimal):
        return ox.Literal(format(value, "f"), datatype=ox.NamedNode(str(XSD.decimal)))
    if isinstance(value, dt.datetime):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(str(XSD.dateTime)))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(str(XSD.date)))
    if isinstance(value, str):
        if store is not None and _IRI.match(value) and _is_node(store, value):
            return ox.NamedNode(value)
        return ox.Literal(value)
    raise TypeError(f"cannot bind a {type(value).__name__} in a SPARQL query")


def _is_node(store: ox.Store, iri: str) -> bool:
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return False
    return any(True for _ in store.quads_for_pattern(node, None, None)) or any(
        True for _ in store.quads_for_pattern(None, None, node)
    )


def _value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _FLOATS:
                return float(term.value)
            if datatype == str(XSD.boolean):
                return term.value in ("true", "1")
        except ValueError:
            return term.value
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def sparql(source: QuerySource, query: str, **bindings: Any) -> pd.DataFrame:
    """Run a SPARQL query and return the results as a pandas DataFrame.

    Parameters
    ----------
    source : a KnowledgeGraph, a pyoxigraph Store, an RDF file, a store directory or an rdflib graph
    query : SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE; the default graph is the union of all
        graphs, and the ontology is loaded. The prefixes of :data:`PREFIXES` (``gk:``, ``skos:``,
        ``prov:``, ``dcterms:``, ``actor:`` ...) need no declaration.
    **bindings : values for variables of the query's SELECT clause: ``str`` binds a literal,
        unless it is the IRI of a node of the graph, which binds that IRI; any IRI is bound with
        ``rdflib.URIRef`` (or a pyoxigraph ``NamedNode``); ints, floats, bools and dates bind
        typed literals. Values are substituted by the engine, never formatted into the query
        text.

    Returns
    -------
    pandas.DataFrame
        One column per SELECT variable (IRIs as strings, numbers as numbers, unbound as None);
        for ASK one boolean column ``result``; for CONSTRUCT/DESCRIBE the columns ``subject``,
        ``predicate``, ``object``.

    Examples
    --------
    >>> from graphkit.samples import actor_iri, from_triples
    >>> claim = {"modality": "reported", "attributed_to": actor_iri("Russia")}
    >>> kg = from_triples([("Russia", "arms", "Hezbollah", claim)], types={"Hezbollah": "ArmedGroup"})
    >>> sparql(kg, '''
    ...     PREFIX gk: <https://w3id.org/graphkit/ontology#>
    ...     PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    ...     SELECT ?name ?supplier WHERE {
    ...         ?recipient skos:prefLabel ?name . ?supplier gk:arms ?recipient }''',
    ...     name="Hezbollah")
            name                                        supplier
    0  Hezbollah  https://w3id.org/graphkit/actor/example/russia
    >>> sparql(kg, "SELECT ?label WHERE { ?s a gk:ArmedGroup ; skos:prefLabel ?label }")
           label
    0  Hezbollah
    """
    store = to_store(source)
    substitutions = {ox.Variable(name): _term(value, store) for name, value in bindings.items()}
    try:
        result = store.query(
            query,
            prefixes=PREFIXES,
            use_default_graph_as_union=True,
            substitutions=substitutions or None,
        )
    except SyntaxError as error:
        # one line, not Oxigraph's caret drawing: the CLI prints it as it is
        raise QuerySyntaxError(f"the SPARQL query does not parse: {' '.join(str(error).split())}") from None
    except RuntimeError as error:
        if "projection" in str(error):
            raise ValueError(
                f"every bound variable must appear in the query's SELECT clause ({error}); "
                f"bound: {', '.join(sorted(bindings))}"
            ) from None
        raise
    if isinstance(result, ox.QueryBoolean):
        return pd.DataFrame({"result": [bool(result)]})
    if isinstance(result, ox.QueryTriples):
        rows = [(_value(t.subject), _value(t.predicate), _value(t.object)) for t in result]
        return pd.DataFrame(rows, columns=["subject", "predicate", "object"])
    columns = [v.value for v in result.variables]
    rows = [[_value(solution[name]) for name in columns] for solution in result]
    return pd.DataFrame(rows, columns=columns)


def parse_bindings(pairs: Iterable[str]) -> dict[str, Any]:
    """Parse command-line bindings ``name=value``: ``<...>`` is an IRI, anything else a string literal.

    Examples
    --------
    >>> parse_bindings(["recipient=Hezbollah", "actor=<https://w3id.org/graphkit/actor/RUS>"])
    {'recipient': 'Hezbollah', 'actor': rdflib.term.URIRef('https://w3id.org/graphkit/actor/RUS')}
    """
    found: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ValueError(f"a binding is NAME=VALUE, not {pair!r}")
        if value.startswith("<") and value.endswith(">"):
            found[name] = rdflib.URIRef(value[1:-1])
        else:
            found[name] = value
    return found


# -- named queries --------------------------------------------------------------------------------
@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class QueryParameter:
    """A parameter of a named query, declared in its file as ``# @param NAME required: what it is``."""

    name: str
    required: bool
    help: str


class MissingParameters(ValueError):
    """A named query was run without a parameter it needs (or with one it does not take)."""


class QuerySyntaxError(SyntaxError, ValueError):
    """The SPARQL text does not parse; the message is one line."""


_PARAM = re.compile(r"#\s*@param\s+([A-Za-z_]\w*)\s+(required|optional)\s*:?\s*(.*)")


def _comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#")]


def query_parameters(name_or_path: str | os.PathLike[str]) -> list[QueryParameter]:
    """Return the parameters a named query (or ``.rq`` file) declares with ``# @param`` lines.

    Examples
    --------
    >>> [(p.name, p.required) for p in query_parameters("allies_and_enemies")]
    [('actor', True)]
    >>> query_parameters("arms_suppliers")
    []
    """
    found = []
    for line in _comments(load_query(name_or_path)):
        match = _PARAM.match(line)
        if match:
            found.append(QueryParameter(match[1], match[2] == "required", match[3].strip()))
    return found


def named_queries() -> dict[str, str]:
    """Return the named queries: name -> the first sentence of its description."""
    found = {}
    for path in sorted(QUERY_DIR.glob("*.rq")):
        lines = [line[1:].strip() for line in _comments(_read(path)) if not _PARAM.match(line)]
        text = " ".join(lines)
        found[path.stem] = text.split(". ")[0].rstrip(".") + "." if text else ""
    return found


def load_query(name_or_path: str | os.PathLike[str]) -> str:
    """Return the text of a named query (``arms_suppliers``) or of a ``.rq`` file."""
    if isinstance(name_or_path, str) and re.fullmatch(r"[a-z0-9_]+", name_or_path):
        path = QUERY_DIR / f"{name_or_path}.rq"
        if path.is_file():
            return _read(path)
        if not Path(name_or_path).exists():
            raise KeyError(
                f"no named query {name_or_path!r}; known: {', '.join(named_queries())} "
                "(graphkit query --list), or give a .rq file"
            )
    path = Path(name_or_path)
    if not path.is_file():
        raise KeyError(f"no query file {os.fspath(path)!r}; named queries: {', '.join(named_queries())}")
    return path.read_text(encoding="utf-8")


def check_bindings(name_or_path: str | os.PathLike[str], bindings: Mapping[str, Any]) -> None:
    """Raise :class:`MissingParameters` naming the parameters a query needs and was not given.

    A named query takes exactly the parameters it declares (``# @param``): a name it does not
    declare is refused too, since it would silently bind nothing. A ``.rq`` file that declares
    none is not checked (its bindings go to the engine as they are).

    Examples
    --------
    >>> try:
    ...     check_bindings("allies_and_enemies", {})
    ... except MissingParameters as e:
    ...     print(str(e).split(": give ")[1])
    --bind actor=VALUE
    """
    declared = query_parameters(name_or_path)
    named = isinstance(name_or_path, str) and name_or_path in named_queries()
    if not declared and not named:
        return
    label = name_or_path if isinstance(name_or_path, str) else os.fspath(name_or_path)
    missing = [p for p in declared if p.required and p.name not in bindings]
    if missing:
        what = ", ".join(f"{p.name} ({p.help})" if p.help else p.name for p in missing)
        how = " ".join(f"--bind {p.name}=VALUE" for p in missing)
        raise MissingParameters(f"{label} needs {what}: give {how}")
    unknown = sorted(set(bindings) - {p.name for p in declared})
    if unknown:
        takes = ", ".join(p.name for p in declared) or "none"
        raise MissingParameters(f"{label} takes no parameter {', '.join(unknown)}; it takes {takes}")


def run_named_query(source: QuerySource, name: str | os.PathLike[str], **bindings: Any) -> pd.DataFrame:
    """Run a named query (or a ``.rq`` file) with bindings; return a DataFrame.

    Raises :class:`MissingParameters` when a parameter the query declares as required is missing.

    Examples
    --------
    >>> from graphkit.samples import actor_iri, from_triples
    >>> claim = {"modality": "reported", "attributed_to": actor_iri("Russia")}
    >>> kg = from_triples([("Russia", "arms", "Hezbollah", claim)], types={"Hezbollah": "ArmedGroup"})
    >>> run_named_query(kg, "arms_suppliers_with_evidence", recipient="Hezbollah")["evidence"].tolist()
    ['Russia arms Hezbollah.']
    """
    text = load_query(name)
    check_bindings(name, bindings)
    return sparql(source, text, **bindings)


def _actor(value: Any) -> Any:
    # an actor is given by name (matched with its label or aliases, in any case) or by IRI
    if isinstance(value, str) and re.match(r"(https?|urn):", value):
        return ox.NamedNode(value)
    return value


def _without(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.drop(columns=[c for c in columns if c in frame.columns])


def arms_suppliers(source: QuerySource) -> pd.DataFrame:
    """Return who supplies arms to whom: supplier, recipient, statements, documents, first and last date.

    Examples
    --------
    >>> from graphkit.samples import actor_iri, from_triples
    >>> claim = {"modality": "reported", "attributed_to": actor_iri("Russia")}
    >>> kg = from_triples([("Russia", "arms", "Hezbollah", claim)], types={"Hezbollah": "ArmedGroup"})
    >>> arms_suppliers(kg)[["supplier_label", "recipient_label", "statements"]]
      supplier_label recipient_label  statements
    0         Russia       Hezbollah           1
    """
    return run_named_query(source, "arms_suppliers")


def arms_suppliers_with_evidence(source: QuerySource, recipient: Any = None) -> pd.DataFrame:
    """Return who arms ``recipient``, according to whom, citing which sentence (every recipient when None).

    Parameters
    ----------
    source : what to query (see :func:`sparql`)
    recipient : a name or alias in any case ("Hezbollah"), or an actor IRI

    Returns
    -------
    pandas.DataFrame
        ``supplier_label``, ``recipient_label``, ``according_to`` (who makes the claim, else the
        document's source), ``modality``, ``evidence`` (the sentence), ``document``, ``title``,
        ``source``, ``date``, ``confidence``, ``supplier``, ``statement``.

    Examples
    --------
    >>> from graphkit.samples import actor_iri, from_triples
    >>> claim = {"modality": "reported", "attributed_to": actor_iri("Russia")}
    >>> kg = from_triples([("Russia", "arms", "Hezbollah", claim)], types={"Hezbollah": "ArmedGroup"})
    >>> arms_suppliers_with_evidence(kg, "HEZBOLLAH")[["supplier_label", "according_to", "modality"]]
      supplier_label according_to  modality
    0         Russia       Russia  reported
    """
    bindings = {"recipient": _actor(recipient)} if recipient is not None else {}
    return _without(run_named_query(source, "arms_suppliers_with_evidence", **bindings), "recipient")


def allies_and_enemies(source: QuerySource, actor: Any) -> pd.DataFrame:
    """Return the allies (cooperation) and enemies (conflict) of ``actor``, with statement counts.

    Examples
    --------
    >>> from graphkit.samples import actor_iri, from_triples
    >>> claim = {"modality": "reported", "attributed_to": actor_iri("Russia")}
    >>> kg = from_triples([("Russia", "arms", "Hezbollah", claim)], types={"Hezbollah": "ArmedGroup"})
    >>> allies_and_enemies(kg, "Hezbollah")[["other_label", "relations"]]
      other_label relations
    0      Russia      arms
    """
    return _without(run_named_query(source, "allies_and_enemies", actor=_actor(actor)), "actor")


def conflict_dyads_by_month(source: QuerySource) -> pd.DataFrame:
    """Return conflict dyads per month: the two sides, statement counts (material, verbal) and relations.

    Examples
    --------
    >>> from graphkit.samples import actor_iri, from_triples
    >>> claim = {"modality": "reported", "attributed_to": actor_iri("Russia")}
    >>> kg = from_triples([("Russia", "arms", "Hezbollah", claim)], types={"Hezbollah": "ArmedGroup"})
    >>> dyads = conflict_dyads_by_month(kg)
    >>> len(dyads), list(dyads.columns[:5])  # the sample graph has no conflict
    (0, ['month', 'side_a', 'side_a_label', 'side_b', 'side_b_label'])
    """
    return run_named_query(source, "conflict_dyads_by_month")


def attributed_to(source: QuerySource, actor: Any) -> pd.DataFrame:
    """Return the statements attributed to ``actor`` (what it is reported to say), with evidence.

    Examples
    --------
    >>> from graphkit.samples import actor_iri, from_triples
    >>> claim = {"modality": "reported", "attributed_to": actor_iri("Russia")}
    >>> kg = from_triples([("Russia", "arms", "Hezbollah", claim)], types={"Hezbollah": "ArmedGroup"})
    >>> attributed_to(kg, "Russia")[["subject_label", "relation", "object_label", "modality"]]
      subject_label relation object_label  modality
    0        Russia     arms    Hezbollah  reported
    """
    return _without(run_named_query(source, "attributed_to", actor=_actor(actor)), "actor")


def negated_claims(source: QuerySource) -> pd.DataFrame:
    """Return the negated statements ("did not strike"), with who says so and the sentence.

    Examples
    --------
    >>> from graphkit.samples import actor_iri, from_triples
    >>> claim = {"modality": "reported", "attributed_to": actor_iri("Russia")}
    >>> kg = from_triples([("Russia", "arms", "Hezbollah", claim)], types={"Hezbollah": "ArmedGroup"})
    >>> len(negated_claims(kg))  # the sample graph negates nothing
    0
    """
    return run_named_query(source, "negated_claims")


#: The named query functions, by name (for the CLI and notebooks).
NAMED_QUERY_FUNCTIONS: Mapping[str, Any] = {
    "arms_suppliers": arms_suppliers,
    "arms_suppliers_with_evidence": arms_suppliers_with_evidence,
    "allies_and_enemies": allies_and_enemies,
    "conflict_dyads_by_month": conflict_dyads_by_month,
    "attributed_to": attributed_to,
    "negated_claims": negated_claims,
}
