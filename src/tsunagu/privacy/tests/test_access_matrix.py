"""The authorization matrix: every rule of docs/access-matrix.md, checked against the app.

For each role and relation a small municipality is built (``privacy.testing.world``); the
reader then opens every list, search, detail, timeline and export page that can show one of
the person's records, and each record must appear exactly where its rule says — with an audit
entry naming the rule's grant — and nowhere else.
"""

from collections import defaultdict

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tsunagu.privacy.models import AuditEvent
from tsunagu.privacy.testing import matrix
from tsunagu.privacy.testing.world import MARKERS, OWN_DETAIL_PAGES, build_world, reads

RULES = matrix.rules()
BY_CASE: dict[tuple[str, str], list[matrix.Rule]] = defaultdict(list)
for _rule in RULES:
    BY_CASE[_rule.role, _rule.relation].append(_rule)


def _fetch(client, url: str, cache: dict) -> tuple[int, str, list[AuditEvent]]:
    if url not in cache:
        before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        events = list(AuditEvent.objects.filter(id__gt=before))
        cache[url] = (response.status_code, body.decode("utf-8-sig"), events)
    return cache[url]


# The audited kind of each record: entries name it in their action code or a ``<kind>_ids`` list.
AUDITED_KIND = {
    "person": "person",
    "tax_field": "person",
    "household": "household",
    "consultation": "consultation",
    "other_consultation": "consultation",
    "tax_consultation": "consultation",
    "activity": "activity",
    "tax_activity": "activity",
    "consent": "consent",
    "shared_information": "information",
    "case": "case",
    "outreach": "outreach",
    "participation": "participation",
}


def _audited(events: list[AuditEvent], record: str, record_id: int, grant: str, detail: bool):
    """An allowed entry of this request names the record (under ``grant`` for detail reads)."""
    kind = AUDITED_KIND[record]
    for event in events:
        if not event.allowed or (detail and event.grant != grant):
            continue
        if f".{kind}." in event.action or event.action.startswith(f"{kind}."):
            ids = set(event.data.get("ids", [])) | {event.subject_id}
            if kind == "person":
                ids.add(event.person_id)
        else:
            ids = set(event.data.get(f"{kind}_ids", []))
        if record_id in ids:
            return True
    return False


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "relation"), sorted(BY_CASE))
def test_each_record_appears_exactly_where_the_matrix_allows(client, role, relation):
    # given a reader in that role and relation to the person's records
    world = build_world(relation, role)
    client.force_login(world.reader)
    cache: dict = {}
    wrong = []
    for rule in BY_CASE[role, relation]:
        readable = matrix.readable_actions(rule.record)
        for action, allowed in rule.expected.items():
            if not readable[action]:
                continue
            # when the reader opens the page that would show the record
            url, marker = reads(world, rule.record, action)
            status, body, events = _fetch(client, url, cache)
            shown = status == 200 and marker in body
            # then it is shown (and audited under the rule's grant) only where allowed
            if shown != allowed:
                wrong.append(f"{rule.record} {action}: shown={shown}, rule={allowed} ({url})")
            elif allowed and not _audited(
                events, rule.record, world.record_id(rule.record), rule.grant, action == "detail"
            ):
                wrong.append(f"{rule.record} {action}: shown but no audit entry as {rule.grant}")
            elif not allowed and action == "detail" and rule.record in OWN_DETAIL_PAGES:
                # a role that sees no contents is refused the page itself (403)
                refused = 404 if world.reader.sees_personal_data else 403
                if status != refused:
                    wrong.append(f"{rule.record} detail: status {status}, not {refused}")
                elif not any(not e.allowed for e in events):
                    wrong.append(f"{rule.record} detail: the denied attempt was not audited")
    assert wrong == []


def test_the_matrix_gives_each_role_relation_and_record_exactly_one_rule():
    roles = {role for group in matrix.roles_of().values() for role in group}
    seen = defaultdict(int)
    for rule in RULES:
        seen[rule.role, rule.relation, rule.record] += 1
    expected = {
        (r, rel, rec) for r in roles for rel in matrix.relations() for rec in matrix.records()
    }
    assert set(seen) == expected
    assert [key for key, count in seen.items() if count > 1] == []


