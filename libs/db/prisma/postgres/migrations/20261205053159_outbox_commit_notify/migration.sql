-- Outbox rows wake the relay when they commit, whichever process wrote them (the case API's raise,
-- any case worker): the transaction that inserts rows into "OutboxEvent", or puts a parked row back
-- in line, notifies the channel outbox_recorded, which the relay's process LISTENs on
-- (libs/db/src/outbox-commit-listener.ts). PostgreSQL delivers a notification only when its
-- transaction commits, and a transaction's identical notifications once. The relay still polls, so a
-- notification that is lost delays a row, never loses it. SQLite has no NOTIFY: no migration there.
-- The pg driver adapter splits a migration at every semicolon, even inside quotes and comments,
-- so the function body is an escape string with its semicolons written as octal 073.
CREATE FUNCTION "OutboxEvent_notify_recorded"() RETURNS trigger LANGUAGE plpgsql
    AS E'BEGIN PERFORM pg_notify(''outbox_recorded'', '''')\073 RETURN NULL\073 END';

CREATE TRIGGER "OutboxEvent_recorded" AFTER INSERT ON "OutboxEvent"
    FOR EACH STATEMENT EXECUTE FUNCTION "OutboxEvent_notify_recorded"();

-- Parking a row (the relay's own update) notifies nobody: only a row put back in line does.
CREATE TRIGGER "OutboxEvent_put_back" AFTER UPDATE OF "parkedAt" ON "OutboxEvent"
    FOR EACH ROW WHEN (OLD."parkedAt" IS NOT NULL AND NEW."parkedAt" IS NULL)
    EXECUTE FUNCTION "OutboxEvent_notify_recorded"();
