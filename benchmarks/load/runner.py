"""Load harness: N simulated people driving a running server over Streamlit's WebSocket protocol.

Each simulated person is a real account signed in with its own server-side session (opened directly in the
database, as a login would) and a browser tab (`client.Tab`). They follow a mix per role with think
time between actions:
- staff: browse, search, open an idea (a link with ?id=), support it, comment on it, fill the application
  form, save the draft and submit it;
- reviewer: open the scoring queue, score the first file (criteria, verdict, comment);
- leader: open the dashboard, the home page, the browse page.
Every action is one rerun timed from sending the BackMsg to the final `script_finished`. An exception
element, an error message (st.error), "page not found" or a lost connection is an error of that action.
Every write the run makes is remembered and looked up in the database afterwards ("no lost write").
The run stops by itself: starts are spread over `ramp` seconds, nobody begins an action after `duration`,
and each action has a timeout. Server CPU and memory are sampled with psutil (`monitor`).
"""
from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from benchmarks.load.client import ProtocolError, RunResult, Tab
from benchmarks.load.monitor import ServerMonitor
from ideas.core.db import Database
from ideas.core.i18n import t
from ideas.core.models import Comment, Idea, RoleAssignment, ScoreSheet, Support, User
from ideas.filing.visibility import PUBLIC_STATUSES

ROLES = ("staff", "reviewer", "leader")
DEFAULT_MIX = {"staff": 0.8, "reviewer": 0.1, "leader": 0.1}
SEARCH_WORDS = ("ho so", "mot cua", "so hoa", "thu tuc", "bao cao", "truc tuyen", "cai cach", "giay to")
STAFF_STEPS = {"browse": 2.0, "search": 2.0, "open_idea": 3.0, "support": 1.5, "comment": 1.0, "draft": 0.6}
LEADER_STEPS = {"dashboard": 3.0, "home": 1.0, "browse": 1.0}


@dataclass
class LoadConfig:
    url: str
    users: int = 20
    duration: float = 30.0  # seconds during which actions may start
    ramp: float = 5.0  # seconds over which the users arrive
    think: float = 10.0  # mean pause between two actions of one person
    seed: int = 1
    mix: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_MIX))
    timeout: float = 60.0  # one action
    server_pids: tuple[int, ...] = ()
    idle_after: float = 0.0  # seconds to watch the server's memory after everyone left


@dataclass
class Person:
    role: str
    user_id: int
    username: str
    token: str


@dataclass
class Writes:
    """What the run wrote, to be found in the database afterwards."""

    supports: set[tuple[int, int]] = field(default_factory=set)  # (user, idea)
    comments: list[tuple[int, int, str]] = field(default_factory=list)  # (user, idea, body)
    drafts: dict[str, int] = field(default_factory=dict)  # title -> owner
    submitted: set[str] = field(default_factory=set)  # titles
    scores: dict[tuple[int, int], str] = field(default_factory=dict)  # (reviewer, idea) -> comment

    def count(self) -> int:
        return len(self.supports) + len(self.comments) + len(self.drafts) + len(self.submitted) + len(self.scores)


