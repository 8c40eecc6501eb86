"""The simulated staff for ``run.py``: each user requests the phase's pages, as the plan says.

Started by ``run.py`` once per phase, with:

* ``LOAD_PLAN`` — the plan's JSON (pages, sessions, tokens), written by ``run.py``;
* ``LOAD_MIX`` — ``name:weight,…``, the pages of this phase and how often each is requested;
* ``LOAD_THINK`` — ``min,max`` seconds each user waits between two requests (``0,0``: none);
* ``LOAD_SAMPLES`` — where to write every request's start, latency and outcome (JSON).

Every request is checked: a page must answer 200 (not a redirect to the login or code step,
which would be fast and wrong). User *i* presents session or token *i* of the page's role.
"""

import itertools
import json
import os
import random

from locust import FastHttpUser, between, constant, events, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
PAGES = {page["name"]: page for page in PLAN["pages"]}
MIX = [
    (name, float(weight))
    for name, weight in (item.split(":") for item in os.environ["LOAD_MIX"].split(","))
]
THINK = [float(s) for s in os.environ.get("LOAD_THINK", "0,0").split(",")]
SAMPLES: list[tuple[str, float, float, bool]] = []
_numbers = itertools.count()


@events.request.add_listener
def _record(name, response_time, exception, start_time=None, **kwargs) -> None:
    SAMPLES.append((name, start_time or 0.0, response_time, exception is None))


@events.quitting.add_listener
def _write(environment, **kwargs) -> None:
    with open(os.environ["LOAD_SAMPLES"], "w", encoding="utf-8") as out:
        json.dump(SAMPLES, out)


class Staff(FastHttpUser):
    wait_time = between(*THINK) if THINK[1] > 0 else constant(0)

    def on_start(self) -> None:
        self.number = next(_numbers)

    def _headers(self, page: dict) -> dict[str, str]:
        if page["api"]:
            tokens = PLAN["tokens"][page["role"]]
            return {"Authorization": f"Bearer {tokens[self.number % len(tokens)]}"}
        sessions = PLAN["sessions"][page["role"]]
        return {"Cookie": f"{PLAN['session_cookie']}={sessions[self.number % len(sessions)]}"}

    @task
    def request_page(self) -> None:
        names, weights = zip(*MIX, strict=True)
        page = PAGES[random.choices(names, weights)[0]]  # noqa: S311 - a mix, not a secret
        with self.client.get(
            page["path"],
            headers=self._headers(page),
            name=page["name"],
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
