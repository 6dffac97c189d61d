// The real stack, a built console and a real browser: generous, though every wait has its own bound.
jest.setTimeout(300_000);
