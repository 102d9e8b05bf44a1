// Escapes text for HTML (and inline SVG) element content and quoted attribute values.
// Every string from a run result passes through here: artifact names, contents,
// error messages and labels are user data.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
