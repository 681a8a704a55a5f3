-- Revenue and counted orders per customer state, largest first (ties by state).
-- An order without a payment counts as an order with revenue 0.
SELECT
    cu.customer_state AS state,
    COALESCE(SUM(p.payment_value), 0) AS revenue,
    COUNT(DISTINCT o.order_id) AS orders
FROM olist_orders o
JOIN olist_customers cu ON cu.customer_id = o.customer_id
LEFT JOIN olist_order_payments p ON p.order_id = o.order_id
WHERE o.order_status NOT IN ('canceled', 'unavailable')
GROUP BY cu.customer_state
ORDER BY revenue DESC, state
