-- Customers, revenue and churn rate per RFM segment.
SELECT
    segment,
    COUNT(*) AS customers,
    SUM(monetary) AS revenue,
    AVG(churned * 1.0) AS churn_rate
FROM customer_rfm_data
GROUP BY segment
ORDER BY segment
