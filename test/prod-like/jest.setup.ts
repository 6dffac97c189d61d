// Every suite bounds its own waits; this is the outer limit of one test.
jest.setTimeout(40 * 60 * 1000);
