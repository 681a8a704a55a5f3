-- The 8 executive KPIs, with the report's definitions, in one row.
-- Works as it is on the SQLite and the PostgreSQL warehouse (and in Metabase).
-- Counted orders: every status but canceled and unavailable. (A build with --as-of also leaves out
-- later orders; these queries see every order loaded.)
WITH counted AS (
    SELECT order_id, customer_id
    FROM olist_orders
    WHERE order_status NOT IN ('canceled', 'unavailable')
),
revenue AS (
    SELECT COALESCE(SUM(p.payment_value), 0) AS revenue
    FROM olist_order_payments p
    JOIN counted c ON c.order_id = p.order_id
),
per_customer AS (
    SELECT cu.customer_unique_id, COUNT(*) AS orders
    FROM counted c
    JOIN olist_customers cu ON cu.customer_id = c.customer_id
    GROUP BY cu.customer_unique_id
),
delivered AS (
    SELECT CASE
        WHEN SUBSTR(CAST(order_delivered_customer_date AS TEXT), 1, 10)
            <= SUBSTR(CAST(order_estimated_delivery_date AS TEXT), 1, 10) THEN 1.0
        ELSE 0.0
    END AS on_time
    FROM olist_orders
    WHERE order_status = 'delivered' AND order_delivered_customer_date IS NOT NULL
)
SELECT
    (SELECT revenue FROM revenue) AS revenue,
    (SELECT COUNT(*) FROM counted) AS orders,
    (SELECT COUNT(*) FROM per_customer) AS customers,
    (SELECT revenue FROM revenue) / (SELECT COUNT(*) FROM counted) AS average_order_value,
    (SELECT AVG(CASE WHEN orders >= 2 THEN 1.0 ELSE 0.0 END) FROM per_customer) AS repeat_customer_rate,
    (SELECT AVG(churned * 1.0) FROM customer_rfm_data) AS churn_rate,
    (SELECT AVG(review_score * 1.0) FROM olist_order_reviews) AS average_review_score,
    (SELECT AVG(on_time) FROM delivered) AS on_time_delivery_rate
