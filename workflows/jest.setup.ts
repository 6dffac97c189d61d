// Bundling workflow code and starting a test server take seconds, not milliseconds.
jest.setTimeout(120_000);
