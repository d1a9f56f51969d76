"""The storefront benchmark's measuring loop, on a page whose cost is known: /readyz with its database check only
runs one query."""

from django.test import Client

from bench.storefront import Result, Scenario, run_scenario


def test_run_scenario_times_every_round_and_counts_queries(db, settings):
    settings.XQ_READINESS_CHECKS = ["marketplace.core.health.database"]
    result = run_scenario(Client(), Scenario("readyz", ["/readyz"]), rounds=7, warmup=2)
    assert len(result.server_ms) == 7
    assert all(ms > 0 for ms in result.server_ms)
    assert result.query_count == "1"
    assert result.slowest_sql["/readyz"][1] == "SELECT 1"
    assert result.throughput > 0


def test_p95_is_the_nearest_rank():
    result = Result(Scenario("x", ["/"]), server_ms=[float(ms) for ms in range(1, 21)])
    assert result.p95 == 19.0
    assert result.median == 10.5
