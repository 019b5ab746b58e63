"""The bench command on a tiny school: the shape of its table and JSON,
never its figures."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ediary import bench

pytestmark = pytest.mark.django_db(transaction=True)

COLUMNS = [
    "case",
    "median ms",
    "spread ms",
    "queries",
    "compared with",
    "ratio",
    "req/s",
    "req/s of ref",
]


@pytest.fixture
def small_school(capsys, settings):
    settings.CABINET_BENCH_BARE_PAGE = True
    call_command("seed_bench", students=60)
    capsys.readouterr()


def run_bench(live_server, tmp_path, capsys, *extra):
    call_command(
        "bench",
        f"--server={live_server.url}",
        "--requests=3",
        "--warmup=1",
        "--clients=2",
        "--load-seconds=0.2",
        f"--output={tmp_path}",
        *extra,
    )
    return capsys.readouterr().out.splitlines()


def test_it_prints_one_row_per_case_and_writes_the_same_as_json(
    small_school, live_server, tmp_path, capsys
):
    lines = run_bench(live_server, tmp_path, capsys)

    names = [case.name for case in bench.discover()]
    assert lines[0].split() == " ".join(COLUMNS).split()
    assert [line.split("  ")[0] for line in lines[2:-1]] == names
    (written,) = tmp_path.glob("*.json")
    assert lines[-1] == f"written to {written}"
    result = json.loads(written.read_text())
    assert result["database"] and result["students"] > 0
    assert [row["name"] for row in result["cases"]] == names
    for row in result["cases"]:
        assert row["requests"] == 3
        assert row["min_ms"] <= row["median_ms"] <= row["max_ms"]
        assert (row["ratio"] is None) == (row["reference"] is None)


def test_it_opens_with_the_login_page_the_journal_and_the_floor(
    small_school, live_server, tmp_path, capsys
):
    lines = run_bench(live_server, tmp_path, capsys)

    first = [line.split("  ")[0] for line in lines[2:6]]
    assert first == ["login page", "journal grid", "column save", bench.FLOOR]


def test_it_measures_the_throughput_of_the_cabinet_beside_its_bare_page(
    small_school, live_server, tmp_path, capsys
):
    run_bench(live_server, tmp_path, capsys)

    (written,) = tmp_path.glob("*.json")
    rows = {row["name"]: row for row in json.loads(written.read_text())["cases"]}
    for name in ("diary week", "marks page"):
        assert rows[name]["reference"] == "cabinet bare page"
        assert rows[name]["per_second"] > 0
        assert rows[name]["throughput_share"] > 0
    assert rows["cabinet bare page"]["per_second"] > 0
    assert rows["login page"]["per_second"] is None


def test_it_counts_the_queries_of_each_page(
    small_school, live_server, tmp_path, capsys
):
    run_bench(live_server, tmp_path, capsys)

    (written,) = tmp_path.glob("*.json")
    queries = {
        row["name"]: row["queries"] for row in json.loads(written.read_text())["cases"]
    }
    assert queries[bench.FLOOR] == 0
    assert queries["teacher home"] > 0


def test_it_compares_with_an_earlier_run(small_school, live_server, tmp_path, capsys):
    earlier = tmp_path / "earlier"
    run_bench(live_server, earlier, capsys, "--case=login page")
    (earlier_json,) = earlier.glob("*.json")

    lines = run_bench(
        live_server, tmp_path, capsys, "--case=login page", f"--compare={earlier_json}"
    )

    assert lines[0].endswith("before ms  change")
    assert [line.split("  ")[0] for line in lines[2:-1]] == ["login page", "bare page"]
    assert all(line.rstrip()[-1] == "%" for line in lines[2:-1])


def test_it_refuses_an_unknown_case(small_school, live_server, tmp_path, capsys):
    with pytest.raises(CommandError, match="no such page"):
        run_bench(live_server, tmp_path, capsys, "--case=no such page")
