-- 005_employment_end: an employee's last day of employment
-- (graph.Employee.End) as a column beside its JSON, so that Network streams
-- it from plain columns like owner_id and do_not_route: the analyses end a
-- departed employee's current paths, holdings and conformance. INTEGER
-- milliseconds of UTC midnight; NULL while employed and for other nodes.

ALTER TABLE nodes ADD COLUMN employment_end INTEGER;

-- Employees stored with an end before this column existed (the JSON holds
-- it as RFC 3339 UTC midnight, e.g. "2026-03-31T00:00:00Z").
UPDATE nodes SET employment_end = CAST(strftime('%s', json_extract(data, '$.end')) AS INTEGER) * 1000
WHERE kind = 'employee' AND json_extract(data, '$.end') IS NOT NULL;
