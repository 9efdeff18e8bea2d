// Global ids as the API makes them (Hot Chocolate's): padded standard base64 of "Kind:key".

/** The key in a global id (base64 of "Kind:key"; the older unpadded base64url decodes too). */
export function keyOfId(id: string): string {
  const text = new TextDecoder().decode(Uint8Array.from(atob(id.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
  return text.slice(text.indexOf(':') + 1);
}

/** The global id of an entity (padded standard base64 of "Kind:key"), as the API makes it. */
export function globalId(kind: string, key: string): string {
  const bytes = new TextEncoder().encode(`${kind}:${key}`);
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}