def test_every_rule_says_yes_or_no_wherever_the_record_is_read():
    for rule in RULES:
        readable = matrix.readable_actions(rule.record)
        for action, allowed in rule.expected.items():
            if readable[action]:
                assert allowed is not None, (rule, action)
            else:
                assert not allowed, (rule, action)


def test_every_role_of_the_application_is_in_the_matrix():
    from tsunagu.accounts.models import Role

    roles = {role for group in matrix.roles_of().values() for role in group}
    assert roles == set(Role.values)


def test_every_marker_and_relation_has_a_set_up():
    assert set(MARKERS) == set(matrix.records())


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_page_of_the_application_has_a_row_in_the_matrix():
    names = {n for n in _url_names(get_resolver()) if not n.startswith("admin:")}
    documented = set(matrix.pages())
    assert names - documented == set(), "pages without a row in docs/access-matrix.md"
    assert documented - names == set(), "rows in docs/access-matrix.md for pages that do not exist"


@pytest.mark.django_db
def test_emergency_search_offers_only_records_the_reader_cannot_already_see(client):
    # given a reader whose organization records a person of the same name as another's
    from tsunagu.core.exceptions import InvalidTransition
    from tsunagu.people.tests.factories import PersonFactory
    from tsunagu.privacy.emergency import emergency_candidates_for, emergency_open

    world = build_world("unrelated", "consultation")
    own = PersonFactory(
        organization=world.reader_org,
        family_name="秘密",
        name_key="秘密一郎",
        kana_key="ヒミツイチロウ",
    )
    # when they search for the name in an emergency
    found = emergency_candidates_for(user=world.reader, query="ひみつ")
    # then only the other organization's person is offered, and opening their own is refused
    assert found == [world.person]
    with pytest.raises(InvalidTransition):
        emergency_open(
            user=world.reader, person_id=own.pk, reason="安否確認のため緊急連絡先を確認する"
        )
    # and a birth date narrows the search
    assert (
        emergency_candidates_for(
            user=world.reader, query="ひみつ", birth_date=world.person.birth_date.replace(year=1900)
        )
        == []
    )


CONSULTATION_WORKER_RELATIONS = sorted(
    {rule.relation for rule in RULES if rule.role == "consultation" and rule.record == "person"}
)


@pytest.mark.django_db
@pytest.mark.parametrize("relation", CONSULTATION_WORKER_RELATIONS)
def test_the_filter_narrowed_to_a_persons_records_shows_exactly_what_the_whole_filter_does(
    relation,
):
    # given a consultation worker in that relation to the person's records
    from tsunagu.cases.models import Case
    from tsunagu.consultations.models import Activity, Consultation
    from tsunagu.people.models import Person
    from tsunagu.privacy import policy

    world = build_world(relation, "consultation")
    person = world.person.pk
    expected = {
        rule.record: rule.grant != "none"
        for rule in RULES
        if rule.role == "consultation" and rule.relation == relation
    }
    for kind, model, of_person in (
        (policy.Kind.PERSON, Person, "pk"),
        (policy.Kind.CONSULTATION, Consultation, "person_id"),
        (policy.Kind.ACTIVITY, Activity, "person_id"),
        (policy.Kind.CASE, Case, "person_id"),
    ):
        # when the page reads the person's records with the filter narrowed to them (a timeline,
        # a case page), with the consents read once for the household (a timeline's kinds), and
        # with the whole filter (a list)
        household = [person, person + 1000]
        whole, narrowed, shared = (
            set(
                model.objects.filter(policy.visible(world.reader, kind, **narrowing))
                .filter(**{of_person: person})
                .values_list("pk", flat=True)
            )
            for narrowing in (
                {},
                {"persons": [person]},
                {
                    "persons": [person],
                    "consenting": policy.Consenting(world.reader, household),
                },
            )
        )
        # then all show the same records, and those are the ones the matrix allows
        assert narrowed == whole, kind
        assert shared == whole, kind
        if kind == policy.Kind.PERSON:
            assert bool(whole) == expected["person"], relation
        if kind == policy.Kind.CONSULTATION:
            assert (world.consultation.pk in whole) == expected["consultation"], relation
