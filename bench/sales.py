"""Two years of sales for the managers' dashboard benchmark, written inside PostgreSQL.

Online orders (with their lines and payments), kiosk receipts (lines, payments, some returns) and stock
movements are made by INSERT … SELECT over generate_series, so no row crosses the wire: 200,000 orders and
300,000 receipts take minutes, not hours. Like bench/catalogue.py it bypasses the services on purpose and keeps
their guarantees by construction:

- every order's total is its lines plus shipping, every line unit price × quantity, VAT inside at the rate of
  its day (8 % before 2027-01-01, 10 % after, as `taxes` says);
- every receipt's total is its lines', paid by cash, card (with a terminal reference), VietQR or split cash + card;
- a return refunds one unit of one line of an earlier receipt, on a later day;
- stock movements only ever get INSERTs (the ledger's trigger refuses UPDATE and DELETE); each Stock balance is
  then set to what the movements add up to, so `check_stock_ledger` holds.
"""

import time

ZONE = "Asia/Ho_Chi_Minh"


def _sql(cursor, label: str, sql: str, params=None) -> None:
    started = time.perf_counter()
    cursor.execute(sql, params or [])
    print(f"  {label}: {cursor.rowcount:,} rows in {time.perf_counter() - started:.1f} s", flush=True)


def generate_sales(*, orders: int, receipts: int, movements: int, days: int, end_day: str) -> None:
    from django.db import connection, transaction

    from inventory import locations

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SELECT setseed(0.2025)")
        # The priced variants, numbered 1…n so a random pick is a join on a number.
        _sql(
            cursor,
            "variants",
            """
            CREATE TEMP TABLE bench_variant ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY v.id) AS n, v.id, v.sku, p.name, vl.price_amount AS price
            FROM catalogue_productvariant v
            JOIN catalogue_product p ON p.id = v.product_id
            JOIN channels_productvariantchannellisting vl ON vl.variant_id = v.id
            JOIN channels_channel c ON c.id = vl.channel_id AND c.slug = 'sieu-thi-hcm'
            """,
        )
        cursor.execute("SELECT count(*) FROM bench_variant")
        (variant_count,) = cursor.fetchone()
        # Kiosks sell at the online price: copy the listings so the stock has a value at every place.
        _sql(
            cursor,
            "kiosk prices",
            """
            INSERT INTO channels_productvariantchannellisting (variant_id, channel_id, price_amount, cost_price_amount)
            SELECT v.id, c.id, v.price, NULL FROM bench_variant v CROSS JOIN channels_channel c
            WHERE c.kind = 'kiosk'
            ON CONFLICT DO NOTHING
            """,
        )
        cursor.execute(
            "SELECT (SELECT id FROM channels_channel WHERE slug = 'sieu-thi-hcm'),"
            " (SELECT id FROM checkout_shippingmethod ORDER BY id LIMIT 1),"
            " coalesce((SELECT max(number) FROM orders_order), 0)"
        )
        online_id, shipping_id, last_number = cursor.fetchone()
        # ----- online orders: 1–3 lines each --------------------------------------------------------------------
        _sql(
            cursor,
            "order lines (draft)",
            f"""
            CREATE TEMP TABLE bench_order_line ON COMMIT DROP AS
            SELECT o.i, kk.k, v.id AS variant_id, v.sku, v.name, v.price, 1 + floor(random() * 3)::int AS quantity,
                   o.placed,
                   CASE WHEN (o.placed AT TIME ZONE '{ZONE}')::date >= DATE '2027-01-01' THEN 10 ELSE 8 END AS rate
            FROM (
                SELECT i, %(end)s::timestamptz - (random() * %(days)s) * interval '1 day' AS placed
                FROM generate_series(1, %(orders)s) AS i
            ) o
            CROSS JOIN LATERAL (
                SELECT k, 1 + floor(random() * %(n)s)::int AS pick FROM generate_series(1, 1 + (o.i %% 3)) AS k
            ) kk
            JOIN bench_variant v ON v.n = kk.pick
            """,
            {"end": end_day, "days": days, "orders": orders, "n": variant_count},
        )
        _sql(
            cursor,
            "orders",
            f"""
            INSERT INTO orders_order (
                shipping_full_name, shipping_street_address, shipping_ward_code, shipping_ward, shipping_city,
                number, token, created_at, updated_at, status, charge_status, user_email, user_phone,
                customer_note, shipping_method_name, currency, subtotal_amount, shipping_price_amount,
                shipping_vat_rate, total_amount, vat_amount, total_charged_amount, channel_id, shipping_method_id
            )
            SELECT 'Khách thử', '12 Lê Lợi', '26740', 'Phường Sài Gòn', 'Thành phố Hồ Chí Minh',
                   {last_number} + i, gen_random_uuid(), placed, placed,
                   CASE WHEN i %% 20 = 0 THEN 'canceled' WHEN i %% 25 = 0 THEN 'unconfirmed' ELSE 'fulfilled' END,
                   CASE WHEN i %% 20 = 0 OR i %% 25 = 0 OR i %% 7 = 0 THEN 'none' ELSE 'full' END,
                   'khach' || i || '@example.com', '0901234567', '', 'Tiêu chuẩn', 'VND',
                   subtotal, 30000, 8, subtotal + 30000, vat,
                   CASE WHEN i %% 20 = 0 OR i %% 25 = 0 OR i %% 7 = 0 THEN 0 ELSE subtotal + 30000 END,
                   %(online)s, %(shipping)s
            FROM (
                SELECT i, min(placed) AS placed, sum(price * quantity) AS subtotal,
                       sum(round(price * quantity * rate / (100.0 + rate)))::bigint AS vat
                FROM bench_order_line GROUP BY i
            ) t
            """,
            {"online": online_id, "shipping": shipping_id},
        )
        _sql(
            cursor,
            "order lines",
            f"""
            INSERT INTO orders_orderline (
                order_id, variant_id, product_name, variant_name, product_sku, quantity, quantity_fulfilled,
                quantity_returned, unit_price_amount, vat_rate, total_price_amount, vat_amount
            )
            SELECT o.id, l.variant_id, l.name, '', l.sku, l.quantity, l.quantity, 0, l.price, l.rate,
                   l.price * l.quantity, round(l.price * l.quantity * l.rate / (100.0 + l.rate))
            FROM bench_order_line l JOIN orders_order o ON o.number = {last_number} + l.i
            """,
        )
        _sql(
            cursor,
            "order payments",
            f"""
            INSERT INTO payments_transactionitem (
                token, name, method, psp_reference, currency, authorized_amount, charged_amount,
                charge_pending_amount, refunded_amount, canceled_amount, created_at, modified_at, order_id
            )
            SELECT gen_random_uuid(), 'Thanh toán', m.method, '', 'VND', 0, o.total_charged_amount, 0, 0, 0,
                   o.created_at, o.created_at, o.id
            FROM orders_order o
            CROSS JOIN LATERAL (SELECT (ARRAY['cod', 'cod', 'vietqr', 'stripe'])[1 + (o.number %% 4)] AS method) m
            WHERE o.number > {last_number}
            """,
        )
        # ----- kiosk receipts: 1–3 lines, at one of the four kiosks ----------------------------------------------
        cursor.execute(
            "SELECT w.id, c.id FROM inventory_warehouse w JOIN channels_channel c ON c.slug = w.slug"
            " WHERE w.slug = ANY(%s) ORDER BY w.id",
            [list(locations.KIOSKS)],
        )
        kiosks = cursor.fetchall()
        cursor.execute("SELECT id FROM accounts_user WHERE role = 'manager' ORDER BY id LIMIT 1")
        (staff_id,) = cursor.fetchone()
        kiosk_values = ", ".join(
            f"({index}, {warehouse}, {channel})" for index, (warehouse, channel) in enumerate(kiosks)
        )
        _sql(
            cursor,
            "receipts",
            f"""
            CREATE TEMP TABLE bench_receipt_line ON COMMIT DROP AS
            SELECT r.i, kk.k, r.kiosk_id, r.channel_id, r.sold, v.id AS variant_id, v.sku, v.name, v.price,
                   1 + floor(random() * 2)::int AS quantity,
                   CASE WHEN (r.sold AT TIME ZONE '{ZONE}')::date >= DATE '2027-01-01' THEN 10 ELSE 8 END AS rate
            FROM (
                SELECT i, kk.kiosk_id, kk.channel_id,
                       %(end)s::timestamptz - (random() * %(days)s) * interval '1 day' AS sold
                FROM generate_series(1, %(receipts)s) AS i
                JOIN (VALUES {kiosk_values}) AS kk(n, kiosk_id, channel_id) ON kk.n = i %% {len(kiosks)}
            ) r
            CROSS JOIN LATERAL (
                SELECT k, 1 + floor(random() * %(n)s)::int AS pick FROM generate_series(1, 1 + (r.i %% 3)) AS k
            ) kk
            JOIN bench_variant v ON v.n = kk.pick
            """,
            {"end": end_day, "days": days, "receipts": receipts, "n": variant_count},
        )
        _sql(
            cursor,
            "sales",
            f"""
            INSERT INTO pos_sale (
                client_uuid, receipt_number, lookup_code, subtotal_amount, discount_amount, total_amount,
                vat_rate_percent, vat_amount, sale_discount_percent, paid_amount, change_amount, created_at,
                recorded_at, channel_id, kiosk_id, staff_id
            )
            SELECT gen_random_uuid(), 'BENCH' || i, 'B' || i, total, 0, total, rate, vat, 0, total, 0, sold, sold,
                   channel_id, kiosk_id, {staff_id}
            FROM (
                SELECT i, min(kiosk_id) AS kiosk_id, min(channel_id) AS channel_id, min(sold) AS sold,
                       max(rate) AS rate, sum(price * quantity) AS total,
                       sum(round(price * quantity * rate / (100.0 + rate)))::bigint AS vat
                FROM bench_receipt_line GROUP BY i
            ) t
            """,
        )
        _sql(
            cursor,
            "sale lines",
            """
            INSERT INTO pos_saleline (
                client_uuid, product_name, sku, quantity, quantity_returned, unit_price, discount_percent,
                discount_amount, total_amount, vat_rate_percent, vat_amount, sale_id, variant_id
            )
            SELECT gen_random_uuid(), l.name, l.sku, l.quantity, 0, l.price, 0, 0, l.price * l.quantity, l.rate,
                   round(l.price * l.quantity * l.rate / (100.0 + l.rate)), s.id, l.variant_id
            FROM bench_receipt_line l JOIN pos_sale s ON s.receipt_number = 'BENCH' || l.i
            """,
        )
        # One tender by the receipt's id: 2 in 10 card, 2 VietQR, 5 cash; 1 in 10 split half cash, half card.
        _sql(
            cursor,
            "sale payments",
            """
            INSERT INTO pos_salepayment (client_uuid, method, amount, tendered, change, terminal_reference, sale_id)
            SELECT gen_random_uuid(), p.method, p.amount, p.amount, 0,
                   CASE WHEN p.method = 'card' THEN 'T' || s.id ELSE '' END, s.id
            FROM pos_sale s
            CROSS JOIN LATERAL (
                SELECT 'card' AS method, s.total_amount AS amount WHERE s.id %% 10 IN (0, 1)
                UNION ALL SELECT 'vietqr', s.total_amount WHERE s.id %% 10 IN (2, 3)
                UNION ALL SELECT 'cash', s.total_amount WHERE s.id %% 10 BETWEEN 4 AND 8
                UNION ALL SELECT 'cash', s.total_amount / 2 WHERE s.id %% 10 = 9
                UNION ALL SELECT 'card', s.total_amount - s.total_amount / 2 WHERE s.id %% 10 = 9
            ) p
            WHERE s.receipt_number LIKE 'BENCH%%'
            """,
        )
        _sql(
            cursor,
            "returns (2 % of receipts)",
            """
            WITH picked AS (
                SELECT DISTINCT ON (s.id) s.id AS sale_id, l.id AS line_id, l.unit_price, s.created_at
                FROM pos_sale s JOIN pos_saleline l ON l.sale_id = s.id
                WHERE s.receipt_number LIKE 'BENCH%%' AND s.id %% 50 = 7
                ORDER BY s.id, l.id
            ), made AS (
                INSERT INTO pos_salereturn (client_uuid, refund_method, refund_amount, reason, created_at, sale_id,
                                            staff_id)
                SELECT gen_random_uuid(), 'cash', unit_price, 'Hàng lỗi', created_at + interval '2 days', sale_id,
                       %s
                FROM picked RETURNING id, sale_id, refund_amount
            )
            INSERT INTO pos_salereturnline (quantity, refund_amount, sale_line_id, sale_return_id)
            SELECT 1, made.refund_amount, picked.line_id, made.id FROM made JOIN picked USING (sale_id)
            """,
            [staff_id],
        )
        cursor.execute(
            "UPDATE pos_saleline l SET quantity_returned = 1 FROM pos_salereturnline rl WHERE rl.sale_line_id = l.id"
        )
        # ----- stock movements: receipts in, sales and parcels out, returns back ---------------------------------
        cursor.execute(
            "SELECT slug, id FROM inventory_warehouse WHERE slug = ANY(%s)",
            [[locations.SUPPLIER, locations.CUSTOMER, locations.FULFILMENT_HCM, *locations.KIOSKS]],
        )
        places = dict(cursor.fetchall())
        physical = [places[locations.FULFILMENT_HCM], *(places[slug] for slug in locations.KIOSKS)]
        _sql(
            cursor,
            "stock movements",
            f"""
            INSERT INTO inventory_stockmovement (
                quantity, reason, note, reference, created_at, product_variant_id, source_id, destination_id
            )
            SELECT m.quantity, m.reason, '', 'BENCH', m.moved, v.id,
                   CASE m.reason WHEN 'receipt' THEN {places[locations.SUPPLIER]}
                                 WHEN 'return' THEN {places[locations.CUSTOMER]} ELSE m.place END,
                   CASE m.reason WHEN 'receipt' THEN m.place WHEN 'return' THEN m.place
                                 ELSE {places[locations.CUSTOMER]} END
            FROM (
                SELECT i,
                       (ARRAY{physical})[1 + floor(random() * {len(physical)})::int] AS place,
                       CASE WHEN i %% 4 = 0 THEN 'receipt' WHEN i %% 50 = 1 THEN 'return'
                            WHEN i %% 3 = 0 THEN 'fulfilment' ELSE 'sale' END AS reason,
                       CASE WHEN i %% 4 = 0 THEN 10 + floor(random() * 20)::int ELSE 1 + floor(random() * 3)::int END
                           AS quantity,
                       %(end)s::timestamptz - (random() * %(days)s) * interval '1 day' AS moved
                FROM generate_series(1, %(movements)s) AS i
            ) m
            JOIN bench_variant v ON v.n = 1 + (m.i::bigint * 7919) %% %(n)s
            """,
            {"end": end_day, "days": days, "movements": movements, "n": variant_count},
        )
        balances = """
            SELECT place, product_variant_id, sum(delta) AS balance FROM (
                SELECT destination_id AS place, product_variant_id, quantity AS delta FROM inventory_stockmovement
                UNION ALL
                SELECT source_id, product_variant_id, -quantity FROM inventory_stockmovement
            ) d
            WHERE place = ANY(%s)
            GROUP BY 1, 2
        """
        # The fulfilment warehouse may not go below zero: a receipt tops up what random outflows overdrew.
        _sql(
            cursor,
            "top-up receipts at HCMC",
            f"""
            INSERT INTO inventory_stockmovement (
                quantity, reason, note, reference, created_at, product_variant_id, source_id, destination_id
            )
            SELECT -balance, 'receipt', '', 'BENCH', %s::timestamptz - interval '{days} days', product_variant_id,
                   {places[locations.SUPPLIER]}, place
            FROM ({balances}) b WHERE balance < 0
            """,
            [end_day, [places[locations.FULFILMENT_HCM]]],
        )
        _sql(
            cursor,
            "stock balances from the ledger",
            f"""
            INSERT INTO inventory_stock (warehouse_id, product_variant_id, quantity, quantity_allocated, allow_negative)
            SELECT place, product_variant_id, balance, 0, place <> {places[locations.FULFILMENT_HCM]}
            FROM ({balances}) b
            ON CONFLICT (warehouse_id, product_variant_id) DO UPDATE SET quantity = EXCLUDED.quantity
            """,
            [physical],
        )
