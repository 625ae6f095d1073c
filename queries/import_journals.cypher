// Every journal left by imports that did not finish (running) or finished
// without clearing their marks (done), oldest first.
MATCH (j:ImportJournal)
RETURN j.id AS id, j.state AS state, j.started_at AS started_at
ORDER BY j.started_at, j.id
