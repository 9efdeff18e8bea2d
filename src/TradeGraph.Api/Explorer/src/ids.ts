// Global ids as the API makes them: base64url of "Kind:key".

/** The key in a global id (base64url of "Kind:key"). */
export function keyOfId(id: string): string {
  const text = new TextDecoder().decode(Uint8Array.from(atob(id.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
  return text.slice(text.indexOf(':') + 1);
}

/** The global id of an entity (base64url of "Kind:key"), as the API makes it. */
export function globalId(kind: string, key: string): string {
  const bytes = new TextEncoder().encode(`${kind}:${key}`);
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
