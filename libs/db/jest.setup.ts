// Medium tests create real databases (SQLite files, PostgreSQL schemas); on a loaded two-core CI
// machine that alone can take longer than Jest's default 5 s. A per-project testTimeout is ignored
// when the root config runs every project, so it is set here.
jest.setTimeout(60_000);
