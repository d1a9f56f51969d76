"""Generate a large catalogue in the benchmark database.

    python bench/generate_catalogue.py --products 20000 --variants-per-product 3 [--database-url URL] [--reset]

Creates (or with --reset recreates) the benchmark database, migrates it, writes the catalogue with a progress
bar, runs VACUUM ANALYZE, and finishes with the stock ledger check. Refuses to add to a database that already
holds products. See bench/README.md.
"""

if __name__ == "__main__":
    import pathlib
    import sys

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

import argparse
import sys
import time

from bench import environment


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--variants-per-product", type=int, default=3)
    parser.add_argument("--producers", type=int, help="default: one per 40 products (500 for 20,000)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--batch-size", type=int, default=500, help="products written per transaction")
    parser.add_argument("--reset", action="store_true", help="drop and recreate the benchmark database first")
    parser.add_argument("--no-progress", action="store_true")
    environment.add_database_arguments(parser)
    return parser.parse_args(argv)


def check_ledger() -> bool:
    """The stock ledger check: the management command when present, else the selector it is built on."""
    from django.core.management import call_command, get_commands

    if "check_stock_ledger" in get_commands():
        try:
            call_command("check_stock_ledger")
        except SystemExit as exit_:
            return not exit_.code
        return True
    from inventory.selectors import ledger_discrepancies

    discrepancies = ledger_discrepancies()
    print(f"ledger_discrepancies(): {len(discrepancies)} discrepancies")
    return not discrepancies


def main(argv=None) -> int:
    args = parse_args(argv)
    url = environment.bench_database_url(args)
    print(f"Benchmark database: {environment.describe_url(url)}")
    environment.create_database(url, reset=args.reset)
    environment.setup_django(url)

    from django.core.management import call_command
    from django.db import connection

    from bench.catalogue import generate_catalogue
    from marketplace.catalogue.models import Product

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if Product.objects.exists():
        print(
            f"The database already holds {Product.objects.count()} products; "
            "run again with --reset to drop it and start over.",
            file=sys.stderr,
        )
        return 2
    migrated = time.perf_counter()
    summary = generate_catalogue(
        products=args.products,
        variants_per_product=args.variants_per_product,
        producers=args.producers,
        seed=args.seed,
        batch_size=args.batch_size,
        progress=not args.no_progress,
    )
    generated = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # fresh statistics and visibility map, as a live database would have
    analysed = time.perf_counter()
    print(
        f"Wrote {summary.producers} producers, {summary.products} products, {summary.variants} variants, "
        f"{summary.certificates} certificates, {summary.media} photos ({len(summary.images)} shared files), "
        f"{summary.stocks} stock balances and {summary.movements} receipt movements."
    )
    print(
        f"Time: migrate {migrated - started:.1f} s, generate {generated - migrated:.1f} s, "
        f"VACUUM ANALYZE {analysed - generated:.1f} s."
    )
    ledger_ok = check_ledger()
    print(f"Stock ledger check: {'OK' if ledger_ok else 'FAILED'} ({time.perf_counter() - analysed:.1f} s)")
    return 0 if ledger_ok else 1


if __name__ == "__main__":
    sys.exit(main())
