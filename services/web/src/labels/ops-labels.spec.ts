import { brokerRefusalOf } from './ops-labels';

describe("the broker's refusal by name", () => {
  it("recognises kafkajs's wording of the refusals an operator can fix, and nothing else", () => {
    expect(brokerRefusalOf('The request included a message larger than the max message size the server will accept')).toBe('messageTooLarge');
    expect(brokerRefusalOf('Not authorized to access topics: [Topic authorization failed]')).toBe('notAuthorised');
    expect(brokerRefusalOf('This server does not host this topic-partition')).toBe('unknownTopic');
    expect(brokerRefusalOf('This message has failed its CRC checksum, exceeds the valid size, or is otherwise corrupt')).toBe('invalidMessage');
    expect(brokerRefusalOf('Connection error: connect ECONNREFUSED 127.0.0.1:9092')).toBe('other');
  });
});
