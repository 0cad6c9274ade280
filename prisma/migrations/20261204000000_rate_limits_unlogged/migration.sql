-- Rate-limit counters skip the write-ahead log (docs/reliability.md, "What the suites found").
-- Every vote from one address increments the same row, so each waited for the previous one's commit, and a
-- commit that wrote WAL waits for it to reach the disk: under load the votes queued behind one another's
-- WAL flushes. A transaction that only touches an unlogged table commits without that wait. After a crash
-- PostgreSQL empties the table, which only resets the current windows' counts.
ALTER TABLE "RateLimitBucket" SET UNLOGGED;
