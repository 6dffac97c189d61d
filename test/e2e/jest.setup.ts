// Real engines and real processes: generous, though every wait in these suites has its own bound.
// (A per-project testTimeout is ignored when Jest runs several projects at once.)
jest.setTimeout(240_000);
