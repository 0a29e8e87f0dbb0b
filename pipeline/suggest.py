"""Who can meet a need: one matcher behind `netplus find` and `netplus suggest`.

A need in plain words ("a wedding photographer in Seattle") is read against the taxonomy (which
categories its words name, through their names, needs words and keywords), the open offers of
your contacts, and their titles and organizations. Trusted contacts come first, then the best
match; each suggestion carries a one-line reason. Contacts marked private are suggested only for
your own needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pipeline.categorize import OTHER, Taxonomy, words
from pipeline.networking import ME

STOP = frozenset(
    words(
        "a an the my me i to for of in on at someone somebody anyone who can need needs want looking with and or "
        "fix good help best great get find"
    )
)
CATEGORY_LIST_LIMIT = 50  # per category, the best contacts are enough to rank the top few from
COMMON_WORD_LIMIT = 2000
OFFER_WEIGHT = 0.9
TITLE_WEIGHT = 0.5


def content_words(text: str) -> list[str]:
    """The stemmed words of a text that say what is wanted (no "someone to", "my", …)."""
    found = list(words(text))
    return [w for w in found if w not in STOP] or found


class Matcher:
    """An index over contacts (``list_contacts`` entries) and open offers, built once per command."""

    def __init__(
        self, contacts: Sequence[dict[str, Any]], taxonomy: Taxonomy, offers: Iterable[dict[str, Any]] = ()
    ) -> None:
        self.contacts = list(contacts)
        self.taxonomy = taxonomy
        self.position = {c["id"]: i for i, c in enumerate(self.contacts)}
        by_category: dict[str, list[int]] = {}
        self.by_word: dict[str, set[int]] = {}
        for i, contact in enumerate(self.contacts):
            for assigned in contact["categories"]:
                if assigned["category"] != OTHER:
                    by_category.setdefault(assigned["category"], []).append(i)
            for word in content_words(" ".join(str(contact.get(k) or "") for k in ("title", "organization"))):
                self.by_word.setdefault(word, set()).add(i)
        confidence = lambda i, cid: next(  # noqa: E731
            a["confidence"] for a in self.contacts[i]["categories"] if a["category"] == cid
        )
        self.by_category = {
            cid: sorted(members, key=lambda i: (not self.contacts[i]["trusted"], -confidence(i, cid)))[
                :CATEGORY_LIST_LIMIT
            ]
            for cid, members in by_category.items()
        }
        self.offers: list[tuple[dict[str, Any], set[str]]] = [
            (offer, set(content_words(offer["text"]))) for offer in offers if not offer["closed"]
        ]
        self._categories: dict[str, dict[str, float]] = {}
        # each category's words to read a need against (needs words and name weigh most), indexed by word
        self._by_word_share: dict[str, list[tuple[str, float]]] = {}
        self._phrases: dict[str, list[tuple[str, str, float]]] = {}
        for category in taxonomy.categories.values():
            for keyword, weight in (
                *((n, 3.0) for n in category.needs),
                (category.name, 3.0),
                *((k, 1.0) for k in category.title),
                *((k, 0.5) for k in category.org),
            ):
                keyword_words = words(keyword)
                for word in set(keyword_words):
                    share = weight * keyword_words.count(word) / len(keyword_words)
                    self._by_word_share.setdefault(word, []).append((category.id, share))
                if len(keyword_words) > 1:
                    self._phrases.setdefault(keyword_words[0], []).append(
                        (" ".join(keyword_words), category.id, weight)
                    )

    def categories_for(self, text: str) -> dict[str, float]:
        """Categories a need names, each with its score relative to the best (1.0)."""
        if text in self._categories:
            return self._categories[text]
        wanted = content_words(text)
        every = words(text)
        phrase = " ".join(every)
        scores: dict[str, float] = {}
        for word in wanted:
            for cid, share in self._by_word_share.get(word, ()):
                scores[cid] = scores.get(cid, 0.0) + share
        for word in set(every):
            for joined, cid, weight in self._phrases.get(word, ()):
                if joined in phrase:  # the whole phrase: "fix my car", "oil change"
                    scores[cid] = scores.get(cid, 0.0) + weight
        best = max(scores.values(), default=0.0)
        chosen = {cid: s / best for cid, s in scores.items() if s >= best * 0.5}
        self._categories[text] = chosen
        return chosen

    def candidates(
        self,
        text: str,
        *,
        category: str | None = None,
        exclude: Iterable[str] = (),
        include_private: bool = False,
        limit: int = 5,
    ) -> list[dict[str, Any]]:
        """The contacts who can meet a need, best first, each with a one-line reason."""
        skip = set(exclude)
        wanted = set(content_words(text))
        # contact -> evidence kind -> (score, reason): kinds add up, the strongest gives the reason
        evidence: dict[int, dict[str, tuple[float, str]]] = {}

        def consider(i: int, kind: str, score: float, reason: str) -> None:
            held = evidence.setdefault(i, {})
            if score > held.get(kind, (0.0, ""))[0]:
                held[kind] = (score, reason)

        named = dict(self.categories_for(text))
        if category:
            named[category] = 1.0
        for cid, relative in named.items():
            for i in self.by_category.get(cid, ()):
                assigned = next(a for a in self.contacts[i]["categories"] if a["category"] == cid)
                consider(i, "category", relative * assigned["confidence"], f"{assigned['name']}: {assigned['reason']}")
        for offer, offer_words in self.offers:
            shared = len(wanted & offer_words)
            if shared and offer["contact_id"] in self.position:
                consider(
                    self.position[offer["contact_id"]],
                    "offer",
                    OFFER_WEIGHT * shared / len(wanted),
                    f"offers {offer['text']!r}",
                )
        overlap: dict[int, int] = {}
        for word in wanted:
            holders = self.by_word.get(word, ())
            if len(holders) > COMMON_WORD_LIMIT:
                continue  # a word in thousands of titles ("photographer") is the categories' job
            for i in holders:
                overlap[i] = overlap.get(i, 0) + 1
        for i, count in overlap.items():
            contact = self.contacts[i]
            role = ", ".join(str(contact[k]) for k in ("title", "organization") if contact.get(k))
            consider(i, "title", TITLE_WEIGHT * count / len(wanted), f"title or organization: {role}")
        ranked = []
        for i, kinds in evidence.items():
            score = sum(value for value, _ in kinds.values())
            reason = max(kinds.values())[1]
            contact = self.contacts[i]
            if contact["id"] in skip or (contact["private"] and not include_private):
                continue
            ranked.append(
                {
                    "id": contact["id"],
                    "name": contact["name"],
                    "title": contact.get("title"),
                    "organization": contact.get("organization"),
                    "trusted": contact["trusted"],
                    "endorsement": contact["endorsement"],
                    "score": round(score, 2),
                    "reason": reason,
                }
            )
        ranked.sort(key=lambda r: (not r["trusted"], -r["score"], str(r["name"] or "").casefold()))
        return ranked[:limit]


def find(
    contacts: Sequence[dict[str, Any]],
    query: str,
    taxonomy: Taxonomy,
    limit: int = 20,
    offers: Iterable[dict[str, Any]] = (),
) -> list[dict[str, Any]]:
    """Who do I know for this? (you are asking, so private contacts count too)."""
    return Matcher(contacts, taxonomy, offers).candidates(query, include_private=True, limit=limit)


def suggest_needs(matcher: Matcher, needs: Iterable[dict[str, Any]], limit: int = 5) -> list[dict[str, Any]]:
    """For each open need, the contacts who can meet it (private ones only for your own needs)."""
    return [
        {
            "need": need,
            "suggestions": matcher.candidates(
                need["text"],
                category=need["category"],
                exclude=[need["contact_id"]],
                include_private=need["contact_id"] == ME,
                limit=limit,
            ),
        }
        for need in needs
        if not need["closed"]
    ]


def suggest_for(
    matcher: Matcher,
    contact: dict[str, Any],
    needs: Sequence[dict[str, Any]],
    my_offers: Sequence[dict[str, Any]],
    limit: int = 5,
) -> dict[str, Any]:
    """What you could offer one contact: your offers that meet their needs (or all your open offers
    when they have none logged), people and services of your network for their needs, and contacts
    of yours who would benefit from meeting them."""
    theirs = [n for n in needs if n["contact_id"] == contact["id"] and not n["closed"]]
    open_offers = [o for o in my_offers if not o["closed"]]
    offers_for_needs = []
    for need in theirs:
        need_words = set(content_words(need["text"]))
        offers_for_needs += [o for o in open_offers if need_words & set(content_words(o["text"]))]
    helping = suggest_needs(matcher, theirs, limit)
    pairs: dict[str, dict[str, Any]] = {}
    for item in helping:
        for s in item["suggestions"]:
            pairs.setdefault(s["id"], {"with": s, "why": f"{s['name']} can help with {item['need']['text']!r}"})
    own = [c["id"] for c in matcher.contacts if c["id"] == contact["id"]]
    for need in needs:
        if need["closed"] or need["contact_id"] in (contact["id"], ME) or need["contact_id"] not in matcher.position:
            continue
        able = matcher.candidates(need["text"], category=need["category"], exclude=[need["contact_id"]], limit=50)
        if any(s["id"] in own for s in able):
            other = matcher.contacts[matcher.position[need["contact_id"]]]
            if not other["private"]:
                pairs.setdefault(
                    other["id"],
                    {
                        "with": {"id": other["id"], "name": other["name"], "trusted": other["trusted"]},
                        "why": f"{contact['name']} can help {other['name']} with {need['text']!r}",
                    },
                )
    return {
        "contact": {"id": contact["id"], "name": contact["name"]},
        "your_offers": offers_for_needs or ([] if theirs else open_offers),
        "their_needs": helping,
        "introductions": list(pairs.values())[:limit],
    }
