"""`pantau terms suggest|accept|reject|versions`: code word discovery and the policy versions it makes."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from pantau.cli.common import handles_errors, open_db
from pantau.cli.review import default_analyst, printable

terms_app = typer.Typer(help="Find new code words; accept them into the policy.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(terms_app, name="terms")


@terms_app.command("suggest")
@handles_errors
def suggest(
    top: Annotated[int, typer.Option(min=1, max=500, help="how many candidates")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help='a JSON list of {"term", "score", "examples", ...}')] = False,
    week: Annotated[str | None, typer.Option(help="ISO week YYYY-Www (default: the newest week with data)")] = None,
    record: Annotated[bool, typer.Option(help="remember the suggestions (term_suggestions)")] = True,
) -> None:
    """Candidate new code words, best first, with score, first seen, count, trend and example listings."""
    from pantau.terms.service import suggest as run

    with open_db() as db, db.session() as s:
        report = run(s, week=week, top=top, persist=record)
    if as_json:
        print(json.dumps([x.to_json() for x in report.suggestions], ensure_ascii=False))
        return
    if report.week is None:
        print("no listings in the store yet: scan some first (pantau scan FILE)")
        return
    print(f"week {report.week}: {report.listings} listings, {report.suspect:.0f} suspect; policy "
          f"{report.policy_version}")
    if not report.suggestions:
        print("no candidates this week")
        return
    print(f"{'#':>3}  {'term':<24} {'score':>7} {'count':>6} {'shops':>5}  {'first seen':<10} trend / examples")
    for i, x in enumerate(report.suggestions, start=1):
        trend = "→".join(str(n) for n in x.trend)
        print(f"{i:>3}  {x.term:<24} {x.score:>7.1f} {x.count:>6} {x.sellers:>5}  {x.first_seen or '-':<10} {trend}")
        if x.examples:
            print(f"{'':>5}e.g. {', '.join(printable(k) for k in x.examples[:3])}")


@terms_app.command("accept")
@handles_errors
def accept(
    term: Annotated[str, typer.Argument(help="the code word, as suggested")],
    category: Annotated[str, typer.Option(help="bulk | retail_cue | regional | hashtag | shop_cue")] = "bulk",
    weight: Annotated[float | None, typer.Option(help="log-odds weight (default: the category's median)")] = None,
    days: Annotated[int, typer.Option(min=1, max=3650, help="re-score listings seen in this many recent days")] = 28,
    by: Annotated[str | None, typer.Option(help="who accepted it (default: $PANTAU_ANALYST or cli:<login>)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the outcome as JSON")] = False,
) -> None:
    """Add a term to the policy as a new version and re-score recent listings with it."""
    from pantau.terms.service import accept_and_rescore

    with open_db() as db, db.session() as s:
        out = accept_and_rescore(s, term, category=category, weight=weight, by=by or default_analyst(), days=days)
    acc, rep = out.acceptance, out.rescore
    if as_json:
        print(json.dumps({"term": acc.term, "category": acc.category, "version": acc.version,
                          "parent": acc.parent, **rep.to_json()}, ensure_ascii=False))
        return
    print(f"policy version {acc.version} (from {acc.parent}): added {acc.term!r} ({acc.category})")
    moves = ", ".join(f"{k} {v}" for k, v in sorted(rep.transitions.items()))
    print(f"re-scored {rep.rescored} recent listings: {rep.changed} changed verdict" + (f" ({moves})" if moves else ""))
    for c in rep.changes[:10]:
        print(f"  {printable(c.key)}: {c.before} -> {c.after} ({c.score:.2f})")


@terms_app.command("reject")
@handles_errors
def reject(
    term: Annotated[str, typer.Argument(help="the suggested term")],
    by: Annotated[str | None, typer.Option(help="who rejected it (default: $PANTAU_ANALYST or cli:<login>)")] = None,
) -> None:
    """Mark a suggested term as not a code word; it is not suggested again."""
    from pantau.terms.service import reject as run

    who = by or default_analyst()
    with open_db() as db, db.session() as s:
        n = run(s, term, by=who)
    print(f"rejected {term!r} ({n} suggestion(s) closed); it will not be suggested again")


@terms_app.command("versions")
@handles_errors
def versions() -> None:
    """Policy versions made from accepted terms, oldest first."""
    from pantau.terms.packs import versions as list_versions

    with open_db() as db, db.session() as s:
        rows = list_versions(s)
        for r in rows:
            added = ", ".join(str(t["term"]) for t in r.terms_added)
            changed = "" if r.changed is None else f"; re-scored {r.rescored}, {r.changed} changed"
            print(f"{r.version}  from {r.parent}  +[{added}]  by {r.created_by or '-'} "
                  f"at {r.created_at:%Y-%m-%d %H:%M}{changed}")
    if not rows:
        print("no accepted terms yet: the bundled policy pack is in use")
