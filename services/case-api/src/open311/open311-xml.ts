// GeoReport v2's XML forms (https://wiki.open311.org/GeoReport_v2): the same documents as the JSON
// ones, a root element holding one element per item, each field an element of its own name.

type Scalar = string | number | boolean | null | undefined;
type XmlValue = Scalar | readonly XmlValue[] | { readonly [name: string]: XmlValue };

export const xmlContentType = 'application/xml; charset=utf-8';

/** What the text of an element may hold: XML 1.0's characters (no C0 controls but tab, newline and return). */
// eslint-disable-next-line no-control-regex
const notXmlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as element content: the five markup characters escaped, characters XML cannot carry dropped. */
export function xmlText(value: string): string {
  return value
    .replace(notXmlCharacters, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Element names come from our own field names; anything else is refused rather than written. */
function elementName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) throw new Error(`'${name}' is not an XML element name`);
  return name;
}

function element(name: string, value: XmlValue, itemName: string): string {
  const tag = elementName(name);
  if (value === null || value === undefined) return `<${tag}></${tag}>`;
  if (Array.isArray(value)) return `<${tag}>${value.map((item: XmlValue) => element(itemName, item, itemName)).join('')}</${tag}>`;
  if (typeof value === 'object') {
    const fields = Object.entries(value as Record<string, XmlValue>).map(([field, inner]) => element(field, inner, itemName));
    return `<${tag}>${fields.join('')}</${tag}>`;
  }
  return `<${tag}>${xmlText(String(value))}</${tag}>`;
}

/** A list document: `<services><service>…</service></services>`, `<service_requests><request>…`, `<errors><error>…`. */
export function xmlList(root: string, item: string, items: readonly object[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, items as readonly XmlValue[], item)}`;
}

/** A single document: `<service_definition>…</service_definition>`; nested lists name their items `itemName`. */
export function xmlDocument(root: string, fields: object, itemName: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, fields as XmlValue, itemName)}`;
}