@dataclass
class Report:
    config: LoadConfig
    seconds: float
    latencies: dict[str, list[float]]
    errors: list[tuple[str, str]]
    writes: Writes
    lost: list[str]
    server: dict
    people: dict[str, int]

    @property
    def actions(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def summary(self) -> dict:
        rows = {name: {"n": len(values), "p50": percentile(values, 50), "p95": percentile(values, 95),
                       "p99": percentile(values, 99), "max": max(values)}
                for name, values in sorted(self.latencies.items()) if values}
        every = [v for values in self.latencies.values() for v in values]
        rows["ALL"] = {"n": len(every), "p50": percentile(every, 50), "p95": percentile(every, 95),
                       "p99": percentile(every, 99), "max": max(every) if every else None}
        if self.server.get("samples") and every:
            self.server["cpu_ms_per_action"] = round(self.server["cpu_s"] * 1000 / len(every), 1)
        return {"users": self.config.users, "people": self.people, "duration_s": round(self.seconds, 1),
                "think_s": self.config.think, "actions": self.actions,
                "actions_per_s": round(self.actions / self.seconds, 2) if self.seconds else 0,
                "errors": len(self.errors), "error_samples": [f"{a}: {m}" for a, m in self.errors[:20]],
                "writes": self.writes.count(), "lost_writes": len(self.lost), "lost_samples": self.lost[:20],
                "latency_s": rows, "server": self.server}


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile (no interpolation: a p99 of 50 samples is the largest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, int(-(-pct * len(ordered) // 100)))
    return ordered[min(rank, len(ordered)) - 1]


# ---------------------------------------------------------------- people and sessions


def _people_split(users: int, mix: dict[str, float]) -> dict[str, int]:
    """How many of each role; every role in the mix gets at least one person when there are enough."""
    wanted = {role: share for role, share in mix.items() if share > 0}
    counts = {role: max(1, round(users * share)) if users >= len(wanted) else 0 for role, share in wanted.items()}
    counts["staff"] = max(0, users - sum(c for r, c in counts.items() if r != "staff"))
    return counts


def sign_in_people(database: Database, *, users: int, mix: dict[str, float], seed: int) -> list[Person]:
    """Pick distinct active accounts per role and open one server-side session each (as a login does)."""
    from ideas.accounts import sessions

    rng = random.Random(seed)
    counts = _people_split(users, mix)
    people: list[Person] = []
    taken: set[int] = set()
    with database.session() as session:
        active = select(User.id).where(User.active.is_(True), User.must_change_password.is_(False))
        by_role = {role: [uid for uid in session.scalars(
            active.join(RoleAssignment, RoleAssignment.user_id == User.id).where(RoleAssignment.role == role)
            .distinct().order_by(User.id).limit(5000))] for role in ("reviewer", "leader")}
        special = set(session.scalars(select(RoleAssignment.user_id).where(RoleAssignment.role != "staff")))
        staff_pool = [uid for uid in session.scalars(active.where(User.unit_id.is_not(None))
                                                     .order_by(User.id).limit(20000)) if uid not in special]
        by_role["staff"] = staff_pool
        for role in ("reviewer", "leader", "staff"):
            pool = [uid for uid in by_role.get(role, []) if uid not in taken]
            rng.shuffle(pool)
            if len(pool) < counts.get(role, 0):
                missing = counts[role] - len(pool)
                counts[role] -= missing
                counts["staff"] = counts.get("staff", 0) + (missing if role != "staff" else 0)
            for uid in pool[:counts.get(role, 0)]:
                taken.add(uid)
                user = session.get(User, uid)
                login = sessions.open_session(session=session, user=user, nonce=None)
                people.append(Person(role, uid, user.username, login.session_token))
    rng.shuffle(people)
    return people


def idea_pool(database: Database, *, size: int = 2000, seed: int = 1) -> list[int]:
    """Public ideas to open, support and comment on (a random sample, as links shared between colleagues)."""
    with database.read_session() as session:
        top = session.scalar(select(func.max(Idea.id))) or 0
        rng = random.Random(seed)
        start = rng.randint(0, max(0, top - size * 5))
        ids = list(session.scalars(select(Idea.id).where(Idea.status.in_(PUBLIC_STATUSES), Idea.id >= start)
                                   .order_by(Idea.id).limit(size)))
    return ids


# ---------------------------------------------------------------- the simulated person


class Simulation:
    """Shared state of one run: results, writes, the deadline, the idea pool."""

    def __init__(self, config: LoadConfig, ideas: list[int]) -> None:
        self.config = config
        self.ideas = ideas
        self.marker = f"load-{uuid.uuid4().hex[:8]}"
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: list[tuple[str, str]] = []
        self.writes = Writes()
        self.started = time.monotonic()
        self.deadline = self.started + config.ramp + config.duration
        self._serial = 0

    def serial(self) -> int:
        self._serial += 1
        return self._serial

    def record(self, action: str, result: RunResult) -> bool:
        self.latencies[action].append(result.seconds)
        for problem in result.problems():
            self.errors.append((action, problem))
        return result.ok


class Visitor:
    """One person in one tab; each method is one action (one timed rerun)."""

    def __init__(self, sim: Simulation, person: Person, rng: random.Random) -> None:
        self.sim, self.person, self.rng = sim, person, rng
        self.tab = Tab(sim.config.url, cookies={"sk_session": person.token}, timeout=sim.config.timeout)
        self.idea_id: int | None = None
        self.draft_title: str | None = None

    async def act(self, action: str, page: str | None = None, **kwargs) -> bool:
        try:
            result = await self.tab.run(page, **kwargs)
        except ProtocolError as error:
            self.sim.errors.append((action, str(error)))
            await self._reconnect()
            return False
        return self.sim.record(action, result)

    async def _reconnect(self) -> None:
        await self.tab.close()
        try:
            await self.tab.connect()
            await self.tab.run(None, keep_page=False)
        except (ProtocolError, OSError) as error:
            self.sim.errors.append(("reconnect", repr(error)))

    async def live(self) -> None:
        """Arrive (spread over the ramp), open the app, then act with think time until the deadline."""
        config = self.sim.config
        await asyncio.sleep(self.rng.uniform(0, config.ramp))
        try:
            await self.tab.connect()
        except (OSError, ProtocolError, TimeoutError) as error:
            self.sim.errors.append(("connect", repr(error)))
            return
        try:
            await self.act("open_app", None, keep_page=False)
            steps = getattr(self, f"_{self.person.role}_step")
            while True:
                pause = self.rng.uniform(0.5, 1.5) * config.think
                if time.monotonic() + pause >= self.sim.deadline:
                    break
                await asyncio.sleep(pause)
                await steps()
        finally:
            await self.tab.close()

    # ------------------------------------------------------------ staff

    async def _staff_step(self) -> None:
        if self.draft_title:  # a saved draft: submit it now (one think time later)
            await self.submit()
            return
        step = self.rng.choices(list(STAFF_STEPS), weights=list(STAFF_STEPS.values()))[0]
        if step in ("support", "comment") and self.tab.current_page != "ideas_detail":
            step = "open_idea"
        await getattr(self, step)()

    async def browse(self) -> None:
        await self.act("browse", "ideas_browse")

    async def search(self) -> None:
        if self.tab.current_page != "ideas_browse" or not self.tab.has_widget("browse_text"):
            await self.browse()
            return
        await self.act("search", widgets={"browse_text": self.rng.choice(SEARCH_WORDS)})

    async def open_idea(self) -> None:
        self.idea_id = self.rng.choice(self.sim.ideas)
        await self.act("open_idea", "ideas_detail", query=f"id={self.idea_id}")

    async def support(self) -> None:
        if not self.tab.has_widget("detail_support"):
            await self.comment()
            return
        _, element = self.tab.widget("detail_support")
        if element.button.label != t("social.support", "vi"):  # supported already: read the comments instead
            await self.comment()
            return
        idea = self.idea_id
        if await self.act("support", query=f"id={idea}", widgets={"detail_support": True}):
            self.sim.writes.supports.add((self.person.user_id, idea))

    async def comment(self) -> None:
        if not self.tab.has_widget("comment_new"):
            if self.tab.has_widget("detail_tab"):  # the idea page draws its open tab only: a click on "Bình luận"
                await self.act("open_comments", query=f"id={self.idea_id}",
                               widgets={"detail_tab": t("detail.tab.comments", "vi")})
            else:
                await self.open_idea()
            return
        body = f"Góp ý thử tải {self.sim.marker} #{self.sim.serial()}: ý tưởng rất thiết thực."
        idea = self.idea_id
        if await self.act("comment", query=f"id={idea}", widgets={"comment_new": body, "comment_post": True}):
            self.sim.writes.comments.append((self.person.user_id, idea, body))

    async def draft(self) -> None:
        if not await self.act("open_form", "ideas_submit"):
            return
        for restart in ("isf_another", "isf_new"):  # a receipt or the last saved draft is shown: a new form
            if self.tab.has_widget(restart) and not await self.act("open_form", widgets={restart: True}):
                return
        title = f"Sáng kiến thử tải {self.sim.marker} #{self.sim.serial()}"
        kind, par = self.tab.widget("isf_par")
        values = {"isf_title": title, "isf_field_of_application": "Một cửa cấp xã",
                  "isf_problem": "Hồ sơ giấy phải nộp nhiều lần.", "isf_essence": "Nộp một lần, dùng lại dữ liệu.",
                  "isf_par": [par.multiselect.options[0]] if par.multiselect.options else []}
        if not await self.act("fill_form", widgets=values):
            return
        open_campaign = t("ideas.submit.no_campaign", "vi") not in self.tab.texts()  # else: drafts only
        if await self.act("save_draft", widgets={"isf_save_draft": True}):
            self.sim.writes.drafts[title] = self.person.user_id
            self.draft_title = title if open_campaign else None

    async def submit(self) -> None:
        title, self.draft_title = self.draft_title, None
        if self.tab.current_page != "ideas_submit" or not self.tab.has_widget("isf_submit"):
            return
        if await self.act("submit", widgets={"isf_submit": True}):
            self.sim.writes.submitted.add(title)

    # ------------------------------------------------------------ reviewer and leader

    async def _reviewer_step(self) -> None:
        if self.tab.current_page == "review_queue" and self.rng.random() < 0.6 and await self.score():
            return
        await self.act("queue", "review_queue")

    async def score(self) -> bool:
        inputs = {key: proto for key, proto in self.tab.widgets("score_").items()
                  if key.count("_") >= 2 and not key.endswith(("_verdict", "_comment"))}
        if not inputs or not self.tab.has_widget("score_save"):
            return False
        _, save = self.tab.widget("score_save")
        if save.button.disabled:
            return False
        idea = int(next(iter(inputs)).split("_")[1])
        values = {key: round(proto.max * self.rng.uniform(0.5, 0.9)) if proto.has_max else 10
                  for key, proto in inputs.items()}
        verdict_key, comment_key = f"score_{idea}_verdict", f"score_{idea}_comment"
        comment = f"Chấm thử tải {self.sim.marker} #{self.sim.serial()}"
        values.update({verdict_key: 0, comment_key: comment, "score_save": True})
        if await self.act("score", widgets=values):
            self.sim.writes.scores[(self.person.user_id, idea)] = comment
        return True

    async def _leader_step(self) -> None:
        step = self.rng.choices(list(LEADER_STEPS), weights=list(LEADER_STEPS.values()))[0]
        page = {"dashboard": "dashboard", "home": "", "browse": "ideas_browse"}[step]
        await self.act(step, page)


# ---------------------------------------------------------------- the run


def verify_writes(database: Database, writes: Writes) -> list[str]:
    """Every write the run made, looked up in the database; a description of each one missing."""
    lost: list[str] = []
    with database.read_session() as session:
        for user_id, idea_id in sorted(writes.supports):
            if not session.scalar(select(Support.id).where(Support.user_id == user_id, Support.idea_id == idea_id)):
                lost.append(f"support of idea {idea_id} by user {user_id}")
        ideas = {idea for _, idea in writes.supports}
        for idea_id in sorted(ideas):
            counted = session.scalar(select(Idea.support_count).where(Idea.id == idea_id))
            real = session.scalar(select(func.count()).select_from(Support).where(Support.idea_id == idea_id))
            if counted is not None and counted != real:
                lost.append(f"idea {idea_id}: support_count {counted} but {real} supports")
        bodies = {body for _, _, body in writes.comments}
        found = set(session.scalars(select(Comment.body).where(Comment.body.in_(bodies)))) if bodies else set()
        lost += [f"comment {body!r}" for body in sorted(bodies - found)]
        titles = set(writes.drafts)
        rows = {title: (status, receipt) for title, status, receipt in session.execute(
            select(Idea.title, Idea.status, Idea.receipt_no).where(Idea.title.in_(titles)))} if titles else {}
        lost += [f"draft {title!r}" for title in sorted(titles - set(rows))]
        lost += [f"submission {title!r} (status {rows.get(title)})" for title in sorted(writes.submitted)
                 if title in rows and (rows[title][0] == "draft" or not rows[title][1])]
        for (reviewer, idea), comment in sorted(writes.scores.items()):
            stored = session.scalar(select(ScoreSheet.comment).where(ScoreSheet.reviewer_id == reviewer,
                                                                     ScoreSheet.idea_id == idea))
            if stored != comment:
                lost.append(f"score of idea {idea} by reviewer {reviewer}")
    return lost


async def _run(config: LoadConfig, people: list[Person], ideas: list[int]) -> Simulation:
    sim = Simulation(config, ideas)
    rng = random.Random(config.seed)
    visitors = [Visitor(sim, person, random.Random(rng.random())) for person in people]
    grace = config.timeout + 30
    tasks = [asyncio.create_task(v.live()) for v in visitors]
    done, pending = await asyncio.wait(tasks, timeout=config.ramp + config.duration + grace)
    for task in pending:  # bounded time: stragglers are cancelled and reported
        task.cancel()
        sim.errors.append(("stopped", "a simulated person did not finish in time"))
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        if task.exception() is not None:
            sim.errors.append(("crash", repr(task.exception())))
    return sim


def run_load(database: Database, config: LoadConfig) -> Report:
    """Sign people in, drive them against `config.url`, check the writes, and report."""
    people = sign_in_people(database, users=config.users, mix=config.mix, seed=config.seed)
    ideas = idea_pool(database, seed=config.seed)
    if not ideas:
        raise ValueError("no public ideas in the database: load the demo or generate data first")
    monitor = ServerMonitor(config.server_pids)
    monitor.start()
    started, client_cpu = time.monotonic(), time.process_time()
    sim = asyncio.run(_run(config, people, ideas))
    seconds = time.monotonic() - started
    monitor.mark_users_gone()
    client_cpu = time.process_time() - client_cpu
    if config.idle_after > 0:
        time.sleep(config.idle_after)
    server = monitor.stop()
    server["client_cpu_s"] = round(client_cpu, 1)  # this harness shares the machine: its own CPU time
    lost = verify_writes(database, sim.writes)
    roles = defaultdict(int)
    for person in people:
        roles[person.role] += 1
    return Report(config, seconds, dict(sim.latencies), sim.errors, sim.writes, lost, server, dict(roles))


def format_report(report: Report) -> str:
    """The summary as an aligned text table (seconds shown as milliseconds)."""
    data = report.summary()

    def ms(value: float | None) -> str:
        return "-" if value is None else f"{value * 1000:,.0f}"

    lines = [f"{data['users']} users {data['people']} for {data['duration_s']} s, think {data['think_s']} s: "
             f"{data['actions']} actions ({data['actions_per_s']}/s), errors {data['errors']}, "
             f"writes {data['writes']}, lost {data['lost_writes']}",
             f"{'action':<12}{'n':>7}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}"]
    for name, row in data["latency_s"].items():
        lines.append(f"{name:<12}{row['n']:>7}{ms(row['p50']):>10}{ms(row['p95']):>10}{ms(row['p99']):>10}"
                     f"{ms(row['max']):>10}")
    server = data["server"]
    if server.get("samples"):
        lines.append(f"server: CPU mean {server['cpu_mean']:.0f}% max {server['cpu_max']:.0f}% (100% = one core); "
                     f"RSS baseline {server['rss_start_mb']:.0f} MB, peak {server['rss_peak_mb']:.0f} MB, "
                     f"after users left {server['rss_end_mb']:.0f} MB; {server['cpu_s']} CPU s, "
                     f"{server.get('cpu_ms_per_action', '-')} CPU ms per action; "
                     f"harness {server['client_cpu_s']} CPU s")
    lines += [f"error: {sample}" for sample in data["error_samples"]]
    lines += [f"lost: {sample}" for sample in data["lost_samples"]]
    return "\n".join(lines)
