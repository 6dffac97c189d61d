import { HttpStatus } from '@nestjs/common';

export type Open311Format = 'json' | 'xml';

/** The form a path asks for by its extension (`…/requests.xml`, `…/requests/{id}.json`); JSON otherwise. */
export function open311FormatOf(url: string): Open311Format {
  const path = url.split('?')[0] ?? url;
  return path.endsWith('.xml') ? 'xml' : 'json';
}

/** `{name}.json` or `{name}.xml` → the name and the form; anything else is unknown (404). */
export function fileOf(file: string): { name: string; format: Open311Format } | { status: HttpStatus.NOT_FOUND; description: string } {
  const match = /^(.+)\.(json|xml)$/.exec(file);
  if (!match) return { status: HttpStatus.NOT_FOUND, description: 'only the .json and .xml forms are served' };
  return { name: match[1] ?? '', format: match[2] as Open311Format };
}

/** Under /open311/: the routes whose errors 311 clients read in Open311's own shape. */
export const isOpen311Path = (url: string): boolean => url.startsWith('/open311/');
