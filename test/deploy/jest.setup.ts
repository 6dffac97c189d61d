// Each tool run takes seconds on a busy 2-core machine (the builds have their own bounds). Set here,
// not as testTimeout: under the root config's projects that option is global and would be ignored.
jest.setTimeout(180_000);
