"""A genogram built from household memberships, whose 続柄 are relative to the head (世帯主).

A 続柄 says how each member relates to the head, not to each other, so only part of the
family tree follows from it. What is inferred, and why it is safe:

* ``spouse``: joined to the head by a marriage line, when there is exactly one spouse.
* ``child``: a child of the head; also of the spouse when there is exactly one spouse (a
  spouse's child from an earlier marriage is recorded as 妻の子/夫の子, which this project
  keeps as ``other_relative``).
* ``parent``: a parent of the head; two parents are joined as a couple.
* ``sibling``: a child of the head's parents when any parent is recorded; otherwise drawn
  beside the head without a line (their parents are not in the household).
* ``child_in_law``: the spouse of the head's child only when the head has exactly one
  child in the household; otherwise not attached.
* ``grandchild``: a child of that child and child-in-law couple only when both are
  unambiguous (exactly one child and one child-in-law); a grandchild's parent may live
  elsewhere, so a lone child is not assumed to be the parent.
* ``grandparent``: never attached (which parent's parents is unknown).
* ``other_relative`` and ``other`` (同居人): never attached.

Every member is drawn. Members left unattached are placed on the row of their generation
(grandparents two rows above the head, grandchildren two below …); ``other_relative`` and
``other`` go on 本人's row. Each member's ``lives_with_person`` and ``deceased`` are kept as
the caller gives them: the caller knows which memberships are current.
"""

from collections.abc import Hashable, Iterable, Mapping

from tsunagu.core.diagrams.genogram import Genogram, Member, ParentChild, Union

__all__ = ["GENERATION_FROM_HEAD", "from_household"]

# Generation relative to the head for each 続柄 (people.models.Relation values).
GENERATION_FROM_HEAD: dict[str, int] = {
    "head": 0,
    "spouse": 0,
    "sibling": 0,
    "parent": -1,
    "grandparent": -2,
    "child": 1,
    "child_in_law": 1,
    "grandchild": 2,
}


def from_household(
    members: Iterable[Member],
    relations_to_head: Mapping[Hashable, str],
    person_id: Hashable,
    *,
    title: str = "ジェノグラム",
) -> Genogram:
    """The genogram input for a household; see the module docstring for what is inferred.

    ``relations_to_head`` maps each member id to its 続柄 value (``"head"``, ``"spouse"`` …);
    a member missing from it counts as ``"other"``. The member ``person_id`` is made 本人.
    """
    listed = list(members)
    if person_id not in {m.id for m in listed}:
        raise ValueError("person_id is not one of the members")
    drawn = tuple(
        Member(
            id=m.id,
            label=m.label,
            sex=m.sex,
            age=m.age,
            deceased=m.deceased,
            is_person=m.id == person_id,
            lives_with_person=m.lives_with_person and m.id != person_id,
        )
        for m in listed
    )

    def having(relation: str) -> list[Hashable]:
        return [m.id for m in listed if relations_to_head.get(m.id, "other") == relation]

    heads, spouses, children = having("head"), having("spouse"), having("child")
    parents, in_laws = having("parent"), having("child_in_law")
    head = heads[0] if len(heads) == 1 else None
    unions: list[Union] = []
    links: list[ParentChild] = []
    if head is not None:
        spouse = spouses[0] if len(spouses) == 1 else None
        if spouse is not None:
            unions.append(Union(head, spouse, "married"))
        for child in children:
            links += [ParentChild(p, child) for p in (head, spouse) if p is not None]
        if len(parents) == 2:
            unions.append(Union(parents[0], parents[1], "married"))
        for sibling in [head, *having("sibling")]:
            links += [ParentChild(p, sibling) for p in parents]
        if len(children) == 1 and len(in_laws) == 1:
            unions.append(Union(children[0], in_laws[0], "married"))
            for grandchild in having("grandchild"):
                links += [ParentChild(p, grandchild) for p in (children[0], in_laws[0])]
    person_generation = GENERATION_FROM_HEAD.get(relations_to_head.get(person_id, "other"), 0)
    generations = {
        m.id: GENERATION_FROM_HEAD.get(relations_to_head.get(m.id, "other"), person_generation)
        - person_generation
        for m in listed
    }
    return Genogram(
        members=drawn,
        unions=tuple(unions),
        parent_child=tuple(links),
        generations=generations,
        title=title,
    )
