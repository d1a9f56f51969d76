"""Generate two years of sales for the managers' dashboard benchmark in its own database.

    python bench/generate_sales.py [--orders 200000] [--receipts 300000] [--movements 1000000] [--reset]

Creates (or with --reset recreates) the database (default xq_bench_reports), migrates it, writes a catalogue
(bench/catalogue.py, 2,000 products by default), a manager, then the sales (bench/sales.py) ending today, runs
VACUUM ANALYZE and the stock ledger check. See bench/README.md and "Managers' dashboard" in docs/performance.md.
"""

if __name__ == "__main__":
    import pathlib
    import sys

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

import argparse
import sys
import time

from bench import environment
from bench.generate_catalogue import check_ledger

BENCH_MANAGER = "quanly-bench@xuquang.vn"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--receipts", type=int, default=300_000)
    parser.add_argument("--movements", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=730, help="how far back the sales go (default two years)")
    parser.add_argument("--products", type=int, default=2_000, help="catalogue size when the database is empty")
    parser.add_argument("--reset", action="store_true", help="drop and recreate the benchmark database first")
    parser.set_defaults(db_name="xq_bench_reports")
    environment.add_database_arguments(parser)
    parser.set_defaults(db_name="xq_bench_reports")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    url = environment.bench_database_url(args)
    print(f"Benchmark database: {environment.describe_url(url)}")
    environment.create_database(url, reset=args.reset)
    environment.setup_django(url)

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.catalogue import generate_catalogue
    from bench.sales import generate_sales
    from marketplace.accounts.models import User
    from marketplace.accounts.services import create_user
    from marketplace.catalogue.models import Product
    from marketplace.orders.models import Order

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if Order.objects.exists():
        print("The database already holds orders; run again with --reset to start over.", file=sys.stderr)
        return 2
    if not Product.objects.exists():
        generate_catalogue(
            products=args.products, variants_per_product=2, producers=None, seed=2025, batch_size=500, progress=False
        )
    if not User.objects.filter(email=BENCH_MANAGER).exists():
        create_user(email=BENCH_MANAGER, password="Bench-quan-ly-2026", role="manager")
    catalogued = time.perf_counter()
    end = timezone.now().isoformat()
    generate_sales(orders=args.orders, receipts=args.receipts, movements=args.movements, days=args.days, end_day=end)
    generated = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    analysed = time.perf_counter()
    print(
        f"Time: migrate + catalogue {catalogued - started:.1f} s, sales {generated - catalogued:.1f} s, "
        f"VACUUM ANALYZE {analysed - generated:.1f} s."
    )
    ledger_ok = check_ledger()
    print(f"Stock ledger check: {'OK' if ledger_ok else 'FAILED'}")
    return 0 if ledger_ok else 1


if __name__ == "__main__":
    sys.exit(main())
