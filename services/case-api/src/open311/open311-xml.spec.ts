import { xmlDocument, xmlList, xmlText } from './open311-xml';

describe("GeoReport v2's XML forms", () => {
  it('writes a list with one element per item and one per field, null as an empty element', () => {
    expect(xmlList('service_requests', 'request', [{ service_request_id: 'r-1', zipcode: null, lat: 29.5 }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        '<service_requests><request><service_request_id>r-1</service_request_id><zipcode></zipcode><lat>29.5</lat></request></service_requests>',
    );
    expect(xmlList('errors', 'error', [])).toBe('<?xml version="1.0" encoding="utf-8"?>\n<errors></errors>');
  });

  it('escapes markup and drops what XML cannot carry, keeping Chinese and emoji', () => {
    expect(xmlText(`<b onclick="x">&'李'</b>\u0000\u0007 ⚡`)).toBe('&lt;b onclick=&quot;x&quot;&gt;&amp;&apos;李&apos;&lt;/b&gt; ⚡');
    expect(xmlText('\uD800alone')).toBe('alone');
  });

  it('writes a definition with nested lists, and refuses a field name that is not an element name', () => {
    expect(xmlDocument('service_definition', { service_code: '线路整治', attributes: [] }, 'attribute')).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<service_definition><service_code>线路整治</service_code><attributes></attributes></service_definition>',
    );
    expect(() => xmlList('x', 'y', [{ 'a b': 1 }])).toThrow('not an XML element name');
  });
});
