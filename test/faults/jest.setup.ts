// Every suite bounds its own waits; this is the outer limit of one test at full scale.
jest.setTimeout(60 * 60 * 1000);
